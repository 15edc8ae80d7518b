#!/usr/bin/env bash
# Side by side on this machine, one run: `docker run --rm busybox true` through Berth (with Docker's seccomp profile
# and with seccomp=unconfined; in its own user namespace, Berth's default, and with --userns=host), `runc run` and
# `crun run` of an OCI bundle with the same busybox root, `docker exec C true` through Berth, and the memory of
# Berth's per-container monitor. Prints min/median/max (ms) and the ratios. Not a test: a benchmark.
# Usage: deploy/bench/runtime-compare.sh [N]   (as root, with the platform running: ./berth up)
set -euo pipefail
N="${1:-20}"
export DOCKER_HOST="${DOCKER_HOST:-unix:///run/berth.sock}"
DOCKER=/usr/local/bin/docker
for p in runc crun; do dpkg -s "$p" >/dev/null 2>&1 || { apt-get update -qq && apt-get install -y -qq runc crun; break; }; done

work=$(mktemp -d /tmp/berth-bench.XXXXXX)
probe=""
cleanup() {
  [[ -n $probe ]] && $DOCKER rm -f "$probe" >/dev/null 2>&1 || true
  runc delete -f "bench-runc" >/dev/null 2>&1 || true
  rm -rf "$work"
}
trap cleanup EXIT

# The same root filesystem as Berth's busybox image (lib.sh): Debian's static busybox and one link per applet.
source "$(dirname "${BASH_SOURCE[0]}")/lib.sh"
bench_runc_bundle "$work/bundle" /bin/true

# stats NAME ms... : prints "NAME min/median/max" and sets MEDIAN
stats() {
  local name=$1; shift
  local sorted=($(printf '%s\n' "$@" | sort -n))
  local n=${#sorted[@]}
  MEDIAN=${sorted[$((n / 2))]}
  printf '%-34s min %6.1f  median %6.1f  max %6.1f ms  (%d runs)\n' "$name" \
    "$(bc -l <<< "${sorted[0]}/1000")" "$(bc -l <<< "$MEDIAN/1000")" "$(bc -l <<< "${sorted[$((n - 1))]}/1000")" "$n"
}
now_us() { echo $(( $(date +%s%N) / 1000 )); }

time_cmd() { # runs "$@" N times, echoes microseconds per run
  local t0 t1
  for _ in $(seq 1 "$N"); do
    t0=$(now_us); "$@" >/dev/null 2>&1 || return 1; t1=$(now_us)
    echo $((t1 - t0))
  done
}

# warm-up: layer cached, JIT warm (one run leaves the first series ~50% slower), both user namespace paths taken
for _ in 1 2 3; do
  $DOCKER run --rm busybox true >/dev/null; $DOCKER run --rm --userns=host busybox true >/dev/null
done
berth=($(time_cmd $DOCKER run --rm busybox true)) || { echo "berth: docker run --rm failed"; exit 1; }
stats "berth: docker run --rm busybox true" "${berth[@]}"; berth_med=$MEDIAN
# the same without the seccomp filter: what compiling and loading Docker's profile costs a start
unconfined=($(time_cmd $DOCKER run --rm --security-opt seccomp=unconfined busybox true)) \
  && { stats "berth: ... seccomp=unconfined" "${unconfined[@]}"; unconfined_med=$MEDIAN; } || unconfined_med=""

# the same in the host's user namespace: what the namespace, the idmapped layers (berth-overlay) and mounts cost
hostns=($(time_cmd $DOCKER run --rm --userns=host busybox true)) \
  && { stats "berth: ... --userns=host" "${hostns[@]}"; hostns_med=$MEDIAN; } || hostns_med=""

runc_t=($(time_cmd runc run --bundle "$work/bundle" bench-runc)) && { stats "runc run (raw runtime)" "${runc_t[@]}"; runc_med=$MEDIAN; } \
  || { echo "runc run: failed"; runc_med=""; }

crun_med=""
if crun_t=($(time_cmd crun run --bundle "$work/bundle" bench-crun)); then
  stats "crun run (raw runtime)" "${crun_t[@]}"; crun_med=$MEDIAN
else
  echo "crun run: $(crun run --bundle "$work/bundle" bench-crun 2>&1 | head -1) (this host's hybrid cgroup layout as shipped)"
fi

probe=$($DOCKER run -d busybox sleep 600)
execs=($(time_cmd $DOCKER exec "$probe" true)) && stats "berth: docker exec C true" "${execs[@]}" \
  || echo "berth: docker exec failed: $($DOCKER exec "$probe" true 2>&1 | head -1)"

pid=$($DOCKER inspect -f '{{.State.Pid}}' "$probe")
monitor=$(ps -o ppid= -p "$pid" | tr -d ' ')
rss=$(awk '/^VmRSS/ {print $2}' "/proc/$monitor/status")
pss=$(awk '/^Pss:/ {s+=$2} END {print s}' "/proc/$monitor/smaps_rollup" 2>/dev/null || echo "?")
echo "berth: monitor pid $monitor ($(cat /proc/$monitor/comm)): RSS ${rss} kB, PSS ${pss} kB"

echo "ratios (median):"
[[ -n $unconfined_med ]] && printf '  berth run --rm, seccomp / unconfined = %.2f\n' "$(bc -l <<< "$berth_med/$unconfined_med")"
[[ -n $hostns_med ]] && printf '  berth run --rm, own userns / --userns=host = %.2f (+%.1f ms)\n' \
  "$(bc -l <<< "$berth_med/$hostns_med")" "$(bc -l <<< "($berth_med-$hostns_med)/1000")"
[[ -n $runc_med ]] && printf '  berth run --rm / runc run = %.1f\n' "$(bc -l <<< "$berth_med/$runc_med")"
[[ -n $crun_med ]] && printf '  berth run --rm / crun run = %.1f\n' "$(bc -l <<< "$berth_med/$crun_med")"
true
