#!/usr/bin/env bash
# The scheduler at scale (not a test): real embedded Kafka and Hazelcast, the real scheduler (SCHEDULERS instances
# sharing the command topic's PARTITIONS), simulated node agents that heartbeat and answer creates at once. Prints
# decisions/s and their p50/p99 on the whole node set, then a burst's placements/s end to end (create published ->
# ContainerScheduled seen; the gateway's records are written before the clock starts) with latency percentiles, a
# lone create's latency, an audit (every allocation matches its reservations, nothing over capacity, no container
# placed twice) and one line `RESULT schedulers nodes containers placements/s p50-ms p99-ms`.
# Usage: deploy/bench/run-placement.sh [nodes=1000] [containers=100000] [lone=500] [schedulers=1] [partitions=12]
# (after mvn package). The table over 1/2/4 schedulers x 100/1,000/5,000 nodes: deploy/bench/placement-curve.sh.
set -euo pipefail
REPO="$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)"
exec java -Xmx6g -XX:+UseParallelGC -cp "$REPO/deploy/target/berth.jar" io.berth.deploy.bench.PlacementBench "$@" \
  2> >(grep -v -e '^INFO' -e '^WARN' -e 'com.hazelcast' -e 'org.apache.kafka' -e '^20..-..-.. ' -e 'add-opens' -e '^\s*$' >&2)
