/* SPDX-License-Identifier: BSD-2-Clause */
/* UDP endpoints and packet buffers for programs (include/rumpk/syscall.h,
 * docs/syscall.md "Packet buffers"), over rksys.h. */
#ifndef RKPKT_H
#define RKPKT_H

#include "rksys.h"

/* Bind a local UDP port: an endpoint handle, or a negative error. */
static inline long rk_udp_open(uint16_t port) { return rk_call(RK_OP_UDP_OPEN, port, 0, 0, 0); }
/* The index of a buffer holding the next datagram (waits for one unless
 * flags has RK_RECV_NOWAIT); the program holds it until rk_ion_free. */
static inline long rk_udp_recv(long h, unsigned flags)
{
	return rk_call(RK_OP_UDP_RECV, (uint64_t)h, flags, 0, 0);
}
/* Send len bytes of program memory (a held packet buffer too) to dest
 * (RK_UDP_DEST): len, or a negative error. */
static inline long rk_udp_send(long h, const void *buf, size_t len, uint64_t dest)
{
	return rk_call(RK_OP_UDP_SEND, (uint64_t)h, (uint64_t)(uintptr_t)buf, len, dest);
}
static inline long rk_ion_free(long b) { return rk_call(RK_OP_ION_FREE, (uint64_t)b, 0, 0, 0); }

/* Buffer b of the pool: its header; the datagram is rk_pkt_data(b). */
static inline const struct rk_pkt_hdr *rk_pkt(long b)
{
	return (const struct rk_pkt_hdr *)(uintptr_t)(rk_ring->pkt_base +
						      (uint64_t)b * RK_PKT_BUF_SIZE);
}
static inline const uint8_t *rk_pkt_data(long b)
{
	return (const uint8_t *)rk_pkt(b) + RK_PKT_DATA;
}

#endif
