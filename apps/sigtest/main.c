/* SPDX-License-Identifier: BSD-2-Clause */
/* sigtest: refusals without a shell. Mounts malformed tar archives made at
 * build time (mkbad.py) and checks that each is refused with a reason and
 * that the kernel carries on: a good archive mounts afterwards, and from the
 * initrd of the boot (the boot loader's, else the built-in one, see
 * rk_initrd_mount) the signed program runs, under any spelling of its path,
 * while its damaged, untrusted, truncated, renamed, old-format and unsigned
 * variants are refused. Exit status: failures. */
#include <stdbool.h>
#include <string.h>
#include <rumpk/exec.h>
#include <rumpk/printk.h>
#include <rumpk/vfs.h>

#define TAR(k) extern const unsigned char sigtest_tar_##k[], sigtest_tar_##k##_end[];
TAR(good) TAR(checksum) TAR(size) TAR(overrun) TAR(truncated) TAR(noend) TAR(dotdot)
#define ENTRY(k) { #k, sigtest_tar_##k, sigtest_tar_##k##_end }

static const struct {
	const char *name;
	const unsigned char *start, *end;
} bad[] = { ENTRY(checksum), ENTRY(size), ENTRY(overrun), ENTRY(truncated), ENTRY(noend),
	    ENTRY(dotdot) };

static int failures;

static void check(bool ok, const char *what)
{
	if (!ok) {
		failures++;
		printk("sigtest: FAIL: %s\n", what);
	}
}

#if defined(CONFIG_INITRD_BUILTIN) || defined(CONFIG_INITRD_BOOTLOADER)
static void expect_exec(const char *path, bool runs, int want_status)
{
	struct rk_exec_info info;
	int status = -1;
	int err = rk_exec(path, NULL, &info, &status);

	check(runs ? !err && status == want_status : err != 0, path);
	if (err)
		printk("sigtest: %s refused: %s\n", path, info.why);
	else
		printk("sigtest: %s ran, status %d\n", path, status);
}
#endif

int main(int argc, char *argv[])
{
	for (unsigned i = 0; i < sizeof(bad) / sizeof(bad[0]); i++) {
		int err = rk_vfs_mount_tar(bad[i].start, (size_t)(bad[i].end - bad[i].start));
		check(err != 0 && !rk_vfs_info()->mounted, bad[i].name);
		if (!err)
			rk_vfs_unmount();
		printk("sigtest: malformed tar '%s' refused (%d): %s\n", bad[i].name, err,
		       rk_vfs_reason());
	}
	int err = rk_vfs_mount_tar(sigtest_tar_good, (size_t)(sigtest_tar_good_end - sigtest_tar_good));
	check(err == 0, "good archive mounts after the refusals");
	struct rk_vfs_stat st;
	check(err == 0 && rk_vfs_stat("etc/motd", &st) == 0 && st.size == 6, "etc/motd");
	printk("sigtest: good archive mounted: %u files\n", rk_vfs_info()->files);
	rk_vfs_unmount();

	/* The initrd of the boot (the boot loader's, else the built-in one):
	 * its signed program must run and every variant be refused. An image
	 * built with neither has nothing to run. */
#if defined(CONFIG_INITRD_BUILTIN) || defined(CONFIG_INITRD_BOOTLOADER)
	err = rk_initrd_mount();
	check(err == 0, "an initrd mounts");
	if (err == 0) {
		expect_exec("/bin/hello-flipped", false, 0);
		expect_exec("/bin/hello-wrongkey", false, 0);
		expect_exec("/bin/hello-truncated", false, 0);
		expect_exec("/bin/hello-renamed", false, 0);
		expect_exec("/bin/hello-rksig1", false, 0);
		expect_exec("/bin/unsigned", false, 0);
		expect_exec("/README", false, 0);
		expect_exec("/bin", false, 0);
		expect_exec("/bin/hello", true, 42);
		/* The signed name is the canonical path, however it is spelt. */
		expect_exec("bin/./../bin//hello", true, 42);
	}
#endif
	printk("sigtest: %d failures\n", failures);
	return failures;
}
