/* SPDX-License-Identifier: BSD-2-Clause */
/* Descriptor rings of the Cadence GEM (cdns,macb / cdns,gem) in their
 * basic form: two 32-bit words per descriptor, 32-bit buffer addresses
 * (DMA configuration's 64-bit addressing and extended descriptors off).
 * Portable logic only, no register access, so that a host test can play
 * the device's part (test/unit/test_gem_ring.c).
 *
 * Receive: word 0 is the buffer address (bits 31:2), bit 1 marks the last
 * descriptor (wrap), bit 0 is ownership: 0 the device may fill the buffer,
 * 1 the device has filled it. Word 1 is the status the device writes: frame
 * length (bits 12:0), start (bit 14) and end (bit 15) of frame. The device
 * only ORs status bits in, so the driver clears word 1 when it gives a
 * descriptor back.
 *
 * Transmit: word 0 is the buffer address, word 1 the length (bits 13:0),
 * last buffer of the frame (bit 15), wrap (bit 30) and used (bit 31): 1 the
 * driver owns it (never queued, or sent: the device sets it on the first
 * descriptor of each frame it sent), 0 the device may send it. The device
 * stops at the first descriptor with used set, so one stays free. */
#ifndef GEM_RING_H
#define GEM_RING_H

#include <stdbool.h>
#include <stdint.h>

struct gem_desc {
	volatile uint32_t addr;
	volatile uint32_t ctrl;
};

#define GEM_RX_OWNED 0x1u  /* word 0: the device filled the buffer */
#define GEM_RX_WRAP 0x2u   /* word 0: last descriptor */
#define GEM_RX_LEN 0x1fffu /* word 1 */
#define GEM_RX_SOF (1u << 14)
#define GEM_RX_EOF (1u << 15)

#define GEM_TX_LEN 0x3fffu  /* word 1 */
#define GEM_TX_LAST (1u << 15)
#define GEM_TX_WRAP (1u << 30)
#define GEM_TX_USED (1u << 31)

struct gem_rx_ring {
	struct gem_desc *d;
	unsigned n;
	unsigned head; /* next descriptor the device fills, in order */
};

struct gem_tx_ring {
	struct gem_desc *d;
	unsigned n;
	unsigned head;     /* next descriptor to queue a frame in */
	unsigned tail;     /* oldest descriptor queued and not yet reclaimed */
	unsigned inflight; /* queued, not reclaimed */
};

/* Receive ring over n descriptors, buffer i at buf + i * bufsize (4-byte
 * aligned, below 4 GiB), all given to the device. */
void gem_rx_init(struct gem_rx_ring *r, struct gem_desc *d, unsigned n, uint32_t buf,
		 uint32_t bufsize);
/* The descriptor at the head, if the device has filled it: true with its
 * index and *len = the frame length, or 0 for a buffer that does not hold
 * one whole frame (to be dropped). The caller gives it back with
 * gem_rx_release once it has read the buffer. */
bool gem_rx_peek(const struct gem_rx_ring *r, unsigned *idx, unsigned *len);
/* Hand the head descriptor back to the device and move on. */
void gem_rx_release(struct gem_rx_ring *r);
/* The device has a buffer to fill. It fills in ring order, so a device
 * that stopped on a full buffer stopped at the driver's head of that
 * moment, and the driver releases in order from there: the descriptor
 * released last (the one before the head) is free exactly when the one
 * the device stopped at is. */
bool gem_rx_has_free(const struct gem_rx_ring *r);

/* Transmit ring over n descriptors, all owned by the driver. */
void gem_tx_init(struct gem_tx_ring *r, struct gem_desc *d, unsigned n);
/* Reclaim the frames the device has sent; returns how many. */
unsigned gem_tx_reclaim(struct gem_tx_ring *r);
/* The descriptor the next frame goes in, or -1 when the ring is full (one
 * descriptor always stays owned by the driver, where the device stops). */
int gem_tx_slot(const struct gem_tx_ring *r);
/* Queue the frame of length len at buffer addr in that descriptor; the
 * used bit is cleared last, after a release fence, so the device never
 * sees a half-written descriptor. */
void gem_tx_queue(struct gem_tx_ring *r, uint32_t addr, unsigned len);

#endif
