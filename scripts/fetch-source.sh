#!/usr/bin/env bash
# SPDX-License-Identifier: BSD-2-Clause
# fetch-source.sh [--as NAME] PACKAGE DESTDIR [PATH...]
# Unpack the upstream tarball of Debian source package PACKAGE into
# DESTDIR/PACKAGE (once; only the given paths inside it, when any are given).
# --as NAME unpacks into DESTDIR/NAME instead, so that another selection of
# paths from the same package (u-boot: libfdt, and the board device trees)
# gets its own tree while the download is shared.
# deb-src is enabled from the machine's own debian.sources, so no host name is
# written anywhere; `apt-get source --download-only` checks the checksums.
# Nothing fetched is ever committed: DESTDIR lives under build/.
set -euo pipefail
name=
if [ "${1:-}" = --as ]; then
  name=$2
  shift 2
fi
pkg=$1
dest=$2
shift 2
out="$dest/${name:-$pkg}"
[ -f "$out/.unpacked" ] && exit 0

SUDO=
[ "$(id -u)" -ne 0 ] && SUDO=sudo
src_list=/etc/apt/sources.list.d/rumpk-deb-src.sources
if [ ! -f "$src_list" ]; then
  [ -f /etc/apt/sources.list.d/debian.sources ] || {
    echo "fetch-source: /etc/apt/sources.list.d/debian.sources not found; cannot enable deb-src" >&2; exit 1; }
  echo "fetch-source: enabling deb-src entries ($src_list)"
  sed 's/^Types: deb$/Types: deb-src/' /etc/apt/sources.list.d/debian.sources | $SUDO tee "$src_list" >/dev/null
  $SUDO apt-get update -qq
fi

dl="$dest/.download/$pkg"
mkdir -p "$dl"
if ! ls "$dl"/*.orig.tar.* >/dev/null 2>&1; then
  echo "fetch-source: downloading Debian source package $pkg"
  if ! ( cd "$dl" && apt-get source --download-only -qq "$pkg" 2>/dev/null >/dev/null ); then
    $SUDO apt-get update -qq  # a stale deb-src index: refresh once
    ( cd "$dl" && apt-get source --download-only -qq "$pkg" >/dev/null ) || {
      echo "fetch-source: could not download the source of $pkg" >&2; exit 1; }
  fi
fi
orig=$(ls "$dl"/*.orig.tar.* | head -n1)
rm -rf "$out.tmp"
mkdir -p "$out.tmp"
patterns=()
for p in "$@"; do patterns+=("*/$p"); done
tar -xf "$orig" -C "$out.tmp" --strip-components=1 --wildcards "${patterns[@]}"
rm -rf "$out"
mv "$out.tmp" "$out"
touch "$out/.unpacked"
echo "fetch-source: $pkg ($(basename "$orig")) unpacked in $out"
