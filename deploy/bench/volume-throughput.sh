#!/usr/bin/env bash
# Sequential write and read throughput inside a container through a named volume, a bind mount and the overlay
# root, against the same dd on the host, in one run; prints MB/s and each one's ratio to the host.
# Usage: deploy/bench/volume-throughput.sh [MiB]   (platform running: ./berth up; DOCKER_HOST defaults to
# /run/berth.sock). Writes end with fsync (conv=fsync); reads drop the page cache first (needs root), so both
# measure the disk path, not memory. Leaves nothing: the volume, bind dir and containers are removed.
set -euo pipefail
MIB="${1:-256}"
export DOCKER_HOST="${DOCKER_HOST:-unix:///run/berth.sock}"
DOCKER=/usr/local/bin/docker
VOL="bench-vol-$$"
BIND="$(mktemp -d /var/tmp/berth-bench-XXXXXX)"
HOSTDIR="$(mktemp -d /var/tmp/berth-bench-host-XXXXXX)"
cleanup() {
  $DOCKER volume rm -f "$VOL" >/dev/null 2>&1 || true
  rm -rf "$BIND" "$HOSTDIR"
}
trap cleanup EXIT

# dd's summary "... copied, S s, R MB/s" (coreutils) or "...R MB/s" / "RMB/s" (busybox) -> R in MB/s
rate() { sed -nE '/copied/ s/.*[ ,]([0-9.]+) ?([kMG])B\/s.*/\1 \2/p' | tail -1 |
         awk '{ r = $1; if ($2 == "G") r *= 1000; if ($2 == "k") r /= 1000; printf "%.1f", r }'; }
drop() { sync; echo 3 > /proc/sys/vm/drop_caches; }

host_w=$(dd if=/dev/zero of="$HOSTDIR/f" bs=1M count="$MIB" conv=fsync 2>&1 | rate)
drop
host_r=$(dd if="$HOSTDIR/f" of=/dev/null bs=1M 2>&1 | rate)

# one container per target and direction; the read runs in a fresh container after the caches are dropped
in_container() { # $1 = mount args, $2 = path inside
  local w r
  w=$($DOCKER run --rm $1 busybox sh -c "dd if=/dev/zero of=$2/f bs=1M count=$MIB conv=fsync 2>&1" | rate)
  drop
  r=$($DOCKER run --rm $1 busybox sh -c "dd if=$2/f of=/dev/null bs=1M 2>&1; rm -f $2/f" | rate)
  echo "$w $r"
}
read -r vol_w vol_r < <(in_container "-v $VOL:/v" /v)
read -r bind_w bind_r < <(in_container "-v $BIND:/b" /b)
# the overlay root: one long-lived container, so the read finds the file in the same upper directory
ROOTC=$($DOCKER run -d busybox sleep 3600)
root_w=$($DOCKER exec "$ROOTC" sh -c "dd if=/dev/zero of=/f bs=1M count=$MIB conv=fsync 2>&1" | rate)
drop
root_r=$($DOCKER exec "$ROOTC" sh -c "dd if=/f of=/dev/null bs=1M 2>&1" | rate)
$DOCKER rm -f "$ROOTC" >/dev/null

ratio() { awk -v a="$1" -v b="$2" 'BEGIN { if (b > 0) printf "%.2f", a / b; else print "n/a" }'; }
printf '%-14s %10s %10s %8s %8s\n' "sequential ${MIB} MiB" "write MB/s" "read MB/s" "w/host" "r/host"
printf '%-14s %10s %10s %8s %8s\n' "host dd" "$host_w" "$host_r" "1.00" "1.00"
printf '%-14s %10s %10s %8s %8s\n' "named volume" "$vol_w" "$vol_r" "$(ratio "$vol_w" "$host_w")" "$(ratio "$vol_r" "$host_r")"
printf '%-14s %10s %10s %8s %8s\n' "bind mount" "$bind_w" "$bind_r" "$(ratio "$bind_w" "$host_w")" "$(ratio "$bind_r" "$host_r")"
printf '%-14s %10s %10s %8s %8s\n' "overlay root" "$root_w" "$root_r" "$(ratio "$root_w" "$host_w")" "$(ratio "$root_r" "$host_r")"
