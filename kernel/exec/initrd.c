/* SPDX-License-Identifier: BSD-2-Clause */
/* Which initrd gets mounted: the one the boot loader passed
 * (CONFIG_INITRD_BOOTLOADER), judged and reserved while the platform
 * describes memory, or else the one linked into the image
 * (CONFIG_INITRD_BUILTIN). See include/rumpk/exec.h and bootinfo.h. */
#include <stdbool.h>
#include <rumpk/bootinfo.h>
#include <rumpk/exec.h>
#include <rumpk/mem.h>
#include <rumpk/printk.h>
#include <rumpk/vfs.h>

#ifdef CONFIG_INITRD_BOOTLOADER
/* Every arch's link.ld.S defines these around text, data, bss and stack. */
extern char __image_start[], __image_end[];

static struct {
	bool found;
	uint64_t start, end;
	const char *source;
	const char *why; /* NULL: accepted and reserved */
} boot;

/* Why [start, end) cannot be the initrd, or NULL. Runs before the page
 * allocator exists, so RAM is what the platform has reported so far. */
static const char *judge(uint64_t start, uint64_t end)
{
	if (end < start)
		return "inverted range (end before start)";
	if (end == start)
		return "empty range";
	if (start > UINTPTR_MAX || !rk_mem_is_ram((uintptr_t)start, end - start))
		return "not inside RAM (or beyond the memory the kernel maps)";
	/* Reading it would be fine, but the boot loader has then written over
	 * the kernel (or will be read as if it had): trust neither. */
	if (start < (uintptr_t)__image_end && (uintptr_t)__image_start < end)
		return "overlaps the kernel image";
	return NULL;
}

void rk_boot_initrd_found(uint64_t start, uint64_t end, const char *source, const char *why)
{
	if (boot.found) {
		printk("initrd: ignoring a second initrd from %s (using the one from %s)\n", source,
		       boot.source);
		return;
	}
	boot.found = true;
	boot.start = start;
	boot.end = end;
	boot.source = source;
	boot.why = why ? why : judge(start, end);
	if (boot.why) {
		printk("initrd: refusing the boot loader's (%s, %#llx-%#llx): %s\n", source,
		       (unsigned long long)start, (unsigned long long)end, boot.why);
		return;
	}
	/* Mounted in place (zero-copy): its pages must never be handed out. */
	rk_mem_reserve((uintptr_t)start, end - start, "initrd");
}
#endif

int rk_boot_initrd(struct rk_boot_initrd *bi)
{
#ifdef CONFIG_INITRD_BOOTLOADER
	if (boot.found) {
		bi->data = (const void *)(uintptr_t)boot.start;
		bi->len = (size_t)(boot.end - boot.start);
		bi->source = boot.source;
		bi->why = boot.why;
		return boot.why ? -RK_EINVAL : 0;
	}
#endif
	bi->data = NULL;
	bi->len = 0;
	bi->source = NULL;
	bi->why = NULL;
	return -RK_ENOENT;
}

static void mounted(const char *which, const char *source, const void *data, size_t len)
{
	const struct rk_vfs_info *vi = rk_vfs_info();

	printk("initrd: mounted %s%s%s%s, %zu bytes at %p: %u files, %u directories\n", which,
	       source ? " (" : "", source ? source : "", source ? ")" : "", len, data, vi->files,
	       vi->dirs);
}

int rk_initrd_mount(void)
{
	int err = -RK_ENOENT;
	struct rk_boot_initrd bi;
	int berr = rk_boot_initrd(&bi);

	if (berr == 0) {
		err = rk_vfs_mount_tar(bi.data, bi.len);
		if (err == 0) {
			mounted("the boot loader's", bi.source, bi.data, bi.len);
			return 0;
		}
		printk("initrd: refusing the boot loader's (%s), %zu bytes: %s\n", bi.source, bi.len,
		       rk_vfs_reason());
	} else if (berr == -RK_EINVAL) {
		/* Said at boot already; again here, next to what happens instead. */
		printk("initrd: the boot loader's (%s) was refused: %s\n", bi.source, bi.why);
		err = berr;
	}
#ifdef CONFIG_INITRD_BUILTIN
	size_t len = (size_t)(rk_initrd_builtin_end - rk_initrd_builtin);
	int e = rk_vfs_mount_tar(rk_initrd_builtin, len);
	if (e == 0) {
		mounted("the built-in one", NULL, rk_initrd_builtin, len);
		return 0;
	}
	printk("initrd: refusing the built-in one, %zu bytes: %s\n", len, rk_vfs_reason());
	return e;
#else
	if (berr == -RK_ENOENT)
		printk("initrd: none: the boot loader passed none and none is built in\n");
	else
		printk("initrd: none mounted (no built-in one to fall back to)\n");
	return err;
#endif
}
