#!/usr/bin/env bash
# `docker images`, `docker image inspect` and `docker create` with N tagged images, this build against a peer
# berth.jar (e.g. main's, to see what the kept image catalogue changes) at the same moment: both platforms run side by
# side (own data roots, ports, cluster names), each gets the same N tags of busybox (N/10 repositories × 10 tags,
# `docker tag`, four at a time), then ROUNDS rounds each time both with hyperfine (RUNS runs each, the two
# interleaved round by round), and prints the medians over all runs with the ratio this/peer.
#   docker images                 every tag listed (the CLI's GET /images/json)
#   curl GET /images/json         the same request without the CLI's own start-up (what the gateway costs)
#   docker image inspect R:T      one name among N (by reference)
#   docker create busybox true    the create's own cost (image resolution included); removed after each round
# Without a peer jar only this build is timed. Not a test: a benchmark; on a busy machine compare the two columns.
# Usage: deploy/bench/images-scale.sh [N=200] [RUNS=10] [ROUNDS=3] [PEER_JAR]   (as root, after mvn package)
set -euo pipefail
N="${1:-200}"
RUNS="${2:-10}"
ROUNDS="${3:-3}"
PEER_JAR="${4:-}"
source "$(dirname "${BASH_SOURCE[0]}")/lib.sh"
bench_need_root
bench_packages hyperfine jq curl
WORK="$(mktemp -d /var/tmp/berth-images-scale-XXXXXX)"
BENCH_ROOTS+=("$WORK")
TAGS=("$BENCH_TAG-this" "$BENCH_TAG-peer")
cleanup() {
  set +e
  for host in "${HOSTS[@]}"; do bench_rm_all "$host"; done
  bench_cleanup
  for tag in "${TAGS[@]}"; do
    for d in /sys/fs/cgroup/berth-$tag /sys/fs/cgroup/*/berth-$tag; do [[ -d $d ]] && rmdir "$d" 2>/dev/null; done
  done
}
HOSTS=()
trap cleanup EXIT
trap "exit 143" TERM INT

SIDES=(this)
[[ -n $PEER_JAR ]] && SIDES+=(peer)
declare -A HOST
for side in "${SIDES[@]}"; do
  if [[ $side == this ]]; then BENCH_JAR="$BENCH_REPO/deploy/target/berth.jar"; BENCH_TAG=${TAGS[0]};
  else BENCH_JAR="$PEER_JAR"; BENCH_TAG=${TAGS[1]}; fi
  bench_platform "$WORK/$side"
  HOST[$side]=$BERTH_HOST
  HOSTS+=("$BERTH_HOST")
done
# bench_cleanup removes containers on the last platform only: every one is removed above
BERTH_HOST=""

fill() {
  local host=$1
  seq 1 "$N" | xargs -P 4 -I{} sh -c \
    "DOCKER_HOST=$host $DOCKER tag busybox bench/r\$(( {} % (($N + 9) / 10) )):t{}"
  local listed
  listed=$(DOCKER_HOST=$host $DOCKER images -q | wc -l)
  echo "  $host: $listed images listed" >&2
}
for side in "${SIDES[@]}"; do fill "${HOST[$side]}"; done

# hf NAME ARGS…: hyperfine, all runs' times (s) appended to WORK/NAME.times
hf() {
  local name=$1; shift
  hyperfine --style none -N --warmup 2 --runs "$RUNS" --export-json "$WORK/round.json" "$@" >"$WORK/round.out" 2>&1 \
    || { cat "$WORK/round.out" >&2; return 1; }
  jq -r '.results[0].times[]' "$WORK/round.json" >>"$WORK/$name.times"
}
median_ms() { sort -g "$WORK/$1.times" | awk '{ a[NR] = $1 } END { printf "%.1f", (NR % 2 ? a[(NR + 1) / 2] : (a[NR / 2] + a[NR / 2 + 1]) / 2) * 1000 }'; }

ROWS=(images curl inspect create)
declare -A LABEL=([images]="docker images ($N tags + busybox)" [curl]="curl GET /images/json"
  [inspect]="docker image inspect bench/r1:t1" [create]="docker create busybox true")
for round in $(seq 1 "$ROUNDS"); do
  for side in "${SIDES[@]}"; do
    host=${HOST[$side]}
    hf "$side-images" "$DOCKER -H $host images"
    hf "$side-curl" "curl -sf -o /dev/null --unix-socket ${host#unix://} http://berth/v1.43/images/json"
    hf "$side-inspect" "$DOCKER -H $host image inspect bench/r1:t1"
    hf "$side-create" "$DOCKER -H $host create --network none busybox true"
    bench_rm_all "$host"
  done
done

printf '\n%s, N=%s, %s rounds × %s runs (medians over all runs, ms)\n' "$(date -u '+%F %H:%M UTC')" "$N" "$ROUNDS" "$RUNS"
if [[ -n $PEER_JAR ]]; then
  printf '| %-40s | %8s | %8s | %6s |\n|---|---|---|---|\n' "" "this" "peer" "ratio"
  for row in "${ROWS[@]}"; do
    a=$(median_ms "this-$row"); b=$(median_ms "peer-$row")
    printf '| %-40s | %8s | %8s | %6s |\n' "${LABEL[$row]}" "$a" "$b" "$(awk -v a="$a" -v b="$b" 'BEGIN { printf "%.2f", a / b }')"
  done
  echo "peer: $PEER_JAR"
else
  printf '| %-40s | %8s |\n|---|---|\n' "" "this"
  for row in "${ROWS[@]}"; do printf '| %-40s | %8s |\n' "${LABEL[$row]}" "$(median_ms "this-$row")"; done
fi
