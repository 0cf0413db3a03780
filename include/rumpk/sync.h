/* SPDX-License-Identifier: BSD-2-Clause */
/* Blocking synchronisation between fibers: mutex, counting semaphore and
 * event flags. All are built on rk_waitq; none may block in an interrupt
 * handler, but rk_sem_post and rk_event_set may be called from one. */
#ifndef RUMPK_SYNC_H
#define RUMPK_SYNC_H

#include <stdint.h>
#include <rumpk/fiber.h>

struct rk_mutex {
	struct rk_fiber *owner;
	unsigned depth;        /* recursion count of the owner */
	struct rk_waitq waiters;
};

void rk_mutex_init(struct rk_mutex *m);
void rk_mutex_lock(struct rk_mutex *m);
/* 0 on success, -RK_EAGAIN when held by another fiber. */
int rk_mutex_trylock(struct rk_mutex *m);
/* 0, or -RK_EPERM when the caller does not own m. */
int rk_mutex_unlock(struct rk_mutex *m);

struct rk_sem {
	unsigned count;
	struct rk_waitq waiters;
};

void rk_sem_init(struct rk_sem *s, unsigned count);
/* timeout_ns relative, 0 = forever; 0 or -RK_ETIMEDOUT. */
int rk_sem_wait(struct rk_sem *s, uint64_t timeout_ns);
int rk_sem_trywait(struct rk_sem *s);
void rk_sem_post(struct rk_sem *s);

struct rk_event {
	uint32_t bits;
	struct rk_waitq waiters;
};

#define RK_EVENT_ANY 0     /* wake when any wanted bit is set */
#define RK_EVENT_ALL 1     /* wake when every wanted bit is set */
#define RK_EVENT_CLEAR 2   /* clear the wanted bits on return */

void rk_event_init(struct rk_event *e);
void rk_event_set(struct rk_event *e, uint32_t bits);
void rk_event_clear(struct rk_event *e, uint32_t bits);
/* Returns the bits that satisfied the wait (before any clear) in *got;
 * 0 or -RK_ETIMEDOUT. */
int rk_event_wait(struct rk_event *e, uint32_t wanted, int mode, uint64_t timeout_ns,
		  uint32_t *got);

#endif
