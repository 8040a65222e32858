#!/usr/bin/env bash
# Removes what install.sh installed: the service, the binary, the unit and the user declaration.
# The config (with its passwords) and the camstream user stay unless --purge is given.
#
#   sudo board/raspberry-pi/uninstall.sh            remove the program, keep the config and user
#   sudo board/raspberry-pi/uninstall.sh --purge    remove the config and the camstream user too
#
# Options (DESTDIR and PREFIX may also come from the environment), as for install.sh:
#   --destdir DIR   remove from under DIR instead of /
#   --prefix DIR    where the binary was installed: PREFIX/bin (default /usr/local)
#   --purge         also remove /etc/camstream and the camstream user and group
set -euo pipefail

destdir=${DESTDIR:-}
prefix=${PREFIX:-/usr/local}
purge=no

say() { printf 'camstream uninstall: %s\n' "$*"; }
fail() { printf 'camstream uninstall: %s\n' "$*" >&2; exit 1; }
usage() { sed -n '2,/^set -euo pipefail$/p' "$0" | sed '$d' | sed 's/^# \{0,1\}//'; }

while [ $# -gt 0 ]; do
  case "$1" in
    --destdir) destdir=${2:?--destdir needs a directory}; shift 2 ;;
    --prefix) prefix=${2:?--prefix needs a directory}; shift 2 ;;
    --purge) purge=yes; shift ;;
    -h | --help) usage; exit 0 ;;
    *) fail "unknown option '$1' (see --help)" ;;
  esac
done

if [ -z "$destdir" ] && [ "$(id -u)" -ne 0 ]; then
  fail "run it as root: sudo $0 $*"
fi

if [ -z "$destdir" ] && [ -d /run/systemd/system ]; then
  systemctl disable --now --quiet camstream.service 2>/dev/null || true
fi
rm -f "$destdir$prefix/bin/camstream" \
  "$destdir/etc/systemd/system/camstream.service" \
  "$destdir/etc/sysusers.d/camstream.conf" \
  "$destdir$prefix/share/camstream/camstream.example.yml"
rmdir "$destdir$prefix/share/camstream" 2>/dev/null || true
if [ -z "$destdir" ] && [ -d /run/systemd/system ]; then
  systemctl daemon-reload
fi
say "removed the camstream program and service from ${destdir:-/}"

if [ "$purge" = yes ]; then
  rm -rf "$destdir/etc/camstream"
  if grep -q '^camstream:' "$destdir/etc/passwd" 2>/dev/null; then
    if [ -n "$destdir" ]; then userdel --prefix "$destdir" camstream; else userdel camstream; fi
  fi
  if grep -q '^camstream:' "$destdir/etc/group" 2>/dev/null; then
    if [ -n "$destdir" ]; then groupdel --prefix "$destdir" camstream; else groupdel camstream; fi
  fi
  say "removed the config and the camstream user"
else
  say "kept $destdir/etc/camstream/camstream.yml and the camstream user (--purge removes them)"
fi
