#!/usr/bin/env bash
# Latchkey and Keycloak side by side on this machine, one after the other, in one command:
# Latchkey's HTTP load scenarios (bench/load/run.sh) and start-up (bench/startup/run.sh), then
# Keycloak's own benchmark script, then one table with the ratios. The machine's speed varies
# from day to day, so only figures measured in the same run are compared.
#
#   KEYCLOAK_BENCH=/path/to/keycloak-bench.sh bench/compare.sh [postgresql|sqlite]
#       [--duration S] [--warmup S] [--sessions N] [--starts N] [--quick]
#
# KEYCLOAK_BENCH names the script that runs Keycloak (kc.sh start-dev, a realm with a service
# client, a password client and a user) under the same wrk settings and prints a Markdown table
# with rows client_credentials, introspect, refresh_token|userinfo and password; DURATION,
# WARMUP, THREADS and CONNS are passed to it as environment variables. The table is printed and
# kept in bench/results/compare-<time>.md.
set -euo pipefail
ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
DIALECT=postgresql
DURATION=20
WARMUP=60
SESSIONS=1000000
STARTS=10
QUICK=""
while [ $# -gt 0 ]; do
  case "$1" in
    postgresql | sqlite) DIALECT="$1"; shift ;;
    --duration) DURATION="$2"; shift 2 ;;
    --warmup) WARMUP="$2"; shift 2 ;;
    --sessions) SESSIONS="$2"; shift 2 ;;
    --starts) STARTS="$2"; shift 2 ;;
    --quick) QUICK="--quick"; STARTS=3; shift ;;
    *) sed -n '2,15p' "$0" >&2; exit 2 ;;
  esac
done
if [ -z "${KEYCLOAK_BENCH:-}" ] || [ ! -x "$KEYCLOAK_BENCH" ]; then
  echo "compare: set KEYCLOAK_BENCH to Keycloak's benchmark script (see the header of $0)" >&2
  exit 2
fi
OUT="$ROOT/bench/results"
mkdir -p "$OUT"
STAMP="$(date +%Y%m%d-%H%M%S)"
KC_OUT="$OUT/keycloak-$STAMP"

scenarios=token,gzip,jwt,stored,login,password

echo "compare: Latchkey load scenarios ($scenarios) on $DIALECT" >&2
before="$(ls -1 "$ROOT/bench/load/results" 2>/dev/null | tail -n 1 || true)"
# shellcheck disable=SC2086
"$ROOT/bench/load/run.sh" "$DIALECT" --scenarios "$scenarios" --duration "$DURATION" --warmup "$WARMUP" \
  --sessions "$SESSIONS" $QUICK >&2
latest="$(ls -1 "$ROOT/bench/load/results" | tail -n 1)"
[ "$latest" != "$before" ] || { echo "compare: the load run left no results" >&2; exit 1; }
LOAD_TSV="$ROOT/bench/load/results/$latest/results.tsv"

echo "compare: Latchkey start-up ($STARTS starts)" >&2
STARTUP="$("$ROOT/bench/startup/run.sh" --starts "$STARTS" | tail -n 1)"

echo "compare: Keycloak" >&2
KC_DURATION="${DURATION}s" KC_WARMUP="${WARMUP}s"
if [ -n "$QUICK" ]; then KC_DURATION=3s KC_WARMUP=1s; fi
OUT="$KC_OUT" DURATION="$KC_DURATION" WARMUP="$KC_WARMUP" THREADS=2 CONNS=32 "$KEYCLOAK_BENCH" >&2
KC_MD="$KC_OUT/results.md"

# Latchkey's figure for a scenario: "req/s<TAB>p99" from the load table, whose rows are labelled
# in words; the first row whose label starts with the given words.
lk() { awk -F'\t' -v s="$1" 'index($2, s) == 1 { print $3 "\t" $5; exit }' "$LOAD_TSV"; }
lk_rss() { awk -F'\t' 'max < $8 + 0 { max = $8 + 0 } END { print max }' "$LOAD_TSV"; }
# Keycloak's figure for a test: "req/s<TAB>p99" from its Markdown table.
kc() { awk -F'|' -v t="$1" '{ gsub(/ /, "", $2) } $2 == t { gsub(/ /, "", $3); gsub(/ /, "", $5); print $3 "\t" $5; exit }' "$KC_MD"; }
ratio() { awk -v a="$1" -v b="$2" 'BEGIN { if (a > 0 && b > 0) printf "%.2f×", a / b; else print "—" }'; }

row() { # label latchkey-scenario keycloak-test target
  local ours theirs o_rps o_p99 t_rps t_p99
  ours="$(lk "$2")"; theirs="$(kc "$3")"
  o_rps="$(cut -f1 <<<"$ours")"; o_p99="$(cut -f2 <<<"$ours")"
  t_rps="$(cut -f1 <<<"$theirs")"; t_p99="$(cut -f2 <<<"$theirs")"
  printf '| %s | %s req/s, p99 %s ms | %s: %s req/s, p99 %s ms | %s | %s |\n' "$1" "${o_rps:-—}" "${o_p99:-—}" \
    "$3" "${t_rps:-—}" "${t_p99:-—}" "$(ratio "$o_rps" "$t_rps")" "$4"
}

REPORT="$OUT/compare-$STAMP.md"
{
  echo "Latchkey vs Keycloak, $(date -u +%Y-%m-%dT%H:%MZ), commit $(git -C "$ROOT" rev-parse --short HEAD 2>/dev/null || echo '?'), $DIALECT"
  echo "$(nproc) cores; wrk -t2 -c32, ${WARMUP}s warm-up, ${DURATION}s measured; $SESSIONS stored sessions${QUICK:+ (quick smoke: not figures of record)}"
  echo
  echo "| scenario | Latchkey | Keycloak (same run) | ratio | target |"
  echo "| --- | --- | --- | ---: | --- |"
  row "sessions.authenticate by token (hot set)" "sessions.authenticate by session_token (hot set)" introspect "≥ 3×, p99 ≤ 10 ms"
  row "sessions.authenticate by token, Accept-Encoding: gzip as the SDKs send it" "sessions.authenticate by session_token, Accept-Encoding" introspect "≥ 3×, p99 ≤ 10 ms"
  row "sessions.authenticate by JWT (hot set)" "sessions.authenticate by session_jwt (hot set)" introspect "≥ 3×, p99 ≤ 10 ms"
  row "sessions.authenticate, any stored session" "sessions.authenticate by session_token (any stored" introspect "≥ 2× the 2026-12-07 figure (2,348/s)"
  row "full login (login_or_signup + mail + authenticate)" "full login" password "≥ 500/s"
  row "full login vs a signed JWT with nothing durable" "full login" client_credentials "—"
  row "password login" "passwords.authenticate" password "> 1×"
  kc_start="$(sed -n 's/.*second start: first 200 after \([0-9.]*\) s.*/\1/p' "$KC_MD")"
  printf '| start to ready (built, warm) | %s | second start: %s s | — | ≤ 1.0 s median |\n' "$STARTUP" "${kc_start:-—}"
  kc_rss="$(sed -n 's/^RSS after all loads: \([0-9]*\) MiB.*/\1/p' "$KC_MD")"
  printf '| peak RSS over the loads | %s MiB | %s MiB after its loads | — | ≤ 320 MiB |\n' "$(lk_rss)" "${kc_rss:-—}"
  echo
  echo "Latchkey's tables: bench/load/results/$latest; Keycloak's: ${KC_OUT#"$ROOT"/}"
} | tee "$REPORT"
