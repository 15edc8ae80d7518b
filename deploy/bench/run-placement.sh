#!/usr/bin/env bash
# The scheduler at scale (not a test): real embedded Kafka and Hazelcast, the real scheduler, simulated node
# agents that heartbeat and answer creates at once. Prints decisions/s and their p50/p99 on the whole node set,
# then a burst's placements/s end to end (create published -> ContainerScheduled seen) and lone-create latency.
# Usage: deploy/bench/run-placement.sh [nodes=1000] [containers=100000] [lone=500]   (after mvn package)
set -euo pipefail
REPO="$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)"
exec java -Xmx6g -XX:+UseParallelGC -cp "$REPO/deploy/target/berth.jar" io.berth.deploy.bench.PlacementBench "$@" \
  2> >(grep -v -e '^INFO' -e '^WARN' -e 'com.hazelcast' -e 'org.apache.kafka' >&2)
