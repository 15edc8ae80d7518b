#!/usr/bin/env bash
# Measures Berth's image file paths with the docker CLI. For each of N rounds it writes a fresh root file system
# tar of ~SIZE_MB (a static busybox plus random data, so nothing is shared with earlier rounds), then times:
#   import   docker import -c 'CMD …' rootfs.tar IMAGE      (spool, one pass gzip + digests, blob + manifest PUT)
#   save     docker save -o out.tar IMAGE                  (blobs read back, gunzipped, written as an archive)
#   rmi      docker rmi IMAGE                              (tag DELETE + manifest DELETE)
#   load     docker load -i out.tar                        (archive parsed, layers spooled, checked and stored)
#   run      docker run --rm IMAGE                         (node agent pulls and unpacks the layer, runs it)
# and prints min/median/max of each, with MB/s of the tar size for import, save and load.
# Usage: deploy/bench/image-archive.sh [N] [SIZE_MB]
#   platform running (./berth up); DOCKER_HOST defaults to unix:///run/berth.sock
set -euo pipefail
N="${1:-3}"
SIZE_MB="${2:-100}"
export DOCKER_HOST="${DOCKER_HOST:-unix:///run/berth.sock}"
DOCKER=/usr/local/bin/docker
BUSYBOX=$(command -v busybox || true)
[[ -n "$BUSYBOX" ]] || { echo "busybox is missing: apt-get install busybox-static" >&2; exit 1; }

WORK="$(mktemp -d /tmp/berth-archive-bench.XXXXXX)"
IMAGE=bench/image-archive:round
cleanup() {
  "$DOCKER" rmi -f "$IMAGE" >/dev/null 2>&1 || true
  rm -rf "$WORK"
}
trap cleanup EXIT
now_ms() { echo $(( $(date +%s%N) / 1000000 )); }

declare -A times
record() { times[$1]="${times[$1]:-} $2"; }

for round in $(seq 1 "$N"); do
  tree="$WORK/rootfs"
  rm -rf "$tree" && mkdir -p "$tree/bin" "$tree/data"
  cp "$BUSYBOX" "$tree/bin/busybox" && ln -s busybox "$tree/bin/sh"
  head -c "${SIZE_MB}M" /dev/urandom > "$tree/data/round$round"
  tar -C "$tree" -cf "$WORK/rootfs.tar" .
  rm -rf "$tree"
  bytes=$(stat -c %s "$WORK/rootfs.tar")

  t=$(now_ms); "$DOCKER" import -c 'CMD ["/bin/busybox","true"]' "$WORK/rootfs.tar" "$IMAGE" >/dev/null
  record import $(( $(now_ms) - t ))
  t=$(now_ms); "$DOCKER" save -o "$WORK/out.tar" "$IMAGE"
  record save $(( $(now_ms) - t ))
  t=$(now_ms); "$DOCKER" rmi "$IMAGE" >/dev/null
  record rmi $(( $(now_ms) - t ))
  t=$(now_ms); "$DOCKER" load -i "$WORK/out.tar" >/dev/null
  record load $(( $(now_ms) - t ))
  t=$(now_ms); "$DOCKER" run --rm "$IMAGE" >/dev/null
  record run $(( $(now_ms) - t ))
  "$DOCKER" rmi "$IMAGE" >/dev/null
  rm -f "$WORK/out.tar" "$WORK/rootfs.tar"
done

echo "image-archive: $N rounds, root fs tar of $(( bytes / 1000000 )) MB (random data, so gzip cannot shrink it)"
for step in import save rmi load run; do
  read -r -a values <<< "${times[$step]}"
  sorted=($(printf '%s\n' "${values[@]}" | sort -n))
  min=${sorted[0]}; max=${sorted[-1]}; median=${sorted[$(( ${#sorted[@]} / 2 ))]}
  line=$(printf '%-7s min %6d ms  median %6d ms  max %6d ms' "$step" "$min" "$median" "$max")
  case $step in
    import|save|load) line+=$(awk -v b="$bytes" -v ms="$median" 'BEGIN { printf "  (%.1f MB/s at the median)", b / 1e6 / (ms / 1000) }') ;;
  esac
  echo "$line"
done
