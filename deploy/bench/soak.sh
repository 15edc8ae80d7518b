#!/usr/bin/env bash
# Soak: mixed docker CLI traffic from many concurrent clients against one running platform, some clients
# killed at random mid-command, and the platform's resources sampled at the start and the end.
#   deploy/bench/soak.sh [minutes=30] [clients=50] [pid of the platform JVM (gateway+agent)]
# DOCKER_HOST must point at the platform (e.g. unix:///run/berth.sock). Needs jcmd (the JDK) for the heap.
# Prints: requests served, errors grouped by the daemon's message (the CLI shows no status code: the
# message says which — "No such container" 404, "is not running"/"is paused" 409, "timed out" 500 …),
# clients killed, and per sample: open fds, threads, heap used.
set -uo pipefail

MINUTES="${1:-30}"
CLIENTS="${2:-50}"
PID="${3:-$(pgrep -f 'berth.jar' | head -1)}"
[[ -n ${DOCKER_HOST:-} ]] || { echo "soak: set DOCKER_HOST to the platform's socket" >&2; exit 2; }
[[ -n $PID && -d /proc/$PID ]] || { echo "soak: no platform JVM (give its pid as the 3rd argument)" >&2; exit 2; }
OUT="$(mktemp -d /tmp/berth-soak.XXXXXX)"
END=$(( $(date +%s) + MINUTES * 60 ))
LABEL="berth.soak=$$"

sample() {
  local fds threads heap
  fds=$(ls "/proc/$PID/fd" 2>/dev/null | wc -l)
  threads=$(awk '/^Threads:/ {print $2}' "/proc/$PID/status")
  # after a full GC, so the figure is what is live, not what awaits collection
  jcmd "$PID" GC.run >/dev/null 2>&1
  heap=$(jcmd "$PID" GC.heap_info 2>/dev/null | grep -o 'used [0-9]*K' | head -1 | tr -dc 0-9)
  printf '%s  fds %5s  threads %4s  heap used %6s MiB\n' "$1" "$fds" "$threads" "$(( ${heap:-0} / 1024 ))"
}

# One client: a loop of random commands on its own containers until the end; ~5% of commands are killed
# (SIGKILL after 0.2-2 s), as a user's Ctrl-C or a dying script would.
client() {
  local n=$1 log="$OUT/client-$1.log" mine=() op id cmd rc kill_after
  while (( $(date +%s) < END )); do
    op=$(( RANDOM % 10 ))
    id=""
    (( ${#mine[@]} > 0 )) && id=${mine[RANDOM % ${#mine[@]}]}
    case $op in
      0|1) cmd=(run -d --label "$LABEL" busybox sh -c 'i=0; while :; do echo $i; i=$((i+1)); sleep 1; done') ;;
      2|3) [[ -n $id ]] && cmd=(exec "$id" sh -c 'echo hi') || cmd=(ps -q) ;;
      4)   [[ -n $id ]] && cmd=(logs --tail 5 "$id") || cmd=(ps) ;;
      5)   cmd=(ps -a --filter "label=$LABEL") ;;
      6)   [[ -n $id ]] && cmd=(stop -t 1 "$id") || cmd=(ps) ;;
      7)   [[ -n $id ]] && cmd=(start "$id") || cmd=(ps) ;;
      *)   if [[ -n $id ]]; then cmd=(rm -f "$id"); else cmd=(ps); fi ;;
    esac
    if (( RANDOM % 20 == 0 )); then
      kill_after="0.$(( RANDOM % 9 + 1 ))"
      timeout -s KILL "$kill_after" docker "${cmd[@]}" >/dev/null 2>&1
      echo "killed ${cmd[0]}" >>"$log"
      continue
    fi
    out=$(timeout 120 docker "${cmd[@]}" 2>&1); rc=$?
    if (( rc == 0 )); then
      echo "ok ${cmd[0]}" >>"$log"
      [[ ${cmd[0]} == run ]] && mine+=("$(tail -1 <<<"$out")")
      if [[ ${cmd[0]} == rm ]]; then
        local keep=(); for c in "${mine[@]}"; do [[ $c != "$id" ]] && keep+=("$c"); done; mine=("${keep[@]}")
      fi
    else
      msg=$(grep -m1 -o 'Error response from daemon: .*\|timed out.*\|Cannot connect.*' <<<"$out" \
            | sed -E 's/[0-9a-f]{12,64}/<id>/g' | cut -c1-90)
      (( rc == 124 )) && msg="client timeout (120 s)"
      echo "err ${cmd[0]} ${msg:-exit $rc}" >>"$log"
    fi
  done
}

echo "soak: $CLIENTS clients for $MINUTES min against $DOCKER_HOST (JVM pid $PID), logs in $OUT"
sample "start"
for i in $(seq 1 "$CLIENTS"); do client "$i" & done
while (( $(date +%s) < END )); do
  sleep 60
  sample "$(( (END - $(date +%s) + 59) / 60 )) min left"
done
wait
docker ps -aq --filter "label=$LABEL" | xargs -r docker rm -f >/dev/null 2>&1
sleep 10
sample "end (containers removed, 10 s idle)"
cat "$OUT"/client-*.log > "$OUT/all.log"
echo "requests served (ok): $(grep -c '^ok ' "$OUT/all.log")"
grep '^ok ' "$OUT/all.log" | awk '{print "  ok " $2}' | sort | uniq -c | sort -rn
echo "clients killed mid-command: $(grep -c '^killed ' "$OUT/all.log")"
echo "errors: $(grep -c '^err ' "$OUT/all.log")"
grep '^err ' "$OUT/all.log" | cut -d' ' -f2- | sort | uniq -c | sort -rn | head -20
