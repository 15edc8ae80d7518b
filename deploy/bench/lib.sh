# Pieces the benchmark scripts share; sourced, never run. Every function that starts something records what it
# started so that bench_cleanup (called from the script's EXIT trap) stops it by pid and removes it:
#   bench_platform ROOT [flags…]      an all-in-one berth.jar on a temp data root, free ports, own cluster name,
#                                     cgroup parent and socket; sets PLATFORM_PID, BERTH_SOCK, BERTH_HOST
#   bench_split ROOT [agent java opts] the same as two processes, --role control and --role agent; sets
#                                     CONTROL_PID, AGENT_PID, BERTH_HOST
#   bench_dockerd ROOT                a light dockerd (own data root, exec root, pid file, socket; no bridge, no
#                                     iptables); sets DOCKERD_PID, DOCKERD_HOST
#   bench_runc_bundle DIR CMD…        an OCI bundle whose root is the busybox image's (Debian's static busybox)
#   bench_cpu_rss PID SECONDS         "cpu% rss_kB": one core's share used over SECONDS, and VmRSS at the end
#   bench_fill HOST N [args…]         N × docker run -d --network none … busybox sleep, four at a time
#   bench_stop PID                    SIGTERM, up to 30 s, then SIGKILL
# Needs root (namespaces, cgroups, mounts).
BENCH_REPO="$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)"
BENCH_JAR="${BERTH_JAR:-$BENCH_REPO/deploy/target/berth.jar}"
DOCKER=/usr/local/bin/docker
BENCH_TAG="bench-$$"
BENCH_PIDS=()      # launchers, stopped last-started first
BENCH_DOCKERDS=()  # "pid root"
BENCH_ROOTS=()     # temp dirs removed at the end
BENCH_HOSTS=()     # every platform's DOCKER_HOST, emptied at the end (a script may start two)
BENCH_TAGS=()      # every platform's cluster name, whose cgroup parents are removed at the end

bench_need_root() { [[ $EUID -eq 0 ]] || { echo "$(basename "$0") needs root" >&2; exit 1; }; }

# Installs the Debian packages among "$@" that are missing (apt-get update once, only if one is).
bench_packages() {
  local missing=() p
  for p in "$@"; do dpkg -s "$p" >/dev/null 2>&1 || missing+=("$p"); done
  ((${#missing[@]} == 0)) && return 0
  apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq "${missing[@]}" >/dev/null
}

# N ports the kernel hands out as free, all held until every one is chosen so none repeats.
bench_ports() {
  python3 -c '
import socket, sys
ss = [socket.socket() for _ in range(int(sys.argv[1]))]
for s in ss: s.bind(("127.0.0.1", 0))
print(*[s.getsockname()[1] for s in ss])' "$1"
}

bench_stop() {
  local pid=$1
  kill -TERM "$pid" 2>/dev/null || return 0
  for _ in $(seq 1 60); do kill -0 "$pid" 2>/dev/null || break; sleep 0.5; done
  kill -KILL "$pid" 2>/dev/null || true
  wait "$pid" 2>/dev/null || true
}

# Waits until `docker version` answers on HOST, or PID dies (its LOG's tail shown), or 300 s pass.
bench_await() {
  local host=$1 pid=$2 log=$3 i
  for i in $(seq 1 300); do
    DOCKER_HOST="$host" $DOCKER version >/dev/null 2>&1 && return 0
    kill -0 "$pid" 2>/dev/null || { tail -30 "$log" >&2; return 1; }
    sleep 1
  done
  echo "nothing answered on $host within 300 s" >&2
  return 1
}

# Waits until LOG has a line matching REGEX, or PID dies, or 300 s pass.
bench_await_line() {
  local log=$1 regex=$2 pid=$3 i
  for i in $(seq 1 600); do
    grep -qE "$regex" "$log" 2>/dev/null && return 0
    kill -0 "$pid" 2>/dev/null || { tail -30 "$log" >&2; return 1; }
    sleep 0.5
  done
  echo "no line /$regex/ in $log within 300 s" >&2
  return 1
}

# bench_platform ROOT [launcher flags…]: JVM options for it in BENCH_JAVA_OPTS (words).
bench_platform() {
  local root=$1; shift
  mkdir -p "$root"; BENCH_ROOTS+=("$root")
  local kafka ctrl hz reg agent
  read -r kafka ctrl hz reg agent < <(bench_ports 5)
  BENCH_REGISTRY="127.0.0.1:$reg"
  BERTH_SOCK="$root/berth.sock"
  BERTH_HOST="unix://$BERTH_SOCK"
  BENCH_HOSTS+=("$BERTH_HOST"); BENCH_TAGS+=("$BENCH_TAG")
  # shellcheck disable=SC2086
  java ${BENCH_JAVA_OPTS:-} -jar "$BENCH_JAR" --data-root "$root/data" --socket "$BERTH_SOCK" \
    --node-id bench-node --cluster-name "$BENCH_TAG" --cgroup-parent "berth-$BENCH_TAG" \
    --kafka-port "$kafka" --kafka-controller-port "$ctrl" --hazelcast-port "$hz" \
    --registry-port "$reg" --agent-port "$agent" "$@" >"$root/platform.log" 2>&1 &
  PLATFORM_PID=$!
  BENCH_PIDS+=("$PLATFORM_PID")
  bench_await "$BERTH_HOST" "$PLATFORM_PID" "$root/platform.log"
}

# bench_split ROOT [agent JVM options…]: a control plane (gateway on ROOT/berth.sock) and one agent, as two JVMs.
bench_split() {
  local root=$1; shift
  mkdir -p "$root"; BENCH_ROOTS+=("$root")
  local kafka ctrl hz reg agent
  read -r kafka ctrl hz reg agent < <(bench_ports 5)
  BENCH_REGISTRY="127.0.0.1:$reg"
  BERTH_SOCK="$root/berth.sock"
  BERTH_HOST="unix://$BERTH_SOCK"
  BENCH_HOSTS+=("$BERTH_HOST"); BENCH_TAGS+=("$BENCH_TAG")
  java -jar "$BENCH_JAR" --role control --data-root "$root/data" --socket "$BERTH_SOCK" \
    --node-id control --cluster-name "$BENCH_TAG" \
    --kafka-port "$kafka" --kafka-controller-port "$ctrl" --hazelcast-port "$hz" \
    --registry-port "$reg" >"$root/control.log" 2>&1 &
  CONTROL_PID=$!
  BENCH_PIDS+=("$CONTROL_PID")
  bench_await "$BERTH_HOST" "$CONTROL_PID" "$root/control.log"
  java "$@" -jar "$BENCH_JAR" --role agent --data-root "$root/data" --node-id bench-node \
    --cluster-name "$BENCH_TAG" --cgroup-parent "berth-$BENCH_TAG" \
    --kafka-bootstrap "127.0.0.1:$kafka" --hazelcast-members "127.0.0.1:$hz" \
    --registry-url "http://127.0.0.1:$reg" --agent-port "$agent" >"$root/agent.log" 2>&1 &
  AGENT_PID=$!
  BENCH_PIDS+=("$AGENT_PID")
  bench_await_line "$root/agent.log" 'berth: ready as node agent' "$AGENT_PID"
  # placed only once the scheduler has seen the node's first heartbeat
  local i
  for i in $(seq 1 60); do
    DOCKER_HOST="$BERTH_HOST" $DOCKER info --format '{{.Labels}}' 2>/dev/null | grep -q 'berth.nodes=1' && return 0
    sleep 0.5
  done
}

bench_dockerd() {
  local root=$1
  mkdir -p "$root"; BENCH_ROOTS+=("$root")
  command -v dockerd >/dev/null || bench_packages docker.io
  DOCKERD_HOST="unix://$root/docker.sock"
  dockerd --data-root "$root/data" --exec-root "$root/exec" --pidfile "$root/docker.pid" -H "$DOCKERD_HOST" \
    --bridge=none --iptables=false --ip6tables=false --storage-driver=overlay2 >"$root/dockerd.log" 2>&1 &
  DOCKERD_PID=$!
  BENCH_DOCKERDS+=("$DOCKERD_PID $root")
  bench_await "$DOCKERD_HOST" "$DOCKERD_PID" "$root/dockerd.log"
}

# Removes every container on HOST (the platform or dockerd this script started).
bench_rm_all() {
  local ids
  ids=$(DOCKER_HOST="$1" $DOCKER ps -aq 2>/dev/null) || return 0
  [[ -z $ids ]] || DOCKER_HOST="$1" $DOCKER rm -f $ids >/dev/null 2>&1 || true
}

bench_cleanup() {
  set +e
  local entry pid root i m host tag d
  for entry in "${BENCH_DOCKERDS[@]}"; do
    read -r pid root <<<"$entry"
    bench_rm_all "unix://$root/docker.sock"
    bench_stop "$pid"
    # dockerd's containerd and overlay mounts under its roots, deepest first
    grep -o " $root/[^ ]*" /proc/mounts | sort -r | while read -r m; do umount -l "$m"; done
  done
  for host in "${BENCH_HOSTS[@]}"; do [[ -S ${host#unix://} ]] && bench_rm_all "$host"; done
  for ((i = ${#BENCH_PIDS[@]} - 1; i >= 0; i--)); do bench_stop "${BENCH_PIDS[$i]}"; done
  # A platform that died before its containers were removed leaves them running: their monitors (found by the
  # spec path under one of this script's roots) and their processes (in this script's cgroup parents) are
  # stopped by pid, then the cgroups and the containers' network namespaces removed.
  for root in "${BENCH_ROOTS[@]}"; do
    for pid in $(pgrep -f "^$root/.*/berth-monitor "); do kill -KILL "$pid" 2>/dev/null; done
  done
  for tag in "${BENCH_TAGS[@]}"; do
    for d in /sys/fs/cgroup/berth-$tag /sys/fs/cgroup/*/berth-$tag; do
      [[ -d $d ]] || continue
      for pid in $(find "$d" -name cgroup.procs -exec cat {} + 2>/dev/null); do kill -KILL "$pid" 2>/dev/null; done
    done
  done
  sleep 0.5
  for tag in "${BENCH_TAGS[@]}"; do
    for d in /sys/fs/cgroup/berth-$tag /sys/fs/cgroup/*/berth-$tag; do
      [[ -d $d ]] || continue
      find "$d" -mindepth 1 -depth -type d -exec rmdir {} + 2>/dev/null
      rmdir "$d" 2>/dev/null
    done
  done
  for root in "${BENCH_ROOTS[@]}"; do
    for d in "$root"/data/nodes/*/; do
      [[ -d $d ]] || continue
      # the agent's network tag: NetNames.of(node id, node root)
      tag=$(printf '%s\0%s' "$(basename "$d")" "${d%/}" | sha256sum | cut -c1-6)
      for ns in /run/netns/berth-"$tag"-*; do
        [[ -e $ns ]] || continue
        umount "$ns" 2>/dev/null || umount -l "$ns" 2>/dev/null
        rm -f "$ns"
      done
      # and the node's default bridge and nft table, which a stopped agent removes itself
      ip link del "berth$tag" 2>/dev/null
      nft list tables 2>/dev/null | awk -v t="berth_$tag" '$3 == t { print $2 }' |
        while read -r family; do nft delete table "$family" "berth_$tag"; done
    done
  done
  for root in "${BENCH_ROOTS[@]}"; do
    grep -o " $root/[^ ]*" /proc/mounts | sort -r | while read -r m; do umount -l "$m"; done
    rm -rf "$root"
  done
}

# The busybox image's root: Debian's static busybox and one link per applet, in DIR/rootfs, with a runc spec
# running CMD….
bench_runc_bundle() {
  local dir=$1 applet; shift
  mkdir -p "$dir/rootfs/"{bin,proc,sys,dev,tmp,etc}
  cp /bin/busybox "$dir/rootfs/bin/busybox"
  for applet in $(/bin/busybox --list); do
    [[ $applet == busybox ]] || ln -s busybox "$dir/rootfs/bin/$applet"
  done
  (cd "$dir" && runc spec)
  jq --argjson args "$(printf '%s\n' "$@" | jq -R . | jq -s .)" '.process.terminal=false | .process.args=$args' \
    "$dir/config.json" >"$dir/c.json"
  mv "$dir/c.json" "$dir/config.json"
}

# Clock ticks (user + system) the process has used.
bench_ticks() { awk '{ print $14 + $15 }' "/proc/$1/stat"; }

# "cpu% rss_kB" of PID over SECONDS (one core = 100%).
bench_cpu_rss() {
  local pid=$1 seconds=$2 a b hz rss
  hz=$(getconf CLK_TCK)
  a=$(bench_ticks "$pid")
  sleep "$seconds"
  b=$(bench_ticks "$pid")
  rss=$(awk '/^VmRSS/ { print $2 }' "/proc/$pid/status")
  awk -v a="$a" -v b="$b" -v hz="$hz" -v s="$seconds" -v rss="$rss" 'BEGIN { printf "%.2f %d\n", (b - a) / hz / s * 100, rss }'
}

# The Java heap in use (kB): survivor, eden and old spaces from jstat, which every collector reports.
bench_heap_kb() {
  jstat -gc "$1" 2>/dev/null | awk 'NR == 2 { printf "%d\n", $3 + $4 + $6 + $8 }'
}

# bench_fill HOST N [docker run args…]: N sleeping busybox containers with no network (a node's default bridge
# is a /24), four at a time.
bench_fill() {
  local host=$1 n=$2; shift 2
  ((n > 0)) || return 0
  seq 1 "$n" | DOCKER_HOST="$host" xargs -P4 -I{} $DOCKER run -d --network none "$@" busybox sleep 1000000 >/dev/null
}

# The summed VmRSS and Pss (kB) of the processes whose pids are on stdin: "rss pss".
bench_rss_pss() {
  local pid rss=0 pss=0 r p
  while read -r pid; do
    r=$(awk '/^VmRSS/ { print $2 }' "/proc/$pid/status" 2>/dev/null || echo 0)
    p=$(awk '/^Pss:/ { print $2 }' "/proc/$pid/smaps_rollup" 2>/dev/null || echo 0)
    rss=$((rss + ${r:-0})); pss=$((pss + ${p:-0}))
  done
  echo "$rss $pss"
}

# bench_threads PID SECONDS [TOP=8]: the threads that used the most CPU over SECONDS, "ticks name" per line
# (a tick is 1/CLK_TCK s), and the process's CPU share as bench_cpu_rss prints it on the last line.
bench_threads() {
  local pid=$1 seconds=$2 top=${3:-8} a b
  a=$(mktemp) b=$(mktemp)
  snap() { for t in /proc/"$pid"/task/*; do
      awk '{ c = $0; sub(/^[0-9]+ \(/, "", c); sub(/\) .*/, "", c); n = split($0, f, ") "); split(f[n], g, " ");
             print FILENAME, g[12] + g[13], c }' "$t/stat" 2>/dev/null; done; }
  snap >"$a"
  local ta tb
  ta=$(bench_ticks "$pid"); sleep "$seconds"; tb=$(bench_ticks "$pid")
  snap >"$b"
  awk 'NR == FNR { t[$1] = $2; next } { d = $2 - t[$1]; if (d > 0) { $1 = ""; $2 = ""; sub(/^  /, ""); n[$0] += d } }
       END { for (k in n) print n[k], k }' "$a" "$b" | sort -rn | head -"$top"
  rm -f "$a" "$b"
  awk -v a="$ta" -v b="$tb" -v hz="$(getconf CLK_TCK)" -v s="$seconds" -v rss="$(awk '/^VmRSS/ { print $2 }' "/proc/$pid/status")" \
    'BEGIN { printf "%.2f %d\n", (b - a) / hz / s * 100, rss }'
}

# The JVM options a host's agent runs with: JDK_JAVA_OPTIONS of deploy/systemd/berth-agent.service.
bench_agent_java_opts() {
  sed -n 's|^Environment="\{0,1\}JDK_JAVA_OPTIONS=\([^"]*\)"\{0,1\}$|\1|p' "$BENCH_REPO/deploy/systemd/berth-agent.service"
}
