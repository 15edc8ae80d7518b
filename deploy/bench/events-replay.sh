#!/usr/bin/env bash
# `docker events --since` replaying a long history (not a test): real embedded Kafka and Hazelcast in one JVM, COUNT
# container events written into container-events as the scheduler and agents write them (CloudEvents records keyed
# by container id, five per container life, each naming its actor), then the real gateway on loopback TCP. The real
# docker CLI replays the window (plain, --format '{{json .}}', --filter container=<one>), curl reads the raw API;
# each timed from process start to exit, its lines counted; prints events/s (stored events / seconds) and the JVM's
# peak heap during each. Last, a CLI killed mid-replay: the time until the gateway's reader thread has ended.
# Usage: deploy/bench/events-replay.sh [COUNT=1000000] [RUNS=1]   (after mvn package; BERTH_JAR=… for another build)
#   PROFILE=1: a JFR recording of the whole run, summarised (top frames of the samples) when it ends.
# Everything lives in one process (this script's child, stopped by its pid) and one temp dir, removed at the end.
set -euo pipefail
REPO="$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)"
COUNT=${1:-1000000}
RUNS=${2:-1}
# the JVM's temp dir (broker log, member, gateway) and the JFR recording: removed by the trap, however it ends
WORK=$(mktemp -d /tmp/berth-events-replay-XXXXXX)
JAVA_PID=
cleanup() {
  if [[ -n $JAVA_PID ]] && kill -TERM "$JAVA_PID" 2>/dev/null; then
    # its shutdown hooks (broker, member) still write under WORK: gone first, then the dir
    for _ in $(seq 1 60); do kill -0 "$JAVA_PID" 2>/dev/null || break; sleep 0.5; done
    kill -KILL "$JAVA_PID" 2>/dev/null || true
  fi
  rm -rf "$WORK"
}
trap cleanup EXIT
trap "exit 130" INT TERM
opts=(-Xmx4g -XX:+UseParallelGC "-Djava.io.tmpdir=$WORK")
[[ ${PROFILE:-0} == 1 ]] && opts+=("-XX:StartFlightRecording=filename=$WORK/replay.jfr,settings=profile,dumponexit=true")
java "${opts[@]}" -cp "${BERTH_JAR:-$REPO/deploy/target/berth.jar}" io.berth.deploy.bench.EventsBench "$COUNT" "$RUNS" \
  2> >(grep --line-buffered -v -e '^INFO' -e '^WARN' -e 'com.hazelcast' -e 'org.apache.kafka' -e '^20..-..-.. ' \
        -e 'add-opens' -e '^\s*$' >&2) &
JAVA_PID=$!
wait "$JAVA_PID"
JAVA_PID=
if [[ ${PROFILE:-0} == 1 && -f $WORK/replay.jfr ]]; then
  jfr print --stack-depth 64 --events jdk.ExecutionSample "$WORK/replay.jfr" >"$WORK/samples.txt"
  echo
  echo "JFR execution samples per thread:"
  awk -F'"' '/sampledThread = / { n[$2]++ } END { for (k in n) print n[k], k }' "$WORK/samples.txt" | sort -rn | head -10
  echo
  echo "the replay's reader thread (berth-ev-reader): samples with each method on the stack (inclusive), top 30:"
  awk '/sampledThread = / { mine = index($0, "\"berth-ev-reader\"") > 0; next }
       /stackTrace = \[/ { inside = mine; delete seen; next }
       inside && /^[ \t]*\]/ { inside = 0; next }
       inside { f = $0; sub(/^[ \t]+/, "", f); sub(/[ \t]+line:.*/, "", f); if (!(f in seen)) { seen[f] = 1; n[f]++ } }
       END { for (k in n) print n[k], k }' "$WORK/samples.txt" | sort -rn | head -30
fi
