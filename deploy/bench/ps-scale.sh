#!/usr/bin/env bash
# `docker ps` at scale (not a test): real embedded Kafka and Hazelcast, the real gateway on loopback TCP, 100
# simulated nodes, and container records filled in steps to each size (as the scheduler and agents leave them: placed,
# half running, half exited). At each size the real docker CLI runs `ps -a`, `ps -aq` and `ps` RUNS times; prints a
# table: the first call after a fill, then median/min/max of the others, process start to exit.
# Usage: deploy/bench/ps-scale.sh [sizes=10000,100000] [runs=7]   (after mvn package; goal: ps -a <= 200 ms at 10,000)
set -euo pipefail
REPO="$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)"
exec java -Xmx4g -XX:+UseParallelGC -cp "$REPO/deploy/target/berth.jar" io.berth.deploy.bench.PsBench "$@" \
  2> >(grep -v -e '^INFO' -e '^WARN' -e 'com.hazelcast' -e 'org.apache.kafka' -e '^20..-..-.. ' -e 'add-opens' -e '^\s*$' >&2)
