# Rumpk front end. Configuration lives in build/<config>/.config (Kconfig),
# the build itself is CMake + Ninja in the same directory. `make help` lists
# the targets.
#
# The current configuration is the one named by the last `make <name>_defconfig`
# (kept in build/.current), or CONFIG=<name> on the command line.

TOP := $(abspath $(dir $(lastword $(MAKEFILE_LIST))))
PY := /usr/bin/python3
BUILD ?= build
DEFAULT_CONFIG := hello_qemu-virt-riscv64

override BUILD := $(abspath $(BUILD))
CURRENT := $(shell cat $(BUILD)/.current 2>/dev/null)
GOAL_DEFCONFIG := $(patsubst %_defconfig,%,$(filter %_defconfig,$(MAKECMDGOALS)))
CONFIG ?= $(or $(lastword $(GOAL_DEFCONFIG)),$(CURRENT),$(DEFAULT_CONFIG))
O := $(BUILD)/$(CONFIG)

# CONFIG_X=value given on the make command line go to Kconfig as well.
CMDLINE_SYMS := $(foreach v,$(filter CONFIG_%,$(.VARIABLES)),$(if $(filter command line,$(origin $(v))),$(v)=$($(v))))
# Extra Kconfig fragments merged after the defconfig: EXTRA_CONF="a.conf b.conf"
FRAGMENT_ARGS := $(foreach f,$(EXTRA_CONF),-f $(abspath $(f)))

KCONFIG := $(PY) $(TOP)/scripts/kconfig.py
NINJA_FLAGS := $(if $(V),-v,)
DEPS := $(TOP)/scripts/install-deps.sh
RUN := $(PY) $(TOP)/scripts/rk-qemu.py
BOOT ?= direct

.DEFAULT_GOAL := all
.PHONY: all build run debug test bench bench-net soak menuconfig guiconfig savedefconfig \
	olddefconfig list-defconfigs size-report help clean distclean deps \
	configure disk

help:
	@echo 'Rumpk — build one application and the kernel parts it needs into one image.'
	@echo ''
	@echo 'Configuration (current: $(CONFIG), build dir: $(O))'
	@echo '  <name>_defconfig   configure from configs/<name>_defconfig (see list-defconfigs)'
	@echo '  menuconfig         edit the current configuration (text UI)'
	@echo '  guiconfig          edit the current configuration (Tk UI)'
	@echo '  olddefconfig       refresh the configuration after Kconfig changes'
	@echo '  savedefconfig      write a minimal defconfig to $(O)/defconfig'
	@echo '  list-defconfigs    list the configurations in configs/'
	@echo ''
	@echo 'Build and run'
	@echo '  all (default)      build $(O)/rumpk.elf and the boot images'
	@echo '  run                build, then boot the image in QEMU (exit status = app status)'
	@echo '  debug              boot in QEMU stopped at entry, with gdb attached'
	@echo '  disk               SD-card image disk.img (MBR + FAT: Image, FIT, boot.scr)'
	@echo '  size-report        section and symbol sizes of the image'
	@echo '  clean              remove the build directory of the current configuration'
	@echo '  distclean          remove all of build/'
	@echo ''
	@echo 'Tests and benchmarks'
	@echo '  test               host unit tests + build and boot every defconfig (ctest)'
	@echo '  bench              print performance figures (see bench/)'
	@echo '  bench-net          HTTP requests/s and latency of httpd per arch (wrk; bench/net.py)'
	@echo '  soak               httpd and echo under load and attack for MINUTES (default 10)'
	@echo '                     on ARCH (riscv64, aarch64, x86_64; default riscv64); fails if'
	@echo '                     memory, fibers or connections do not return (test/net/soak.py)'
	@echo ''
	@echo 'Variables'
	@echo '  CONFIG=<name>      use build/<name> instead of the current configuration'
	@echo '  BOOT=<flow>        how run/debug boot: direct (default); riscv64: opensbi,'
	@echo '                     opensbi-dynamic, uboot, uboot-fit; aarch64: uboot, uboot-fit'
	@echo '                     (qemu.json lists a build'"'"'s flows; docs/boot.md)'
	@echo '  CONFIG_X=value     set a Kconfig symbol (with <name>_defconfig)'
	@echo '  EXTRA_CONF="f..."  merge Kconfig fragments after the defconfig'
	@echo '  V=1                show full compiler command lines'
	@echo '  RUMPK_NO_INSTALL=1 do not install missing Debian packages'

deps:
	@bash $(DEPS)

list-defconfigs:
	@cd $(TOP)/configs && ls *_defconfig

%_defconfig: deps
	@test -f $(TOP)/configs/$@ || { echo "make: configs/$@ does not exist; 'make list-defconfigs' lists them" >&2; exit 1; }
	@$(KCONFIG) --defconfig $(TOP)/configs/$@ $(FRAGMENT_ARGS) -o $(BUILD)/$* $(CMDLINE_SYMS)
	@echo $* > $(BUILD)/.current
	@echo "make: configured $* in $(BUILD)/$*; now run 'make' or 'make run'"

# Refresh autoconf.h/config.cmake from .config (no-op when nothing changed),
# configuring from the defconfig of the same name the first time.
configure: $(if $(GOAL_DEFCONFIG),$(CONFIG)_defconfig)
	@if [ ! -f $(O)/.config ]; then \
	  if [ -f $(TOP)/configs/$(CONFIG)_defconfig ]; then \
	    $(KCONFIG) --defconfig $(TOP)/configs/$(CONFIG)_defconfig $(FRAGMENT_ARGS) -o $(O) $(CMDLINE_SYMS) || exit 1; \
	  else \
	    echo "make: $(O)/.config missing and no configs/$(CONFIG)_defconfig; run 'make <name>_defconfig'" >&2; exit 1; \
	  fi; \
	elif [ -n "$(CMDLINE_SYMS)$(FRAGMENT_ARGS)" ] || [ $(O)/.config -nt $(O)/config.cmake ]; then \
	  $(KCONFIG) --old $(FRAGMENT_ARGS) -o $(O) $(CMDLINE_SYMS) || exit 1; \
	fi
	@# A different compiler needs a fresh CMake cache.
	@sig=$$(grep -E '^CONFIG_(ARCH|TOOLCHAIN_[A-Z]+|CROSS_COMPILE)=' $(O)/.config); \
	if [ "$$sig" != "$$(cat $(O)/.toolchain 2>/dev/null)" ]; then \
	  rm -rf $(O)/CMakeCache.txt $(O)/CMakeFiles; echo "$$sig" > $(O)/.toolchain; fi
	@test -f $(O)/build.ninja || cmake -S $(TOP) -B $(O) -G Ninja -Wno-dev >/dev/null

all build: configure
	@ninja -C $(O) $(NINJA_FLAGS)

menuconfig guiconfig: configure
	@KCONFIG_CONFIG=$(O)/.config srctree=$(TOP) $(PY) -m $@ $(TOP)/Kconfig
	@$(KCONFIG) --old -o $(O)

olddefconfig: configure
	@$(KCONFIG) --old -o $(O)

savedefconfig: configure
	@$(KCONFIG) --savedefconfig $(O)/defconfig -o $(O)
	@echo "make: minimal defconfig in $(O)/defconfig (copy it to configs/<name>_defconfig)"

disk: all
	@ninja -C $(O) $(NINJA_FLAGS) disk

# The U-Boot flows boot from the disk image.
run debug: $(if $(filter uboot%,$(BOOT)),disk)

run: deps all
	@$(RUN) $(O) --boot $(BOOT)

debug: deps all
	@$(RUN) $(O) --boot $(BOOT) --gdb

size-report: all
	@$(PY) $(TOP)/scripts/size-report.py $(O)

test: deps
	@cmake -S $(TOP)/test -B $(BUILD)/tests -G Ninja -Wno-dev >/dev/null
	@ninja -C $(BUILD)/tests $(NINJA_FLAGS)
	@cd $(BUILD)/tests && ctest --output-on-failure -j$$(nproc) --output-junit $(BUILD)/tests/junit.xml $(if $(T),-R '$(T)',)

bench: deps
	@$(PY) $(TOP)/bench/run.py $(BUILD)/bench

bench-net: deps
	@$(PY) $(TOP)/bench/net.py $(BUILD)/bench-net

# Not part of `make test`: it runs for minutes by design.
soak: deps
	@$(PY) $(TOP)/test/net/soak.py $(BUILD)/soak --minutes $(or $(MINUTES),10) --arch $(or $(ARCH),riscv64)

clean:
	rm -rf $(O)

distclean:
	rm -rf $(BUILD)
