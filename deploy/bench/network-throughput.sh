#!/usr/bin/env bash
# Container networking, side by side in one run: TCP throughput and round-trip latency between two containers on
# one node's bridge (a user-defined network), between containers on two nodes over that network's VXLAN devices,
# and on the host's loopback as the ceiling; `docker run -d` latency with --network none, the default bridge and a
# user-defined network; and, as the anchor, the same figures through dockerd's bridge (dockerd started in a
# network namespace of this script's own, with its own data root, exec root and socket and "iptables": false, so
# it touches no host interface or rule), or a plain veth pair between two namespaces when dockerd cannot run.
# Usage (root): flock /tmp/berth-e2e.lock deploy/bench/network-throughput.sh [MiB] [runs]
# Starts its own two-node Berth like the multi-host guide: one bridge on the host (address .1, the control plane:
# Kafka, Hazelcast, image store, gateway on a temp socket) and per node a network namespace with a veth on it and
# an agent inside (nsenter --net only, so mounts stay the host's). Throughput: busybox httpd serves a MiB-sized
# file, busybox wget fetches it to /dev/null, timed from /proc/uptime (busybox tools print no rate; the same pair
# on the host's loopback). Latency: busybox ping (ICMP echo), 20 probes 0.2 s apart, average RTT.
# Traffic goes only to loopback and to the bridge and namespaces this script makes. Leaves nothing.
set -euo pipefail
REPO="$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)"
MIB="${1:-256}"
RUNS="${2:-10}"
DOCKER=/usr/local/bin/docker
TAG=$(printf '%04x' $((RANDOM % 65536)))
PREFIX="10.$((200 + RANDOM % 50)).$((RANDOM % 256))."
BR="bbn$TAG"
ROOT="$(mktemp -d /var/tmp/berth-bench-net-XXXXXX)"
NAMESPACES=()
PIDS=()
NET="bench-net-$TAG"
DOCKERD_PID=""
DNS="berth-bench-$TAG-docker"

cleanup() {
  set +e
  if [[ -S $ROOT/berth.sock ]]; then
    DOCKER_HOST="unix://$ROOT/berth.sock" $DOCKER rm -f $($DOCKER -H "unix://$ROOT/berth.sock" ps -aq) >/dev/null 2>&1
    DOCKER_HOST="unix://$ROOT/berth.sock" $DOCKER network rm "$NET" >/dev/null 2>&1
  fi
  if [[ -n $DOCKERD_PID ]]; then
    $DOCKER -H "unix://$ROOT/dockerd.sock" rm -f $($DOCKER -H "unix://$ROOT/dockerd.sock" ps -aq) >/dev/null 2>&1
    kill -TERM "$DOCKERD_PID" 2>/dev/null
    for _ in $(seq 1 40); do kill -0 "$DOCKERD_PID" 2>/dev/null || break; sleep 0.5; done
    kill -KILL "$DOCKERD_PID" 2>/dev/null
    umount -R "$ROOT/dockerd-data" 2>/dev/null
  fi
  # agents first (they take their bridges and VXLAN devices down when idle), the control plane last
  for ((i = ${#PIDS[@]} - 1; i >= 0; i--)); do
    kill -TERM "${PIDS[$i]}" 2>/dev/null
    for _ in $(seq 1 60); do kill -0 "${PIDS[$i]}" 2>/dev/null || break; sleep 0.5; done
    kill -KILL "${PIDS[$i]}" 2>/dev/null
  done
  for ns in "${NAMESPACES[@]}"; do ip netns del "$ns" 2>/dev/null; done
  ip link del "$BR" 2>/dev/null
  for d in /sys/fs/cgroup/*/berth-bench-$TAG-* /sys/fs/cgroup/berth-bench-$TAG-*; do [[ -d $d ]] && rmdir "$d" 2>/dev/null; done
  rm -rf "$ROOT"
}
trap cleanup EXIT

ports() { python3 -c '
import socket, sys
ss = [socket.socket() for _ in range(int(sys.argv[1]))]
for s in ss: s.bind(("0.0.0.0", 0))
print(*[s.getsockname()[1] for s in ss])' "$1"; }
read -r P_KAFKA P_CTRL P_HZ P_REG P_AGENT P_HOST < <(ports 6)
JAR="$REPO/deploy/target/berth.jar"
COMMON=(--cluster-name "bench-net-$TAG" --node-grace 10s)

# the "hosts": a bridge with the control plane's address and a namespace per node
ip link add "$BR" type bridge
ip addr add "${PREFIX}1/24" dev "$BR"
ip link set "$BR" up
for n in 1 2; do
  ns="berth-bench-$TAG-$n"
  ip netns add "$ns"; NAMESPACES+=("$ns")
  ip link add "bbv$TAG$n" type veth peer name "bbp$TAG$n"
  ip link set "bbp$TAG$n" netns "$ns"
  ip -n "$ns" link set lo up
  ip -n "$ns" addr add "${PREFIX}1$n/24" dev "bbp$TAG$n"
  ip -n "$ns" link set "bbp$TAG$n" up
  ip link set "bbv$TAG$n" master "$BR"
  ip link set "bbv$TAG$n" up
done

java -jar "$JAR" --role control --advertise-address "${PREFIX}1" --data-root "$ROOT/control" \
  --socket "$ROOT/berth.sock" --kafka-port "$P_KAFKA" --kafka-controller-port "$P_CTRL" --hazelcast-port "$P_HZ" \
  --registry-port "$P_REG" "${COMMON[@]}" >"$ROOT/control.log" 2>&1 &
PIDS+=($!)
export DOCKER_HOST="unix://$ROOT/berth.sock"
for i in $(seq 1 300); do
  $DOCKER version >/dev/null 2>&1 && break
  ((i < 300)) || { tail -30 "$ROOT/control.log" >&2; exit 1; }
  sleep 1
done
for n in 1 2; do
  nsenter --net="/run/netns/berth-bench-$TAG-$n" -- java -jar "$JAR" --role agent --node-id "bench-$n" \
    --advertise-address "${PREFIX}1$n" --data-root "$ROOT/node-$n" --cgroup-parent "berth-bench-$TAG-$n" \
    --kafka-bootstrap "${PREFIX}1:$P_KAFKA" --hazelcast-members "${PREFIX}1:$P_HZ" \
    --registry-url "http://${PREFIX}1:$P_REG" --agent-port "$P_AGENT" "${COMMON[@]}" >"$ROOT/agent-$n.log" 2>&1 &
  PIDS+=($!)
done
for i in $(seq 1 300); do
  $DOCKER info --format '{{json .Labels}}' 2>/dev/null | grep -q 'berth.nodes=2' && break
  ((i < 300)) || { tail -30 "$ROOT/agent-1.log" "$ROOT/agent-2.log" >&2; exit 1; }
  sleep 1
done

TIMED='a=$(cut -d" " -f1 /proc/uptime); "$@" >/dev/null 2>&1 || exit 1; b=$(cut -d" " -f1 /proc/uptime); echo "$a $b"'
rate() { awk -v mib="$MIB" '{ d = $2 - $1; if (d < 0.01) d = 0.01; printf "%.0f", mib * 1.048576 * 8 / d }'; }
# the average of busybox ping's summary line; n/a when ping could not run
rtt() { local v; v=$(sed -n 's|.*min/avg/max = [0-9.]*/\([0-9.]*\)/.*|\1|p'); echo "${v:-n/a}"; }
SERVE="mkdir -p /w && dd if=/dev/zero of=/w/f bs=1M count=$MIB 2>/dev/null && exec httpd -f -p 80 -h /w"

# one pair of containers: $1 = docker CLI, $2/$3 = run args of server/client, $4 = network; prints "Mbit/s rtt_ms"
pair() {
  local cli="$1" sargs="$2" cargs="$3" net="$4" srv ip mbit ms cl
  srv=$($cli run -d $sargs --network "$net" busybox sh -c "$SERVE")
  ip=$($cli inspect -f "{{(index .NetworkSettings.Networks \"$net\").IPAddress}}" "$srv")
  cl=$($cli run -d $cargs --network "$net" busybox sleep 3600)
  for _ in $(seq 1 50); do $cli exec "$cl" wget -q -O /dev/null "http://$ip/f" 2>/dev/null && break; sleep 0.2; done
  mbit=$({ $cli exec "$cl" sh -c "$TIMED" sh wget -q -O /dev/null "http://$ip/f" || echo "0 0"; } | rate)
  ms=$({ $cli exec "$cl" ping -c 20 -i 0.2 "$ip" 2>&1 || true; } | rtt)
  $cli rm -f "$srv" "$cl" >/dev/null
  echo "$mbit $ms"
}

# the ceiling: the same busybox httpd and wget on the host's loopback
HOSTW="$ROOT/hostw"; mkdir -p "$HOSTW"; dd if=/dev/zero of="$HOSTW/f" bs=1M count="$MIB" 2>/dev/null
/bin/busybox httpd -f -p "127.0.0.1:$P_HOST" -h "$HOSTW" & HTTPD=$!
sleep 0.3
lo_mbit=$(/bin/busybox sh -c "$TIMED" sh /bin/busybox wget -q -O /dev/null "http://127.0.0.1:$P_HOST/f" | rate)
kill "$HTTPD"; wait "$HTTPD" 2>/dev/null || true
lo_ms=$(/bin/busybox ping -c 20 -i 0.2 127.0.0.1 | rtt)

$DOCKER network create "$NET" >/dev/null
read -r same_mbit same_ms < <(pair "$DOCKER" "-e constraint:node==bench-1" "-e constraint:node==bench-1" "$NET")
read -r cross_mbit cross_ms < <(pair "$DOCKER" "-e constraint:node==bench-1" "-e constraint:node==bench-2" "$NET")

# docker run -d latency (median of RUNS, ms): none, the default bridge, the user-defined network
runlat() { # $1 = docker CLI, $2.. = run args before the image
  local cli="$1"; shift
  local t=() id a b
  $cli rm -f $($cli run -d "$@" busybox true) >/dev/null
  for _ in $(seq 1 "$RUNS"); do
    a=$(date +%s%N); id=$($cli run -d "$@" busybox true); b=$(date +%s%N)
    t+=($(((b - a) / 1000000))); $cli rm -f "$id" >/dev/null
  done
  printf '%s\n' "${t[@]}" | sort -n | awk '{ v[NR] = $1 } END { print v[int((NR + 1) / 2)] }'
}
run_none=$(runlat "$DOCKER" --network none -e constraint:node==bench-1)
run_bridge=$(runlat "$DOCKER" -e constraint:node==bench-1)
run_net=$(runlat "$DOCKER" --network "$NET" -e constraint:node==bench-1)

# the anchor: dockerd's bridge, in a namespace of its own, or a veth pair between two namespaces
anchor="dockerd bridge"
d_mbit="n/a"; d_ms="n/a"; d_none="n/a"; d_bridge="n/a"
if command -v dockerd >/dev/null; then
  ip netns add "$DNS"; NAMESPACES+=("$DNS")
  ip -n "$DNS" link set lo up
  cat >"$ROOT/daemon.json" <<EOF
{"iptables": false, "ip6tables": false, "ip-masq": false, "ip-forward": false, "userland-proxy": false,
 "cgroup-parent": "berth-bench-$TAG-dockerd"}
EOF
  nsenter --net="/run/netns/$DNS" -- dockerd --config-file "$ROOT/daemon.json" --data-root "$ROOT/dockerd-data" \
    --exec-root "$ROOT/dockerd-exec" --pidfile "$ROOT/dockerd.pid" -H "unix://$ROOT/dockerd.sock" \
    >"$ROOT/dockerd.log" 2>&1 &
  DOCKERD_PID=$!
  DCLI="$DOCKER -H unix://$ROOT/dockerd.sock"
  for i in $(seq 1 60); do $DCLI version >/dev/null 2>&1 && break; sleep 1; done
  if $DCLI version >/dev/null 2>&1; then
    mkdir -p "$ROOT/bb/bin"; cp /bin/busybox "$ROOT/bb/bin/"
    for a in $(/bin/busybox --list); do [[ $a == busybox ]] || ln -s busybox "$ROOT/bb/bin/$a"; done
    mkdir -p "$ROOT/bb/etc" "$ROOT/bb/tmp"
    tar -C "$ROOT/bb" -c . | $DCLI import -c 'CMD ["sh"]' - busybox:latest >/dev/null
    read -r d_mbit d_ms < <(pair "$DCLI" "" "" bridge) || true
    d_mbit=${d_mbit:-n/a}; d_ms=${d_ms:-n/a}
    d_none=$(runlat "$DCLI" --network none || echo n/a)
    d_bridge=$(runlat "$DCLI" || echo n/a)
  else
    echo "dockerd did not start (see below); anchoring on a veth pair between two namespaces" >&2
    tail -5 "$ROOT/dockerd.log" >&2
  fi
fi
if [[ $d_mbit == n/a ]]; then
  anchor="veth pair (2 netns)"
  for s in a b; do ip netns add "berth-bench-$TAG-$s"; NAMESPACES+=("berth-bench-$TAG-$s"); done
  ip link add "bbx$TAG" netns "berth-bench-$TAG-a" type veth peer name "bby$TAG" netns "berth-bench-$TAG-b"
  ip -n "berth-bench-$TAG-a" addr add 192.168.251.1/30 dev "bbx$TAG"; ip -n "berth-bench-$TAG-a" link set "bbx$TAG" up
  ip -n "berth-bench-$TAG-b" addr add 192.168.251.2/30 dev "bby$TAG"; ip -n "berth-bench-$TAG-b" link set "bby$TAG" up
  nsenter --net="/run/netns/berth-bench-$TAG-a" -- /bin/busybox httpd -f -p 80 -h "$HOSTW" & HTTPD=$!
  sleep 0.3
  d_mbit=$(nsenter --net="/run/netns/berth-bench-$TAG-b" -- /bin/busybox sh -c "$TIMED" sh /bin/busybox wget -q \
    -O /dev/null http://192.168.251.1/f | rate)
  kill "$HTTPD"; wait "$HTTPD" 2>/dev/null || true
  d_ms=$(nsenter --net="/run/netns/berth-bench-$TAG-b" -- /bin/busybox ping -c 20 -i 0.2 192.168.251.1 | rtt)
fi

ratio() { awk -v a="$1" -v b="$2" 'BEGIN { if (b > 0 && a > 0) printf "%.2f", a / b; else print "n/a" }'; }
printf '%-38s %12s %10s %10s\n' "TCP ${MIB} MiB (httpd -> wget)" "Mbit/s" "/loopback" "RTT ms"
printf '%-38s %12s %10s %10s\n' "host loopback (ceiling)" "$lo_mbit" "1.00" "$lo_ms"
printf '%-38s %12s %10s %10s\n' "Berth, one node's bridge" "$same_mbit" "$(ratio "$same_mbit" "$lo_mbit")" "$same_ms"
printf '%-38s %12s %10s %10s\n' "Berth, two nodes over VXLAN" "$cross_mbit" "$(ratio "$cross_mbit" "$lo_mbit")" "$cross_ms"
printf '%-38s %12s %10s %10s\n' "$anchor" "$d_mbit" "$(ratio "$d_mbit" "$lo_mbit")" "$d_ms"
printf '\n%-38s %12s\n' "docker run -d busybox true, median of $RUNS" "ms"
printf '%-38s %12s\n' "Berth --network none" "$run_none" "Berth default bridge" "$run_bridge" \
  "Berth user-defined network" "$run_net" "dockerd --network none" "$d_none" "dockerd default bridge" "$d_bridge"
