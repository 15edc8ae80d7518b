#!/usr/bin/env bash
# Sequential write and read throughput inside a container through a named volume, a bind mount and the overlay
# root, against the same dd on the host, in one run; prints MB/s and each one's ratio to the host.
# Usage: deploy/bench/volume-throughput.sh [--own-platform] [MiB]
#   without --own-platform: against a running platform (./berth up; DOCKER_HOST defaults to /run/berth.sock);
#   with it: starts deploy/target/berth.jar itself on a temp data root under /var/tmp (the same disk as the host
#   dd), a temp socket, free ports and its own cluster name and cgroup parent, and stops it at the end, so it never
#   meets a platform already running on the default ports.
# Writes end with fsync (conv=fsync); reads drop the page cache first (needs root), so both measure the disk path,
# not memory. Leaves nothing: the volume, bind dir, containers and an own platform are removed.
set -euo pipefail
source "$(dirname "${BASH_SOURCE[0]}")/lib.sh"
OWN=0
if [[ ${1:-} == --own-platform ]]; then OWN=1; shift; fi
MIB="${1:-256}"
VOL="bench-vol-$$"
BIND="$(mktemp -d /var/tmp/berth-bench-XXXXXX)"
HOSTDIR="$(mktemp -d /var/tmp/berth-bench-host-XXXXXX)"
cleanup() {
  $DOCKER volume rm -f "$VOL" >/dev/null 2>&1 || true
  rm -rf "$BIND" "$HOSTDIR"
  bench_cleanup
}
trap cleanup EXIT

if ((OWN)); then
  # lib.sh: temp data root under /var/tmp (the same disk as the host dd), socket, free ports, own cluster name
  bench_platform "$(mktemp -d /var/tmp/berth-bench-platform-XXXXXX)"
  export DOCKER_HOST="$BERTH_HOST"
fi
export DOCKER_HOST="${DOCKER_HOST:-unix:///run/berth.sock}"

# Debian's static busybox (what the busybox image is built from) prints no rate, so every dd, on the host too, is
# the same busybox dd timed from /proc/uptime (10 ms steps; the kernel's clock, the same inside a container):
# TIMED runs its arguments as a command and prints the uptime before and after.
TIMED='a=$(cut -d" " -f1 /proc/uptime); "$@" >/dev/null 2>&1 || exit 1; b=$(cut -d" " -f1 /proc/uptime); echo "$a $b"'
rate() { awk -v mib="$MIB" '{ d = $2 - $1; if (d < 0.01) d = 0.01; printf "%.1f", mib * 1.048576 / d }'; }
drop() { sync; echo 3 > /proc/sys/vm/drop_caches; }
WRITE="if=/dev/zero bs=1M count=$MIB conv=fsync"

host_w=$(/bin/busybox sh -c "$TIMED" sh /bin/busybox dd $WRITE of="$HOSTDIR/f" | rate)
drop
host_r=$(/bin/busybox sh -c "$TIMED" sh /bin/busybox dd if="$HOSTDIR/f" of=/dev/null bs=1M | rate)

# one container per target and direction; the read runs in a fresh container after the caches are dropped
in_container() { # $1 = mount args, $2 = path inside
  local w r
  w=$($DOCKER run --rm $1 busybox sh -c "$TIMED" sh dd $WRITE of="$2/f" | rate)
  drop
  r=$($DOCKER run --rm $1 busybox sh -c "$TIMED" sh dd if="$2/f" of=/dev/null bs=1M | rate)
  $DOCKER run --rm $1 busybox rm -f "$2/f"
  echo "$w $r"
}
read -r vol_w vol_r < <(in_container "-v $VOL:/v" /v)
read -r bind_w bind_r < <(in_container "-v $BIND:/b" /b)
# the overlay root: one long-lived container, so the read finds the file in the same upper directory
ROOTC=$($DOCKER run -d busybox sleep 3600)
root_w=$($DOCKER exec "$ROOTC" sh -c "$TIMED" sh dd $WRITE of=/f | rate)
drop
root_r=$($DOCKER exec "$ROOTC" sh -c "$TIMED" sh dd if=/f of=/dev/null bs=1M | rate)
$DOCKER rm -f "$ROOTC" >/dev/null

ratio() { awk -v a="$1" -v b="$2" 'BEGIN { if (b > 0) printf "%.2f", a / b; else print "n/a" }'; }
printf '%-14s %10s %10s %8s %8s\n' "sequential ${MIB} MiB" "write MB/s" "read MB/s" "w/host" "r/host"
printf '%-14s %10s %10s %8s %8s\n' "host (same dd)" "$host_w" "$host_r" "1.00" "1.00"
printf '%-14s %10s %10s %8s %8s\n' "named volume" "$vol_w" "$vol_r" "$(ratio "$vol_w" "$host_w")" "$(ratio "$vol_r" "$host_r")"
printf '%-14s %10s %10s %8s %8s\n' "bind mount" "$bind_w" "$bind_r" "$(ratio "$bind_w" "$host_w")" "$(ratio "$bind_r" "$host_r")"
printf '%-14s %10s %10s %8s %8s\n' "overlay root" "$root_w" "$root_r" "$(ratio "$root_w" "$host_w")" "$(ratio "$root_r" "$host_r")"
