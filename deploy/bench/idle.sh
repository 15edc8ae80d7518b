#!/usr/bin/env bash
# What Berth costs doing nothing: CPU (share of one core, from utime + stime in /proc/<pid>/stat over WINDOW
# seconds) and RSS (VmRSS) of each launcher process, after SETTLE seconds of quiet, for
#   all-in-one, 0 containers        one JVM, --role all
#   all-in-one, FILL containers     the same with FILL `busybox sleep` containers running (--network none)
#   control + agent, AGENT_FILL     --role control and --role agent as two JVMs, AGENT_FILL containers on the agent
# The agent runs with the JVM options of deploy/systemd/berth-agent.service's JDK_JAVA_OPTIONS (what a host runs), or
# AGENT_JAVA_OPTS if set (AGENT_JAVA_OPTS= for none: the JVM's defaults). With THREADS=1 it also prints, per
# process, the threads that used the most CPU over the window (where idle CPU goes). Each platform is started on a
# temp data root, free ports and its own cluster name and cgroup parent (lib.sh), and removed at the end.
# Usage (root): deploy/bench/idle.sh [WINDOW=60] [FILL=100] [AGENT_FILL=10] [SETTLE=20]
set -euo pipefail
WINDOW="${1:-60}"
FILL="${2:-100}"
AGENT_FILL="${3:-10}"
SETTLE="${4:-20}"
THREADS="${THREADS:-0}"
source "$(dirname "${BASH_SOURCE[0]}")/lib.sh"
bench_need_root
[[ -n ${AGENT_JAVA_OPTS+set} ]] || AGENT_JAVA_OPTS=$(bench_agent_java_opts)
WORK="$(mktemp -d /var/tmp/berth-idle-XXXXXX)"
BENCH_ROOTS+=("$WORK")
trap bench_cleanup EXIT
trap "exit 143" TERM INT

# measure LABEL PID: settles, then appends "label cpu% rss threads" to WORK/rows (and the busiest threads to
# WORK/threads); two may run at once
measure() {
  local label=$1 pid=$2 out cpu rss
  sleep "$SETTLE"
  out=$(bench_threads "$pid" "$WINDOW" 10)
  read -r cpu rss < <(tail -1 <<<"$out")
  printf '| %-44s | %10s | %8d | %7d |\n' "$label" "$cpu" "$((rss / 1024))" "$(ls /proc/"$pid"/task | wc -l)" >>"$WORK/rows"
  ((THREADS)) && { echo "$label — busiest threads over ${WINDOW} s (ticks of 1/$(getconf CLK_TCK) s, same names summed):"
    head -n -1 <<<"$out" | sed 's/^/    /'; } >>"$WORK/threads"
  return 0
}

bench_platform "$WORK/all"
measure "all-in-one, 0 containers" "$PLATFORM_PID"
bench_fill "$BERTH_HOST" "$FILL"
measure "all-in-one, $FILL containers" "$PLATFORM_PID"
bench_rm_all "$BERTH_HOST"
bench_stop "$PLATFORM_PID"
BENCH_PIDS=()

# shellcheck disable=SC2086
bench_split "$WORK/split" $AGENT_JAVA_OPTS
bench_fill "$BERTH_HOST" "$AGENT_FILL"
measure "control plane (agent beside it: $AGENT_FILL containers)" "$CONTROL_PID" &
measure_control=$!
measure "agent, $AGENT_FILL containers" "$AGENT_PID"
wait "$measure_control" || true

echo
echo "idle cost, $(date -u '+%F %H:%M UTC'), load average $(cut -d' ' -f1-3 /proc/loadavg), $(nproc) cores;" \
  "each after ${SETTLE} s quiet, over ${WINDOW} s"
echo "agent JVM options: ${AGENT_JAVA_OPTS:-(none)}"
printf '| %-44s | %10s | %8s | %7s |\n' process "CPU % core" "RSS MB" threads
printf '|%s|%s|%s|%s|\n' "$(printf -- '-%.0s' {1..46})" "------------" "----------" "---------"
cat "$WORK/rows"
[[ -f $WORK/threads ]] && cat "$WORK/threads"
true
