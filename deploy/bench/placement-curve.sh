#!/usr/bin/env bash
# Placements/s end to end and burst latency over 1/2/4 schedulers x 100/1,000/5,000 simulated nodes: one
# run-placement.sh per cell (each its own Kafka, Hazelcast and schedulers), then the table. A cell whose audit
# failed is marked. Usage: deploy/bench/placement-curve.sh [containers=20000] [schedulers="1 2 4"] [nodes="100 1000 5000"]
# (after mvn package; ~1 minute a cell at 20,000 containers on 2 cores).
set -euo pipefail
HERE="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
CONTAINERS="${1:-20000}"
SCHEDULERS="${2:-1 2 4}"
NODES="${3:-100 1000 5000}"
ROWS=()
for n in $NODES; do
  for s in $SCHEDULERS; do
    echo "== $s scheduler(s), $n nodes, $CONTAINERS creates" >&2
    out="$("$HERE/run-placement.sh" "$n" "$CONTAINERS" 100 "$s" 12 2>&1 | tee -a /dev/stderr)"
    row="$(grep '^RESULT' <<<"$out" | tail -1 || true)"
    audit="ok"; grep -q 'AUDIT FAILED\|DOUBLE PLACEMENT' <<<"$out" && audit="FAILED"
    lone="$(grep '^one create at a time' <<<"$out" | sed -E 's/.*p50 ([0-9.]+) ms.*/\1/' || true)"
    ROWS+=("${row#RESULT } ${lone:-?} $audit")
  done
done
echo
printf '| schedulers | nodes | creates | placements/s | burst p50 ms | burst p99 ms | lone create p50 ms | audit |\n'
printf '|---|---|---|---|---|---|---|---|\n'
for r in "${ROWS[@]}"; do
  read -r s n c rate p50 p99 lone audit <<<"$r"
  printf '| %s | %s | %s | %s | %s | %s | %s | %s |\n' "$s" "$n" "$c" "$rate" "$p50" "$p99" "$lone" "$audit"
done
