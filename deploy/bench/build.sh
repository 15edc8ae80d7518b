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
REPO="$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)"
OWN=0
if [[ ${1:-} == --own-platform ]]; then OWN=1; shift; fi
RUNS="${1:-1}"
DOCKER=/usr/local/bin/docker
WORK="$(mktemp -d /var/tmp/berth-bench-build-XXXXXX)"
PLATFORM_PID=""
DOCKERD_PID=""
cleanup() {
  set +e
  if [[ -n $DOCKERD_PID ]]; then
    DOCKER_HOST="unix://$WORK/dockerd/docker.sock" $DOCKER rmi -f bench-build:latest >/dev/null 2>&1
    kill -TERM "$DOCKERD_PID" 2>/dev/null
    for _ in $(seq 1 60); do kill -0 "$DOCKERD_PID" 2>/dev/null || break; sleep 0.5; done
    kill -KILL "$DOCKERD_PID" 2>/dev/null
    wait "$DOCKERD_PID" 2>/dev/null
    # dockerd's own containerd and any mounts it left under its roots
    grep -o " $WORK/[^ ]*" /proc/mounts | sort -r | while read -r m; do umount -l "$m"; done
  fi
  if [[ -n $PLATFORM_PID ]]; then
    kill -TERM "$PLATFORM_PID" 2>/dev/null
    for _ in $(seq 1 60); do kill -0 "$PLATFORM_PID" 2>/dev/null || break; sleep 0.5; done
    kill -KILL "$PLATFORM_PID" 2>/dev/null
    wait "$PLATFORM_PID" 2>/dev/null
  elif [[ -n ${BERTH_HOST:-} ]]; then
    DOCKER_HOST="$BERTH_HOST" $DOCKER rmi -f bench-build:latest >/dev/null 2>&1
  fi
  rm -rf "$WORK"
}
trap cleanup EXIT
trap "exit 143" TERM INT

if ((OWN)); then
  read -r P_KAFKA P_CTRL P_HZ P_REG P_AGENT < <(python3 -c '
import socket
ss = [socket.socket() for _ in range(5)]
for s in ss: s.bind(("127.0.0.1", 0))
print(*[s.getsockname()[1] for s in ss])')
  java -jar "$REPO/deploy/target/berth.jar" --data-root "$WORK/berth/data" --socket "$WORK/berth.sock" \
    --node-id bench-node --cluster-name "bench-$$" --cgroup-parent "berth-bench-$$" \
    --kafka-port "$P_KAFKA" --kafka-controller-port "$P_CTRL" --hazelcast-port "$P_HZ" \
    --registry-port "$P_REG" --agent-port "$P_AGENT" >"$WORK/platform.log" 2>&1 &
  PLATFORM_PID=$!
  export DOCKER_HOST="unix://$WORK/berth.sock"
  for i in $(seq 1 300); do
    $DOCKER version >/dev/null 2>&1 && break
    kill -0 "$PLATFORM_PID" 2>/dev/null || { tail -30 "$WORK/platform.log" >&2; exit 1; }
    ((i < 300)) || { echo "the platform did not answer within 300 s" >&2; exit 1; }
    sleep 1
  done
fi
BERTH_HOST="${DOCKER_HOST:-unix:///run/berth.sock}"
DOCKERD_HOST="unix://$WORK/dockerd/docker.sock"
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

# dockerd of its own; busybox moved over from Berth
mkdir -p "$WORK/dockerd"
dockerd --data-root "$WORK/dockerd/root" --exec-root "$WORK/dockerd/exec" --pidfile "$WORK/dockerd/docker.pid" \
  --host "$DOCKERD_HOST" --iptables=false --ip6tables=false --bridge=none --storage-driver=overlay2 \
  >"$WORK/dockerd.log" 2>&1 &
DOCKERD_PID=$!
for i in $(seq 1 60); do
  DOCKER_HOST="$DOCKERD_HOST" $DOCKER version >/dev/null 2>&1 && break
  kill -0 "$DOCKERD_PID" 2>/dev/null || { tail -30 "$WORK/dockerd.log" >&2; DOCKERD_PID=""; break; }
  sleep 1
done
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
