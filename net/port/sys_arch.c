/* SPDX-License-Identifier: BSD-2-Clause */
/* lwIP's operating-system layer on Rumpk fibers (CONFIG_NET_LWIP_SYS):
 * semaphores, mutexes, mailboxes, threads and critical sections, each a
 * thin wrapper: lwIP allocates them rarely (at init and per tcpip
 * thread), so they live on the kernel heap. */
#include <stdlib.h>
#include <lwip/sys.h>
#include <rumpk/arch.h>
#include <rumpk/fiber.h>
#include <rumpk/panic.h>
#include <rumpk/sync.h>
#include <rumpk/time.h>

void sys_init(void)
{
}

/* --- Critical sections: one CPU, so masking interrupts suffices ---------- */
sys_prot_t sys_arch_protect(void)
{
	return arch_irq_save();
}

void sys_arch_unprotect(sys_prot_t pval)
{
	arch_irq_restore(pval);
}

/* Converts lwIP's millisecond timeout (0 = forever) and reports the time
 * waited in milliseconds, as sys_arch_sem_wait and sys_arch_mbox_fetch
 * must; SYS_ARCH_TIMEOUT when the time ran out. */
static u32_t timed_wait(struct rk_sem *s, u32_t timeout_ms)
{
	uint64_t start = rk_time_ns();

	if (rk_sem_wait(s, (uint64_t)timeout_ms * RK_NSEC_PER_MSEC) == -RK_ETIMEDOUT)
		return SYS_ARCH_TIMEOUT;
	u32_t waited = (u32_t)((rk_time_ns() - start) / RK_NSEC_PER_MSEC);
	/* SYS_ARCH_TIMEOUT is reserved: never report it for a success. */
	return waited == SYS_ARCH_TIMEOUT ? waited - 1 : waited;
}

/* --- Semaphores ---------------------------------------------------------- */
err_t sys_sem_new(sys_sem_t *sem, u8_t count)
{
	*sem = malloc(sizeof(**sem));
	if (!*sem)
		return ERR_MEM;
	rk_sem_init(*sem, count);
	return ERR_OK;
}

void sys_sem_free(sys_sem_t *sem)
{
	free(*sem);
	*sem = NULL;
}

void sys_sem_signal(sys_sem_t *sem)
{
	rk_sem_post(*sem);
}

u32_t sys_arch_sem_wait(sys_sem_t *sem, u32_t timeout)
{
	return timed_wait(*sem, timeout);
}

/* --- Mutexes ------------------------------------------------------------- */
err_t sys_mutex_new(sys_mutex_t *mutex)
{
	*mutex = malloc(sizeof(**mutex));
	if (!*mutex)
		return ERR_MEM;
	rk_mutex_init(*mutex);
	return ERR_OK;
}

void sys_mutex_free(sys_mutex_t *mutex)
{
	free(*mutex);
	*mutex = NULL;
}

void sys_mutex_lock(sys_mutex_t *mutex)
{
	rk_mutex_lock(*mutex);
}

void sys_mutex_unlock(sys_mutex_t *mutex)
{
	if (rk_mutex_unlock(*mutex))
		rk_panic("lwIP: sys_mutex_unlock by a fiber that does not hold it");
}

/* --- Mailboxes ------------------------------------------------------------- */
/* A ring of size slots; 'space' counts free slots and 'full' posted
 * messages, so posting blocks when full and fetching when empty. The ring
 * indices are updated with interrupts masked: with the preemptive
 * scheduler two posters may interleave. */
struct rk_mbox {
	struct rk_sem space, full;
	unsigned head, tail, size;
	void *slot[];
};

err_t sys_mbox_new(sys_mbox_t *mbox, int size)
{
	if (size <= 0)
		size = 16;
	*mbox = malloc(sizeof(**mbox) + (size_t)size * sizeof(void *));
	if (!*mbox)
		return ERR_MEM;
	rk_sem_init(&(*mbox)->space, (unsigned)size);
	rk_sem_init(&(*mbox)->full, 0);
	(*mbox)->head = (*mbox)->tail = 0;
	(*mbox)->size = (unsigned)size;
	return ERR_OK;
}

void sys_mbox_free(sys_mbox_t *mbox)
{
	/* lwIP frees a mailbox only after draining it; messages left over
	 * would be leaked, which its contract makes the caller's bug. */
	free(*mbox);
	*mbox = NULL;
}

static void put_msg(struct rk_mbox *b, void *msg)
{
	unsigned long flags = arch_irq_save();
	b->slot[b->tail] = msg;
	b->tail = (b->tail + 1) % b->size;
	arch_irq_restore(flags);
	rk_sem_post(&b->full);
}

static void *take_msg(struct rk_mbox *b)
{
	unsigned long flags = arch_irq_save();
	void *msg = b->slot[b->head];
	b->head = (b->head + 1) % b->size;
	arch_irq_restore(flags);
	rk_sem_post(&b->space);
	return msg;
}

void sys_mbox_post(sys_mbox_t *mbox, void *msg)
{
	rk_sem_wait(&(*mbox)->space, 0);
	put_msg(*mbox, msg);
}

err_t sys_mbox_trypost(sys_mbox_t *mbox, void *msg)
{
	if (rk_sem_trywait(&(*mbox)->space))
		return ERR_MEM;
	put_msg(*mbox, msg);
	return ERR_OK;
}

err_t sys_mbox_trypost_fromisr(sys_mbox_t *mbox, void *msg)
{
	return sys_mbox_trypost(mbox, msg); /* neither call blocks */
}

u32_t sys_arch_mbox_fetch(sys_mbox_t *mbox, void **msg, u32_t timeout)
{
	u32_t waited = timed_wait(&(*mbox)->full, timeout);
	void *m = NULL;

	if (waited != SYS_ARCH_TIMEOUT)
		m = take_msg(*mbox);
	if (msg)
		*msg = m;
	return waited;
}

u32_t sys_arch_mbox_tryfetch(sys_mbox_t *mbox, void **msg)
{
	if (rk_sem_trywait(&(*mbox)->full))
		return SYS_MBOX_EMPTY;
	void *m = take_msg(*mbox);
	if (msg)
		*msg = m;
	return 0;
}

/* --- Threads --------------------------------------------------------------- */
sys_thread_t sys_thread_new(const char *name, lwip_thread_fn thread, void *arg, int stacksize,
			    int prio)
{
	struct rk_fiber_attr attr = {
		.stack_size = stacksize > 0 ? (size_t)stacksize : 0,
		.prio = prio,
	};
	struct rk_fiber *f = rk_fiber_create(name, thread, arg, &attr);

	/* lwIP has no failure path for this: it is only called at init. */
	if (!f)
		rk_panic("lwIP: out of memory creating fiber '%s'", name);
	return f;
}
