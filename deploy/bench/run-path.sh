#!/usr/bin/env bash
# Where the time of `docker run --rm busybox true` goes, hop by hop, for each network mode. Two views of the same
# runs: the CLI's own requests (a timestamping proxy between the docker CLI and the API socket: when each request
# was sent and answered), and the Kafka hops (each command's and event's record timestamp, read back by HopTimes).
# Prints medians in ms. Not a test: a benchmark; on a busy machine read the steps, not the totals.
# Usage: deploy/bench/run-path.sh [N] [network...]   (default 10 runs each of bridge and none; the platform running:
#   ./berth up; DOCKER_HOST defaults to unix:///run/berth.sock, BERTH_KAFKA to 127.0.0.1:19092)
set -euo pipefail
N="${1:-10}"; shift || true
NETWORKS=(bridge none)
[[ $# -gt 0 ]] && NETWORKS=("$@")
REPO="$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)"
UPSTREAM="${DOCKER_HOST:-unix:///run/berth.sock}"
KAFKA="${BERTH_KAFKA:-127.0.0.1:19092}"
DOCKER=/usr/local/bin/docker
work=$(mktemp -d /tmp/berth-run-path.XXXXXX)
proxy_pid=""
cleanup() {
  [[ -n $proxy_pid ]] && kill "$proxy_pid" 2>/dev/null || true
  rm -rf "$work"
}
trap cleanup EXIT

# The proxy: one line per request sent and per answer head, "<ms> <connection> C|S <first line>"; EOF marks too.
cat > "$work/proxy.py" <<'PY'
import asyncio, sys, time
# appended: the script empties the file between network modes
upstream, listen, out = sys.argv[1], sys.argv[2], open(sys.argv[3], "a", buffering=1)
count = 0
def note(cid, who, what):
    out.write("%.3f %d %s %s\n" % (time.monotonic() * 1000, cid, who, what))
async def pipe(reader, writer, cid, who):
    try:
        while True:
            data = await reader.read(65536)
            if not data:
                note(cid, who, "EOF")
                break
            first = data.split(b"\r\n", 1)[0][:120].decode(errors="replace")
            if who == "C" and first.split(" ")[0] in ("GET", "POST", "HEAD", "PUT", "DELETE"):
                note(cid, who, first)
            elif who == "S" and first.startswith("HTTP/"):
                note(cid, who, first)
            elif who == "S":
                note(cid, who, "DATA %d" % len(data))
            writer.write(data)
            await writer.drain()
    except Exception:
        pass
    finally:
        try:
            writer.write_eof()
        except Exception:
            pass
async def handle(cr, cw):
    global count
    count += 1
    sr, sw = await asyncio.open_unix_connection(upstream)
    await asyncio.gather(pipe(cr, sw, count, "C"), pipe(sr, cw, count, "S"))
    cw.close()
    sw.close()
async def main():
    server = await asyncio.start_unix_server(handle, listen)
    async with server:
        await server.serve_forever()
asyncio.run(main())
PY
python3 "$work/proxy.py" "${UPSTREAM#unix://}" "$work/proxy.sock" "$work/requests.log" &
proxy_pid=$!
for _ in $(seq 1 50); do [[ -S $work/proxy.sock ]] && break; sleep 0.1; done
export DOCKER_HOST="unix://$work/proxy.sock"

# Per run, from the proxy's lines: each request's answer time, and the gaps the CLI waits through.
cat > "$work/requests.py" <<'PY'
import re, statistics, sys
lines = [l.split(" ", 3) for l in open(sys.argv[1]) if l.strip()]
runs, cur = [], None
for ms, cid, who, what in ((float(a), b, c, d.strip()) for a, b, c, d in lines):
    if who == "C" and what.startswith("HEAD /_ping"):
        cur = {"t0": ms, "conn": {}}
        runs.append(cur)
    if cur is None:
        continue
    if who == "C" and not what.startswith("EOF"):
        kind = re.sub(r"^(\w+) /v[\d.]+/containers/(?:[0-9a-f]{64}/)?(\w+).*$", r"\2", what)
        kind = "ping" if "_ping" in what else kind
        cur["conn"][cid] = kind  # a connection carries one request at a time (ping, create, then wait)
        cur.setdefault(kind + ".sent", ms)
    elif who == "S":
        kind = cur["conn"].get(cid)
        if kind and what.startswith("HTTP/"):
            cur.setdefault(kind + ".head", ms)
        elif kind and what.startswith("DATA"):
            cur[kind + ".data"] = ms
        elif kind and what == "EOF":
            cur.setdefault(kind + ".eof", ms)
    cur["end"] = ms
steps = [
    ("ping answered", "ping.sent", "ping.head"),
    ("create: sent -> 201", "create.sent", "create.head"),
    ("attach: sent -> 101", "attach.sent", "attach.head"),
    ("wait: sent -> 200 head", "wait.sent", "wait.head"),
    ("start: sent -> 204", "start.sent", "start.head"),
    ("attach stream ended, after the 204", "start.head", "attach.eof"),
    ("wait body (removed), after the 204", "start.head", "wait.data"),
    ("CLI done, after the wait body", "wait.data", "end"),
    ("total (first request -> last byte)", "t0", "end"),
]
print("  the CLI's requests (median ms over %d runs):" % len(runs))
for name, a, b in steps:
    gaps = [r[b] - r[a] for r in runs if a in r and b in r]
    if gaps:
        print("    %-40s %7.1f" % (name, statistics.median(gaps)))
PY

$DOCKER run --rm busybox true >/dev/null   # warm-up
for net in "${NETWORKS[@]}"; do
  : > "$work/requests.log"
  walls=()
  for _ in $(seq 1 "$N"); do
    t0=$(date +%s%N)
    $DOCKER run --rm --network "$net" busybox true >/dev/null
    walls+=($(( ($(date +%s%N) - t0) / 1000000 )))
  done
  wall=$(printf '%s\n' "${walls[@]}" | sort -n | awk '{v[NR]=$1} END {print v[int(NR/2)+1]}')
  echo "docker run --rm --network $net busybox true, $N runs: median $wall ms wall clock, through the proxy" \
    "(load average $(cut -d' ' -f1-3 /proc/loadavg)):"
  python3 "$work/requests.py" "$work/requests.log"
  grep -a -o 'containers/[0-9a-f]\{64\}' "$work/requests.log" | cut -d/ -f2 | sort -u > "$work/ids"
  java -cp "$REPO/deploy/target/berth.jar" io.berth.deploy.bench.HopTimes "$KAFKA" "$work/ids" 2>/dev/null \
    | grep -v '^[0-9-]* [0-9:.]* \[' | sed 's/^/  /' || true
done
