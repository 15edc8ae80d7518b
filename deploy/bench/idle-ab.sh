#!/usr/bin/env bash
# Idle cost of two builds side by side, at the same moment (a busy machine's noise hits both alike): each jar
# starts --role control + --role agent (the agent with the unit's JVM options, or AGENT_JAVA_OPTS_A/_B), its agent
# gets AGENT_FILL `busybox sleep` containers, and after SETTLE s of quiet the four processes are measured over the
# same WINDOW s: CPU share of one core, VmRSS, threads, and with THREADS=1 the busiest threads of each.
# Usage (root): deploy/bench/idle-ab.sh JAR_A JAR_B [WINDOW=60] [AGENT_FILL=10] [SETTLE=20]
set -euo pipefail
JAR_A=$1
JAR_B=$2
WINDOW="${3:-60}"
AGENT_FILL="${4:-10}"
SETTLE="${5:-20}"
THREADS="${THREADS:-0}"
source "$(dirname "${BASH_SOURCE[0]}")/lib.sh"
bench_need_root
DEFAULT_OPTS=$(bench_agent_java_opts)
OPTS_A="${AGENT_JAVA_OPTS_A-$DEFAULT_OPTS}"
OPTS_B="${AGENT_JAVA_OPTS_B-$DEFAULT_OPTS}"
WORK="$(mktemp -d /var/tmp/berth-idle-ab-XXXXXX)"
BENCH_ROOTS+=("$WORK")
trap bench_cleanup EXIT
trap "exit 143" TERM INT
TAG0=$BENCH_TAG

# start SIDE JAR OPTS: a split platform of that jar, its pids and socket saved under SIDE
start() {
  local side=$1 jar=$2 opts=$3
  BENCH_JAR=$jar BENCH_TAG="$TAG0-$side"
  # shellcheck disable=SC2086
  bench_split "$WORK/$side" $opts
  bench_fill "$BERTH_HOST" "$AGENT_FILL"
  echo "$CONTROL_PID $AGENT_PID" >"$WORK/$side.pids"
}

measure() {
  local label=$1 pid=$2 out cpu rss
  out=$(bench_threads "$pid" "$WINDOW" 10)
  read -r cpu rss < <(tail -1 <<<"$out")
  printf '| %-30s | %10s | %8d | %7d |\n' "$label" "$cpu" "$((rss / 1024))" "$(ls /proc/"$pid"/task | wc -l)" >"$WORK/row.$label"
  ((THREADS)) && { echo "$label — busiest threads over ${WINDOW} s (ticks of 1/$(getconf CLK_TCK) s):"
    head -n -1 <<<"$out" | sed 's/^/    /'; } >"$WORK/threads.$label"
  return 0
}

start A "$JAR_A" "$OPTS_A"
start B "$JAR_B" "$OPTS_B"
read -r CA AA <"$WORK/A.pids"
read -r CB AB <"$WORK/B.pids"
sleep "$SETTLE"
measure "A control" "$CA" & m1=$!
measure "B control" "$CB" & m2=$!
measure "A agent" "$AA" & m3=$!
measure "B agent" "$AB" & m4=$!
# not a bare wait: the launchers are this shell's children too
wait "$m1" "$m2" "$m3" "$m4"
echo
echo "idle A/B, $(date -u '+%F %H:%M UTC'), load average $(cut -d' ' -f1-3 /proc/loadavg), $(nproc) cores;" \
  "$AGENT_FILL containers per agent, after ${SETTLE} s quiet, over ${WINDOW} s"
echo "A: $JAR_A  agent options: ${OPTS_A:-(none)}"
echo "B: $JAR_B  agent options: ${OPTS_B:-(none)}"
printf '| %-30s | %10s | %8s | %7s |\n' process "CPU % core" "RSS MB" threads
printf '|%s|%s|%s|%s|\n' "$(printf -- '-%.0s' {1..32})" "------------" "----------" "---------"
for l in "A control" "B control" "A agent" "B agent"; do cat "$WORK/row.$l"; done
if ((THREADS)); then for l in "A control" "B control" "A agent" "B agent"; do cat "$WORK/threads.$l"; done; fi
true
