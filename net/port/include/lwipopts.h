/* SPDX-License-Identifier: BSD-2-Clause */
/* lwIP options, derived from Kconfig. Every file is compiled with
 * -imacros autoconf.h, so the CONFIG_* values of the build are visible
 * here; this header only maps them onto lwIP's names (and fixes what this
 * port needs whatever the configuration). lwip/opt.h supplies defaults for
 * the rest and checks the combination. */
#ifndef RUMPK_LWIPOPTS_H
#define RUMPK_LWIPOPTS_H

/* --- Operating mode ------------------------------------------------------ */
#ifdef CONFIG_NET_LWIP_NO_SYS
#define NO_SYS 1
/* Everything lwIP does runs under rk_net_lock(); interrupt handlers never
 * touch lwIP (rx_notify only wakes the network fiber). */
#define SYS_LIGHTWEIGHT_PROT 0
#else
#define NO_SYS 0
/* Callers of tcpip_callback() allocate messages without the core lock. */
#define SYS_LIGHTWEIGHT_PROT 1
#define LWIP_TCPIP_CORE_LOCKING 1
/* The network fiber takes the core lock itself, once per batch. */
#define LWIP_TCPIP_CORE_LOCKING_INPUT 0
#define TCPIP_THREAD_NAME "tcpip"
#define TCPIP_THREAD_STACKSIZE CONFIG_NET_FIBER_STACK_SIZE
#define TCPIP_THREAD_PRIO CONFIG_NET_FIBER_PRIO
#define TCPIP_MBOX_SIZE CONFIG_NET_TCPIP_MBOX_SIZE
#define LWIP_COMPAT_MUTEX 0
#endif
#define LWIP_TIMERS 1
#define LWIP_NETCONN 0
#define LWIP_SOCKET 0
#define LWIP_NETIF_API 0
#define LWIP_ALTCP 0

/* Calls into lwIP from a fiber that does not hold rk_net_lock() are bugs
 * that corrupt the stack silently; catch them where lwIP checks. */
#ifdef CONFIG_NET_LWIP_ASSERT
void rk_net_assert_locked(const char *where);
#define LWIP_ASSERT_CORE_LOCKED() rk_net_assert_locked(__func__)
#else
#define LWIP_NOASSERT 1
#endif

/* --- Memory --------------------------------------------------------------- */
/* lwIP's own heap and pools in .bss: bounded, and a flood of connections
 * cannot take memory from the rest of the kernel. */
#define MEM_LIBC_MALLOC 0
#define MEMP_MEM_MALLOC 0
/* lwIP writes its heap (mem_init) and pools (memp_init) before using them
 * and zeroes what it allocates where that matters (MEMP_MEM_INIT stays
 * 0): boot need not clear them (rk_noinit), which for the httpd image is
 * about 450 KiB and 100k+ instructions per arch. */
#include <rumpk/compiler.h>
#define LWIP_DECLARE_MEMORY_ALIGNED(variable_name, size) \
	u8_t variable_name[LWIP_MEM_ALIGN_BUFFER(size)] rk_noinit
#define MEM_ALIGNMENT 8
#define MEM_SIZE CONFIG_NET_LWIP_MEM_SIZE
#define PBUF_POOL_SIZE CONFIG_NET_LWIP_PBUF_POOL_SIZE
/* One pool buffer holds a whole Ethernet frame (1514 bytes, plus a VLAN
 * tag), whatever TCP_MSS is: received frames never need a chain. */
#define PBUF_POOL_BUFSIZE LWIP_MEM_ALIGN_SIZE(1518)
#define MEMP_NUM_TCP_PCB CONFIG_NET_LWIP_MEMP_NUM_TCP_PCB
#define MEMP_NUM_TCP_PCB_LISTEN CONFIG_NET_LWIP_MEMP_NUM_TCP_PCB_LISTEN
#define MEMP_NUM_UDP_PCB CONFIG_NET_LWIP_MEMP_NUM_UDP_PCB
#define MEMP_NUM_TCP_SEG CONFIG_NET_LWIP_MEMP_NUM_TCP_SEG
/* PBUF_REF/ROM headers: one per tcp_write of static data without a copy. */
#define MEMP_NUM_PBUF CONFIG_NET_LWIP_MEMP_NUM_TCP_SEG
/* Packets waiting for an ARP reply: a burst of SYN-ACKs to a new peer must
 * not be cut down to the last one. */
#define ARP_QUEUEING 1
#define MEMP_NUM_ARP_QUEUE 64

/* --- Link and IP ---------------------------------------------------------- */
#define LWIP_ARP 1
#define LWIP_ETHERNET 1
#define LWIP_SINGLE_NETIF 1
#define LWIP_NETIF_STATUS_CALLBACK 1
#define LWIP_NETIF_LINK_CALLBACK 0
#define LWIP_NETIF_HOSTNAME 1
#define LWIP_IPV4 1
#define LWIP_ICMP 1
#define LWIP_RAW 0
#define LWIP_IGMP 0
#define LWIP_AUTOIP 0
#define LWIP_DNS 0
#define IP_REASSEMBLY 1
#define IP_FRAG 1
#ifdef CONFIG_NET_IPV4_DHCP
#define LWIP_DHCP 1
#else
#define LWIP_DHCP 0
#endif
#ifdef CONFIG_NET_IPV6
#define LWIP_IPV6 1
#define LWIP_IPV6_AUTOCONFIG 1
#define LWIP_IPV6_MLD 1
#define LWIP_IPV6_DHCP6 0
#define LWIP_ICMP6 1
/* Reassembly keeps a pointer in each fragment's header; with 64-bit
 * pointers it does not fit, so lwIP must copy the header aside. */
#define IPV6_FRAG_COPYHEADER 1
#else
#define LWIP_IPV6 0
#endif
#define LWIP_UDP 1
#define LWIP_TCP 1
/* A 32-bit accumulator: fewer iterations than lwIP's 16-bit default. */
#define LWIP_CHKSUM_ALGORITHM 3

/* --- TCP ------------------------------------------------------------------ */
#define TCP_MSS CONFIG_NET_LWIP_TCP_MSS
#define TCP_WND CONFIG_NET_LWIP_TCP_WND
#define TCP_SND_BUF CONFIG_NET_LWIP_TCP_SND_BUF
#define TCP_SND_QUEUELEN ((4 * TCP_SND_BUF + TCP_MSS - 1) / TCP_MSS)
#define TCP_LISTEN_BACKLOG 1
#define TCP_DEFAULT_LISTEN_BACKLOG CONFIG_NET_LWIP_TCP_LISTEN_BACKLOG
#define TCP_QUEUE_OOSEQ 1
/* lwIP ignores a SYN for a listening socket whose backlog is full without
 * counting it anywhere; this hook (net/server.c) sees every segment for a
 * listening socket first and counts those (net_syn_backlog_drops). It
 * never drops anything itself. */
struct tcp_pcb;
struct tcp_hdr;
int rk_net_listen_segment(const struct tcp_pcb *lpcb, const struct tcp_hdr *hdr);
#define LWIP_HOOK_TCP_INPACKET_PCB(pcb, hdr, optlen, opt1len, opt2, p) \
	((pcb)->state == LISTEN ? rk_net_listen_segment((pcb), (hdr)) : 0)
#define LWIP_TCP_KEEPALIVE 0
#define LWIP_WND_SCALE 0

/* --- Statistics ------------------------------------------------------------ */
#ifdef CONFIG_NET_LWIP_STATS
#define LWIP_STATS 1
#define LWIP_STATS_DISPLAY 0
#define LWIP_STATS_LARGE 1 /* 32-bit counters: 16-bit ones wrap under wrk in seconds */
#define LINK_STATS 1
#define ETHARP_STATS 1
#define IP_STATS 1
#define ICMP_STATS 1
#define UDP_STATS 1
#define TCP_STATS 1
#define MEM_STATS 1
#define MEMP_STATS 1
#define SYS_STATS 0
#else
#define LWIP_STATS 0
#endif

/* --- Debug messages -------------------------------------------------------- */
#ifdef CONFIG_NET_LWIP_DEBUG
#define LWIP_DEBUG 1
#define LWIP_DBG_MIN_LEVEL LWIP_DBG_LEVEL_ALL
#define LWIP_DBG_TYPES_ON LWIP_DBG_ON
#define ETHARP_DEBUG LWIP_DBG_ON
#define NETIF_DEBUG LWIP_DBG_ON
#define IP_DEBUG LWIP_DBG_ON
#define UDP_DEBUG LWIP_DBG_ON
#define TCP_DEBUG LWIP_DBG_ON
#define TCP_INPUT_DEBUG LWIP_DBG_ON
#define TCP_OUTPUT_DEBUG LWIP_DBG_ON
#define DHCP_DEBUG LWIP_DBG_ON
#endif

#endif
