/* SPDX-License-Identifier: BSD-2-Clause */
/* rk_exec: run signed programs from the initrd (include/rumpk/exec.h).
 *
 * Trust chain: map -> signature -> ELF check -> allocate -> load -> make
 * executable -> I-cache sync -> run. Each program has a process record with
 * its load area, its command ring (include/rumpk/syscall.h), the program
 * fiber and the server fiber that executes the ring's commands. */
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
#include <rumpk/ring.h>
#include <rumpk/sync.h>
#include <rumpk/syscall.h>
#include <rumpk/time.h>
#include <rumpk/trap_dump.h>
#include <rumpk/vfs.h>

#define SLOTS CONFIG_EXEC_RING_SLOTS
_Static_assert((SLOTS & (SLOTS - 1)) == 0, "CONFIG_EXEC_RING_SLOTS must be a power of two");

struct rk_proc {
	bool used;
	unsigned pid;
	char path[64];
	uint64_t id;
	void *mem;
	size_t pages;
	uint64_t entry;
	struct rk_fiber *fiber, *server;
	struct rk_ring ring;
	struct rk_ring_consumer rx;
	struct rk_sys_req slots[SLOTS];
	struct rk_sem req, done;
	long result;
	bool exited;
	int status;
	struct rk_sys sys;
};

static struct rk_proc procs[CONFIG_EXEC_MAX_PROCS];
static unsigned next_pid = 1;
static struct rk_elf_image img; /* about 1 KiB: not on a fiber stack */
static struct rk_mutex exec_lock = { 0 };

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

/* --- Syscalls ----------------------------------------------------------- */
static bool in_range(uintptr_t p, uint64_t len, uintptr_t lo, uintptr_t hi)
{
	return p >= lo && p <= hi && len <= hi - p;
}

static bool user_buf_ok(const struct rk_proc *p, uint64_t buf, uint64_t len)
{
	uintptr_t m = (uintptr_t)p->mem;
	return in_range(buf, len, m, m + p->pages * RK_PAGE_SIZE) ||
	       in_range(buf, len, p->fiber->stack_low, p->fiber->stack_high);
}

static long serve(struct rk_proc *p, const struct rk_sys_req *r)
{
	switch (r->op) {
	case RK_SYS_WRITE:
		if (r->a0 != 1 && r->a0 != 2)
			return -RK_EBADF;
		if (!user_buf_ok(p, r->a1, r->a2))
			return -RK_EFAULT;
		rk_console_write((const char *)(uintptr_t)r->a1, r->a2);
		return (long)r->a2;
	case RK_SYS_EXIT:
		p->exited = true;
		p->status = (int)r->a0;
		return 0;
	case RK_SYS_YIELD:
		rk_yield();
		return 0;
	case RK_SYS_SLEEP:
		rk_sleep_ns(r->a0);
		return 0;
	case RK_SYS_TIME:
		return (long)rk_time_ns();
	case RK_SYS_GETPID:
		return p->pid;
	default:
		return -RK_ENOSYS;
	}
}

static void server_main(void *arg)
{
	struct rk_proc *p = arg;
	struct rk_sys_req r;

	while (!p->exited) {
		rk_sem_wait(&p->req, 0);
		while (rk_ring_try_pop(&p->rx, &r, sizeof(r))) {
			p->result = serve(p, &r);
			rk_sem_post(&p->done);
			if (p->exited)
				break;
		}
	}
}

static long sys_call(const struct rk_sys *sys, uint32_t op, uint64_t a0, uint64_t a1,
		     uint64_t a2)
{
	struct rk_proc *p = sys->kernel;
	struct rk_sys_req r = { .op = op, .a0 = a0, .a1 = a1, .a2 = a2 };

	if (rk_fiber_self() != p->fiber)
		return -RK_EPERM;
	while (!rk_ring_try_push(&p->ring, &r, sizeof(r)))
		rk_yield();
	rk_sem_post(&p->req);
	rk_sem_wait(&p->done, 0);
	if (p->exited)
		rk_fiber_exit();
	return p->result;
}

static void program_main(void *arg)
{
	struct rk_proc *p = arg;
	long (*entry)(const struct rk_sys *) = (long (*)(const struct rk_sys *))(uintptr_t)p->entry;
	long status = entry(&p->sys);

	sys_call(&p->sys, RK_SYS_EXIT, (uint64_t)status, 0, 0);
	rk_fiber_exit(); /* not reached */
}

/* --- Fault containment ----------------------------------------------------- */
/* The program whose fiber is running, if any. */
static struct rk_proc *running_proc(void)
{
	struct rk_fiber *self = rk_fiber_self();
	for (unsigned i = 0; i < RK_ARRAY_SIZE(procs); i++)
		if (procs[i].used && !procs[i].exited && procs[i].fiber == self)
			return &procs[i];
	return NULL;
}

bool rk_exec_fault(uintptr_t pc)
{
	/* An interrupt handler runs on the interrupted fiber: its faults are
	 * the kernel's, whoever it interrupted. */
	struct rk_proc *p = rk_in_irq() ? NULL : running_proc();
	uintptr_t base = p ? (uintptr_t)p->mem : 0;
	if (!p || pc < base || pc - base >= p->pages * RK_PAGE_SIZE)
		return false;
	printk("exec: %s (pid %u) faulted at offset %#lx of its image: ended with status %d; "
	       "the kernel runs on\n",
	       p->path, p->pid, (unsigned long)(pc - base), -RK_EFAULT);
	return true;
}

/* Entered by the trap return instead of the faulting instruction: the
 * program's own code never runs again; exit as if it had asked to. */
void rk_exec_fault_exit(void)
{
	struct rk_proc *p = running_proc();
	if (p)
		sys_call(&p->sys, RK_SYS_EXIT, (uint64_t)(int64_t)-RK_EFAULT, 0, 0);
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

/* --- exec --------------------------------------------------------------- */
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

static int spawn_locked(const char *path, struct rk_exec_info *info, struct rk_proc **out)
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
		.opts = RK_ELF_ALLOW_DYN,
	};
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
	uint64_t span = rk_elf_span_size(&img);
	size_t pages = (size_t)((span + RK_PAGE_SIZE - 1) / RK_PAGE_SIZE);
	void *mem = rk_page_alloc_aligned(pages, img.align > RK_PAGE_SIZE ? img.align : RK_PAGE_SIZE);
	if (!mem)
		return refuse(info, path, -RK_ENOMEM, "out of memory for the program");
	img.signature_ok = true; /* rk_sig_open accepted exactly img.file's bytes */
	struct rk_elf_loaded ld;
	if (rk_elf_load(&img, mem, pages * RK_PAGE_SIZE, (uintptr_t)mem, &ld)) {
		rk_page_free(mem, pages);
		return refuse(info, path, -RK_ENOEXEC, img.why);
	}

	/* 5. */
	if (arch_exec_pages((uintptr_t)mem, pages * RK_PAGE_SIZE, 1)) {
		rk_page_free(mem, pages);
		return refuse(info, path, -RK_ENOEXEC,
			      "this architecture cannot make loaded pages executable yet "
			      "(no arch_exec_pages)");
	}
	icache_sync((uintptr_t)mem, pages * RK_PAGE_SIZE);

	/* 6. */
	memset(p, 0, sizeof(*p));
	p->used = true;
	p->pid = next_pid++;
	size_t n = strlen(name); /* the verified name, not the caller's spelling */
	if (n >= sizeof(p->path))
		n = sizeof(p->path) - 1;
	memcpy(p->path, name, n);
	p->mem = mem;
	p->pages = pages;
	p->entry = ld.entry;
	p->id = rk_siphash_id(id_key(), payload, payload_len);
	rk_ring_init(&p->ring, &(struct rk_ring_config){ p->slots, sizeof(p->slots[0]), SLOTS, NULL });
	rk_ring_consumer_attach(&p->rx, &p->ring);
	rk_sem_init(&p->req, 0);
	rk_sem_init(&p->done, 0);
	p->sys = (struct rk_sys){ RK_SYS_ABI_VERSION, p->pid, sys_call, p };

	char fiber_name[16], kid[2 * sizeof(info->key_id) + 1];
	const char *base = basename_of(name);
	n = strlen(base);
	if (n > sizeof(fiber_name) - 1)
		n = sizeof(fiber_name) - 1;
	memcpy(fiber_name, base, n);
	fiber_name[n] = 0;
	p->server = rk_fiber_create("sysd", server_main, p, NULL);
	p->fiber = p->server ? rk_fiber_create(fiber_name, program_main, p, NULL) : NULL;
	if (!p->fiber) {
		/* The server is still blocked on its first request: end it. */
		if (p->server) {
			p->exited = true;
			rk_sem_post(&p->req);
			rk_fiber_join(p->server);
		}
		arch_exec_pages((uintptr_t)mem, pages * RK_PAGE_SIZE, 0);
		rk_page_free(mem, pages);
		p->used = false;
		return refuse(info, path, -RK_ENOMEM, "out of memory for the program's fibers");
	}
	info->pid = p->pid;
	info->id = p->id;
	info->base = (uintptr_t)mem;
	info->size = pages * RK_PAGE_SIZE;
	hex(kid, info->key_id, sizeof(info->key_id));
	printk("exec: %s id %016llx signed by key %s pid %u (%llu bytes at 0x%llx)\n", name,
	       (unsigned long long)p->id, kid, p->pid, (unsigned long long)info->size,
	       (unsigned long long)info->base);
	*out = p;
	return 0;
}

int rk_exec_spawn(const char *path, struct rk_exec_info *info, struct rk_proc **proc)
{
	rk_mutex_lock(&exec_lock);
	int err = spawn_locked(path, info, proc);
	rk_mutex_unlock(&exec_lock);
	return err;
}

int rk_exec_wait(struct rk_proc *p, int *status)
{
	if (!p || p < procs || p >= procs + CONFIG_EXEC_MAX_PROCS || !p->used)
		return -RK_EINVAL;
	rk_fiber_join(p->fiber);
	rk_fiber_join(p->server);
	arch_exec_pages((uintptr_t)p->mem, p->pages * RK_PAGE_SIZE, 0);
	rk_page_free(p->mem, p->pages);
	if (status)
		*status = p->status;
	p->used = false;
	return 0;
}

int rk_exec(const char *path, struct rk_exec_info *info, int *status)
{
	struct rk_proc *p;
	int err = rk_exec_spawn(path, info, &p);

	return err ? err : rk_exec_wait(p, status);
}

void rk_exec_foreach(void (*fn)(unsigned pid, const char *path, uint64_t id, void *arg),
		     void *arg)
{
	for (unsigned i = 0; i < CONFIG_EXEC_MAX_PROCS; i++)
		if (procs[i].used)
			fn(procs[i].pid, procs[i].path, procs[i].id, arg);
}
