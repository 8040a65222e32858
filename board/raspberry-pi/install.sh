#!/usr/bin/env bash
# Installs camstream as a boot service on a Raspberry Pi (Raspberry Pi OS 64-bit, Bookworm) or any
# Debian 12 machine: Debian packages, a release build, the binary, the systemd unit, the camstream user,
# and on first install a config with a random viewer password. Safe to run again: it updates the binary
# and unit, restarts the service, and never touches a config that exists.
#
#   sudo board/raspberry-pi/install.sh                  build here, install, start
#   sudo board/raspberry-pi/install.sh --binary PATH    install a camstream built elsewhere
#   board/raspberry-pi/install.sh --destdir DIR --binary PATH --no-packages   stage into DIR (packaging, tests)
#
# Options (DESTDIR and PREFIX may also come from the environment):
#   --destdir DIR   install under DIR as if it were /; nothing outside DIR changes, the service is not started
#   --prefix DIR    the binary goes to PREFIX/bin (default /usr/local)
#   --binary PATH   install this binary instead of building one
#   --no-packages   do not install Debian packages
#   --no-start      do not enable or (re)start the service
set -euo pipefail

repo=$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)
destdir=${DESTDIR:-}
prefix=${PREFIX:-/usr/local}
binary=""
packages=yes
start=yes

say() { printf 'camstream install: %s\n' "$*"; }
fail() { printf 'camstream install: %s\n' "$*" >&2; exit 1; }
usage() { sed -n '2,/^set -euo pipefail$/p' "$0" | sed '$d' | sed 's/^# \{0,1\}//'; }

while [ $# -gt 0 ]; do
  case "$1" in
    --destdir) destdir=${2:?--destdir needs a directory}; shift 2 ;;
    --prefix) prefix=${2:?--prefix needs a directory}; shift 2 ;;
    --binary) binary=${2:?--binary needs a path}; shift 2 ;;
    --no-packages) packages=no; shift ;;
    --no-start) start=no; shift ;;
    -h | --help) usage; exit 0 ;;
    *) fail "unknown option '$1' (see --help)" ;;
  esac
done

is_root() { [ "$(id -u)" -eq 0 ]; }
if [ -z "$destdir" ] && ! is_root; then
  fail "run it as root: sudo $0 $*"
fi
if [ -n "$destdir" ]; then
  mkdir -p "$destdir"
  destdir=$(cd "$destdir" && pwd)
fi

# 1. Debian packages: the C libraries camstream links, and v4l-utils to list cameras and their controls.
if [ "$packages" = yes ]; then
  say "installing Debian packages"
  DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends \
    libx264-dev libv4l-dev libyuv-dev libyaml-dev pkg-config v4l-utils >/dev/null
fi

# 2. A release build with the Swift runtime linked in, so the service does not depend on where the
#    toolchain lives (ProtectHome= would hide one under /home).
if [ -z "$binary" ]; then
  build=(swift build -c release --product camstream --static-swift-stdlib)
  if [ -n "${SUDO_USER:-}" ] && [ "$SUDO_USER" != root ]; then
    # As the person who ran sudo, so .build stays theirs; a login shell finds their Swift.
    say "building as $SUDO_USER: ${build[*]} (the first build takes a while on a Pi)"
    runuser -u "$SUDO_USER" -- bash -lc "cd $(printf '%q' "$repo") && $(printf '%q ' "${build[@]}")"
  else
    command -v swift >/dev/null || fail "Swift 6 is needed to build (swift.org has toolchains for Debian 12 on arm64 and x86_64), or pass --binary"
    say "building: ${build[*]}"
    (cd "$repo" && "${build[@]}")
  fi
  binary="$repo/.build/release/camstream"
fi
[ -x "$binary" ] || fail "no executable at $binary"

# 3. Files.
say "installing into ${destdir:-/} (binary in $prefix/bin)"
install -D -m 0755 "$binary" "$destdir$prefix/bin/camstream"
unit=$(mktemp)
trap 'rm -f "$unit"' EXIT
sed "s|/usr/local/bin/camstream|$prefix/bin/camstream|" "$repo/systemd/camstream.service" >"$unit"
install -D -m 0644 "$unit" "$destdir/etc/systemd/system/camstream.service"
install -D -m 0644 "$repo/systemd/camstream.sysusers" "$destdir/etc/sysusers.d/camstream.conf"
install -D -m 0644 "$repo/config/camstream.yml" "$destdir$prefix/share/camstream/camstream.example.yml"

# 4. The user, as the unit names it; creating it again changes nothing.
if command -v systemd-sysusers >/dev/null; then
  if [ -n "$destdir" ]; then
    mkdir -p "$destdir/etc"
    systemd-sysusers --root="$destdir" "$destdir/etc/sysusers.d/camstream.conf"
  else
    systemd-sysusers /etc/sysusers.d/camstream.conf
  fi
elif [ -z "$destdir" ] && ! id camstream >/dev/null 2>&1; then
  useradd --system --user-group --groups video --home-dir /nonexistent --no-create-home --shell /usr/sbin/nologin camstream
fi

# 5. The config: on first install the documented defaults plus one viewer with a random password,
#    readable by root and camstream only. An existing config is the owner's and is left as it is.
config_dir="$destdir/etc/camstream"
config="$config_dir/camstream.yml"
password=""
if [ -e "$config" ]; then
  say "keeping the config that is there: $config"
else
  password=$(od -An -N15 -tx1 /dev/urandom | tr -d ' \n')
  mkdir -p "$config_dir"
  awk -v password="$password" '
    $0 == "users: []" { print "users:"; print "  - name: viewer"; print "    password: \"" password "\""; next }
    { print }' "$repo/config/camstream.yml" >"$config.new"
  chmod 0640 "$config.new"
  if is_root; then
    group=$(awk -F: '$1 == "camstream" { print $3 }' "$destdir/etc/group" 2>/dev/null || true)
    chown "root:${group:-camstream}" "$config.new"
  fi
  mv "$config.new" "$config"
  say "wrote $config with a viewer password"
fi
"$destdir$prefix/bin/camstream" check-config --config "$config" >/dev/null

# 6. The service: enabled at boot, (re)started so that a reinstall runs the new binary.
if [ -z "$destdir" ] && [ "$start" = yes ] && [ -d /run/systemd/system ]; then
  systemctl daemon-reload
  systemctl enable --quiet camstream.service
  systemctl restart camstream.service
  if ! systemctl is-active --quiet camstream.service; then
    journalctl -u camstream.service -n 30 --no-pager >&2 || true
    fail "camstream did not start; the journal above says why"
  fi
  say "camstream is running (systemctl status camstream; journalctl -u camstream -f)"
fi

# 7. Where to look.
host=$(hostname -I 2>/dev/null | awk '{ print $1 }')
host=${host:-$(hostname)}
if [ -n "$password" ]; then
  say "open rtsp://viewer:$password@$host:8554/cam"
else
  say "open rtsp://$host:8554/cam (the viewer passwords are in /etc/camstream/camstream.yml)"
fi
say "viewers outside this network, or no picture? run: camstream doctor"
