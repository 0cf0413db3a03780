#!/usr/bin/env bash
# SPDX-License-Identifier: BSD-2-Clause
# Install the Debian packages Rumpk builds and tests with, only when missing.
# Called by `make run`, `make test` and .ci/run so that a fresh Debian machine
# needs nothing but this repository. Set RUMPK_NO_INSTALL=1 to skip.
# --list prints the packages, one a line, and installs nothing.
set -euo pipefail

# python3-tk: Tk for `make guiconfig` (Kconfiglib's guiconfig imports tkinter).
# u-boot-rpi:arm64: U-Boot for the Raspberry Pi (rpi_arm64, the raspi3b
# U-Boot boot flow); Debian builds it for arm64 only, so that architecture
# is added to dpkg as a foreign one (multiarch) before it is installed.
# picolibc-*: the C library signed programs build against on riscv64 and
# aarch64 (Debian ships none for x86_64). iproute2: `ip netns` and tap
# devices for bench-net's tap backend. ccache: `make test` shares compiled
# objects between its test images (scripts/cmake/fixdep.cmake).
PKGS=(
  make cmake ninja-build python3-kconfiglib python3-tk
  gcc gcc-riscv64-linux-gnu gcc-aarch64-linux-gnu clang lld libclang-rt-14-dev libsodium23
  qemu-system-misc qemu-system-arm qemu-system-x86
  opensbi u-boot-qemu u-boot-tools device-tree-compiler
  mtools dosfstools e2fsprogs curl wrk hyperfine gdb-multiarch
  u-boot-rpi:arm64 picolibc-riscv64-unknown-elf picolibc-aarch64-linux-gnu iproute2 ccache
)

if [ "${1:-}" = --list ]; then
  printf '%s\n' "${PKGS[@]}"
  exit 0
fi
[ "${RUMPK_NO_INSTALL:-0}" = 1 ] && exit 0

missing=()
for p in "${PKGS[@]}"; do
  dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed" || missing+=("$p")
done
[ ${#missing[@]} -eq 0 ] && exit 0

SUDO=
[ "$(id -u)" -ne 0 ] && SUDO=sudo
echo "rumpk: installing missing packages: ${missing[*]}"
if [[ " ${missing[*]} " == *":arm64 "* ]] && ! dpkg --print-foreign-architectures | grep -qx arm64; then
  $SUDO dpkg --add-architecture arm64
fi
$SUDO apt-get update -qq
$SUDO env DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
echo "rumpk: packages installed"
