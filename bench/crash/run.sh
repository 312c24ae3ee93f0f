#!/usr/bin/env bash
# Crash-safety run of Latchkey: `latchkey start` on SQLite and/or PostgreSQL under concurrent
# write load, killed with SIGKILL at random moments and restarted each time; afterwards every
# acknowledged write is checked through the API and in the database, and nothing a request left
# half done may be there. Mail goes to a GreenMail SMTP server inside the driver.
#
#   bench/crash/run.sh [sqlite|postgresql|all] [--kills N] [--duration S] [--workers N] [--seed N]
#   bench/crash/run.sh postgresql-restart [--kills N] [--duration S] [--workers N] [--seed N]
#
# postgresql-restart: the server keeps running while a PostgreSQL of the run's own (initdb in a
# temporary folder, on port PGPORT_PRIVATE [55432]) is restarted N times (pg_ctl restart -m fast)
# under the same load; the machine's PostgreSQL is not touched.
#
# Options (defaults in brackets):
#   --kills N      SIGKILLs (or PostgreSQL restarts) per dialect [20]
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

usage() { sed -n '2,24p' "${BASH_SOURCE[0]}" | sed 's/^# \{0,1\}//'; exit 2; }

while [ $# -gt 0 ]; do
  case "$1" in
    sqlite|postgresql|all|postgresql-restart) DIALECTS="$1" ;;
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
RESTART_ARGS=()
if [ "$DIALECTS" = postgresql-restart ]; then
  # A private cluster, so restarting it disturbs no one else on the machine.
  PG_BIN="$(ls -d /usr/lib/postgresql/*/bin 2>/dev/null | sort -V | tail -n 1)"
  [ -x "$PG_BIN/initdb" ] || { echo "run.sh: initdb not found under /usr/lib/postgresql" >&2; exit 2; }
  PGPORT="${PGPORT_PRIVATE:-55432}"
  PGHOST=127.0.0.1
  PGUSER=postgres
  PG_TMP="$(mktemp -d /tmp/latchkey-crash-pg.XXXXXX)"
  as_pg() { if [ "$(id -u)" = 0 ]; then runuser -u postgres -- "$@"; else "$@"; fi; }
  [ "$(id -u)" = 0 ] && chown postgres "$PG_TMP"
  PG_OPTS="-p $PGPORT -k $PG_TMP -c listen_addresses=127.0.0.1 -c fsync=on"
  as_pg "$PG_BIN/initdb" -D "$PG_TMP/data" -A trust -U postgres >/dev/null
  as_pg "$PG_BIN/pg_ctl" -D "$PG_TMP/data" -o "$PG_OPTS" -l "$PG_TMP/postgres.log" -w start >/dev/null
  cleanup_pg() {
    as_pg "$PG_BIN/pg_ctl" -D "$PG_TMP/data" -m immediate -w stop >/dev/null 2>&1 || true
    rm -rf "$PG_TMP"
  }
  trap cleanup_pg EXIT
  RESTART_CMD="$PG_BIN/pg_ctl -D $PG_TMP/data -o '$PG_OPTS' -l $PG_TMP/postgres.log -m fast -w restart"
  [ "$(id -u)" = 0 ] && RESTART_CMD="runuser -u postgres -- $RESTART_CMD"
  RESTART_ARGS=(--database-restart "$RESTART_CMD")
  DIALECTS=postgresql
fi
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
ARGS=(--kills "$KILLS" --duration "$DURATION" --workers "$WORKERS" --out "$RESULTS" "${RESTART_ARGS[@]}")
[ -n "$SEED" ] && ARGS+=(--seed "$SEED")
for d in $DIALECTS; do ARGS+=(--dialect "$d"); done
{
  echo "Latchkey crash-safety run, $(date -u +%Y-%m-%dT%H:%MZ), commit $(git -C "$ROOT" rev-parse --short HEAD 2>/dev/null || echo '?')"
  echo "machine: $(nproc) cores, $(awk '/MemTotal/ { printf "%d MiB", $2 / 1024 }' /proc/meminfo); $(java -version 2>&1 | head -1)"
  if [ ${#RESTART_ARGS[@]} -gt 0 ]; then
    echo "PostgreSQL (private, port $PGPORT) restarted $KILLS times over ${DURATION}s; $WORKERS writers"
  else
    echo "dialects: $DIALECTS; $KILLS kills over ${DURATION}s each; $WORKERS writers"
  fi
} | tee "$RESULTS/summary.txt" >&2

status=0
java -Dlatchkey.test.pg.url="jdbc:postgresql://$PGHOST:$PGPORT/postgres?user=$PGUSER" \
  -cp "$CP" io.latchkey.server.reliability.CrashRun "${ARGS[@]}" 2>"$RESULTS/driver.err" \
  | tee -a "$RESULTS/summary.txt" || status=$?
log "results in $RESULTS"
exit "$status"
