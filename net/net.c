/* SPDX-License-Identifier: BSD-2-Clause */
/* The network fiber: brings lwIP up on a network device of the registry
 * (the first, or CONFIG_NET_DEVICE), then
 * moves frames between the device and lwIP, sleeping or polling as the
 * I/O governor (governor.c) decides, and runs lwIP's timers (NO_SYS).
 *
 * Locking: lwIP is not reentrant. The network fiber holds the stack lock
 * while it feeds frames and runs timers; raw-API callbacks run inside that.
 * Other fibers take the same lock (rk_net_lock). In the sys_arch mode the
 * lock is lwIP's own core lock, which the tcpip thread takes too.
 *
 * SMP (docs/smp.md): one CPU owns the stack, CONFIG_NET_CPU. lwIP, the
 * network fiber (and the tcpip thread) run there and the device's
 * interrupt is routed there. A fiber of another CPU that takes the lock
 * moves to the network CPU first (rk_fiber_move: a call through that
 * CPU's ring) and back after its last unlock, so no lwIP code ever runs on
 * another CPU; with CONFIG_NET_LWIP_ASSERT every raw-API call checks it. */
#include <lwip/dhcp.h>
#include <lwip/init.h>
#include <lwip/ip4_addr.h>
#include <lwip/netif.h>
#include <lwip/timeouts.h>
#include <lwip/tcpip.h>
#include <netif/ethernet.h>
#include <rumpk/fiber.h>
#include <rumpk/irq.h>
#include <rumpk/net.h>
#include <rumpk/netdev.h>
#include <rumpk/panic.h>
#include <rumpk/printk.h>
#include <rumpk/smp.h>
#include <rumpk/sync.h>
#include <rumpk/time.h>
#include "net_priv.h"

#define EV_RX 1u  /* rx_notify: frames arrived with the interrupt on */
#define EV_UP 1u  /* the interface has an IPv4 address */

struct rk_net_counters rk_net_cnt;
struct rk_gov rk_net_gov;

static struct netif net_if;
static struct rk_netdev *net_dev;
static struct rk_event rx_event, up_event;
static bool net_started;
static bool rx_irq_on;
#if NO_SYS
static struct rk_mutex core_lock;
#endif

#if defined(CONFIG_NET_IO_IRQ)
#define GOV_POLICY RK_GOV_IRQ
#define GOV_SPIN_NS 0
#elif defined(CONFIG_NET_IO_POLL)
#define GOV_POLICY RK_GOV_POLL
#define GOV_SPIN_NS 0
#else
#define GOV_POLICY RK_GOV_ADAPTIVE
#define GOV_SPIN_NS (CONFIG_NET_IO_SPIN_US * RK_NSEC_PER_USEC)
#endif

#ifdef CONFIG_SMP
#define NET_CPU CONFIG_NET_CPU
_Static_assert(CONFIG_NET_CPU < CONFIG_NR_CPUS, "CONFIG_NET_CPU must be below CONFIG_NR_CPUS");
/* Where the outermost holder of the stack lock came from (under the lock). */
static unsigned lock_home;
#else
#define NET_CPU 0
#endif

unsigned rk_net_cpu(void)
{
	return NET_CPU;
}

/* Take the calling fiber to the network CPU; returns the CPU it was on. */
static unsigned enter_net_cpu(void)
{
	unsigned home = rk_cpu_id();
#ifdef CONFIG_SMP
	if (home != NET_CPU && rk_fiber_move(NET_CPU) == 0)
		__atomic_fetch_add(&rk_net_cnt.cpu_visits, 1, __ATOMIC_RELAXED);
#endif
	return home;
}

static void leave_net_cpu(unsigned home)
{
#ifdef CONFIG_SMP
	if (home != rk_cpu_id())
		rk_fiber_move(home);
#else
	(void)home;
#endif
}

/* The mutex behind the stack lock (NULL in the sys_arch mode until
 * tcpip_init has made lwIP's core lock). */
static struct rk_mutex *stack_mutex(void)
{
#if NO_SYS
	return &core_lock;
#else
	return lock_tcpip_core;
#endif
}

void rk_net_lock(void)
{
	unsigned home = enter_net_cpu();

	rk_mutex_lock(stack_mutex());
#ifdef CONFIG_SMP
	if (stack_mutex()->depth == 1)
		lock_home = home;
#else
	(void)home;
#endif
}

void rk_net_unlock(void)
{
	unsigned home = rk_cpu_id();

#ifdef CONFIG_SMP
	if (stack_mutex()->depth == 1 && stack_mutex()->owner == rk_fiber_self())
		home = lock_home;
#endif
	rk_mutex_unlock(stack_mutex());
	leave_net_cpu(home);
}

#ifdef CONFIG_NET_LWIP_ASSERT
void rk_net_assert_locked(const char *where)
{
	/* In the sys_arch mode, tcpip_init() runs lwIP's own initialisation
	 * before it creates the core lock; only the initialising fiber can be
	 * in lwIP then. */
	const struct rk_mutex *m = stack_mutex();
#ifdef CONFIG_SMP
	if (rk_cpu_id() != NET_CPU)
		rk_panic("net: %s called on CPU %u; lwIP belongs to CPU %u (fiber '%s')", where,
			 rk_cpu_id(), NET_CPU, rk_fiber_self()->name);
#endif
	if (!m)
		return;
	if (m->owner != rk_fiber_self())
		rk_panic("net: %s called without rk_net_lock() (fiber '%s')", where,
			 rk_fiber_self()->name);
}
#endif

/* Interrupt handler context: count and wake the network fiber; never lwIP. */
static void rx_notify(struct rk_netdev *dev)
{
	rk_net_cnt.interrupts++;
	rk_event_set(&rx_event, EV_RX);
}

/* Switch the receive interrupt on or off. Switching it on is also the
 * device's last check for frames, ordered against the device (see
 * rk_netdev.rx_irq): frames that came since the last poll and will raise
 * no interrupt set rx_event right away (rx_notify). So it runs before
 * every sleep, even when the interrupt is on already. */
static void set_rx_irq(bool on)
{
	if (!on && !rx_irq_on)
		return;
	/* A notification left over from before the interrupt was switched
	 * off is stale: the polls since then have taken its frames. */
	if (on && !rx_irq_on)
		rk_event_clear(&rx_event, EV_RX);
	net_dev->rx_irq(net_dev, on);
	rx_irq_on = on;
}

/* One poll round under the lock: frames in, lwIP timers. Returns the
 * frames received; *sleep_ns is how long lwIP can wait for its next
 * timer (0: forever). */
static unsigned poll_round(uint64_t *sleep_ns)
{
	unsigned rx;

	rk_net_lock();
	rx = rk_netif_poll(&net_if, rk_net_gov.budget);
#if NO_SYS
	sys_check_timeouts();
	u32_t ms = sys_timeouts_sleeptime();
	/* A timer already due gets the minimum sleep, 1 us, instead of 0,
	 * which would mean "forever"; the next round runs it. */
	*sleep_ns = ms == SYS_TIMEOUTS_SLEEPTIME_INFINITE ? 0
		    : ms ? ms * RK_NSEC_PER_MSEC : RK_NSEC_PER_USEC;
#else
	*sleep_ns = 0; /* the tcpip thread runs the timers */
#endif
	rk_net_unlock();
	return rx;
}

/* A poll round takes microseconds (at most NET_IO_BUDGET frames through
 * lwIP) and, while the fiber polls, the next follows after a yield. So
 * when a round ends a millisecond or more after the previous one ended
 * (or after the wake-up that started it), the fiber was runnable and did
 * not run: another fiber held the CPU, or the whole guest did not run
 * (under QEMU, its vCPU thread waited for a host core). Requests in
 * flight waited that long; the counters tell such stalls from the
 * guest's own latency. */
static void note_stall(uint64_t span_ns)
{
	if (span_ns < RK_NSEC_PER_MSEC)
		return;
	rk_net_cnt.stalls_1ms++;
	if (span_ns >= 10 * RK_NSEC_PER_MSEC)
		rk_net_cnt.stalls_10ms++;
	if (span_ns > rk_net_cnt.stall_max_ns)
		rk_net_cnt.stall_max_ns = span_ns;
}

static void net_fiber(void *arg)
{
	uint64_t seen_out = rk_net_cnt.frames_out;
	uint64_t awake_since = rk_time_ns(); /* end of the last round, or wake-up */

	/* The driver's start state is its own (CONFIG_VIRTIO_POLLED): set
	 * the governor's explicitly. */
	rx_irq_on = true;
	set_rx_irq(rk_gov_irq_wanted(&rk_net_gov));
	bool timer_woke = false;
	uint64_t irqs_at_sleep = 0;

	for (;;) {
		uint64_t t0 = rk_time_ns(), sleep_ns, now;
		unsigned rx = poll_round(&sleep_ns);
		/* Frames found right after a timer (not the interrupt) ended a
		 * sleep, with no interrupt for them even by now, waited for
		 * that timer: the interrupt was lost. An interrupt that came
		 * after the deadline (frames arriving the instant the timer
		 * fired) is a race the poll settled, not a loss. */
		if (timer_woke && rx && rk_net_cnt.interrupts == irqs_at_sleep)
			rk_net_cnt.late_frames += rx;
		timer_woke = false;
		/* Frames sent since the last round, by this fiber's lwIP work
		 * or by other fibers' raw-API calls: replies will follow. */
		unsigned tx = (unsigned)(rk_net_cnt.frames_out - seen_out);
		struct rk_gov_decision d;

		seen_out = rk_net_cnt.frames_out;
		now = rk_time_ns();
		rk_net_cnt.poll_ns += now - t0;
		note_stall(now - awake_since);
		awake_since = now;
		d = rk_gov_polled(&rk_net_gov, now, rx, tx);
		if (!d.sleep) {
			if (d.irq != rx_irq_on)
				set_rx_irq(d.irq);
			rk_yield();
			continue;
		}
		set_rx_irq(true); /* the last look, then sleep */
		irqs_at_sleep = rk_net_cnt.interrupts;
		uint32_t got = 0;
		int rc = rk_event_wait(&rx_event, EV_RX, RK_EVENT_ANY | RK_EVENT_CLEAR, sleep_ns,
				       &got);
		uint64_t woke = rk_time_ns();
		rk_net_cnt.sleep_ns += woke - now;
		awake_since = woke;
		timer_woke = rc != 0;
		d = rk_gov_woken(&rk_net_gov, woke, rc == 0);
		if (!d.irq)
			set_rx_irq(false);
	}
}

static void status_changed(struct netif *nif)
{
	char ip[16], mask[16], gw[16];

	static ip4_addr_t announced;

	/* DHCP reports a lease more than once (address, then gateway). */
	if (!netif_is_up(nif) || ip4_addr_isany(netif_ip4_addr(nif)) ||
	    ip4_addr_cmp(&announced, netif_ip4_addr(nif)))
		return;
	ip4_addr_copy(announced, *netif_ip4_addr(nif));
	ip4addr_ntoa_r(netif_ip4_addr(nif), ip, sizeof(ip));
	ip4addr_ntoa_r(netif_ip4_netmask(nif), mask, sizeof(mask));
	ip4addr_ntoa_r(netif_ip4_gw(nif), gw, sizeof(gw));
	printk("net: %c%c%u up: IPv4 %s netmask %s gateway %s (%s)\n", nif->name[0],
	       nif->name[1], nif->num, ip, mask, gw,
	       LWIP_DHCP ? "DHCP" : "static");
	rk_event_set(&up_event, EV_UP);
}

#if LWIP_DHCP
static int static_addresses(ip4_addr_t *ip, ip4_addr_t *mask, ip4_addr_t *gw)
{
	ip4_addr_set_any(ip);
	ip4_addr_set_any(mask);
	ip4_addr_set_any(gw);
	return 0;
}
#else
static int static_addresses(ip4_addr_t *ip, ip4_addr_t *mask, ip4_addr_t *gw)
{
	static const struct {
		const char *option, *text;
	} conf[] = {
		{ "NET_IPV4_ADDR", CONFIG_NET_IPV4_ADDR },
		{ "NET_IPV4_NETMASK", CONFIG_NET_IPV4_NETMASK },
		{ "NET_IPV4_GATEWAY", CONFIG_NET_IPV4_GATEWAY },
	};
	ip4_addr_t *out[] = { ip, mask, gw };

	for (unsigned i = 0; i < RK_ARRAY_SIZE(conf); i++) {
		if (!ip4addr_aton(conf[i].text, out[i])) {
			printk("net: CONFIG_%s=\"%s\" is not an IPv4 address\n", conf[i].option,
			       conf[i].text);
			return -RK_EINVAL;
		}
	}
	return 0;
}
#endif

#if !NO_SYS
static void tcpip_ready(void *arg)
{
	rk_sem_post(arg);
}
#endif

static const char *policy_name(void)
{
	switch (GOV_POLICY) {
	case RK_GOV_IRQ: return "irq";
	case RK_GOV_POLL: return "poll";
	case RK_GOV_ADAPTIVE: break;
	}
	return "adaptive";
}

const char *rk_net_policy_name(void)
{
	return policy_name();
}

/* rk_net_init, on the network CPU. */
static int net_start(void)
{
	ip4_addr_t ip, mask, gw;
	struct netif *ok;
	int rc;

	/* CONFIG_NET_DEVICE names one, or the first registered is taken. */
	net_dev = CONFIG_NET_DEVICE[0] ? rk_netdev_find(CONFIG_NET_DEVICE) : rk_netdev_first();
	if (!net_dev) {
		if (CONFIG_NET_DEVICE[0])
			printk("net: no network device '%s' (CONFIG_NET_DEVICE)\n", CONFIG_NET_DEVICE);
		else
			printk("net: no network device\n");
		return -RK_ENODEV;
	}
	rc = static_addresses(&ip, &mask, &gw);
	if (rc)
		return rc;
	rk_event_init(&rx_event);
	rk_event_init(&up_event);
	const uint8_t *m = net_dev->mac;
	printk("net: %s %02x:%02x:%02x:%02x:%02x:%02x; lwIP %s (%s), governor %s\n",
	       net_dev->name ? net_dev->name : "netdev", m[0], m[1], m[2], m[3], m[4], m[5],
	       LWIP_VERSION_STRING, NO_SYS ? "NO_SYS" : "sys_arch", policy_name());
#ifdef CONFIG_SMP
	/* The driver keeps its interrupt handler out of its state by masking
	 * interrupts on its own CPU: the handler must run where the network
	 * fiber drives the device, and be moved there before the fiber does. */
	if (net_dev->irq && rk_irq_set_cpu(net_dev->irq, NET_CPU)) {
		printk("net: cannot route irq %u of %s to CPU %u\n", net_dev->irq,
		       net_dev->name ? net_dev->name : "netdev", NET_CPU);
		return -RK_ENODEV;
	}
	printk("net: lwIP, the network fiber and irq %u on CPU %u\n", net_dev->irq, NET_CPU);
#endif

#if NO_SYS
	rk_mutex_init(&core_lock);
	rk_net_lock();
	lwip_init();
#else
	struct rk_sem ready;
	rk_sem_init(&ready, 0);
	tcpip_init(tcpip_ready, &ready);
	rk_sem_wait(&ready, 0);
	rk_net_lock();
#endif
	/* The network fiber feeds frames in under the lock, so the input
	 * function is ethernet_input in both modes, never tcpip_input. */
	ok = netif_add(&net_if, &ip, &mask, &gw, net_dev, rk_netif_init, ethernet_input);
	if (ok) {
		netif_set_default(&net_if);
		netif_set_status_callback(&net_if, status_changed);
#if LWIP_IPV6
		netif_create_ip6_linklocal_address(&net_if, 1);
		/* lwIP's setter macro tests its argument for NULL, which
		 * GCC flags for an address (-Waddress): set the flag itself. */
		net_if.ip6_autoconfig_enabled = 1;
#endif
		netif_set_up(&net_if);
#if LWIP_DHCP
		dhcp_start(&net_if);
#endif
	}
	rk_net_unlock();
	if (!ok) {
		printk("net: lwIP refused the interface\n");
		return -RK_ENOMEM;
	}

	rk_gov_init(&rk_net_gov, GOV_POLICY, GOV_SPIN_NS, CONFIG_NET_IO_BUDGET, rk_time_ns());
	net_dev->notify_ctx = &net_if;
	net_dev->rx_notify = rx_notify;
	struct rk_fiber_attr attr = { .stack_size = CONFIG_NET_FIBER_STACK_SIZE,
				      .prio = CONFIG_NET_FIBER_PRIO };
	if (!rk_fiber_create("net", net_fiber, 0, &attr)) {
		printk("net: out of memory for the network fiber\n");
		return -RK_ENOMEM;
	}
	net_started = true;
	return 0;
}

int rk_net_init(void)
{
	if (net_started)
		return 0;
#ifdef CONFIG_SMP
	if (!rk_cpu_online(NET_CPU)) {
		printk("net: CPU %u (CONFIG_NET_CPU) is not online (%u CPUs)\n", NET_CPU,
		       rk_cpus_online());
		return -RK_EINVAL;
	}
#endif
	/* Everything lwIP makes (its tcpip thread, the network fiber) is made
	 * there, on the CPU where it stays. */
	unsigned home = enter_net_cpu();
	int rc = net_start();
	leave_net_cpu(home);
	return rc;
}

int rk_net_wait_up(uint64_t timeout_ns)
{
	uint32_t got;

	if (!net_started)
		return -RK_EINVAL;
	return rk_event_wait(&up_event, EV_UP, RK_EVENT_ANY, timeout_ns, &got);
}

struct netif *rk_net_netif(void)
{
	return net_started ? &net_if : 0;
}

char *rk_net_ipv4_str(char *buf, size_t len)
{
	if (!net_started) {
		rk_snprintf(buf, len, "0.0.0.0");
		return buf;
	}
	rk_net_lock();
	if (!ip4addr_ntoa_r(netif_ip4_addr(&net_if), buf, (int)len) && len)
		buf[0] = 0;
	rk_net_unlock();
	return buf;
}

int rk_net_io_mode_now(void)
{
	return rx_irq_on ? RK_NET_IO_INTERRUPT : RK_NET_IO_POLLING;
}
