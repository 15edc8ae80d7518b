#!/usr/bin/env bash
# How cost grows with the containers a node holds: at each LEVEL of running containers, the median of N
# `docker run --rm busybox true` (hyperfine, WARMUP warm-up runs), then the agent's and the control plane's
# (gateway, scheduler, Kafka, Hazelcast: one JVM) CPU share of one core over WINDOW seconds of quiet, Java heap in
# use (jstat: survivors + eden + old) and RSS. The fill containers are `busybox sleep` with --network none: a
# node's default bridge is a /24 (253 addresses), so 500 would not fit on it; the timed `docker run --rm` uses
# the default bridge, as a user's would. Control plane and agent are two JVMs (lib.sh bench_split) on a temp data
# root and free ports; the agent with its systemd unit's JVM options (or AGENT_JAVA_OPTS). Removed at the end.
# THREADS=1 also prints the agent's busiest threads at each level (see idle.sh).
# Usage (root): deploy/bench/growth.sh [LEVELS=0,100,500] [N=20] [WINDOW=30]
set -euo pipefail
LEVELS="${1:-0,100,500}"
N="${2:-20}"
WINDOW="${3:-30}"
WARMUP="${WARMUP:-3}"
THREADS="${THREADS:-0}"
source "$(dirname "${BASH_SOURCE[0]}")/lib.sh"
bench_need_root
bench_packages hyperfine jq
[[ -n ${AGENT_JAVA_OPTS+set} ]] || AGENT_JAVA_OPTS=$(bench_agent_java_opts)
WORK="$(mktemp -d /var/tmp/berth-growth-XXXXXX)"
BENCH_ROOTS+=("$WORK")
trap bench_cleanup EXIT
trap "exit 143" TERM INT

# shellcheck disable=SC2086
bench_split "$WORK/split" $AGENT_JAVA_OPTS
export DOCKER_HOST="$BERTH_HOST"
rows=()
have=0
for level in ${LEVELS//,/ }; do
  ((level >= have)) || { echo "levels must grow: $LEVELS" >&2; exit 2; }
  bench_fill "$BERTH_HOST" $((level - have))
  have=$level
  running=$($DOCKER ps -q | wc -l)
  hyperfine --style none -N --warmup "$WARMUP" --runs "$N" --export-json "$WORK/run-$level.json" \
    "$DOCKER run --rm busybox true" >"$WORK/run-$level.out" 2>&1 || { cat "$WORK/run-$level.out" >&2; exit 1; }
  run_ms=$(jq -r '.results[0].median * 1000' "$WORK/run-$level.json")
  sleep 5
  bench_cpu_rss "$CONTROL_PID" "$WINDOW" >"$WORK/control" &
  control_job=$!
  bench_threads "$AGENT_PID" "$WINDOW" 8 >"$WORK/agent"
  read -r agent_cpu agent_rss < <(tail -1 "$WORK/agent")
  if ((THREADS)); then
    { echo "agent at $running running — busiest threads over ${WINDOW} s (ticks of 1/$(getconf CLK_TCK) s):"
      head -n -1 "$WORK/agent" | sed 's/^/    /'; } >>"$WORK/threads"
  fi
  wait "$control_job"
  read -r control_cpu control_rss <"$WORK/control"
  rows+=("$(printf '| %10d | %13.1f | %10s | %9d | %8d | %12s | %10d | %10d |' "$running" "$run_ms" \
    "$agent_cpu" "$(( $(bench_heap_kb "$AGENT_PID") / 1024 ))" "$((agent_rss / 1024))" \
    "$control_cpu" "$(( $(bench_heap_kb "$CONTROL_PID") / 1024 ))" "$((control_rss / 1024))")")
done

echo
echo "growth, $(date -u '+%F %H:%M UTC'), load average $(cut -d' ' -f1-3 /proc/loadavg), $(nproc) cores;" \
  "docker run --rm: hyperfine median of $N ($WARMUP warm-up); CPU over ${WINDOW} s idle after it"
echo "agent JVM options: ${AGENT_JAVA_OPTS:-(none)}; fill containers: --network none"
printf '| %10s | %13s | %10s | %9s | %8s | %12s | %10s | %10s |\n' running "run --rm (ms)" "agent CPU%" \
  "heap MB" "RSS MB" "control CPU%" "heap MB" "RSS MB"
printf '|%s|\n' "------------|---------------|------------|-----------|----------|--------------|------------|------------"
printf '%s\n' "${rows[@]}"
[[ -f $WORK/threads ]] && cat "$WORK/threads"
true
