/* SPDX-License-Identifier: BSD-2-Clause */
/* rk_exec: run signed programs from the initrd (include/rumpk/exec.h).
 *
 * Trust chain: map -> signature -> ELF check -> allocate -> load -> map
 * into the program's own address space (space.c) -> I-cache sync -> run on
 * a fiber of its own, in user mode, reaching the kernel only through its
 * command ring (cmd.c). The process table lives here. */
#include <stdarg.h>
#include <stdbool.h>
#include <stdint.h>
#include <string.h>
#include <rumpk/arch.h>
#include <rumpk/console.h>
#include <rumpk/crypto.h>
#include <rumpk/elf.h>
#include <rumpk/exec.h>
#include <rumpk/fiber.h>
#include <rumpk/init.h>
#include <rumpk/irq.h>
#include <rumpk/mem.h>
#include <rumpk/printk.h>
#include <rumpk/smp.h>
#include <rumpk/sync.h>
#include <rumpk/time.h>
#include <rumpk/trap_dump.h>
#include <rumpk/vfs.h>
#include "proc.h"

static struct rk_proc procs[CONFIG_EXEC_MAX_PROCS];
static unsigned next_pid = 1;
static struct rk_elf_image img; /* about 1 KiB: not on a fiber stack */
static struct rk_mutex exec_lock = { 0 };

/* With SMP, programs of several CPUs start, end and reap each other at
 * once: every walk or change of the table also holds exec_lock (never
 * across a join, which may wait for a program that takes it to end). One
 * CPU keeps the table unlocked outside spawns, as before SMP: its walks do
 * not block. rk_proc_current needs no lock either way: it looks for its
 * own fiber, and only an entry being reused changes meanwhile, never to
 * that fiber. */
#ifdef CONFIG_SMP
#define table_lock() rk_mutex_lock(&exec_lock)
#define table_unlock() rk_mutex_unlock(&exec_lock)
#else
#define table_lock() ((void)0)
#define table_unlock() ((void)0)
#endif

/* --- Keys -------------------------------------------------------------- */
#ifdef CONFIG_EXEC_BUILD_KEY
extern const uint8_t rk_exec_build_key[RK_SIG_PUBLICKEYBYTES];
#endif

static const struct rk_sig_keyring *keyring(void)
{
#ifdef CONFIG_EXEC_BUILD_KEY
	static struct rk_sig_keyring ring;
	static uint8_t (*keys)[RK_SIG_PUBLICKEYBYTES];
	if (!keys) {
		const struct rk_sig_keyring *cfg = rk_sig_trusted_keys();
		keys = malloc((cfg->count + 1) * RK_SIG_PUBLICKEYBYTES);
		if (!keys)
			return cfg;
		for (size_t i = 0; i < cfg->count; i++)
			memcpy(keys[i], cfg->keys[i], RK_SIG_PUBLICKEYBYTES);
		memcpy(keys[cfg->count], rk_exec_build_key, RK_SIG_PUBLICKEYBYTES);
		ring.keys = (const uint8_t (*)[RK_SIG_PUBLICKEYBYTES])keys;
		ring.count = cfg->count + 1;
	}
	return &ring;
#else
	return rk_sig_trusted_keys();
#endif
}

static int hexval(char c)
{
	if (c >= '0' && c <= '9')
		return c - '0';
	if (c >= 'a' && c <= 'f')
		return c - 'a' + 10;
	if (c >= 'A' && c <= 'F')
		return c - 'A' + 10;
	return -1;
}

void randombytes_buf(void *buf, size_t size);

static const uint8_t *id_key(void)
{
	static uint8_t key[RK_SIPHASH_KEYBYTES];
	static bool ready;
	const char *hex = CONFIG_EXEC_ID_KEY;

	if (ready)
		return key;
	if (strlen(hex) == 2 * RK_SIPHASH_KEYBYTES) {
		for (unsigned i = 0; i < RK_SIPHASH_KEYBYTES; i++) {
			int hi = hexval(hex[2 * i]), lo = hexval(hex[2 * i + 1]);
			key[i] = (uint8_t)((hi < 0 ? 0 : hi) << 4 | (lo < 0 ? 0 : lo));
		}
	} else {
		if (hex[0])
			printk("exec: CONFIG_EXEC_ID_KEY is not 32 hex digits; using a random key\n");
		randombytes_buf(key, sizeof(key));
	}
	ready = true;
	return key;
}

/* --- Arch: executable pages and the instruction cache -------------------- */
__attribute__((weak)) int arch_exec_pages(uintptr_t addr, size_t size, int exec)
{
/* Used only until the arch provides it (arch/<a>/mmu.c): succeeds where
 * RAM is executable anyway, refuses everywhere else. */
#if (defined(CONFIG_ARCH_RISCV64) && !defined(CONFIG_RISCV_SV39)) || defined(CONFIG_ARCH_X86_64)
	return 0; /* riscv64 bare mode; x86_64 without EFER.NXE */
#else
	return -1;
#endif
}

static void icache_sync(uintptr_t start, size_t size)
{
#if defined(__riscv)
	(void)start;
	(void)size;
	__asm__ volatile("fence.i" ::: "memory");
#elif defined(__aarch64__)
	uint64_t ctr;
	__asm__ volatile("mrs %0, ctr_el0" : "=r"(ctr));
	uintptr_t dline = 4u << ((ctr >> 16) & 0xf), iline = 4u << (ctr & 0xf);
	uintptr_t end = start + size;
	for (uintptr_t a = start & ~(dline - 1); a < end; a += dline)
		__asm__ volatile("dc cvau, %0" :: "r"(a) : "memory");
	__asm__ volatile("dsb ish" ::: "memory");
	for (uintptr_t a = start & ~(iline - 1); a < end; a += iline)
		__asm__ volatile("ic ivau, %0" :: "r"(a) : "memory");
	__asm__ volatile("dsb ish\n\tisb" ::: "memory");
#else
	(void)start; /* x86: coherent instruction cache */
	(void)size;
	__asm__ volatile("" ::: "memory");
#endif
}

/* --- Processes ------------------------------------------------------------ */
struct rk_proc *rk_proc_current(void)
{
	struct rk_fiber *self = rk_fiber_self();
	for (unsigned i = 0; i < RK_ARRAY_SIZE(procs); i++)
		if (procs[i].used && procs[i].fiber == self)
			return &procs[i];
	return NULL;
}

void rk_proc_kill(struct rk_proc *p, const char *fmt, ...)
{
	va_list ap;

	if (p->exited)
		return;
	va_start(ap, fmt);
	rk_vsnprintf(p->why, sizeof(p->why), fmt, ap);
	va_end(ap);
	p->exited = true;
	p->status = -RK_EFAULT;
	printk("exec: %s (pid %u) killed: %s; the kernel runs on\n", p->path, p->pid, p->why);
}

/* Free what a program held; its fiber is gone. */
static void reap(struct rk_proc *p, int *status)
{
	rk_fiber_join(p->fiber);
	table_lock();
	rk_space_free(p);
	if (status)
		*status = p->status;
	p->used = false;
	table_unlock();
}

void rk_proc_end(struct rk_proc *p)
{
	rk_cmd_release(p);
	/* Children do not outlive their parent: wait for the ones it left. */
	table_lock();
	for (unsigned i = 0; i < RK_ARRAY_SIZE(procs); i++)
		if (procs[i].used && procs[i].parent == p && !procs[i].waited) {
			procs[i].waited = true;
			table_unlock();
			reap(&procs[i], NULL);
			table_lock();
		}
	table_unlock();
	rk_fiber_exit();
}

long rk_exec_wait_child(struct rk_proc *p, unsigned pid)
{
	int status;
	table_lock();
	for (unsigned i = 0; i < RK_ARRAY_SIZE(procs); i++)
		if (procs[i].used && procs[i].parent == p && procs[i].pid == pid &&
		    !procs[i].waited) {
			procs[i].waited = true;
			table_unlock();
			reap(&procs[i], &status);
			return status;
		}
	table_unlock();
	return -RK_SYS_ECHILD;
}

static void proc_main(void *arg)
{
	rk_space_main(arg);
}

#ifndef ARCH_HAS_USER
/* --- Fault containment (kernel mode only) ------------------------------------
 * Programs that run in kernel mode (no user mode on this architecture yet)
 * are contained only for faults in their own code: a wild write is not
 * caught. With user mode every program fault arrives through the arch's
 * user trap path instead (space.c). */
bool rk_exec_fault(uintptr_t pc)
{
	/* An interrupt handler runs on the interrupted fiber: its faults are
	 * the kernel's, whoever it interrupted. */
	struct rk_proc *p = rk_in_irq() ? NULL : rk_proc_current();
	uintptr_t base = p ? (uintptr_t)p->img : 0;
	if (!p || p->exited || pc < base || pc - base >= p->img_pages * RK_PAGE_SIZE)
		return false;
	rk_proc_kill(p, "faulted at offset %#lx of its image", (unsigned long)(pc - base));
	return true;
}

/* Entered by the trap return instead of the faulting instruction: the
 * program's own code never runs again. */
void rk_exec_fault_exit(void)
{
	struct rk_proc *p = rk_proc_current();
	if (p)
		rk_proc_end(p);
	rk_fiber_exit();
}

/* The trap handlers ask the registered containers (rumpk/trap_dump.h). */
static bool contain(uintptr_t pc, uintptr_t *resume)
{
	if (!rk_exec_fault(pc))
		return false;
	*resume = (uintptr_t)rk_exec_fault_exit;
	return true;
}

static int exec_init(const struct rk_bootinfo *bi)
{
	return rk_trap_container_register(contain) ? -RK_ENOMEM : 0;
}
RK_INIT(exec_init, RK_INIT_LATE);
#endif

/* --- exec --------------------------------------------------------------- */
/* A program runs on the CPU that started it (rk_fiber_create): with SMP the
 * provenance line says which. */
#ifdef CONFIG_SMP
#define ON_CPU_FMT ", CPU %u"
#define ON_CPU_ARG , rk_cpu_id()
#else
#define ON_CPU_FMT ""
#define ON_CPU_ARG
#endif

static void hex(char *out, const uint8_t *b, size_t n)
{
	static const char digits[] = "0123456789abcdef";
	for (size_t i = 0; i < n; i++) {
		out[2 * i] = digits[b[i] >> 4];
		out[2 * i + 1] = digits[b[i] & 15];
	}
	out[2 * n] = 0;
}

static int refuse(struct rk_exec_info *info, const char *path, int err, const char *why)
{
	size_t n = strlen(why);
	if (n >= sizeof(info->why))
		n = sizeof(info->why) - 1;
	memcpy(info->why, why, n);
	info->why[n] = 0;
	printk("exec: refusing %s: %s\n", path, info->why);
	return err;
}

static const char *basename_of(const char *path)
{
	const char *b = path;
	for (const char *s = path; *s; s++)
		if (*s == '/' && s[1])
			b = s + 1;
	return b;
}

static int spawn_locked(struct rk_proc *parent, const char *path, int nargs,
			const char *const *args, struct rk_exec_info *info, struct rk_proc **out)
{
	const void *file;
	size_t file_size;
	const char *why;
	int err;

	memset(info, 0, sizeof(*info));
	err = rk_vfs_map(path, &file, &file_size);
	if (err == -RK_ENOENT || err == -RK_ENOTDIR)
		return refuse(info, path, err, "no such file");
	if (err == -RK_EISDIR)
		return refuse(info, path, err, "is a directory");
	if (err)
		return refuse(info, path, err, err == -RK_ENODEV ? "no initrd mounted" : "cannot map the file");

	/* 2. Nothing of the file is interpreted before its signature holds,
	 * and it must have been signed for the name it runs under (its
	 * canonical path): hello's container copied to /bin/ls is refused,
	 * not run as ls. */
	char name[RK_SIG_NAME_MAX + 1];
	if (rk_vfs_realpath(path, name, sizeof(name)))
		return refuse(info, path, -RK_ENAMETOOLONG, "path longer than a signed name can be");
	struct rk_sig_payload sp;
	err = rk_sig_open_with(keyring(), file, file_size, name, &sp, &why);
	if (err == RK_SIG_ENAME) {
		char msg[RK_EXEC_WHY_MAX];
		rk_snprintf(msg, sizeof(msg), "%s: it was signed as %.*s", why, (int)sp.name_len,
			    sp.name);
		return refuse(info, path, -RK_EPERM, msg);
	}
	if (err)
		return refuse(info, path, -RK_EPERM, why);
	memcpy(info->key_id, sp.key_id, sizeof(info->key_id));
	const void *payload = sp.data;
	size_t payload_len = sp.len;

	/* 3. */
	struct rk_elf_policy pol = {
		.machine = RK_ELF_MACHINE_NATIVE,
		.window_lo = RK_PAGE_SIZE,
		.window_hi = (uint64_t)1 << 38,
		.opts = RK_ELF_ALLOW_DYN | RK_ELF_ALLOW_TLS, /* TLS: the program's own */
	};
#ifdef ARCH_HAS_USER
	pol.opts |= RK_ELF_REFUSE_WX; /* W^X in the program's own space */
	/* The image's part of the program window, below the heap (space.c). */
	pol.window_lo = RK_USER_BASE;
	pol.window_hi = RK_USER_BASE + RK_SPACE_IMAGE_MAX;
#endif
#if defined(__riscv)
	pol.flags_mask = 0x6; /* EF_RISCV_FLOAT_ABI: the kernel is soft-float */
#endif
	if (rk_elf_check(&img, payload, payload_len, &pol))
		return refuse(info, path, -RK_ENOEXEC, img.why);
	if (img.type != RK_ET_DYN)
		return refuse(info, path, -RK_ENOEXEC,
			      "not position-independent: link programs with -static-pie");

	/* 4. */
	struct rk_proc *p = NULL;
	for (unsigned i = 0; i < CONFIG_EXEC_MAX_PROCS; i++)
		if (!procs[i].used) {
			p = &procs[i];
			break;
		}
	if (!p)
		return refuse(info, path, -RK_EAGAIN, "process table full (CONFIG_EXEC_MAX_PROCS)");
	memset(p, 0, sizeof(*p));
	uint64_t span = rk_elf_span_size(&img);
	p->img_pages = (size_t)((span + RK_PAGE_SIZE - 1) / RK_PAGE_SIZE);
	p->img = rk_page_alloc_aligned(p->img_pages,
				       img.align > RK_PAGE_SIZE ? img.align : RK_PAGE_SIZE);
	if (!p->img)
		return refuse(info, path, -RK_ENOMEM, "out of memory for the program");
	memset(p->img, 0, p->img_pages * RK_PAGE_SIZE);
	/* Where the program sees its image: its window in its own space, or
	 * the kernel address in kernel mode. */
#ifdef ARCH_HAS_USER
	p->img_uva = RK_USER_BASE;
#else
	p->img_uva = (uintptr_t)p->img;
#endif
	img.signature_ok = true; /* rk_sig_open accepted exactly img.file's bytes */
	struct rk_elf_loaded ld;
	if (rk_elf_load(&img, p->img, p->img_pages * RK_PAGE_SIZE, p->img_uva, &ld)) {
		rk_space_free(p);
		return refuse(info, path, -RK_ENOEXEC, img.why);
	}
	p->entry = ld.entry;

	/* 5. argv: the canonical name, then the caller's arguments. */
	const char *argv[PROC_ARGC_MAX + 1];
	int argc = 0;
	argv[argc++] = name;
	for (int i = 0; i < nargs && argc <= PROC_ARGC_MAX; i++)
		argv[argc++] = args[i];
	if (nargs >= PROC_ARGC_MAX) {
		rk_space_free(p);
		return refuse(info, path, -RK_EINVAL, "too many arguments");
	}
	err = rk_space_build(p, &img, &ld, argc, argv, &why);
	if (err) {
		rk_space_free(p);
		return refuse(info, path, err, why);
	}
	icache_sync((uintptr_t)p->img, p->img_pages * RK_PAGE_SIZE);

	/* 6. */
	p->used = true;
	p->parent = parent;
	p->pid = next_pid++;
	size_t n = strlen(name); /* the verified name, not the caller's spelling */
	if (n >= sizeof(p->path))
		n = sizeof(p->path) - 1;
	memcpy(p->path, name, n);
	p->id = rk_siphash_id(id_key(), payload, payload_len);
	p->ring->abi = RK_SYS_ABI_VERSION;
	p->ring->pid = p->pid;
	p->ring->heap_base = p->space ? p->heap_uva : 0;
	p->ring->heap_max = (uint64_t)p->heap_max_pages * RK_PAGE_SIZE;

	char fiber_name[16], kid[2 * sizeof(info->key_id) + 1];
	const char *base = basename_of(name);
	n = strlen(base);
	if (n > sizeof(fiber_name) - 1)
		n = sizeof(fiber_name) - 1;
	memcpy(fiber_name, base, n);
	fiber_name[n] = 0;
	info->pid = p->pid;
	info->id = p->id;
	info->base = p->img_uva;
	info->size = p->img_pages * RK_PAGE_SIZE;
	hex(kid, info->key_id, sizeof(info->key_id));
	/* Before the fiber exists: under a preemptive scheduler the program
	 * could otherwise print first. */
	printk("exec: %s id %016llx signed by key %s pid %u (%llu bytes at 0x%llx, %s" ON_CPU_FMT
	       ")\n", name, (unsigned long long)p->id, kid, p->pid,
	       (unsigned long long)info->size, (unsigned long long)info->base,
	       (p->space ? "user mode" : "kernel mode") ON_CPU_ARG);
	p->fiber = rk_fiber_create(fiber_name, proc_main, p, NULL);
	if (!p->fiber) {
		rk_space_free(p);
		p->used = false;
		return refuse(info, path, -RK_ENOMEM, "out of memory for the program's fiber");
	}
	*out = p;
	return 0;
}

int rk_proc_spawn(struct rk_proc *parent, const char *path, int argc, const char *const *argv,
		  struct rk_exec_info *info, struct rk_proc **out)
{
	rk_mutex_lock(&exec_lock);
	int err = spawn_locked(parent, path, argc, argv, info, out);
	rk_mutex_unlock(&exec_lock);
	return err;
}

int rk_exec_spawn(const char *path, const char *const *args, struct rk_exec_info *info,
		  struct rk_proc **proc)
{
	int n = 0;
	while (args && args[n])
		n++;
	return rk_proc_spawn(NULL, path, n, args, info, proc);
}

int rk_exec_wait(struct rk_proc *p, int *status)
{
	if (!p || p < procs || p >= procs + CONFIG_EXEC_MAX_PROCS)
		return -RK_EINVAL;
	table_lock();
	if (!p->used || p->parent || p->waited) {
		table_unlock();
		return -RK_EINVAL;
	}
	p->waited = true;
	table_unlock();
	reap(p, status);
	return 0;
}

int rk_exec(const char *path, const char *const *args, struct rk_exec_info *info, int *status)
{
	struct rk_proc *p;
	int err = rk_exec_spawn(path, args, info, &p);

	return err ? err : rk_exec_wait(p, status);
}

void rk_exec_foreach(void (*fn)(unsigned pid, const char *path, uint64_t id, void *arg),
		     void *arg)
{
	table_lock();
	for (unsigned i = 0; i < CONFIG_EXEC_MAX_PROCS; i++)
		if (procs[i].used)
			fn(procs[i].pid, procs[i].path, procs[i].id, arg);
	table_unlock();
}
