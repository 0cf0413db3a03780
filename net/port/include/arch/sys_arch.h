/* SPDX-License-Identifier: BSD-2-Clause */
/* lwIP's operating-system types for the sys_arch mode (CONFIG_NET_LWIP_SYS),
 * on Rumpk fibers. lwip/sys.h includes this only when NO_SYS is 0.
 * Implemented in net/port/sys_arch.c. */
#ifndef RUMPK_LWIP_ARCH_SYS_ARCH_H
#define RUMPK_LWIP_ARCH_SYS_ARCH_H

#include <rumpk/sync.h>

/* lwIP passes these by pointer and tests validity with sys_*_valid(), so
 * each is a pointer to a heap object: NULL is "invalid". */
typedef struct rk_sem *sys_sem_t;
typedef struct rk_mutex *sys_mutex_t;
typedef struct rk_fiber *sys_thread_t;

/* A bounded mailbox of void* messages: a ring with one semaphore counting
 * free slots and one counting messages. */
struct rk_mbox;
typedef struct rk_mbox *sys_mbox_t;

#define SYS_MBOX_NULL NULL
#define SYS_SEM_NULL NULL

#define sys_sem_valid(s) ((s) != NULL && *(s) != NULL)
#define sys_sem_set_invalid(s) do { *(s) = NULL; } while (0)
#define sys_mutex_valid(m) ((m) != NULL && *(m) != NULL)
#define sys_mutex_set_invalid(m) do { *(m) = NULL; } while (0)
#define sys_mbox_valid(b) ((b) != NULL && *(b) != NULL)
#define sys_mbox_set_invalid(b) do { *(b) = NULL; } while (0)

#endif
