#!/usr/bin/env bash
# Measures `docker run -d busybox true` + `docker wait` through Berth, N times, and prints min/median/max in ms,
# then where the time went for each run (from the Kafka record timestamps of every hop; see HopTimes).
# Usage: deploy/bench/run-latency.sh [N]   (platform running: ./berth up; DOCKER_HOST defaults to /run/berth.sock)
set -euo pipefail
N="${1:-20}"
REPO="$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)"
export DOCKER_HOST="${DOCKER_HOST:-unix:///run/berth.sock}"
KAFKA="${BERTH_KAFKA:-127.0.0.1:19092}"
DOCKER=/usr/local/bin/docker
ids=()
times=()
docker_ms() { date +%s%N; }
warm=$($DOCKER run -d busybox true)   # warm-up: layer unpacked, JIT warm
$DOCKER wait "$warm" >/dev/null && $DOCKER rm "$warm" >/dev/null
for i in $(seq 1 "$N"); do
  t0=$(date +%s%N)
  id=$($DOCKER run -d busybox true)
  code=$($DOCKER wait "$id")
  t1=$(date +%s%N)
  [[ $code == 0 ]] || { echo "run $i: exit $code" >&2; exit 1; }
  ids+=("$id")
  times+=($(( (t1 - t0) / 1000000 )))
done
sorted=($(printf '%s\n' "${times[@]}" | sort -n))
echo "docker run -d busybox true + docker wait, $N runs (ms): min ${sorted[0]} median ${sorted[$((N / 2))]} max ${sorted[$((N - 1))]}"
idfile=$(mktemp)
printf '%s\n' "${ids[@]}" > "$idfile"
java -cp "$REPO/deploy/target/berth.jar" io.berth.deploy.bench.HopTimes "$KAFKA" "$idfile" || true
rm -f "$idfile"
$DOCKER rm "${ids[@]}" >/dev/null
