#!/usr/bin/env bash
# docker build, classic builder protocol: a cold build (--no-cache) and a fully cached rebuild of the same
# 11-step Dockerfile with a ~50 MB context (5 x 10 MB of random data + small files), on Berth and, in the same
# run, on a dockerd of its own (DOCKER_BUILDKIT=0), with wall-clock seconds side by side.
# Usage: deploy/bench/build.sh [--own-platform] [runs]
#   --own-platform: starts deploy/target/berth.jar on a temp data root, socket, free ports, its own cluster name and
#   cgroup parent (as volume-throughput.sh does), stopped at the end; else DOCKER_HOST (default /run/berth.sock).
# The dockerd gets its own data root, exec root, pid file and socket under /var/tmp, --iptables=false
# --bridge=none, and is stopped by its pid; its busybox is Berth's busybox moved over with docker save | load, so
# both build on the same base. Needs root. Leaves nothing behind.
set -euo pipefail
source "$(dirname "${BASH_SOURCE[0]}")/lib.sh"
OWN=0
if [[ ${1:-} == --own-platform ]]; then OWN=1; shift; fi
RUNS="${1:-1}"
WORK="$(mktemp -d /var/tmp/berth-bench-build-XXXXXX)"
BENCH_ROOTS+=("$WORK")
cleanup() {
  set +e
  [[ -n ${DOCKERD_HOST:-} ]] && DOCKER_HOST="$DOCKERD_HOST" $DOCKER rmi -f bench-build:latest >/dev/null 2>&1
  # a platform not ours keeps everything but the image this script built
  ((OWN)) || DOCKER_HOST="$BERTH_HOST" $DOCKER rmi -f bench-build:latest >/dev/null 2>&1
  ((OWN)) || BERTH_HOST=""
  bench_cleanup
}
trap cleanup EXIT
trap "exit 143" TERM INT

# lib.sh: temp data root, socket, free ports, its own cluster name and cgroup parent
((OWN)) && bench_platform "$WORK/berth" && export DOCKER_HOST="$BERTH_HOST"
BERTH_HOST="${DOCKER_HOST:-unix:///run/berth.sock}"
export DOCKER_BUILDKIT=0

# the context: ~50 MB of data that does not compress, a few small files, an 11-step Dockerfile
CTX="$WORK/ctx"
mkdir -p "$CTX/data"
for i in 1 2 3 4 5; do head -c 10485760 /dev/urandom >"$CTX/data/blob$i.bin"; done
echo "small" >"$CTX/small.txt"
cat >"$CTX/Dockerfile" <<'DOCKERFILE'
FROM busybox
ARG MODE=bench
ENV APP=/app
WORKDIR /app
COPY data/ /app/data/
RUN ls /app/data | wc -l > /app/count.txt
COPY small.txt /app/
RUN md5sum /app/data/* > /app/sums.txt && echo "$MODE" > /app/mode.txt
LABEL bench=build
USER 1000
CMD ["cat", "/app/count.txt"]
DOCKERFILE

# dockerd of its own (lib.sh); busybox moved over from Berth
DOCKERD_PID=""
bench_dockerd "$WORK/dockerd" || DOCKERD_PID=""
if [[ -n $DOCKERD_PID ]]; then
  DOCKER_HOST="$BERTH_HOST" $DOCKER save busybox | DOCKER_HOST="$DOCKERD_HOST" $DOCKER load >/dev/null
fi

now() { date +%s.%N; }
# build HOST [extra args]: prints the seconds the build took; fails the script if the build fails
build() {
  local host=$1; shift
  local a b
  a=$(now)
  DOCKER_HOST="$host" $DOCKER build -q -t bench-build:latest "$@" "$CTX" >"$WORK/last-build.txt" 2>&1 \
    || { cat "$WORK/last-build.txt" >&2; return 1; }
  b=$(now)
  awk -v a="$a" -v b="$b" 'BEGIN { printf "%.2f", b - a }'
}

printf '%-4s %-8s %12s %14s\n' run builder "cold (s)" "cached (s)"
for r in $(seq 1 "$RUNS"); do
  berth_cold=$(build "$BERTH_HOST" --no-cache)
  berth_warm=$(build "$BERTH_HOST")
  printf '%-4s %-8s %12s %14s\n' "$r" berth "$berth_cold" "$berth_warm"
  if [[ -n $DOCKERD_PID ]]; then
    d_cold=$(build "$DOCKERD_HOST" --no-cache)
    d_warm=$(build "$DOCKERD_HOST")
    printf '%-4s %-8s %12s %14s\n' "$r" dockerd "$d_cold" "$d_warm"
  else
    printf '%-4s %-8s %12s %14s\n' "$r" dockerd "n/a" "n/a"
  fi
done
echo "context: $(du -sh "$CTX" | cut -f1), Dockerfile: $(grep -c . "$CTX/Dockerfile") steps"
