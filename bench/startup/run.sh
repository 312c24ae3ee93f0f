#!/usr/bin/env bash
# Start-up time of `./latchkey start-dev`: from launching the command to the first HTTP 200 of
# /readyz, over N starts of an already built server on one data folder (the first, unmeasured
# start creates the database, the dev project and the launcher's class-data archive; the
# measured ones are the starts a developer sees every day). Prints every start, the median and
# the max.
#
#   bench/startup/run.sh [--starts N]        (default 10)
#
# Loopback only; the data folder is a temporary one, removed on exit.
set -euo pipefail
ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)"
STARTS=10
while [ $# -gt 0 ]; do
  case "$1" in
    --starts) STARTS="$2"; shift 2 ;;
    *) echo "usage: $0 [--starts N]" >&2; exit 2 ;;
  esac
done

DATA="$(mktemp -d)"
PID=""
cleanup() {
  if [ -n "$PID" ]; then kill "$PID" 2>/dev/null || true; wait "$PID" 2>/dev/null || true; fi
  rm -rf "$DATA"
}
trap cleanup EXIT INT TERM

free_port() { python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1])'; }
now_ms() { date +%s%3N; }

# One start: prints milliseconds from launch to the first 200 of /readyz, then stops the server
# the way a developer does (SIGTERM, as Ctrl-C's SIGINT) and waits for it to exit.
one_start() {
  local port t0 t1
  port="$(free_port)"
  t0="$(now_ms)"
  LATCHKEY_MANAGEMENT_PORT=off "$ROOT/latchkey" start-dev --port "$port" --data-dir "$DATA" \
    >"$DATA/out.log" 2>&1 &
  PID=$!
  until curl -fs -o /dev/null "http://127.0.0.1:$port/readyz"; do
    if ! kill -0 "$PID" 2>/dev/null; then echo "start-up failed:" >&2; cat "$DATA/out.log" >&2; exit 1; fi
    sleep 0.01
  done
  t1="$(now_ms)"
  # CPU the process spent getting there (user + system, in clock ticks): less at the mercy of
  # whatever else the machine runs than the wall time, so it shows what a change saves.
  local ticks
  ticks=$(awk '{print $14 + $15}' "/proc/$PID/stat")
  kill -TERM "$PID"; wait "$PID" 2>/dev/null || true; PID=""
  echo "$((t1 - t0)) $((ticks * 1000 / $(getconf CLK_TCK)))"
}

# Build outside the measurement (the launcher builds when sources are newer than the jar).
"$ROOT/latchkey" --version >/dev/null
read -r first_ms first_cpu <<<"$(one_start)"
echo "unmeasured first start: $first_ms ms (cpu $first_cpu ms)"
walls=()
cpus=()
for i in $(seq 1 "$STARTS"); do
  read -r wall cpu <<<"$(one_start)"
  walls+=("$wall")
  cpus+=("$cpu")
  echo "start $i: $wall ms (cpu $cpu ms)"
done
median() { sort -n | awk '{v[NR]=$1} END {print (NR % 2) ? v[(NR + 1) / 2] : int((v[NR / 2] + v[NR / 2 + 1]) / 2)}'; }
maximum() { sort -n | tail -n 1; }
echo "starts: ${#walls[@]}  wall median: $(printf '%s\n' "${walls[@]}" | median) ms  max: $(printf '%s\n' "${walls[@]}" | maximum) ms" \
  " cpu median: $(printf '%s\n' "${cpus[@]}" | median) ms"
