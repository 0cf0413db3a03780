/* SPDX-License-Identifier: BSD-2-Clause */
/* Memory ordering between the driver and a virtio device.
 *
 * The rings live in ordinary cacheable RAM that the device reads and writes
 * like another CPU would (the transports never negotiate
 * VIRTIO_F_ACCESS_PLATFORM, so the device is cache-coherent): ordering the
 * ring updates needs only the SMP fences, which C11 atomic_thread_fence
 * gives on every architecture without touching FP/SIMD registers
 * (-mgeneral-regs-only is fine).
 *
 * The doorbell is different: it is a store to device memory (MMIO), which
 * the SMP fences do not order against normal-memory stores on RISC-V
 * (fence rw,rw leaves out the I/O bits) or Arm (dmb ish is inner-shareable
 * only). virtio_wmb_io() sits between the last ring write and the notify
 * store; virtio_rmb_io() between reading the interrupt status and reading
 * the used ring that interrupt announced. x86 keeps stores and loads in
 * order with respect to uncached MMIO already: a compiler barrier does. */
#ifndef VIRTIO_BARRIER_H
#define VIRTIO_BARRIER_H

#include <stdatomic.h>

#define virtio_mb() atomic_thread_fence(memory_order_seq_cst)
#define virtio_rmb() atomic_thread_fence(memory_order_acquire)
#define virtio_wmb() atomic_thread_fence(memory_order_release)

#if defined(__riscv)
#define virtio_wmb_io() __asm__ volatile("fence w,o" ::: "memory")
#define virtio_rmb_io() __asm__ volatile("fence i,r" ::: "memory")
#elif defined(__aarch64__)
#define virtio_wmb_io() __asm__ volatile("dmb oshst" ::: "memory")
#define virtio_rmb_io() __asm__ volatile("dmb oshld" ::: "memory")
#else
#define virtio_wmb_io() __asm__ volatile("" ::: "memory")
#define virtio_rmb_io() __asm__ volatile("" ::: "memory")
#endif

#endif
