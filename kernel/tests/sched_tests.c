/* SPDX-License-Identifier: BSD-2-Clause */
/* In-image tests of fibers, the scheduler policy, timers and the blocking
 * primitives. They run in the main fiber of the ktest app. */
#include <stdbool.h>
#include <rumpk/fiber.h>
#include <rumpk/sync.h>
#include <rumpk/test.h>
#include <rumpk/time.h>

static int counter;

static void count_up(void *arg)
{
	for (int i = 0; i < 100; i++) {
		counter++;
		rk_yield();
	}
}

RK_TEST(fiber_create_join)
{
	struct rk_fiber *f[4];

	counter = 0;
	for (int i = 0; i < 4; i++) {
		f[i] = rk_fiber_create("counter", count_up, 0, 0);
		RK_EXPECT(f[i] != 0);
	}
	for (int i = 0; i < 4; i++)
		RK_EXPECT_EQ(rk_fiber_join(f[i]), 0);
	RK_EXPECT_EQ(counter, 400);
	RK_EXPECT_EQ(rk_fiber_join(rk_fiber_self()), -RK_EINVAL);
}

static char trace[64];
static int trace_len;

static volatile bool trace_go;

static void tracer(void *arg)
{
	/* Both tracers exist before either traces: a time slice that ends
	 * between the two creations (a loaded host stalls the vCPU longer
	 * than a slice) must not let A take turns alone. */
	while (!trace_go)
		rk_yield();
	for (int i = 0; i < 4; i++) {
		trace[trace_len++] = *(const char *)arg;
		rk_yield();
	}
}

RK_TEST(yield_alternates)
{
	trace_len = 0;
	trace_go = false;
	struct rk_fiber *a = rk_fiber_create("A", tracer, "A", 0);
	struct rk_fiber *b = rk_fiber_create("B", tracer, "B", 0);
	trace_go = true;
	rk_fiber_join(a);
	rk_fiber_join(b);
	trace[trace_len] = 0;
	RK_EXPECT_EQ(trace_len, 8);
	/* Equal priorities: strict turns in both policies. */
	for (int i = 0; i < 8; i++)
		RK_EXPECT_EQ(trace[i], i % 2 ? 'B' : 'A');
}

RK_TEST(sleep_waits)
{
	uint64_t t0 = rk_time_ns();
	rk_sleep_ms(20);
	uint64_t dt = rk_time_ns() - t0;
	RK_EXPECT(dt >= 20 * RK_NSEC_PER_MSEC);
	RK_EXPECT(dt < 5 * RK_NSEC_PER_SEC);
}

static volatile int timer_hits;
static uint64_t timer_at;

static void on_timer(struct rk_timer *t, void *arg)
{
	timer_hits++;
	timer_at = rk_time_ns();
}

RK_TEST(oneshot_timer)
{
	struct rk_timer t, never;
	uint64_t deadline = rk_time_ns() + 5 * RK_NSEC_PER_MSEC;

	timer_hits = 0;
	rk_timer_init(&t, on_timer, 0);
	rk_timer_init(&never, on_timer, 0);
	rk_timer_arm(&t, deadline);
	rk_timer_arm(&never, deadline + RK_NSEC_PER_SEC);
	RK_EXPECT(rk_timer_cancel(&never));
	rk_sleep_ms(30);
	RK_EXPECT_EQ(timer_hits, 1);
	RK_EXPECT(timer_at >= deadline);
	RK_EXPECT(!rk_timer_cancel(&t));
}

static struct rk_sem ping, pong;
static int volleys;

static void ponger(void *arg)
{
	for (int i = 0; i < 1000; i++) {
		rk_sem_wait(&ping, 0);
		volleys++;
		rk_sem_post(&pong);
	}
}

RK_TEST(sem_ping_pong)
{
	rk_sem_init(&ping, 0);
	rk_sem_init(&pong, 0);
	volleys = 0;
	struct rk_fiber *f = rk_fiber_create("ponger", ponger, 0, 0);
	for (int i = 0; i < 1000; i++) {
		rk_sem_post(&ping);
		RK_EXPECT_EQ(rk_sem_wait(&pong, 0), 0);
		if (volleys != i + 1)
			break;
	}
	RK_EXPECT_EQ(volleys, 1000);
	rk_fiber_join(f);
}

RK_TEST(sem_timeout)
{
	struct rk_sem s;
	rk_sem_init(&s, 1);
	RK_EXPECT_EQ(rk_sem_trywait(&s), 0);
	RK_EXPECT_EQ(rk_sem_trywait(&s), -RK_EAGAIN);
	uint64_t t0 = rk_time_ns();
	RK_EXPECT_EQ(rk_sem_wait(&s, 10 * RK_NSEC_PER_MSEC), -RK_ETIMEDOUT);
	RK_EXPECT(rk_time_ns() - t0 >= 10 * RK_NSEC_PER_MSEC);
}

static struct rk_mutex lock;
static int inside, overlaps, total;

static void locker(void *arg)
{
	for (int i = 0; i < 50; i++) {
		rk_mutex_lock(&lock);
		if (inside++)
			overlaps++;
		rk_yield(); /* others run while we hold the lock */
		total++;
		inside--;
		rk_mutex_unlock(&lock);
		rk_yield();
	}
}

RK_TEST(mutex_excludes)
{
	struct rk_fiber *f[3];
	rk_mutex_init(&lock);
	inside = overlaps = total = 0;
	for (int i = 0; i < 3; i++)
		f[i] = rk_fiber_create("locker", locker, 0, 0);
	for (int i = 0; i < 3; i++)
		rk_fiber_join(f[i]);
	RK_EXPECT_EQ(overlaps, 0);
	RK_EXPECT_EQ(total, 150);
	RK_EXPECT_EQ(rk_mutex_unlock(&lock), -RK_EPERM);
	rk_mutex_lock(&lock);
	RK_EXPECT_EQ(rk_mutex_trylock(&lock), 0); /* recursive */
	RK_EXPECT_EQ(rk_mutex_unlock(&lock), 0);
	RK_EXPECT_EQ(rk_mutex_unlock(&lock), 0);
}

static struct rk_event ev;
static uint32_t ev_got;
static int ev_woke;

static void event_waiter(void *arg)
{
	rk_event_wait(&ev, 0x3, RK_EVENT_ALL | RK_EVENT_CLEAR, 0, &ev_got);
	ev_woke = 1;
}

RK_TEST(event_flags_all)
{
	rk_event_init(&ev);
	ev_woke = 0;
	struct rk_fiber *f = rk_fiber_create("waiter", event_waiter, 0, 0);
	rk_yield();
	rk_event_set(&ev, 0x1);
	rk_yield();
	RK_EXPECT_EQ(ev_woke, 0);
	rk_event_set(&ev, 0x6);
	rk_fiber_join(f);
	RK_EXPECT_EQ(ev_woke, 1);
	RK_EXPECT_EQ(ev_got, 0x3);
	RK_EXPECT_EQ(ev.bits, 0x4); /* only the wanted bits were cleared */
	uint32_t got = 0;
	RK_EXPECT_EQ(rk_event_wait(&ev, 0x8, RK_EVENT_ANY, RK_NSEC_PER_MSEC, &got), -RK_ETIMEDOUT);
}

#ifdef CONFIG_SCHED_PRIO
static int order[4], order_len;

static void urgent(void *arg)
{
	order[order_len++] = 2;
}

RK_TEST(prio_preempts_on_create)
{
	struct rk_fiber_attr hi = { .prio = RK_PRIO_DEFAULT - 4 };
	order_len = 0;
	order[order_len++] = 1;
	struct rk_fiber *f = rk_fiber_create("urgent", urgent, 0, &hi);
	order[order_len++] = 3;
	rk_fiber_join(f);
	RK_EXPECT_EQ(order_len, 3);
	RK_EXPECT_EQ(order[1], 2); /* ran before create returned */
}

static volatile int spin_flag;

static void spinner_setter(void *arg)
{
	spin_flag = 1; /* needs the CPU while main spins without yielding */
}

RK_TEST(prio_time_slices)
{
	spin_flag = 0;
	struct rk_fiber *f = rk_fiber_create("setter", spinner_setter, 0, 0);
	uint64_t t0 = rk_time_ns();
	while (!spin_flag && rk_time_ns() - t0 < 2 * RK_NSEC_PER_SEC)
		;
	RK_EXPECT_EQ(spin_flag, 1);
	rk_fiber_join(f);
}
#endif
