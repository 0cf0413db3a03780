/* SPDX-License-Identifier: BSD-2-Clause */
/* shell: an interactive command line on the console.
 *
 * Mounts the initrd (the boot loader's, else the built-in one) and reads commands
 * from the console with minimal line editing (backspace, Ctrl-U). Programs
 * run only through rk_exec, i.e. only when they are signed by a trusted
 * key. Input is polled: the UART drivers receive without interrupts. */
#ifdef CONFIG_NET_LWIP
#include <rumpk/net.h>
#endif
#include <stdbool.h>
#include <stdint.h>
#include <string.h>
#include <rumpk/console.h>
#include <rumpk/exec.h>
#include <rumpk/fiber.h>
#include <rumpk/mem.h>
#include <rumpk/printk.h>
#include <rumpk/smp.h>
#include <rumpk/time.h>
#include <rumpk/vfs.h>

#define MAX_ARGS 8
#define MAX_JOBS 4 /* spawned programs at once */
#define POLL_MS 2

static char line[CONFIG_SHELL_LINE_MAX + 1];
static bool done;
static int exit_status;

static void out(const char *s, size_t n)
{
	rk_console_write(s, n);
}

/* One line from the console, echoed; NULL never (it waits). */
static char *read_line(void)
{
	static bool last_cr;
	size_t n = 0;

	for (;;) {
		int c = rk_console_getc();
		if (c < 0) {
			rk_sleep_ms(POLL_MS);
			continue;
		}
		if (c == '\n' && last_cr) { /* the LF of a CR LF */
			last_cr = false;
			continue;
		}
		last_cr = c == '\r';
		if (c == '\r' || c == '\n') {
			out("\n", 1);
			line[n] = 0;
			return line;
		}
		if (c == 0x7f || c == '\b') {
			if (n) {
				n--;
				out("\b \b", 3);
			}
		} else if (c == 0x15) { /* Ctrl-U: kill the line */
			while (n) {
				n--;
				out("\b \b", 3);
			}
		} else if (c == 0x04 && n == 0) { /* Ctrl-D on an empty line */
			memcpy(line, "exit", 5);
			out("exit\n", 5);
			return line;
		} else if (c >= 0x20 && c < 0x7f) {
			if (n < CONFIG_SHELL_LINE_MAX) {
				line[n++] = (char)c;
				char ch = (char)c;
				out(&ch, 1);
			} else {
				out("\a", 1);
			}
		}
	}
}

static int split(char *s, char **argv)
{
	int argc = 0;

	while (*s && argc < MAX_ARGS) {
		while (*s == ' ' || *s == '\t')
			*s++ = 0;
		if (!*s)
			break;
		argv[argc++] = s;
		while (*s && *s != ' ' && *s != '\t')
			s++;
	}
	return argc;
}

static int parse_int(const char *s, int *v)
{
	int sign = 1, n = 0;

	if (*s == '-') {
		sign = -1;
		s++;
	}
	if (!*s)
		return -1;
	for (; *s; s++) {
		if (*s < '0' || *s > '9')
			return -1;
		n = n * 10 + (*s - '0');
	}
	*v = sign * n;
	return 0;
}

static const char *err_str(int err)
{
	switch (-err) {
	case RK_ENOENT: return "no such file or directory";
	case RK_ENOTDIR: return "not a directory";
	case RK_EISDIR: return "is a directory";
	case RK_ENODEV: return "no initrd mounted";
	case RK_EMFILE: return "too many open files";
	case RK_ENAMETOOLONG: return "path too long";
	default: return "error";
	}
}

/* --- Commands ------------------------------------------------------------ */
static void cmd_help(int argc, char **argv);

static void cmd_ls(int argc, char **argv)
{
	const char *path = argc > 1 ? argv[1] : "/";
	struct rk_vfs_stat st;
	struct rk_vfs_dir d;
	struct rk_vfs_dirent de;
	int err = rk_vfs_stat(path, &st);

	if (err) {
		printk("ls: %s: %s\n", path, err_str(err));
		return;
	}
	if (st.type == RK_VFS_FILE) {
		printk("-%03o %8llu %s\n", (unsigned)st.mode & 0777, (unsigned long long)st.size, path);
		return;
	}
	if ((err = rk_vfs_opendir(path, &d))) {
		printk("ls: %s: %s\n", path, err_str(err));
		return;
	}
	while (rk_vfs_readdir(&d, &de) > 0)
		printk("%c%03o %8llu %s%s\n", de.type == RK_VFS_DIR ? 'd' : '-',
		       (unsigned)de.mode & 0777, (unsigned long long)de.size, de.name,
		       de.type == RK_VFS_DIR ? "/" : "");
}

static void cmd_cat(int argc, char **argv)
{
	char buf[128];

	if (argc < 2) {
		printk("usage: cat FILE...\n");
		return;
	}
	for (int i = 1; i < argc; i++) {
		int fd = rk_vfs_open(argv[i]);
		if (fd < 0) {
			printk("cat: %s: %s\n", argv[i], err_str(fd));
			continue;
		}
		long n;
		while ((n = rk_vfs_read(fd, buf, sizeof(buf))) > 0)
			out(buf, (size_t)n);
		rk_vfs_close(fd);
	}
}

/* Start argv[1] with the words after it as its arguments; 0 with *p set,
 * or the refusal printed. Shared by exec and spawn. */
static int start(char **argv, struct rk_exec_info *info, struct rk_proc **p)
{
	const char *args[MAX_ARGS];
	/* Copied up to the NULL the parser leaves after the last word. The
	 * obvious loop over argc - 2 words is miscompiled by Clang 14 with
	 * -fstack-clash-protection on x86_64: shrink-wrapping tests argc
	 * before the prologue and reuses the flags after its sub. */
	size_t n = 0;
	for (char **a = argv + 2; *a; a++)
		args[n++] = *a;
	args[n] = NULL;
	/* rk_exec_spawn prints the provenance line or "exec: refusing PATH: why". */
	int err = rk_exec_spawn(argv[1], args, info, p);
	if (err)
		printk("shell: %s was not run: %s\n", argv[1], info->why);
	return err;
}

static void reap(struct rk_proc *p, const char *path, unsigned pid)
{
	int status;
	rk_exec_wait(p, &status);
	printk("shell: %s (pid %u) exited with status %d\n", path, pid, status);
}

static void cmd_exec(int argc, char **argv)
{
	struct rk_exec_info info;
	struct rk_proc *p;

	if (argc < 2) {
		printk("usage: exec PROGRAM [ARG...]\n");
		return;
	}
	if (!start(argv, &info, &p))
		reap(p, argv[1], info.pid);
}

/* Programs started by spawn, until wait collects them. */
static struct {
	struct rk_proc *p;
	unsigned pid;
	char path[48];
} jobs[MAX_JOBS];

static void cmd_spawn(int argc, char **argv)
{
	struct rk_exec_info info;
	unsigned i = 0;

	if (argc < 2) {
		printk("usage: spawn PROGRAM [ARG...]\n");
		return;
	}
	while (i < MAX_JOBS && jobs[i].p)
		i++;
	if (i == MAX_JOBS) {
		printk("spawn: %d programs running already; 'wait' for them\n", MAX_JOBS);
		return;
	}
	if (start(argv, &info, &jobs[i].p))
		return;
	jobs[i].pid = info.pid;
	rk_snprintf(jobs[i].path, sizeof(jobs[i].path), "%s", argv[1]);
	printk("shell: started %s (pid %u)\n", argv[1], info.pid);
}

static void cmd_wait(int argc, char **argv)
{
	int pid = -1;

	if (argc > 1 && parse_int(argv[1], &pid)) {
		printk("usage: wait [PID]\n");
		return;
	}
	for (unsigned i = 0; i < MAX_JOBS; i++)
		if (jobs[i].p && (pid < 0 || jobs[i].pid == (unsigned)pid)) {
			reap(jobs[i].p, jobs[i].path, jobs[i].pid);
			jobs[i].p = NULL;
		}
}

static const char *const state_names[] = { "ready", "running", "blocked", "dead" };

static void ps_fiber(const struct rk_fiber *f, void *arg)
{
	unsigned s = f->state;
	printk("%4u %-15s %-8s %4d %10llu %8llu\n", f->id, f->name,
	       s < 4 ? state_names[s] : "?", f->prio, (unsigned long long)f->switches,
	       (unsigned long long)(f->runtime_ns / 1000));
}

static void ps_prog(unsigned pid, const char *path, uint64_t id, void *arg)
{
	printk("pid %u %s id %016llx\n", pid, path, (unsigned long long)id);
}

static void cmd_ps(int argc, char **argv)
{
	printk("  ID NAME            STATE    PRIO   SWITCHES  RUN(us)\n");
	rk_fiber_foreach(ps_fiber, 0);
	rk_exec_foreach(ps_prog, 0);
}

static void cmd_mem(int argc, char **argv)
{
	struct rk_mem_stats st;

	rk_mem_stats(&st);
	printk("mem: ram %llu KiB, pages %llu total %llu free, heap %llu pages, "
	       "%llu bytes in use (peak %llu), %llu allocs %llu frees %llu failures\n",
	       (unsigned long long)(st.ram_bytes / 1024), (unsigned long long)st.pages_total,
	       (unsigned long long)st.pages_free, (unsigned long long)st.heap_pages,
	       (unsigned long long)st.heap_in_use, (unsigned long long)st.heap_peak,
	       (unsigned long long)st.heap_allocs, (unsigned long long)st.heap_frees,
	       (unsigned long long)st.heap_failures);
}

static void cmd_uptime(int argc, char **argv)
{
	uint64_t ns = rk_time_ns();
	printk("uptime: %llu.%03llu s\n", (unsigned long long)(ns / RK_NSEC_PER_SEC),
	       (unsigned long long)(ns % RK_NSEC_PER_SEC / RK_NSEC_PER_MSEC));
}

#ifdef CONFIG_SMP
/* Move the shell to another CPU: the programs it starts from then on run
 * there (a program runs on the CPU that started it). */
static void cmd_cpu(int argc, char **argv)
{
	int cpu;

	if (argc != 2 || parse_int(argv[1], &cpu) || cpu < 0) {
		printk("usage: cpu N\n");
		return;
	}
	if (rk_fiber_move((unsigned)cpu)) {
		printk("cpu: CPU %d is not online (%u CPUs)\n", cpu, rk_cpus_online());
		return;
	}
	printk("shell: on CPU %u\n", rk_cpu_id());
}
#endif

#ifdef CONFIG_NET_LWIP
static void cmd_net(int argc, char **argv)
{
	char ip[20];

	printk("net: interface %s\n", rk_net_netif() ? rk_net_ipv4_str(ip, sizeof(ip)) : "down");
	rk_net_stats_print();
}
#endif

static void cmd_exit(int argc, char **argv)
{
	exit_status = 0;
	if (argc > 1 && parse_int(argv[1], &exit_status)) {
		printk("usage: %s [STATUS]\n", argv[0]);
		return;
	}
	done = true;
}

static const struct {
	const char *name, *args, *help;
	void (*fn)(int, char **);
} cmds[] = {
	{ "help", "", "this list", cmd_help },
	{ "ls", "[DIR]", "list a directory of the initrd", cmd_ls },
	{ "cat", "FILE...", "print files", cmd_cat },
	{ "exec", "PROGRAM [ARG...]", "run a signed program with arguments and wait for it", cmd_exec },
	{ "spawn", "PROGRAM [ARG...]", "start a signed program and go on (several at once)", cmd_spawn },
	{ "wait", "[PID]", "wait for spawned programs (all, or one) and print their status", cmd_wait },
	{ "ps", "", "fibers and running programs", cmd_ps },
	{ "mem", "", "memory statistics", cmd_mem },
	{ "uptime", "", "time since boot", cmd_uptime },
#ifdef CONFIG_SMP
	{ "cpu", "N", "move the shell, and the programs it starts, to CPU N", cmd_cpu },
#endif
#ifdef CONFIG_NET_LWIP
	{ "net", "", "network address and I/O governor counters", cmd_net },
#endif
	{ "exit", "[STATUS]", "power off with STATUS (default 0)", cmd_exit },
	{ "poweroff", "[STATUS]", "same as exit", cmd_exit },
};

static void cmd_help(int argc, char **argv)
{
	for (unsigned i = 0; i < sizeof(cmds) / sizeof(cmds[0]); i++)
		printk("  %-8s %-9s %s\n", cmds[i].name, cmds[i].args, cmds[i].help);
}

int main(int argc, char *argv[])
{
	/* The boot loader's initrd if it passed one, else the built-in one;
	 * rk_initrd_mount says which (or why none). The shell runs either way. */
	rk_initrd_mount();
#ifdef CONFIG_NET_LWIP
	if (rk_net_init())
		printk("shell: no network: no usable network device\n");
#endif
	printk("shell: ready; 'help' lists the commands\n");
	while (!done) {
		out(CONFIG_SHELL_PROMPT, sizeof(CONFIG_SHELL_PROMPT) - 1);
		char *av[MAX_ARGS + 1];
		int ac = split(read_line(), av);
		av[ac] = NULL;
		if (!ac)
			continue;
		unsigned i;
		for (i = 0; i < sizeof(cmds) / sizeof(cmds[0]); i++)
			if (!strcmp(av[0], cmds[i].name))
				break;
		if (i == sizeof(cmds) / sizeof(cmds[0]))
			printk("%s: unknown command; 'help' lists them\n", av[0]);
		else
			cmds[i].fn(ac, av);
	}
	printk("shell: bye (status %d)\n", exit_status);
	return exit_status;
}
