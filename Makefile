# SPDX-License-Identifier: BSD-2-Clause
# Rumpk front end. Configuration lives in <build dir>/.config (Kconfig),
# the build itself is CMake + Ninja in the same directory. `make help` lists
# the targets.
#
# What is built is a board (configs/boards/) and an app (apps/<name>, or a
# directory anywhere): make BOARD=<board> APP=<app>, or a saved combination
# make <name>_defconfig (scripts/catalog.py resolves the names).
# The build directory is O=<dir> when given (as with Linux's make O= and
# Zephyr's west build -d), else BUILD/<config>: BUILD (default build/) holds
# one directory per configuration, named <app or test case>_<board> after
# the final configuration, the test and benchmark builds, and .current, the
# name of the last one configured. CONFIG=<name> picks another of them.

TOP := $(abspath $(dir $(lastword $(MAKEFILE_LIST))))
PY := /usr/bin/python3
BUILD ?= build
DEFAULT_CONFIG := hello_qemu-virt-riscv64

override BUILD := $(abspath $(BUILD))
CURRENT := $(shell cat $(BUILD)/.current 2>/dev/null)
GOAL_DEFCONFIG := $(patsubst %_defconfig,%,$(filter %_defconfig,$(MAKECMDGOALS)))
CONFIG ?= $(or $(lastword $(GOAL_DEFCONFIG)),$(CURRENT),$(DEFAULT_CONFIG))
ifeq ($(origin O),command line)
override O := $(abspath $(O))
O_GIVEN := 1
else
O := $(BUILD)/$(CONFIG)
O_GIVEN :=
endif
# Which defconfig a build directory without a .config starts from: one
# named on this command line, else (only without O=) the current one.
START_CONFIG := $(if $(GOAL_DEFCONFIG)$(filter command line,$(origin CONFIG))$(if $(O_GIVEN),,1),$(CONFIG))

# CONFIG_X=value given on the make command line go to Kconfig as well, in
# the order typed: make keeps command-line variables newest first in
# $(MAKEOVERRIDES) (values with spaces are backslash-escaped there, which
# only splits the value; the name comes first).
reverse = $(if $(1),$(call reverse,$(wordlist 2,$(words $(1)),$(1))) $(firstword $(1)))
uniq = $(if $(1),$(firstword $(1)) $(call uniq,$(filter-out $(firstword $(1)),$(1))))
CMDLINE_NAMES := $(call uniq,$(foreach w,$(call reverse,$(MAKEOVERRIDES)),$(foreach n,$(firstword $(subst =, ,$(w))),$(if $(filter command line,$(origin $(n))),$(filter CONFIG_%,$(n))))))
CMDLINE_SYMS := $(foreach v,$(CMDLINE_NAMES),'$(v)=$(subst ','\'',$($(v)))')
# Extra Kconfig fragments merged after the defconfig: EXTRA_CONF="a.conf b.conf"
FRAGMENT_ARGS := $(foreach f,$(EXTRA_CONF),-f $(abspath $(f)))
# Choosing what to build: BOARD= and/or APP=, or <name>_defconfig. The
# directory is known only once scripts/kconfig.py has merged (it is named
# after the final configuration), so the other goals then run in a second
# make (RK_SELECTED=1), which must not apply the command line again.
SELECT := $(if $(RK_SELECTED),,$(filter command line,$(origin BOARD) $(origin APP))$(GOAL_DEFCONFIG))
ifneq ($(RK_SELECTED),)
CMDLINE_SYMS :=
FRAGMENT_ARGS :=
endif

KCONFIG := $(PY) $(TOP)/scripts/kconfig.py
NINJA_FLAGS := $(if $(V),-v,)
DEPS := $(TOP)/scripts/install-deps.sh
RUN := $(PY) $(TOP)/scripts/rk-qemu.py
BOOT ?= direct

.DEFAULT_GOAL := all
.PHONY: all build run debug console test bench bench-net soak menuconfig guiconfig savedefconfig \
	olddefconfig list-defconfigs list-boards list-apps size-report help clean distclean deps \
	configure disk select

deps:
	@bash $(DEPS)

ifneq ($(SELECT),)
# --- BOARD=/APP=/<name>_defconfig: configure, then the other goals ---------
ifneq ($(GOAL_DEFCONFIG),)
ifneq ($(filter command line,$(origin BOARD) $(origin APP)),)
$(error give either <name>_defconfig or BOARD=/APP=, not both)
endif
endif
SELECT_ARGS := $(if $(GOAL_DEFCONFIG),--combination $(lastword $(GOAL_DEFCONFIG)),--fallback $(O) \
	$(if $(BOARD),--board '$(BOARD)') $(if $(APP),--app '$(APP)'))
SELECT_GOALS := $(if $(MAKECMDGOALS),$(filter-out %_defconfig,$(MAKECMDGOALS)),all)
.DEFAULT_GOAL := select
ifneq ($(MAKECMDGOALS),)
$(MAKECMDGOALS): select ; @:
endif
select: deps
	@+set -e; rec=$$(mktemp); trap 'rm -f "$$rec"' EXIT; \
	$(KCONFIG) $(SELECT_ARGS) $(FRAGMENT_ARGS) $(if $(O_GIVEN),-o $(O),--build-root $(BUILD)) \
	  --record "$$rec" $(CMDLINE_SYMS); \
	name=$$(cat "$$rec"); \
	$(if $(O_GIVEN),dir=$(O),dir=$(BUILD)/$$name; echo "$$name" > $(BUILD)/.current); \
	$(if $(SELECT_GOALS),$(MAKE) --no-print-directory RK_SELECTED=1 BOARD= APP= \
	  $(if $(O_GIVEN),,CONFIG=$$name) $(SELECT_GOALS),\
	echo "make: configured $$dir; now run 'make$(if $(O_GIVEN), O=$(O))' or 'make$(if $(O_GIVEN), O=$(O)) run'")

else
# --- Everything else, on the build directory $(O) ---------------------------

help:
	@echo 'Rumpk — build one application and the kernel parts it needs into one image.'
	@echo ''
	@echo 'Configuration (current: $(if $(O_GIVEN),the one in O=,$(CONFIG)), build dir: $(O))'
	@echo '  BOARD=<board> APP=<app>'
	@echo '                     configure APP for BOARD into BUILD/<app>_<board> (named after'
	@echo '                     the final configuration), then build it or run the goals given;'
	@echo '                     APP is a name under apps/ or a path to an app directory'
	@echo '                     anywhere (docs/app-guide.md); either alone keeps the other'
	@echo '  list-boards        the boards (configs/boards/), one line each'
	@echo '  list-apps          the apps (apps/), one line each'
	@echo '  <name>_defconfig   configure a saved combination: <app or test case>_<board>'
	@echo '                     (an app'"'"'s app.desc) or configs/<name>_defconfig'
	@echo '  menuconfig         edit the current configuration (text UI)'
	@echo '  guiconfig          edit the current configuration (Tk UI, python3-tk)'
	@echo '  olddefconfig       refresh the configuration after Kconfig changes'
	@echo '  savedefconfig      write a minimal defconfig to $(O)/defconfig'
	@echo '  list-defconfigs    list the saved combinations'
	@echo ''
	@echo 'Build and run'
	@echo '  all (default)      build $(O)/rumpk.elf and the boot images'
	@echo '  run                build, then boot the image in QEMU; make exits 0 when the'
	@echo '                     app'"'"'s status is 0, else 2 after "Error <status>"'
	@echo '  debug              boot in QEMU under gdb, stopped at the kernel entry (_start);'
	@echo '                     the guest console is apart: make console, or console.log'
	@echo '  console            attach this terminal to the console of a running make debug'
	@echo '  disk               SD-card image disk.img (MBR + FAT: Image, FIT, boot.scr)'
	@echo '  size-report        section and symbol sizes of the image; for a hello, the'
	@echo '                     hello of every board of its arch too (built in BUILD/size-report)'
	@echo '  clean              remove the build directory $(O)'
	@echo '  distclean          remove all of $(BUILD)'
	@echo ''
	@echo 'Tests and benchmarks'
	@echo '  test               host unit tests + build and boot the matrix: every test case of'
	@echo '                     every app on its boards (apps/*/app.desc), T=<regex> for some'
	@echo '  bench              print performance figures (see bench/)'
	@echo '                     VS=linux: + boot time and smallest -m against a Debian Linux microVM; ARCH= RUNS='
	@echo '  bench-net          httpd per arch: req/s, latency, host CPU at idle, 1k, 10k req/s, saturation (bench/net.py)'
	@echo '                     VS=linux: the same against a Debian Linux microVM, with ratios (docs/performance.md)'
	@echo '                     ARCH=x86_64,riscv64 LOADS=idle,1k,10k,sat,warm DURATION=10 REPEAT=1'
	@echo '                     NET=slirp,tap: QEMU user network, and a tap in a namespace made'
	@echo '                     for the run (skipped with the reason where it cannot be made);'
	@echo '                     KVM=1 runs x86_64 under KVM (default TCG, as make bench)'
	@echo '                     SMP=1: riscv64 httpd at -smp 2, CPU 1 idle vs. saturated by a'
	@echo '                     burner fiber (lwIP stays on CPU 0), and the ratios (docs/smp.md)'
	@echo '  soak               httpd and echo under load and attack for MINUTES (default 10)'
	@echo '                     on ARCH (riscv64, aarch64, x86_64; default riscv64); fails if'
	@echo '                     memory, fibers or connections do not return (test/net/soak.py)'
	@echo ''
	@echo 'Variables'
	@echo '  O=<dir>            the build directory of this build (configure it there with'
	@echo '                     make O=<dir> <name>_defconfig); default BUILD/<config>'
	@echo '  BUILD=<dir>        where build directories go (default build/): one per'
	@echo '                     configuration, tests/, bench/, and .current'
	@echo '  CONFIG=<name>      use BUILD/<name> instead of the current configuration'
	@echo '  BOOT=<flow>        how run/debug boot: direct (default); riscv64: opensbi,'
	@echo '                     opensbi-dynamic, opensbi-quiet (virt), uboot, uboot-fit;'
	@echo '                     aarch64: uboot, uboot-fit (qemu.json lists a build'"'"'s flows;'
	@echo '                     docs/boot.md)'
	@echo '  HOSTPORT=<port>    host port for a server'"'"'s forward (httpd: 8080, echo: 8007'
	@echo '                     by default, or the next free one)'
	@echo '  KVM=1              run x86_64 under KVM (needs /dev/kvm)'
	@echo '  GDB_BATCH=<file>   debug: gdb in batch mode, these commands after the stop at entry'
	@echo '  CONFIG_X=value     set a Kconfig symbol; several apply in the order typed'
	@echo '  EXTRA_CONF="f..."  merge Kconfig fragments after the board'"'"'s and the app'"'"'s'
	@echo '  V=1                show full compiler command lines'
	@echo '  RUMPK_NO_INSTALL=1 do not install missing Debian packages'

list-defconfigs:
	@$(PY) $(TOP)/scripts/catalog.py list-combinations

list-boards:
	@$(PY) $(TOP)/scripts/catalog.py list-boards

list-apps:
	@$(PY) $(TOP)/scripts/catalog.py list-apps

# Refresh autoconf.h/config.cmake from .config (no-op when nothing changed),
# configuring from the saved combination of the same name the first time.
configure:
	@if [ ! -f $(O)/.config ]; then \
	  if [ -z "$(START_CONFIG)" ]; then \
	    echo "make: $(O) has no .config; configure it first: make O=$(O) <name>_defconfig or make O=$(O) BOARD=<board> APP=<app>" >&2; exit 1; \
	  else \
	    $(KCONFIG) --combination $(START_CONFIG) $(FRAGMENT_ARGS) -o $(O) $(CMDLINE_SYMS) || exit 1; \
	  fi; \
	elif $(if $(CMDLINE_SYMS)$(FRAGMENT_ARGS),true,false) || [ $(O)/.config -nt $(O)/config.cmake ]; then \
	  $(KCONFIG) --old $(FRAGMENT_ARGS) -o $(O) $(CMDLINE_SYMS) || exit 1; \
	fi
	@# A different compiler needs a fresh CMake cache.
	@sig=$$(grep -E '^CONFIG_(ARCH|TOOLCHAIN_[A-Z]+|CROSS_COMPILE)=' $(O)/.config); \
	if [ "$$sig" != "$$(cat $(O)/.toolchain 2>/dev/null)" ]; then \
	  rm -rf $(O)/CMakeCache.txt $(O)/CMakeFiles; echo "$$sig" > $(O)/.toolchain; fi
	@test -f $(O)/build.ninja || cmake -S $(TOP) -B $(O) -G Ninja -Wno-dev >/dev/null

all build: configure
	@ninja -C $(O) $(NINJA_FLAGS)

# The editors run through kconfig.py, which tells Kconfig the app first.
menuconfig: configure
	@$(KCONFIG) --ui menuconfig -o $(O)
	@$(KCONFIG) --old -o $(O)

guiconfig: deps configure
	@$(PY) -c 'import tkinter' 2>/dev/null || { echo "make: guiconfig needs Tk for Python 3: install Debian's python3-tk ('apt-get install python3-tk'; scripts/install-deps.sh installs it unless RUMPK_NO_INSTALL=1), or use 'make menuconfig'" >&2; exit 1; }
	@$(KCONFIG) --ui guiconfig -o $(O)
	@$(KCONFIG) --old -o $(O)

olddefconfig: configure
	@$(KCONFIG) --old -o $(O)

savedefconfig: configure
	@$(KCONFIG) --savedefconfig $(O)/defconfig -o $(O)
	@echo "make: minimal defconfig in $(O)/defconfig, naming its app (copy it to configs/<name>_defconfig to keep it as a saved combination)"

disk: all
	@ninja -C $(O) $(NINJA_FLAGS) disk

# run and debug check BOOT= (and KVM=1) against the build before building
# anything: CMake writes qemu.json, and rk-qemu.py --targets names what the
# flow needs (the disk image for U-Boot) or says which flows there are.
# make can only exit 0, 1 or 2: an app status N other than 0 shows as
# "Error N" and make exits 2; scripts/rk-qemu.py exits with N itself.
RUN_ARGS := --boot $(BOOT) $(if $(filter 1 y yes,$(KVM)),--kvm) $(if $(HOSTPORT),--hostport $(HOSTPORT))
GDB_ARGS := $(if $(GDB_BATCH),--gdb-batch $(abspath $(GDB_BATCH)))
define prepare_run
	@out=$$(ninja -C $(O) --quiet build.ninja) || { echo "$$out"; exit 1; }
	@targets=$$($(RUN) $(O) $(RUN_ARGS) --targets) && ninja -C $(O) $(NINJA_FLAGS) $$targets
endef

run: deps configure
	$(prepare_run)
	@$(RUN) $(O) $(RUN_ARGS)

debug: deps configure
	$(prepare_run)
	@$(RUN) $(O) $(RUN_ARGS) --gdb $(GDB_ARGS)

console:
	@$(RUN) $(O) --console

size-report: all
	@$(PY) $(TOP)/scripts/size-report.py $(O) --build $(BUILD)/size-report

# Two ctest slots per core; test/CMakeLists.txt (Scheduling) says how many
# slots each kind of test takes.
test: deps
	@cores=$$(nproc); \
	cmake -S $(TOP)/test -B $(BUILD)/tests -G Ninja -Wno-dev -DRK_TEST_CORES=$$cores >/dev/null && \
	ninja -C $(BUILD)/tests $(NINJA_FLAGS) && \
	cd $(BUILD)/tests && RUMPK_CCACHE=$(BUILD)/tests/ccache ctest --output-on-failure -j$$((2 * cores)) \
	  --output-junit $(BUILD)/tests/junit.xml $(if $(T),-R '$(T)',)

bench: deps
	@$(PY) $(TOP)/bench/run.py $(BUILD)/bench $(if $(ARCH),--arch $(ARCH)) \
		$(if $(VS),--vs $(VS)) $(if $(SERVER),--server $(SERVER)) $(if $(RUNS),--runs $(RUNS))

bench-net: deps
	@$(PY) $(TOP)/bench/net.py $(BUILD)/bench-net $(if $(ARCH),--arch $(ARCH)) \
		$(if $(LOADS),--loads $(LOADS)) $(if $(DURATION),--duration $(DURATION)) \
		$(if $(REPEAT),--repeat $(REPEAT)) $(if $(VS),--vs $(VS)) $(if $(SERVER),--server $(SERVER)) \
		$(if $(NET),--net $(NET)) $(if $(filter 1 y yes,$(KVM)),--kvm) \
		$(if $(filter 1 y yes,$(SMP)),--smp)

# Not part of `make test`: it runs for minutes by design.
soak: deps
	@$(PY) $(TOP)/test/net/soak.py $(BUILD)/soak --minutes $(or $(MINUTES),10) --arch $(or $(ARCH),riscv64)

clean:
	rm -rf $(O)

distclean:
	rm -rf $(BUILD)

endif # SELECT
