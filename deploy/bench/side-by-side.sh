#!/usr/bin/env bash
# Berth against dockerd in its lightest setup, on this machine, in one run, through the same CLI
# (/usr/local/bin/docker), timed with hyperfine (medians): the rows of issue 15's table and their goals.
#   docker run --rm busybox true        hyperfine, WARMUP + N runs each
#   docker exec C true                  C a `busybox sleep` container
#   LOOP × docker run -d, one after     the whole loop timed, ROUNDS rounds (the previous round's containers
#     another                           removed before each, outside the timing); the last round's stay
#   docker ps, LOOP+1 running           those LOOP and C
#   memory per running container        Berth: each container's berth-monitor; dockerd: each container's
#                                       containerd-shim; summed VmRSS (and PSS) / containers
#   runc run (the floor)                runc run of an OCI bundle with the same busybox root, /bin/true
# dockerd is its own (data root, exec root, pid file and socket in a temp dir, --bridge=none --iptables=false
# --ip6tables=false; docker.io installed if missing), stopped by its pid, its mounts and dir removed. Berth is
# deploy/target/berth.jar started on a temp data root and free ports (or, with BERTH_HOST=unix:///run/berth.sock,
# a platform already running there). Both get the same busybox image: Berth's own (built by the image store from
# Debian's static busybox) moved over with docker save | docker load. Each run's defaults: no --network, so Berth's
# containers join its default bridge while dockerd's (no bridge) get none — the issue's setup.
# Usage (root): deploy/bench/side-by-side.sh [N=20] [ROUNDS=3] [LOOP=50]
set -euo pipefail
N="${1:-20}"
ROUNDS="${2:-3}"
LOOP="${3:-50}"
WARMUP="${WARMUP:-3}"
source "$(dirname "${BASH_SOURCE[0]}")/lib.sh"
bench_need_root
bench_packages hyperfine jq runc
WORK="$(mktemp -d /var/tmp/berth-side-by-side-XXXXXX)"
BENCH_ROOTS+=("$WORK")
OWN_BERTH=1
[[ -n ${BERTH_HOST:-} ]] && OWN_BERTH=0
BERTH_C="" DOCKERD_C=""
cleanup() {
  set +e
  if ((!OWN_BERTH)); then # a platform we did not start: remove only what we made on it
    [[ -s $WORK/loop-berth ]] && xargs -r $DOCKER -H "$BERTH_HOST" rm -f <"$WORK/loop-berth" >/dev/null 2>&1
    [[ -n $BERTH_C ]] && $DOCKER -H "$BERTH_HOST" rm -f "$BERTH_C" >/dev/null 2>&1
    BERTH_HOST=""
  fi
  runc delete -f "bench-runc-$$" >/dev/null 2>&1
  bench_cleanup
}
trap cleanup EXIT
trap "exit 143" TERM INT

((OWN_BERTH)) && bench_platform "$WORK/berth"
bench_dockerd "$WORK/dockerd"
$DOCKER -H "$BERTH_HOST" save busybox | $DOCKER -H "$DOCKERD_HOST" load >/dev/null
bench_runc_bundle "$WORK/bundle" /bin/true

# hf NAME [hyperfine args…]: runs hyperfine, keeps its JSON as WORK/NAME.json, echoes the median in ms
hf() {
  local name=$1; shift
  hyperfine --style none --export-json "$WORK/$name.json" "$@" >"$WORK/$name.out" 2>&1 \
    || { cat "$WORK/$name.out" >&2; return 1; }
  jq -r '.results[0].median * 1000' "$WORK/$name.json"
}

declare -A B D
for side in berth dockerd; do
  if [[ $side == berth ]]; then host=$BERTH_HOST; else host=$DOCKERD_HOST; fi
  export DOCKER_HOST=$host
  run_rm=$(hf "$side-run" -N --warmup "$WARMUP" --runs "$N" "$DOCKER run --rm busybox true")
  c=$($DOCKER run -d busybox sleep 1000000)
  if [[ $side == berth ]]; then BERTH_C=$c; else DOCKERD_C=$c; fi
  exec_t=$(hf "$side-exec" -N --warmup "$WARMUP" --runs "$N" "$DOCKER exec $c true")
  ids="$WORK/loop-$side"
  : >"$ids"
  loop=$(hf "$side-loop" --shell bash --runs "$ROUNDS" \
    --prepare "xargs -r $DOCKER rm -f <$ids >/dev/null; : >$ids" \
    "for i in \$(seq 1 $LOOP); do $DOCKER run -d busybox sleep 1000000 >>$ids; done")
  ps_t=$(hf "$side-ps" -N --warmup "$WARMUP" --runs "$N" "$DOCKER ps")
  running=$($DOCKER ps -q | wc -l)
  # the parent of each container's first process: Berth's berth-monitor, dockerd's containerd-shim
  pids=$($DOCKER inspect -f '{{.State.Pid}}' $($DOCKER ps -q))
  read -r rss pss < <(for p in $pids; do ps -o ppid= -p "$p"; done | tr -d ' ' | sort -u | bench_rss_pss)
  parents=$(for p in $pids; do ps -o ppid= -p "$p"; done | sort -u | wc -l)
  parent_comm=$(cat "/proc/$(ps -o ppid= -p "${pids%%$'\n'*}" | tr -d ' ')/comm")
  if [[ $side == berth ]]; then
    B=([run]=$run_rm [exec]=$exec_t [loop]=$loop [ps]=$ps_t [running]=$running [rss]=$rss [pss]=$pss [parents]=$parents [comm]=$parent_comm)
  else
    D=([run]=$run_rm [exec]=$exec_t [loop]=$loop [ps]=$ps_t [running]=$running [rss]=$rss [pss]=$pss [parents]=$parents [comm]=$parent_comm)
  fi
done
unset DOCKER_HOST
runc_t=$(hf runc -N --warmup "$WARMUP" --runs "$N" "runc run --bundle $WORK/bundle bench-runc-$$")

# row LABEL BERTH DOCKERD UNIT GOAL
row() {
  awk -v l="$1" -v b="$2" -v d="$3" -v u="$4" -v g="$5" 'BEGIN {
    r = (d > 0) ? sprintf("%.2f", b / d) : "n/a"
    printf "| %-46s | %10.1f %-2s | %10.1f %-2s | %5s | %-6s |\n", l, b, u, d, u, r, g }'
}
per_b=$(awk -v r="${B[rss]}" -v n="${B[running]}" 'BEGIN { print r / n }')
per_d=$(awk -v r="${D[rss]}" -v n="${D[running]}" 'BEGIN { print r / n }')
echo
echo "side by side, $(date -u '+%F %H:%M UTC'), load average $(cut -d' ' -f1-3 /proc/loadavg), $(nproc) cores;" \
  "hyperfine medians of $N runs ($WARMUP warm-up), the loop $ROUNDS rounds"
printf '| %-46s | %13s | %13s | %5s | %-6s |\n' "" Berth dockerd ratio goal
printf '|%s|%s|%s|%s|%s|\n' "$(printf -- '-%.0s' {1..48})" "$(printf -- '-%.0s' {1..15})" "$(printf -- '-%.0s' {1..15})" "-------" "--------"
row '`docker run --rm busybox true`' "${B[run]}" "${D[run]}" ms '≤ 0.55'
row '`docker exec C true`' "${B[exec]}" "${D[exec]}" ms '≤ 0.55'
row "$LOOP x \`docker run -d\`, one after another" "${B[loop]}" "${D[loop]}" ms '≤ 0.30'
row "\`docker ps\`, ${B[running]}/${D[running]} running" "${B[ps]}" "${D[ps]}" ms '≤ 0.75'
row "memory per running container (RSS)" "$per_b" "$per_d" kB '≤ 0.08'
row "runc run of the same root (floor) / Berth run" "$runc_t" "${B[run]}" ms ''
echo "memory: Berth ${B[parents]} × ${B[comm]} RSS ${B[rss]} kB, PSS ${B[pss]} kB for ${B[running]} containers;" \
  "dockerd ${D[parents]} × ${D[comm]} RSS ${D[rss]} kB, PSS ${D[pss]} kB for ${D[running]}"
echo "the floor row: runc run in the first column, Berth's docker run --rm in the second, their ratio"
