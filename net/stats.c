/* SPDX-License-Identifier: BSD-2-Clause */
/* Network counters for applications (httpd's /stats) and the console:
 * the governor's, the data path's, the device driver's and, with
 * CONFIG_NET_LWIP_STATS, lwIP's per-protocol and memory statistics; and
 * the status page network servers publish around them. */
#include <stdarg.h>
#include <stdlib.h>
#include <lwip/memp.h>
#include <lwip/netif.h>
#include <lwip/stats.h>
#include <rumpk/build_info.h>
#include <rumpk/fiber.h>
#include <rumpk/irq.h>
#include <rumpk/mem.h>
#include <rumpk/net.h>
#include <rumpk/net_server.h>
#include <rumpk/netdev.h>
#include <rumpk/printk.h>
#include <rumpk/smp.h>
#include <rumpk/time.h>
#include "net_priv.h"

void rk_net_stats_get(struct rk_net_stats *st)
{
	const struct rk_gov *g = &rk_net_gov;

	*st = (struct rk_net_stats){
		.policy = rk_net_policy_name(),
		.mode = rk_net_io_mode_now() ? RK_NET_IO_INTERRUPT : RK_NET_IO_POLLING,
		.mode_switches = g->mode_switches,
		.polls = g->polls,
		.empty_polls = g->empty_polls,
		.interrupts = rk_net_cnt.interrupts,
		.irq_wakeups = g->irq_wakeups,
		.timer_wakeups = g->timer_wakeups,
		.late_frames = rk_net_cnt.late_frames,
		.spin_ns = g->spin_ns,
		.spin_grows = g->spin_grows,
		.spin_shrinks = g->spin_shrinks,
		.frames_in = rk_net_cnt.frames_in,
		.bytes_in = rk_net_cnt.bytes_in,
		.frames_out = rk_net_cnt.frames_out,
		.bytes_out = rk_net_cnt.bytes_out,
		.rx_no_pbuf = rk_net_cnt.rx_no_pbuf,
		.tx_busy = rk_net_cnt.tx_busy,
		.tx_dropped = rk_net_cnt.tx_dropped,
		.syn_backlog_drops = rk_net_cnt.syn_backlog_drops,
		.poll_ns = rk_net_cnt.poll_ns,
		.sleep_ns = rk_net_cnt.sleep_ns,
		.stalls_1ms = rk_net_cnt.stalls_1ms,
		.stalls_10ms = rk_net_cnt.stalls_10ms,
		.stall_max_ns = rk_net_cnt.stall_max_ns,
	};
}

/* Appends formatted text, remembering the length the whole would need. */
struct out {
	char *buf;
	size_t size, len;
};

static void put(struct out *o, const char *fmt, ...) rk_printf_like(2, 3);
static void put(struct out *o, const char *fmt, ...)
{
	va_list ap;
	size_t room = o->len < o->size ? o->size - o->len : 0;

	va_start(ap, fmt);
	int n = rk_vsnprintf(room ? o->buf + o->len : 0, room, fmt, ap);
	va_end(ap);
	if (n > 0)
		o->len += (size_t)n;
}

#if LWIP_STATS
static void put_proto(struct out *o, const char *name, const struct stats_proto *p)
{
	put(o, "lwip_%s_recv %u\nlwip_%s_xmit %u\nlwip_%s_drop %u\n", name, p->recv, name,
	    p->xmit, name, p->drop);
	/* Error counters only when something went wrong, to keep it short. */
	if (p->chkerr | p->lenerr | p->memerr | p->rterr | p->proterr | p->opterr | p->err)
		put(o, "lwip_%s_errors chk %u len %u mem %u rt %u proto %u opt %u other %u\n",
		    name, p->chkerr, p->lenerr, p->memerr, p->rterr, p->proterr, p->opterr,
		    p->err);
}

static void put_mem(struct out *o, const char *name, const struct stats_mem *m)
{
	put(o, "lwip_mem_%s used %u max %u of %u, failures %u\n", name, (unsigned)m->used,
	    (unsigned)m->max, (unsigned)m->avail, m->err);
}

static void put_lwip(struct out *o)
{
	put_proto(o, "link", &lwip_stats.link);
	put_proto(o, "etharp", &lwip_stats.etharp);
	put_proto(o, "ip", &lwip_stats.ip);
	put_proto(o, "icmp", &lwip_stats.icmp);
	put_proto(o, "udp", &lwip_stats.udp);
	put_proto(o, "tcp", &lwip_stats.tcp);
#if IPFRAG_STATS
	/* Fragments: a datagram too large to reassemble (more than
	 * IP_REASS_MAX_PBUFS frames) is dropped here, fragment by fragment. */
	put_proto(o, "ipfrag", &lwip_stats.ip_frag);
#endif
#if LWIP_IPV6
	put_proto(o, "ip6", &lwip_stats.ip6);
	put_proto(o, "nd6", &lwip_stats.nd6);
#endif
	put_mem(o, "heap", &lwip_stats.mem);
	put_mem(o, "tcp_pcb", lwip_stats.memp[MEMP_TCP_PCB]);
	put_mem(o, "tcp_seg", lwip_stats.memp[MEMP_TCP_SEG]);
	put_mem(o, "pbuf_pool", lwip_stats.memp[MEMP_PBUF_POOL]);
	put_mem(o, "pbuf_ref", lwip_stats.memp[MEMP_PBUF]);
	put_mem(o, "udp_pcb", lwip_stats.memp[MEMP_UDP_PCB]);
}
#endif

int rk_net_stats_format(char *buf, size_t len)
{
	struct out o = { buf, len, 0 };
	struct rk_net_stats s;
	struct netif *nif = rk_net_netif();

	if (len)
		buf[0] = 0;
	rk_net_stats_get(&s);
	put(&o, "net_policy %s\nnet_mode %s\nnet_mode_switches %llu\n", s.policy,
	    s.mode == RK_NET_IO_POLLING ? "polling" : "interrupt",
	    (unsigned long long)s.mode_switches);
	put(&o, "net_polls %llu\nnet_empty_polls %llu\nnet_interrupts %llu\n",
	    (unsigned long long)s.polls, (unsigned long long)s.empty_polls,
	    (unsigned long long)s.interrupts);
	put(&o, "net_irq_wakeups %llu\nnet_timer_wakeups %llu\n",
	    (unsigned long long)s.irq_wakeups, (unsigned long long)s.timer_wakeups);
	put(&o, "net_late_frames %llu\n", (unsigned long long)s.late_frames);
	put(&o, "net_spin_us %llu\nnet_spin_grows %llu\nnet_spin_shrinks %llu\n",
	    (unsigned long long)(s.spin_ns / 1000), (unsigned long long)s.spin_grows,
	    (unsigned long long)s.spin_shrinks);
	put(&o, "net_frames_in %llu\nnet_bytes_in %llu\nnet_frames_out %llu\nnet_bytes_out %llu\n",
	    (unsigned long long)s.frames_in, (unsigned long long)s.bytes_in,
	    (unsigned long long)s.frames_out, (unsigned long long)s.bytes_out);
	put(&o, "net_rx_no_pbuf %llu\nnet_tx_busy %llu\nnet_tx_dropped %llu\n",
	    (unsigned long long)s.rx_no_pbuf, (unsigned long long)s.tx_busy,
	    (unsigned long long)s.tx_dropped);
	put(&o, "net_syn_backlog_drops %llu\n", (unsigned long long)s.syn_backlog_drops);
	put(&o, "net_poll_ms %llu\nnet_sleep_ms %llu\n",
	    (unsigned long long)(s.poll_ns / 1000000), (unsigned long long)(s.sleep_ns / 1000000));
	put(&o, "net_stalls_1ms %llu\nnet_stalls_10ms %llu\nnet_stall_max_us %llu\n",
	    (unsigned long long)s.stalls_1ms, (unsigned long long)s.stalls_10ms,
	    (unsigned long long)(s.stall_max_ns / 1000));
#ifdef CONFIG_SMP
	put(&o, "net_cpu %u\nnet_cpu_visits %llu\n", rk_net_cpu(),
	    (unsigned long long)rk_net_cnt.cpu_visits);
#endif
	if (nif) {
		const struct rk_netdev_stats *d = &((struct rk_netdev *)nif->state)->stats;
		put(&o, "dev_rx_frames %llu\ndev_rx_dropped %llu\ndev_tx_frames %llu\n"
			"dev_tx_dropped %llu\ndev_rx_irqs %llu\n",
		    (unsigned long long)d->rx_frames, (unsigned long long)d->rx_dropped,
		    (unsigned long long)d->tx_frames, (unsigned long long)d->tx_dropped,
		    (unsigned long long)d->rx_irqs);
		put(&o, "dev_rx_kicks %llu\ndev_tx_kicks %llu\ndev_kicks_missed %llu\n"
			"dev_rx_rearms_pending %llu\n",
		    (unsigned long long)d->rx_kicks, (unsigned long long)d->tx_kicks,
		    (unsigned long long)d->kicks_missed, (unsigned long long)d->rx_rearms_pending);
#ifdef CONFIG_SMP
		/* Where the device's interrupt arrives: CONFIG_NET_CPU only,
		 * once rk_net_init routed it (docs/smp.md). */
		unsigned irq = ((struct rk_netdev *)nif->state)->irq;
		for (unsigned cpu = 0; cpu < RK_NR_CPUS; cpu++)
			if (rk_cpu_online(cpu))
				put(&o, "dev_irqs_cpu%u %llu\n", cpu,
				    (unsigned long long)rk_irq_count_on(irq, cpu));
#endif
	}
#if LWIP_STATS
	put_lwip(&o);
#endif
	return (int)o.len;
}

void rk_net_stats_print(void)
{
	/* Static: the text is a few KiB, more than a fiber stack should hold. */
	static char text[4096];
	int n = rk_net_stats_format(text, sizeof(text));
	const char *line = text;

	printk("net: statistics%s\n", n >= (int)sizeof(text) ? " (cut)" : "");
	/* printk formats into a bounded buffer: one line at a time. */
	for (const char *p = text; *p; p++) {
		if (*p == '\n') {
			printk("  %.*s\n", (int)(p - line), line);
			line = p + 1;
		}
	}
}

static void count_fiber(const struct rk_fiber *f, void *arg)
{
	++*(unsigned *)arg;
}

char *rk_net_status_text(const char *prefix, const struct rk_net_counter *c, size_t n,
			 size_t *len)
{
	char *buf = malloc(RK_NET_STATUS_MAX);
	struct out o = { buf, RK_NET_STATUS_MAX, 0 };
	struct rk_mem_stats m;
	unsigned fibers = 0;

	if (!buf)
		return NULL;
	rk_mem_stats(&m);
	rk_fiber_foreach(count_fiber, &fibers);
	put(&o, "version %s\narch %s\nplatform %s\nuptime_ms %llu\n", rk_build_version,
	    rk_build_arch, rk_build_platform,
	    (unsigned long long)(rk_time_ns() / RK_NSEC_PER_MSEC));
	put(&o, "fibers %u\nfiber_switches %llu\n", fibers,
	    (unsigned long long)rk_sched_switches());
	put(&o, "ram_bytes %llu\npages_total %llu\npages_free %llu\n",
	    (unsigned long long)m.ram_bytes, (unsigned long long)m.pages_total,
	    (unsigned long long)m.pages_free);
	put(&o, "heap_in_use %llu\nheap_peak %llu\nheap_allocs %llu\nheap_frees %llu\n"
		"heap_failures %llu\n",
	    (unsigned long long)m.heap_in_use, (unsigned long long)m.heap_peak,
	    (unsigned long long)m.heap_allocs, (unsigned long long)m.heap_frees,
	    (unsigned long long)m.heap_failures);
	for (size_t i = 0; i < n; i++)
		put(&o, "%s%s %llu\n", prefix, c[i].name, (unsigned long long)c[i].value);
	if (o.len < o.size)
		o.len += (size_t)rk_net_stats_format(buf + o.len, o.size - o.len);
	if (o.len >= o.size) {
		/* Cut at the last whole line: still a valid (shorter) page. */
		o.len = o.size - 1;
		while (o.len && buf[o.len - 1] != '\n')
			o.len--;
		buf[o.len] = 0;
	}
	*len = o.len;
	return buf;
}
