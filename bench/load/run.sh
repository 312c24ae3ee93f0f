#!/usr/bin/env bash
# HTTP load benchmark of Latchkey: sessions.authenticate (by token, by JWT) and the full email
# magic-link login, against `latchkey start` on SQLite and/or PostgreSQL, with N stored sessions.
#
#   bench/load/run.sh [sqlite|postgresql|all] [--sessions N] [--duration S] [--quick] [--profile]
#                     [--scenarios LIST]
#
# For each dialect: a fresh database, a random master key, the server on a free loopback port
# with mail delivered to an SMTP sink inside the login driver, a project made with the CLI, an
# organization, a hot set of sessions made through the real HTTP login flow, the bulk of the
# stored sessions inserted with SQL (copies of a real row), then the server restarted and the
# load runs. Prints a table and keeps it in bench/load/results/. Loopback only; every process
# and database it makes is removed on exit, including on Ctrl-C.
#
# Options (defaults in brackets):
#   --sessions N      stored sessions [1000000]
#   --hot N           sessions made through the HTTP login flow, the authenticate hot set [4000]
#   --duration S      seconds measured per scenario [30]
#   --warmup S        seconds of warm-up before each scenario [30]; long enough for a restarted
#                     server to mint a JWT for every hot session once (~1 ms of CPU each)
#   --connections N   wrk connections and concurrent logins [32]
#   --threads N       wrk threads [2]
#   --quick           smoke check: 20,000 sessions, 200 hot, 3 s runs, 1 s warm-ups
#   --profile         record JFR on the measured server; hot methods go to the results folder
#   --quiet-wait S    before each scenario, wait up to S seconds for the machine to be idle [120]
#   --scenarios LIST  comma-separated, from: token (by session_token, hot set), authz (the same
#                     with an authorization_check on a custom resource of the project's RBAC
#                     policy), jwt (by session_jwt), stored (by session_token, any stored
#                     session), gzip (token, hot set, with the Accept-Encoding: gzip that the
#                     official SDKs' HTTP clients send), login (the full login), password (passwords.authenticate:
#                     Argon2id check and a new session, members imported with passwords.migrate),
#                     sso (a SAML login: the signed response posted to the ACS + sso.authenticate,
#                     responses signed in advance by SsoDriver.java)
#                     [token,gzip,authz,jwt,stored,login,password,sso]; e.g. --scenarios token,authz
#   --log-sql         PostgreSQL only: log every statement of the benchmark's database (the
#                     database's log_statement = all) and count, per measured request, the
#                     statements and transactions each scenario cost, kept in <dialect>-sql.txt.
#                     Logging costs PostgreSQL CPU: use it with --quick, not for rates.
# Environment: PGHOST/PGPORT/PGUSER (default 127.0.0.1, 5432, postgres; trust auth expected),
# LATCHKEY_JAVA_OPTS (extra JVM options for the server).
set -euo pipefail

ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)"
HERE="$ROOT/bench/load"
# shellcheck source=../../bin/java-env.sh
. "$ROOT/bin/java-env.sh"

DIALECTS=all
SESSIONS=1000000
HOT=4000
DURATION=30
WARMUP=30
CONNECTIONS=32
THREADS=2
PROFILE=0
LOG_SQL=0
# The cluster's log file (Debian's pg_ctlcluster sends PostgreSQL's stderr there); --log-sql reads it.
PGLOG="${PGLOG:-/var/log/postgresql/postgresql-15-main.log}"
QUIET_WAIT=120
SCENARIOS=token,gzip,authz,jwt,stored,login,password,sso
# The password scenario's members (each login locks its member's password row, so the load is
# spread over more members than connections) and their password.
PASSWORD_MEMBERS=256
BENCH_PASSWORD=Bench-Horse-2026
DOMAIN=bench.example
# The login scenario mails each of its few thousand addresses several times a minute, hundreds of
# logins a second into one organization: far past the default send limits, which are made for
# people. The limits stay on (their counting is part of what a login costs) with room for that.
# Every other limit keeps its default: no request fails, and the project budget is above what
# one machine serves.
SEND_LIMIT=100000000/1m
PGHOST="${PGHOST:-127.0.0.1}"
PGPORT="${PGPORT:-5432}"
PGUSER="${PGUSER:-postgres}"
export PGHOST PGPORT PGUSER

usage() { sed -n '2,34p' "${BASH_SOURCE[0]}" | sed 's/^# \{0,1\}//'; exit 2; }

while [ $# -gt 0 ]; do
  case "$1" in
    sqlite|postgresql|all) DIALECTS="$1" ;;
    --sessions) SESSIONS="$2"; shift ;;
    --hot) HOT="$2"; shift ;;
    --duration) DURATION="$2"; shift ;;
    --warmup) WARMUP="$2"; shift ;;
    --connections) CONNECTIONS="$2"; shift ;;
    --threads) THREADS="$2"; shift ;;
    --quick) SESSIONS=20000; HOT=200; DURATION=3; WARMUP=1; QUIET_WAIT=0 ;;
    --profile) PROFILE=1 ;;
    --log-sql) LOG_SQL=1 ;;
    --quiet-wait) QUIET_WAIT="$2"; shift ;;
    --scenarios) SCENARIOS="$2"; shift ;;
    -h|--help) usage ;;
    *) echo "run.sh: unknown argument '$1'" >&2; usage ;;
  esac
  shift
done
[ "$DIALECTS" = all ] && DIALECTS="sqlite postgresql"
for n in "$SESSIONS" "$HOT" "$DURATION" "$WARMUP" "$CONNECTIONS" "$THREADS" "$QUIET_WAIT"; do
  [[ "$n" =~ ^[0-9]+$ ]] || { echo "run.sh: '$n' is not a number" >&2; exit 2; }
done
for s in ${SCENARIOS//,/ }; do
  case "$s" in
    token|gzip|authz|jwt|stored|login|password|sso) ;;
    *) echo "run.sh: unknown scenario '$s' (token, gzip, authz, jwt, stored, login, password, sso)" >&2; exit 2 ;;
  esac
done
wants() { [[ ",$SCENARIOS," == *",$1,"* ]]; }
if [ "$HOT" -lt "$CONNECTIONS" ]; then
  echo "run.sh: --hot must be at least --connections (each login worker needs its own members)" >&2
  exit 2
fi

log() { printf '%s  %s\n' "$(date +%H:%M:%S)" "$*" >&2; }
die() { log "ERROR: $*"; exit 1; }

# ---------------------------------------------------------------- state and cleanup

WORK=""          # temp folder of the dialect being run (database file, token files, logs)
CLASSES=""       # the compiled drivers
SERVER_PID=""
SAMPLER_PID=""
PG_DB=""
RESULTS="$HERE/results/$(date +%Y%m%d-%H%M%S)"
TABLE="$RESULTS/results.tsv"

stop_pid() { # pid [seconds]: TERM, then KILL when it does not go in time
  local pid="$1" wait_s="${2:-20}"
  [ -n "$pid" ] && kill -0 "$pid" 2>/dev/null || return 0
  kill -TERM "$pid" 2>/dev/null || true
  for _ in $(seq $((wait_s * 10))); do
    kill -0 "$pid" 2>/dev/null || { wait "$pid" 2>/dev/null || true; return 0; }
    sleep 0.1
  done
  kill -KILL "$pid" 2>/dev/null || true
  wait "$pid" 2>/dev/null || true
}

stop_server() { stop_pid "$SAMPLER_PID" 2; SAMPLER_PID=""; stop_pid "$SERVER_PID"; SERVER_PID=""; }

cleanup_dialect() {
  stop_server
  if [ -n "$PG_DB" ]; then
    dropdb --if-exists --force "$PG_DB" >/dev/null 2>&1 || log "could not drop database $PG_DB"
    PG_DB=""
  fi
  if [ -n "$WORK" ]; then rm -rf "$WORK"; WORK=""; fi
}
cleanup_all() {
  cleanup_dialect
  if [ -n "$CLASSES" ]; then rm -rf "$CLASSES"; fi
}
trap cleanup_all EXIT
trap 'log "interrupted"; exit 130' INT TERM

# Databases left by a run that was killed outright (SIGKILL): named after a pid that is gone.
drop_stale_databases() {
  local db pid
  for db in $(psql -XAtqc "SELECT datname FROM pg_database WHERE datname LIKE 'latchkey\_bench\_%'" postgres); do
    pid="${db#latchkey_bench_}"; pid="${pid%%_*}"
    if ! kill -0 "$pid" 2>/dev/null; then
      log "dropping $db, left by an earlier run"
      dropdb --if-exists --force "$db" || true
    fi
  done
}

# ---------------------------------------------------------------- prerequisites

ensure_tools() {
  if ! command -v wrk >/dev/null; then
    log "installing wrk"
    if [ "$(id -u)" = 0 ]; then apt-get update -q && apt-get install -y -q wrk
    else sudo apt-get update -q && sudo apt-get install -y -q wrk; fi
  fi
  local tool
  for tool in java javac curl openssl awk; do
    command -v "$tool" >/dev/null || die "$tool is required"
  done
}

ensure_built() {
  # The launcher rebuilds when the jar is missing or older than the sources; the drivers need
  # the runtime jars the build copies to server/target/lib.
  "$ROOT/latchkey" --version >/dev/null
  if [ ! -d "$ROOT/server/target/lib" ]; then
    (cd "$ROOT" && mvn -q -B -pl server -am package -DskipTests) >&2
  fi
  CP="$ROOT/server/target/lib/*"
  # Compiled once, so no scenario pays for compiling them.
  CLASSES="$(mktemp -d "${TMPDIR:-/tmp}/latchkey-bench-classes.XXXXXX")"
  javac -nowarn -cp "$CP" -d "$CLASSES" "$HERE/LoginDriver.java" "$HERE/SeedSessions.java" "$HERE/SsoDriver.java"
  DRIVER_CP="$CLASSES:$CP"
}

free_port() {
  local p
  for _ in $(seq 100); do
    p=$((20000 + RANDOM % 40000))
    # A refused connection means nobody listens there.
    if ! (exec 3<>"/dev/tcp/127.0.0.1/$p") 2>/dev/null; then echo "$p"; return 0; fi
  done
  die "no free port found"
}

# ---------------------------------------------------------------- the server

start_server() { # label
  local label="$1" opts="" class_data="${LATCHKEY_CLASS_DATA:-on}"
  if [ "$PROFILE" = 1 ] && [ "$label" = measured ]; then
    opts="-XX:StartFlightRecording=filename=$RESULTS/$DIALECT.jfr,settings=profile,dumponexit=true"
    # A JVM that writes the launcher's class-data archive at exit (the first start after a
    # build) can outlast the stop's grace period, and a killed JVM leaves no recording. The
    # archive only speeds up starting, which is not measured here.
    class_data=off
  fi
  LATCHKEY_DB_URL="$DB_URL" LATCHKEY_MASTER_KEY="$MASTER_KEY" LATCHKEY_BASE_URL="$BASE_URL" \
  LATCHKEY_MANAGEMENT_PORT=off LATCHKEY_CLASS_DATA="$class_data" \
  LATCHKEY_SMTP_HOST=127.0.0.1 LATCHKEY_SMTP_PORT="$SMTP_PORT" LATCHKEY_SMTP_SECURITY=none \
  LATCHKEY_SMTP_FROM="no-reply@$DOMAIN" LATCHKEY_JAVA_OPTS="${LATCHKEY_JAVA_OPTS:-} $opts" \
  LATCHKEY_RATE_LIMIT_EMAIL_SENDS_PER_ADDRESS="$SEND_LIMIT" \
  LATCHKEY_RATE_LIMIT_SENDS_PER_ORGANIZATION="$SEND_LIMIT" \
    "$ROOT/latchkey" start --host 127.0.0.1 --port "$PORT" >>"$WORK/server-$label.log" 2>&1 &
  SERVER_PID=$!   # the launcher execs java: this is the JVM's pid
  for _ in $(seq 600); do
    kill -0 "$SERVER_PID" 2>/dev/null || { tail -20 "$WORK/server-$label.log" >&2; die "the server exited"; }
    curl -fs -o /dev/null "$BASE_URL/readyz" && return 0
    sleep 0.1
  done
  die "the server was not ready within 60 s"
}

# VmRSS of the server every 200 ms, one line each, for the per-scenario peaks.
start_sampler() {
  local pid="$SERVER_PID"
  ( while kill -0 "$pid" 2>/dev/null; do
      awk '/^VmRSS:/ { print $2 }' "/proc/$pid/status" 2>/dev/null || true
      sleep 0.2
    done ) >"$WORK/rss.log" &
  SAMPLER_PID=$!
}
rss_mark() { wc -l <"$WORK/rss.log"; }
rss_peak_mib() { # since mark: the largest sample, in MiB
  tail -n "+$(($1 + 1))" "$WORK/rss.log" | awk 'BEGIN { m = 0 } $1 > m { m = $1 } END { printf "%d", m / 1024 }'
}
hwm_mib() { awk '/^VmHWM:/ { printf "%d", $2 / 1024 }' "/proc/$SERVER_PID/status"; }

# ---------------------------------------------------------------- where the CPU goes
# The machine may be shared. Each scenario reports, in cores, the CPU used during its measured
# window by the server, by its PostgreSQL backends, by the load generator, and by everything
# else (other processes, PostgreSQL's background workers): a busy neighbour shows there.

TICKS="$(getconf CLK_TCK)"
NCPU="$(nproc)"
busy_ticks() { awk '/^cpu / { print $2 + $3 + $4 + $7 + $8 + $9 }' /proc/stat; }
pid_ticks() { # utime + stime of a process (fields 14 and 15 of stat, after the command name)
  awk '{ sub(/^.*\) /, ""); print $12 + $13 }' "/proc/$1/stat" 2>/dev/null || echo 0
}
# A database that has just taken a million rows in bulk is not one a server lives with: every
# row's first reader sets its hint bits and dirties its page, the checkpointer then writes the
# whole load out, and a cluster with autovacuum off (some machines here run that way) never
# gathers the planner's statistics. Measured without this step, PostgreSQL's CPU per check rose
# by half, the "other" column by 0.25 cores, and checks over all sessions fell to a fifth
# (bench/README.md). VACUUM (ANALYZE) and a CHECKPOINT before the measured server starts leave
# the database as a running installation's would be.
settle_database() {
  [ -n "$PG_DB" ] || return 0
  log "[$DIALECT] VACUUM (ANALYZE) and CHECKPOINT after the bulk load"
  psql -XAtqc "VACUUM (ANALYZE)" "$PG_DB" >/dev/null || die "VACUUM (ANALYZE) failed"
  psql -XAtqc "CHECKPOINT" "$PG_DB" >/dev/null || die "CHECKPOINT failed"
}

pg_ticks() { # "pid ticks" of each backend of our database
  [ -n "$PG_DB" ] || return 0
  local pid
  for pid in $(psql -XAtqc "SELECT pid FROM pg_stat_activity WHERE datname = '$PG_DB'" postgres); do
    echo "$pid $(pid_ticks "$pid")"
  done
}
# CPU of this shell's finished children (the load generator) in ticks, from the builtin `times`.
# A subshell would see only its own children, so these run in this shell and set variables.
children_ticks() { # variable-name
  times >"$WORK/times"
  printf -v "$1" '%s' "$(awk -v t="$TICKS" 'NR == 2 { split($1, u, /[ms]/); split($2, s, /[ms]/);
    printf "%d", (u[1] * 60 + u[2] + s[1] * 60 + s[2]) * t }' "$WORK/times")"
}

measure_begin() {
  if [ "$LOG_SQL" = 1 ] && [ -n "$PG_DB" ]; then SQL_MARK="$(stat -c %s "$PGLOG")"; fi
  M_NS="$(date +%s%N)"; M_BUSY="$(busy_ticks)"; M_SERVER="$(pid_ticks "$SERVER_PID")"
  pg_ticks >"$WORK/pg.0"
  children_ticks M_GEN
}
measure_end() { # sets M_CPU to "server pg loadgen other", in cores
  local ns busy server gen pg
  ns="$(date +%s%N)"; busy="$(busy_ticks)"; server="$(pid_ticks "$SERVER_PID")"
  children_ticks gen
  pg_ticks >"$WORK/pg.1"
  pg="$(awk 'NR == FNR { a[$1] = $2; next } { d += $2 - ($1 in a ? a[$1] : 0) } END { print d + 0 }' "$WORK/pg.0" "$WORK/pg.1")"
  # A load generator that reports its own CPU over the window (GEN_MS) instead of being reaped in it.
  if [ -n "${GEN_MS:-}" ]; then gen=$((M_GEN + GEN_MS * TICKS / 1000)); fi
  M_CPU="$(awk -v ms="$(( (ns - M_NS) / 1000000 ))" -v t="$TICKS" -v busy=$((busy - M_BUSY)) \
      -v server=$((server - M_SERVER)) -v pg="$pg" -v gen=$((gen - M_GEN)) 'BEGIN {
    w = ms / 1000 * t; other = busy - server - pg - gen; if (other < 0) other = 0
    printf "%.2f %.2f %.2f %.2f", server / w, pg / w, gen / w, other / w }')"
  M_CPU_MS="$(awk -v t="$TICKS" -v server=$((server - M_SERVER)) -v pg="$pg" \
    'BEGIN { printf "%.0f %.0f", server * 1000 / t, pg * 1000 / t }')"
}
# CPU milliseconds per request of the server and of its PostgreSQL backends over the measured
# window (from M_CPU_MS): the figure a busy machine changes least, since it counts CPU used,
# not time waited. A tick is 10 ms, so a window needs thousands of ticks (seconds of load).
per_request() { # requests
  awk -v n="$1" -v ms="$M_CPU_MS" 'BEGIN { split(ms, m, " ")
    if (n > 0) printf "%.3f %.3f", m[1] / n, m[2] / n; else printf "- -" }'
}

# Statements the database logged since measure_begin, per measured request: each statement's
# first word (SELECT, INSERT, UPDATE, DELETE, BEGIN, COMMIT, ...), and the most frequent texts.
# Background work of the server (the outbox senders, clean-ups) lands in the window too, as it
# should: it is part of what the load costs.
sql_count() { # scenario requests
  [ "$LOG_SQL" = 1 ] && [ -n "$PG_DB" ] || return 0
  local scenario="$1" requests="$2" lines="$WORK/sql.log"
  tail -c +"$((SQL_MARK + 1))" "$PGLOG" | grep -a "@$PG_DB " \
    | sed -n 's/.* LOG:  \(execute [^:]*\|statement\): \(.*\)/\2/p' >"$lines" || true
  {
    echo "## $scenario: $(wc -l <"$lines") statements over $requests requests"
    awk -v n="$requests" '{ k = toupper($1); c[k]++; t++ } END {
      for (k in c) printf "  %-10s %8d  %.2f per request\n", k, c[k], c[k] / n
      printf "  %-10s %8d  %.2f per request\n", "all", t, t / n }' "$lines" | sort -k2 -nr
    echo "  most frequent statements (count, text):"
    cut -c1-150 "$lines" | sort | uniq -c | sort -nr | head -25 | sed 's/^/  /'
    echo
  } >>"$RESULTS/$DIALECT-sql.txt"
}

# Waits (at most --quiet-wait seconds) until the machine is nearly idle, so a neighbour's burst
# does not land in a measurement; says so when it gives up.
wait_for_quiet() {
  local deadline=$((SECONDS + QUIET_WAIT)) b0 b1 busy said=0
  while [ "$QUIET_WAIT" -gt 0 ]; do
    b0="$(busy_ticks)"; sleep 2; b1="$(busy_ticks)"
    busy=$(( (b1 - b0) * 100 / (2 * TICKS * NCPU) ))
    [ "$busy" -le 15 ] && return 0
    if [ "$SECONDS" -ge "$deadline" ]; then
      log "the machine is still ${busy}% busy after ${QUIET_WAIT}s; measuring anyway (see 'other CPU')"
      return 0
    fi
    [ "$said" = 1 ] || { log "waiting for the machine to be idle (${busy}% busy)"; said=1; }
  done
}

# ---------------------------------------------------------------- scenarios

record() { # scenario rps p50 p99 requests errors rss_mib cpu("server pg gen other") per-request("server pg")
  local cpu="${8:-   }" per="${9:- }"
  printf '%s\t%s\t%s\t%s\t%s\t%s\t%s\t%s\t%s\t%s\n' "$DIALECT" "$1" "$2" "$3" "$4" "$5" "$6" "$7" \
    "${cpu// /$'\t'}" "${per// /$'\t'}" >>"$TABLE"
}

result_field() { # file name: the value of name= on the RESULT line
  sed -n "s/^RESULT .*\\b$2=\\([^ ]*\\).*/\\1/p" "$1" | tail -1
}

wrk_run() { # scenario field tokens-file [authorization_check JSON] [wrk script] [wrk timeout]
  local scenario="$1" field="$2" tokens="$3" script="${5:-$HERE/authenticate.lua}" wrk_timeout="${6:-5s}"
  local out mark cpu
  export LATCHKEY_BENCH_CHECK="${4:-}"
  out="$RESULTS/$DIALECT-$(tr -c 'a-z0-9' '-' <<<"$scenario" | tr -s '-')wrk.txt"
  export LATCHKEY_BENCH_FIELD="$field" LATCHKEY_BENCH_TOKENS="$tokens" LATCHKEY_BENCH_AUTH="$AUTH"
  wait_for_quiet
  log "$scenario: warm-up ${WARMUP}s"
  timeout $((WARMUP + 30)) wrk -t"$THREADS" -c"$CONNECTIONS" -d"${WARMUP}s" --timeout "$wrk_timeout" \
    -s "$script" "$BASE_URL" >"$out" 2>&1 || die "wrk failed: $(tail -5 "$out")"
  mark="$(rss_mark)"
  log "$scenario: ${DURATION}s"
  measure_begin
  timeout $((DURATION + 30)) wrk -t"$THREADS" -c"$CONNECTIONS" -d"${DURATION}s" --timeout "$wrk_timeout" --latency \
    -s "$script" "$BASE_URL" >"$out" 2>&1 || die "wrk failed: $(tail -5 "$out")"
  measure_end; cpu="$M_CPU"
  grep -q '^RESULT' "$out" || die "wrk printed no result: $(tail -5 "$out")"
  local errors socket
  errors="$(result_field "$out" errors)"; socket="$(result_field "$out" socket_errors)"
  record "$scenario" "$(result_field "$out" rps)" "$(result_field "$out" p50_ms)" \
    "$(result_field "$out" p99_ms)" "$(result_field "$out" requests)" "$((errors + socket))" \
    "$(rss_peak_mib "$mark")" "$cpu" "$(per_request "$(result_field "$out" requests)")"
  sql_count "$scenario" "$(result_field "$out" requests)"
  log "$scenario: $(grep '^RESULT' "$out"); CPU server/pg/loadgen/other: $cpu"
}

login_run() {
  local out="$RESULTS/$DIALECT-full-login.txt" mark cpu
  local driver=(java -cp "$DRIVER_CP" LoginDriver bench $DRIVER_OPTS --emails "$WORK/hot/emails.txt")
  wait_for_quiet
  log "full login: warm-up ${WARMUP}s"
  timeout $((WARMUP + 120)) "${driver[@]}" --warmup 0 --duration "$WARMUP" >"$out" 2>&1 \
    || die "login driver failed: $(tail -5 "$out")"
  mark="$(rss_mark)"
  log "full login: ${DURATION}s"
  # The driver's own 2 s warm-up (its JIT, its connections) is inside the CPU window.
  measure_begin
  timeout $((DURATION + 120)) "${driver[@]}" --warmup 2 --duration "$DURATION" >"$out" 2>&1 \
    || die "login driver failed: $(tail -5 "$out")"
  measure_end; cpu="$M_CPU"
  record "full login (login_or_signup + mail + authenticate)" "$(result_field "$out" rps)" \
    "$(result_field "$out" p50_ms)" "$(result_field "$out" p99_ms)" "$(result_field "$out" requests)" \
    "$(result_field "$out" errors)" "$(rss_peak_mib "$mark")" "$cpu" "$(per_request "$(result_field "$out" completed)")"
  sql_count "full login" "$(result_field "$out" completed)"
  log "full login: $(grep '^phases' "$out"); $(grep '^RESULT' "$out"); CPU server/pg/loadgen/other: $cpu"
}

sso_run() {
  local out="$RESULTS/$DIALECT-sso-login.txt" mark cpu count
  # Enough signed responses for the warm-up and the window at well above the expected rate.
  count=$(( (WARMUP + DURATION + 5) * 400 ))
  wait_for_quiet
  log "SAML login: preparing $count AuthnRequests and signed responses, then ${WARMUP}s warm-up + ${DURATION}s"
  mark="$(rss_mark)"
  # The driver prepares (start + signing) and warms the server up before its clock starts: the
  # CPU window starts at its "measuring" line, and the logins it divides by are those completed
  # from then on (RESULT completed=). The driver is reaped only at the end, so its preparation
  # would land in "load gen CPU": the driver reports its own CPU at both ends instead.
  timeout $((WARMUP + DURATION + 1800)) java -cp "$DRIVER_CP" SsoDriver --base-url "$BASE_URL" \
    --project-id "$PROJECT_ID" --secret "$SECRET" --public-token "$PUBLIC_TOKEN" --organization-id "$ORG_ID" \
    --count "$count" --concurrency "$CONNECTIONS" --warmup "$WARMUP" --duration "$DURATION" >"$out" 2>&1 &
  local pid=$!
  while ! grep -q '^measuring' "$out" 2>/dev/null; do
    kill -0 "$pid" 2>/dev/null || break
    sleep 0.1
  done
  measure_begin
  wait "$pid" || die "SSO driver failed: $(tail -5 "$out")"
  local gen_end gen_begin
  gen_end="$(result_field "$out" driver_cpu_ms)"; gen_begin="$(sed -n 's/^measuring driver_cpu_ms=//p' "$out")"
  GEN_MS="$(( ${gen_end:-0} - ${gen_begin:-0} ))"
  measure_end; cpu="$M_CPU"; GEN_MS=""
  record "SAML login (ACS + sso.authenticate)" "$(result_field "$out" rps)" \
    "$(result_field "$out" p50_ms)" "$(result_field "$out" p99_ms)" "$(result_field "$out" requests)" \
    "$(result_field "$out" errors)" "$(rss_peak_mib "$mark")" "$cpu" "$(per_request "$(result_field "$out" completed)")"
  sql_count "SAML login" "$(result_field "$out" completed)"
  log "SAML login: $(grep '^prepared' "$out"); $(grep '^phases' "$out"); $(grep '^RESULT' "$out"); CPU server/pg/loadgen/other: $cpu"
}

# The password scenario's members, imported with passwords.migrate (a salted MD5 of the password,
# so seeding costs no Argon2id work); each is rehashed to Argon2id at its first login.
seed_password_members() { # project_id secret
  local i email salt
  : >"$WORK/password_emails.txt"
  for i in $(seq 1 "$PASSWORD_MEMBERS"); do
    email="pw$i@$DOMAIN"; salt="s$i"
    curl -fsS -u "$1:$2" -H 'Content-Type: application/json' -X POST "$BASE_URL/v1/b2b/passwords/migrate" \
      -d "{\"organization_id\":\"$ORG_ID\",\"email_address\":\"$email\",\"hash_type\":\"md_5\",\"hash\":\"$(printf '%s' "$salt$BENCH_PASSWORD" | md5sum | cut -d' ' -f1)\",\"md_5_config\":{\"prepend_salt\":\"$salt\"}}" \
      >/dev/null || die "passwords.migrate failed for $email"
    echo "$email" >>"$WORK/password_emails.txt"
  done
  log "[$DIALECT] $PASSWORD_MEMBERS members with a password (passwords.migrate)"
}

# The server's Argon2id parameters as the password scenario runs them (LATCHKEY_PASSWORD_*).
password_parameters() {
  printf 'm=%s KiB, t=%s, p=%s' "${LATCHKEY_PASSWORD_MEMORY_KIB:-19456}" "${LATCHKEY_PASSWORD_ITERATIONS:-2}" \
    "${LATCHKEY_PASSWORD_PARALLELISM:-1}"
}

# ---------------------------------------------------------------- one dialect

run_dialect() {
  DIALECT="$1"
  WORK="$(mktemp -d "${TMPDIR:-/tmp}/latchkey-bench.XXXXXX")"
  PORT="$(free_port)"; SMTP_PORT="$(free_port)"
  [ "$PORT" != "$SMTP_PORT" ] || SMTP_PORT="$(free_port)"
  BASE_URL="http://127.0.0.1:$PORT"
  MASTER_KEY="$(openssl rand -base64 32)"
  case "$DIALECT" in
    postgresql)
      command -v psql >/dev/null || die "psql is required for the postgresql run"
      drop_stale_databases
      PG_DB="latchkey_bench_$$_$RANDOM"
      createdb "$PG_DB"
      if [ "$LOG_SQL" = 1 ]; then
        [ -r "$PGLOG" ] || die "--log-sql reads PostgreSQL's log, $PGLOG (set PGLOG): not readable"
        psql -XAtqc "ALTER DATABASE $PG_DB SET log_statement = 'all'" postgres >/dev/null
      fi
      DB_URL="jdbc:postgresql://$PGHOST:$PGPORT/$PG_DB?user=$PGUSER" ;;
    sqlite)
      DB_URL="jdbc:sqlite:$WORK/latchkey.db" ;;
  esac
  log "[$DIALECT] server on $BASE_URL, mail to 127.0.0.1:$SMTP_PORT"

  # Project (CLI), then organization (HTTP API).
  local project project_id secret org
  project="$(LATCHKEY_MASTER_KEY="$MASTER_KEY" "$ROOT/latchkey" project create --db-url "$DB_URL" \
    --name "Load benchmark" --redirect-url "http://127.0.0.1:9/authenticate" 2>>"$WORK/cli.log")"
  project_id="$(sed -n 's/.*"project_id" *: *"\([^"]*\)".*/\1/p' <<<"$project")"
  secret="$(sed -n 's/.*"secret" *: *"\([^"]*\)".*/\1/p' <<<"$project")"
  PUBLIC_TOKEN="$(sed -n 's/.*"public_token" *: *"\([^"]*\)".*/\1/p' <<<"$project")"
  [ -n "$project_id" ] && [ -n "$secret" ] || die "project create printed no id/secret: $project"
  AUTH="$(printf '%s:%s' "$project_id" "$secret" | base64 -w0)"
  # An RBAC policy with a custom resource every member may read (the authz scenario checks it).
  cat >"$WORK/rbac-policy.json" <<'JSON'
{"policy": {"resources": [{"resource_id": "billing", "description": "", "actions": ["read", "update"]}],
 "roles": [{"role_id": "stytch_member", "description": "", "permissions": [
              {"resource_id": "stytch.self", "actions": ["*"]}, {"resource_id": "billing", "actions": ["read"]}]},
           {"role_id": "stytch_admin", "description": "", "permissions": [{"resource_id": "stytch.member", "actions": ["*"]}]},
           {"role_id": "billing_admin", "description": "", "permissions": [{"resource_id": "billing", "actions": ["*"]}]}],
 "scopes": []}}
JSON
  LATCHKEY_MASTER_KEY="$MASTER_KEY" "$ROOT/latchkey" rbac policy set "$project_id" "$WORK/rbac-policy.json" \
    --db-url "$DB_URL" >>"$WORK/cli.log" 2>&1 || die "rbac policy set failed: $(tail -3 "$WORK/cli.log")"

  start_server seed
  org="$(curl -fsS -u "$project_id:$secret" -H 'Content-Type: application/json' \
    -X POST "$BASE_URL/v1/b2b/organizations" \
    -d "{\"organization_name\":\"Bench\",\"organization_slug\":\"bench\",\"email_allowed_domains\":[\"$DOMAIN\"],\"email_jit_provisioning\":\"RESTRICTED\"}")"
  ORG_ID="$(sed -n 's/.*"organization_id" *: *"\([^"]*\)".*/\1/p' <<<"$org" | head -1)"
  [ -n "$ORG_ID" ] || die "organization create failed: $org"

  if wants password; then
    seed_password_members "$project_id" "$secret"
  fi

  DRIVER_OPTS="--base-url $BASE_URL --project-id $project_id --secret $secret --organization-id $ORG_ID --smtp-port $SMTP_PORT --concurrency $CONNECTIONS"
  log "[$DIALECT] $HOT sign-ups through the HTTP login flow (the hot set)"
  # shellcheck disable=SC2086  # DRIVER_OPTS is a list of words
  timeout 1800 java -cp "$DRIVER_CP" LoginDriver seed $DRIVER_OPTS --count "$HOT" --domain "$DOMAIN" \
    --out "$WORK/hot" >"$WORK/seed.log" 2>&1 || die "seeding logins failed: $(tail -5 "$WORK/seed.log")"
  log "[$DIALECT] $(grep '^RESULT' "$WORK/seed.log")"
  stop_server

  # The bulk, with the server stopped: copies of one hot member and its session, five sessions
  # per member.
  local bulk=$((SESSIONS > HOT ? SESSIONS - HOT : 0))
  if [ "$bulk" -gt 0 ]; then
    log "[$DIALECT] inserting $bulk stored sessions"
    timeout 1800 java -cp "$DRIVER_CP" SeedSessions --db-url "$DB_URL" \
      --template-member "$(head -1 "$WORK/hot/member_ids.txt")" --sessions "$bulk" \
      --members $(( (bulk + 4) / 5 )) --domain "$DOMAIN" --sample 200000 \
      --sample-out "$WORK/stored_tokens.txt" 2>&1 | sed 's/^/    /' >&2
  fi
  settle_database

  # The measured server: a fresh process, so its peak RSS is the benchmark's alone.
  start_server measured
  start_sampler
  if wants token; then
    wrk_run "sessions.authenticate by session_token (hot set)" session_token "$WORK/hot/session_tokens.txt"
  fi
  if wants gzip; then
    LATCHKEY_BENCH_ACCEPT_ENCODING=gzip wrk_run "sessions.authenticate by session_token, Accept-Encoding: gzip (hot set)" \
      session_token "$WORK/hot/session_tokens.txt"
  fi
  if wants authz; then
    wrk_run "sessions.authenticate by session_token with authorization_check (hot set)" session_token \
      "$WORK/hot/session_tokens.txt" "{\"organization_id\":\"$ORG_ID\",\"resource_id\":\"billing\",\"action\":\"read\"}"
  fi
  if wants jwt; then
    wrk_run "sessions.authenticate by session_jwt (hot set)" session_jwt "$WORK/hot/session_jwts.txt"
  fi
  if wants stored && [ "$bulk" -gt 0 ]; then
    wrk_run "sessions.authenticate by session_token (any stored session)" session_token "$WORK/stored_tokens.txt"
  fi
  if wants login; then
    login_run
  fi
  if wants password; then
    # The warm-up's first login of each member replaces its imported hash with an Argon2id one
    # made with the server's parameters; the measured logins check those.
    export LATCHKEY_BENCH_ORG="$ORG_ID" LATCHKEY_BENCH_PASSWORD="$BENCH_PASSWORD"
    # wrk's timeout as in the Keycloak comparison script (10 s): at 32 connections a password
    # login waits its turn for a hashing thread, and a 5 s cut would count the tail as errors.
    wrk_run "passwords.authenticate (Argon2id $(password_parameters), new session)" "" \
      "$WORK/password_emails.txt" "" "$HERE/password.lua" 10s
  fi
  if wants sso; then
    PROJECT_ID="$project_id" SECRET="$secret" sso_run
  fi
  record "server peak RSS over all scenarios (VmHWM)" "" "" "" "" "" "$(hwm_mib)"
  stop_server
  if [ "$PROFILE" = 1 ] && [ -f "$RESULTS/$DIALECT.jfr" ]; then
    jfr view --width 160 hot-methods "$RESULTS/$DIALECT.jfr" >"$RESULTS/$DIALECT-hot-methods.txt" 2>&1 || true
    log "[$DIALECT] profile: $RESULTS/$DIALECT.jfr, hot methods in $RESULTS/$DIALECT-hot-methods.txt"
  fi
  cleanup_dialect
}

# ---------------------------------------------------------------- main

ensure_tools
ensure_built
mkdir -p "$RESULTS"
: >"$TABLE"
{
  echo "Latchkey HTTP load benchmark, $(date -u +%Y-%m-%dT%H:%MZ), commit $(git -C "$ROOT" rev-parse --short HEAD 2>/dev/null || echo '?')"
  echo "machine: $NCPU cores, $(awk '/MemTotal/ { printf "%d MiB", $2 / 1024 }' /proc/meminfo); $(java -version 2>&1 | head -1)"
  echo "stored sessions: $SESSIONS (hot set $HOT); wrk -t$THREADS -c$CONNECTIONS, $CONNECTIONS concurrent logins;"
  echo "${WARMUP}s warm-up and ${DURATION}s measured per scenario; load generator on the same machine."
  echo "CPU columns: cores used during the measured window by the server, its PostgreSQL backends,"
  echo "the load generator (wrk, or the login driver with its SMTP sink) and everything else;"
  echo "then the server's and PostgreSQL's CPU milliseconds per request (a login: per completed login)."
} >"$RESULTS/header.txt"
for d in $DIALECTS; do run_dialect "$d"; done

{
  cat "$RESULTS/header.txt"
  echo
  echo "| dialect | scenario | req/s | p50 ms | p99 ms | requests | errors | RSS MiB | server CPU | PG CPU | load gen CPU | other CPU | server CPU ms/req | PG CPU ms/req |"
  echo "| --- | --- | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: |"
  awk -F'\t' '{ printf "| %s |", $1; for (i = 2; i <= NF; i++) printf " %s |", $i; printf "\n" }' "$TABLE"
} | tee "$RESULTS/results.md"
echo "(all outputs in ${RESULTS#"$ROOT"/})"
