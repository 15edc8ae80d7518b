#!/usr/bin/env bash
# Measures image pull throughput through Berth. For each of N rounds it writes a fresh ~SIZE_MB image (a busybox
# layer plus LAYERS layers of random data, so nothing is cached anywhere) as an OCI layout, pushes it into
# Berth's registry with skopeo, then times:
#   push        skopeo copy oci:… docker://registry/…            (registry write path)
#   skopeo pull skopeo copy docker://registry/… oci:…            (the same bytes to a directory on this machine)
#   skopeo+tar  skopeo copy docker://registry/… dir:… then tar -x of every layer into one directory, sequentially
#               (what a pull that unpacks has to do at the least: the cold run's anchor, issue 15's goal ≤ 1.5×)
#   cold run    docker run --rm IMAGE true, first time           (gateway resolve + node agent pulls, verifies and
#                                                                 unpacks every layer into its cache + run)
#   warm run    docker run --rm IMAGE true, second time          (container start from the cached layers)
# and prints min/median/max of each, with MB/s for the transfers, and cold run / (skopeo+tar) at the medians.
# The random layers are AES-CTR keystream (openssl, keyed by round and layer): incompressible like /dev/urandom,
# but the same bytes on every run; against a running platform the key also holds this script's pid, so no run
# finds its layers in the agent's cache.
# Usage: deploy/bench/pull-throughput.sh [--own-platform] [N=3] [SIZE_MB=200] [LAYERS=4]   (LAYERS + busybox)
#   --own-platform: starts deploy/target/berth.jar on a temp data root and free ports (lib.sh), a cold cache;
#   else a running platform: DOCKER_HOST defaults to unix:///run/berth.sock, BERTH_REGISTRY to 127.0.0.1:5000
set -euo pipefail
source "$(dirname "${BASH_SOURCE[0]}")/lib.sh"
OWN=0
if [[ ${1:-} == --own-platform ]]; then OWN=1; shift; fi
N="${1:-3}"
SIZE_MB="${2:-200}"
LAYERS="${3:-4}"
command -v skopeo >/dev/null || bench_packages skopeo
command -v openssl >/dev/null || bench_packages openssl
[[ -x /bin/busybox ]] || { echo "/bin/busybox is missing: apt-get install busybox-static" >&2; exit 1; }

WORK="$(mktemp -d /var/tmp/berth-pull-bench.XXXXXX)"
BENCH_ROOTS+=("$WORK")
if ((OWN)); then
  trap bench_cleanup EXIT
  trap "exit 143" TERM INT
  bench_platform "$WORK/platform"
  export DOCKER_HOST="$BERTH_HOST"
  REGISTRY="$BENCH_REGISTRY"
  KEY="berth-bench"
else
  export DOCKER_HOST="${DOCKER_HOST:-unix:///run/berth.sock}"
  REGISTRY="${BERTH_REGISTRY:-127.0.0.1:5000}"
  KEY="berth-bench-$$"
fi
pushed=()
# Deletes the pushed manifests (their blobs go at the registry's next garbage collection) and the temp files.
cleanup() {
  local ref digest
  for ref in "${pushed[@]}"; do
    digest=$(skopeo inspect --tls-verify=false --raw "docker://$ref" | sha256sum | cut -d' ' -f1) || continue
    curl -s -o /dev/null -X DELETE "http://$REGISTRY/v2/bench/pull-throughput/manifests/sha256:$digest" || true
  done
  if ((OWN)); then bench_cleanup; else rm -rf "$WORK"; fi
}
trap cleanup EXIT
now_ms() { echo $(( $(date +%s%N) / 1000000 )); }

# Moves a file into the layout's blobs under its sha256; prints the hex.
blob() {
  local hex
  hex=$(sha256sum "$1" | cut -d' ' -f1)
  mv "$1" "$LAYOUT/blobs/sha256/$hex"
  echo "$hex"
}

# Adds one gzip layer made from directory $1; appends to the descriptor and diff_id lists.
add_layer() {
  local dir=$1 tarfile="$WORK/layer.tar" diff hex size
  tar -C "$dir" --sort=name --owner=0 --group=0 --numeric-owner -cf "$tarfile" .
  diff=$(sha256sum "$tarfile" | cut -d' ' -f1)
  gzip -1 -n "$tarfile"
  hex=$(blob "$tarfile.gz")
  size=$(stat -c %s "$LAYOUT/blobs/sha256/$hex")
  layer_descriptors+=("{\"mediaType\":\"application/vnd.oci.image.layer.v1.tar+gzip\",\"digest\":\"sha256:$hex\",\"size\":$size}")
  diff_ids+=("\"sha256:$diff\"")
}

join() { local IFS=,; echo "$*"; }

# Writes round $1's image as an OCI layout at $LAYOUT, tag "bench".
write_image() {
  LAYOUT="$WORK/layout-$1"
  rm -rf "$LAYOUT"
  mkdir -p "$LAYOUT/blobs/sha256"
  layer_descriptors=()
  diff_ids=()
  local base="$WORK/base"
  rm -rf "$base" && mkdir -p "$base/bin" && cp /bin/busybox "$base/bin/busybox"
  add_layer "$base"
  local per=$(( SIZE_MB / LAYERS )) i data
  for i in $(seq 1 "$LAYERS"); do
    data="$WORK/data"
    rm -rf "$data" && mkdir -p "$data/data"
    head -c "${per}M" /dev/zero | openssl enc -aes-128-ctr -nosalt -pass "pass:$KEY-round$1-layer$i" \
      -pbkdf2 > "$data/data/round$1-layer$i"
    add_layer "$data"
  done
  rm -rf "$base" "$WORK/data"
  local config="$WORK/config.json" config_hex config_size manifest="$WORK/manifest.json" manifest_hex manifest_size
  printf '{"architecture":"amd64","os":"linux","config":{"Env":["PATH=/bin"],"Cmd":["/bin/busybox","true"]},"rootfs":{"type":"layers","diff_ids":[%s]}}' \
    "$(join "${diff_ids[@]}")" > "$config"
  config_size=$(stat -c %s "$config")
  config_hex=$(blob "$config")
  printf '{"schemaVersion":2,"mediaType":"application/vnd.oci.image.manifest.v1+json","config":{"mediaType":"application/vnd.oci.image.config.v1+json","digest":"sha256:%s","size":%s},"layers":[%s]}' \
    "$config_hex" "$config_size" "$(join "${layer_descriptors[@]}")" > "$manifest"
  manifest_size=$(stat -c %s "$manifest")
  manifest_hex=$(blob "$manifest")
  printf '{"schemaVersion":2,"manifests":[{"mediaType":"application/vnd.oci.image.manifest.v1+json","digest":"sha256:%s","size":%s,"annotations":{"org.opencontainers.image.ref.name":"bench"}}]}' \
    "$manifest_hex" "$manifest_size" > "$LAYOUT/index.json"
  echo '{"imageLayoutVersion":"1.0.0"}' > "$LAYOUT/oci-layout"
}

push=() pull=() untar=() cold=() warm=() megabytes=()
for round in $(seq 1 "$N"); do
  write_image "$round"
  image="$REGISTRY/bench/pull-throughput:r$round-$$"
  bytes=$(du -sb "$LAYOUT/blobs" | cut -f1)
  megabytes+=($(( bytes / 1000000 )))

  t0=$(now_ms)
  skopeo --insecure-policy copy -q --dest-tls-verify=false "oci:$LAYOUT:bench" "docker://$image"
  t1=$(now_ms); push+=($(( t1 - t0 )))
  pushed+=("$image")

  t0=$(now_ms)
  skopeo --insecure-policy copy -q --src-tls-verify=false "docker://$image" "oci:$WORK/pulled-$round:bench"
  t1=$(now_ms); pull+=($(( t1 - t0 )))
  rm -rf "$WORK/pulled-$round"

  t0=$(now_ms)
  skopeo --insecure-policy copy -q --src-tls-verify=false "docker://$image" "dir:$WORK/dir-$round"
  mkdir -p "$WORK/rootfs-$round"
  for layer in $(jq -r '.layers[].digest | sub("sha256:"; "")' "$WORK/dir-$round/manifest.json"); do
    tar -xzf "$WORK/dir-$round/$layer" -C "$WORK/rootfs-$round"
  done
  t1=$(now_ms); untar+=($(( t1 - t0 )))
  rm -rf "$WORK/dir-$round" "$WORK/rootfs-$round"

  t0=$(now_ms)
  $DOCKER run --rm "$image" >/dev/null
  t1=$(now_ms); cold+=($(( t1 - t0 )))

  t0=$(now_ms)
  $DOCKER run --rm "$image" >/dev/null
  t1=$(now_ms); warm+=($(( t1 - t0 )))

  rm -rf "$LAYOUT"
  echo "round $round: ${megabytes[-1]} MB; push ${push[-1]} ms, skopeo pull ${pull[-1]} ms, skopeo+tar ${untar[-1]} ms, cold run ${cold[-1]} ms, warm run ${warm[-1]} ms"
done

# Prints "label: min … median … max" in ms, and MB/s at the median when a size is given.
report() {
  local label=$1 mb=$2; shift 2
  local sorted=($(printf '%s\n' "$@" | sort -n)) n=$#
  local med=${sorted[$((n / 2))]}
  MEDIAN=$med
  local line="$label (ms): min ${sorted[0]} median $med max ${sorted[$((n - 1))]}"
  if [[ $mb -gt 0 && $med -gt 0 ]]; then
    line+="  ~$(( mb * 1000 / med )) MB/s at the median"
  fi
  echo "$line"
}
mb=${megabytes[0]}
echo "image: $LAYERS random layers + busybox, ~$mb MB compressed, $N rounds, registry $REGISTRY"
report "skopeo push into Berth      " "$mb" "${push[@]}"
report "skopeo pull to an OCI dir   " "$mb" "${pull[@]}"
report "skopeo copy to dir + tar -x " "$mb" "${untar[@]}"; untar_med=$MEDIAN
report "docker run, cold layer cache" "$mb" "${cold[@]}"; cold_med=$MEDIAN
report "docker run, warm layer cache" 0 "${warm[@]}"
awk -v c="$cold_med" -v u="$untar_med" 'BEGIN { printf "cold run / (skopeo copy + tar -x) = %.2f at the medians (goal <= 1.5)\n", c / u }'
if ((OWN)); then
  echo "the agent's phases per layer pulled (its log):"
  grep -ho 'layer [0-9a-f]* pulled.*' "$WORK/platform/platform.log" | sed 's/^/  /' || true
fi
echo "(the pushed images are deleted from the registry on exit; its garbage collection and the agents' layer pruning reclaim the space)"
