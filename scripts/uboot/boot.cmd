# Rumpk boot script for U-Boot's distro boot (compiled into boot.scr by
# scripts/uboot/mkscr.py, i.e. mkimage -T script). Distro boot finds
# boot.scr in / or /boot/ of the first (or bootable) partition of each
# boot_targets device and sets devtype, devnum, distro_bootpart and prefix
# before it runs it. Names between at-signs are filled in at build time.
#
# Environment variables that change what it does (setenv, then saveenv on
# a board with a writable environment):
#   rumpk_format  image (default): booti @IMAGE@, the Linux-style Image;
#                 fit: bootm @FIT@, the FIT image, hashes checked
#   rumpk_fdt     address of the device tree to hand over; default U-Boot's
#                 own, ${fdtcontroladdr} (a FIT that carries one uses it)
# If the boot fails, the script returns and distro boot tries the next
# place, as for any other script.
#
# An initrd.tar next to the images (a build with CONFIG_INITRD_BOOTLOADER
# puts it on the disk) is loaded at ${ramdisk_addr_r} and handed over as
# <addr>:<size>; U-Boot then writes its range to the device tree's /chosen
# (linux,initrd-start/-end), where Rumpk finds it. Without it, "-".

if test -z "${rumpk_fdt}"; then setenv rumpk_fdt ${fdtcontroladdr}; fi
setenv rumpk_initrd -
if test -e ${devtype} ${devnum}:${distro_bootpart} ${prefix}initrd.tar; then
	if load ${devtype} ${devnum}:${distro_bootpart} ${ramdisk_addr_r} ${prefix}initrd.tar; then
		setenv rumpk_initrd ${ramdisk_addr_r}:${filesize}
		echo "rumpk: initrd ${prefix}initrd.tar at ${rumpk_initrd}"
	fi
fi
if test "${rumpk_format}" = "fit"; then
	echo "rumpk: bootm ${prefix}@FIT@ from ${devtype} ${devnum}:${distro_bootpart}"
	# bootm copies the kernel to its load address from the FIT.
	if load ${devtype} ${devnum}:${distro_bootpart} ${kernel_addr_r} ${prefix}@FIT@; then
		bootm ${kernel_addr_r}#conf-1 @FIT_FDT_ARGS@
	fi
else
	echo "rumpk: booti ${prefix}@IMAGE@ from ${devtype} ${devnum}:${distro_bootpart}"
	# booti moves the Image to RAM start + text_offset, where it is linked.
	if load ${devtype} ${devnum}:${distro_bootpart} ${kernel_addr_r} ${prefix}@IMAGE@; then
		booti ${kernel_addr_r} ${rumpk_initrd} ${rumpk_fdt}
	fi
fi
echo "rumpk: boot failed"
