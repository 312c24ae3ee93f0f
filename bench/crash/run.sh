#!/usr/bin/env bash
# Crash-safety run of Latchkey: `latchkey start` on SQLite and/or PostgreSQL under concurrent
# write load, killed with SIGKILL at random moments and restarted each time; afterwards every
# acknowledged write is checked through the API and in the database, and nothing a request left
# half done may be there. Mail goes to a GreenMail SMTP server inside the driver.
#
#   bench/crash/run.sh [sqlite|postgresql|all] [--kills N] [--duration S] [--workers N] [--seed N]
#
# Options (defaults in brackets):
#   --kills N      SIGKILLs per dialect [20]
#   --duration S   seconds of load per dialect, restarts included [600]
#   --workers N    concurrent writing clients [8]
#   --seed N       seed of the kill moments and of the writes [random; printed]
# Environment: PGHOST/PGPORT/PGUSER (default 127.0.0.1, 5432, postgres; trust auth expected).
#
# The driver is io.latchkey.server.reliability.CrashRun in the server's test classes (the build's
# CrashSafetyTest runs the same driver briefly). Figures are printed and kept, with the server
# logs, in bench/crash/results/<time>/; the exit status is 1 when anything was lost or half
# applied.
set -euo pipefail

ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)"
HERE="$ROOT/bench/crash"
# shellcheck source=../../bin/java-env.sh
. "$ROOT/bin/java-env.sh"

DIALECTS=all
KILLS=20
DURATION=600
WORKERS=8
SEED=""
PGHOST="${PGHOST:-127.0.0.1}"
PGPORT="${PGPORT:-5432}"
PGUSER="${PGUSER:-postgres}"

usage() { sed -n '2,19p' "${BASH_SOURCE[0]}" | sed 's/^# \{0,1\}//'; exit 2; }

while [ $# -gt 0 ]; do
  case "$1" in
    sqlite|postgresql|all) DIALECTS="$1" ;;
    --kills) KILLS="$2"; shift ;;
    --duration) DURATION="$2"; shift ;;
    --workers) WORKERS="$2"; shift ;;
    --seed) SEED="$2"; shift ;;
    -h|--help) usage ;;
    *) echo "run.sh: unknown argument '$1'" >&2; usage ;;
  esac
  shift
done
[ "$DIALECTS" = all ] && DIALECTS="sqlite postgresql"
for n in "$KILLS" "$DURATION" "$WORKERS" ${SEED:+"${SEED#-}"}; do
  [[ "$n" =~ ^[0-9]+$ ]] || { echo "run.sh: '$n' is not a number" >&2; exit 2; }
done

log() { printf '%s  %s\n' "$(date +%H:%M:%S)" "$*" >&2; }

# The server and its test classes, and the class path of both (test scope: GreenMail, JDBC).
log "building the server and the driver"
(cd "$ROOT" && mvn -q -B -pl server -am test-compile dependency:build-classpath \
  -Dmdep.includeScope=test -Dmdep.outputFile=target/crash-classpath.txt) >&2
CP="$ROOT/server/target/test-classes:$ROOT/server/target/classes:$(cat "$ROOT/server/target/crash-classpath.txt")"

RESULTS="$HERE/results/$(date +%Y%m%d-%H%M%S)"
mkdir -p "$RESULTS"
ARGS=(--kills "$KILLS" --duration "$DURATION" --workers "$WORKERS" --out "$RESULTS")
[ -n "$SEED" ] && ARGS+=(--seed "$SEED")
for d in $DIALECTS; do ARGS+=(--dialect "$d"); done
{
  echo "Latchkey crash-safety run, $(date -u +%Y-%m-%dT%H:%MZ), commit $(git -C "$ROOT" rev-parse --short HEAD 2>/dev/null || echo '?')"
  echo "machine: $(nproc) cores, $(awk '/MemTotal/ { printf "%d MiB", $2 / 1024 }' /proc/meminfo); $(java -version 2>&1 | head -1)"
  echo "dialects: $DIALECTS; $KILLS kills over ${DURATION}s each; $WORKERS writers"
} | tee "$RESULTS/summary.txt" >&2

status=0
java -Dlatchkey.test.pg.url="jdbc:postgresql://$PGHOST:$PGPORT/postgres?user=$PGUSER" \
  -cp "$CP" io.latchkey.server.reliability.CrashRun "${ARGS[@]}" 2>"$RESULTS/driver.err" \
  | tee -a "$RESULTS/summary.txt" || status=$?
log "results in $RESULTS"
exit "$status"
