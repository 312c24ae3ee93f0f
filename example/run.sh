#!/usr/bin/env bash
# Starts the example app against a local `./latchkey start-dev`, on http://localhost:3000.
# The project comes from LATCHKEY_PROJECT_ID + LATCHKEY_SECRET when both are set, else from
# start-dev's data/dev-project.json. Builds the app first when its jar is missing or older than
# the sources. Extra arguments go to the app (see --help), e.g. example/run.sh --port 3001.
set -euo pipefail
ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
# shellcheck source=../bin/java-env.sh
. "$ROOT/bin/java-env.sh"
JAR="$ROOT/example/target/latchkey-example.jar"

stale() {
  [ ! -f "$JAR" ] && return 0
  [ -n "$(find "$ROOT/pom.xml" "$ROOT/api/pom.xml" "$ROOT/api/src/main" "$ROOT/sdk/pom.xml" \
      "$ROOT/sdk/src/main" "$ROOT/example/pom.xml" "$ROOT/example/src/main" \
      -newer "$JAR" -print -quit 2>/dev/null)" ]
}

if stale; then
  echo "run.sh: building the example app (first run or sources changed)..." >&2
  (cd "$ROOT" && mvn -q -B -pl example -am package -DskipTests) >&2
fi

args=()
if [ -z "${LATCHKEY_PROJECT_ID:-}" ] || [ -z "${LATCHKEY_SECRET:-}" ]; then
  DEV_PROJECT="${LATCHKEY_DEV_PROJECT:-$ROOT/data/dev-project.json}"
  if [ ! -f "$DEV_PROJECT" ]; then
    echo "run.sh: $DEV_PROJECT not found. Start Latchkey first (./latchkey start-dev, from $ROOT)," >&2
    echo "        or set LATCHKEY_PROJECT_ID and LATCHKEY_SECRET." >&2
    exit 1
  fi
  args+=(--dev-project "$DEV_PROJECT")
  # The app's RBAC policy (who may change organization settings) into the dev project, unless
  # EXAMPLE_SKIP_POLICY is set; Latchkey nodes pick a change up within seconds.
  if [ -z "${EXAMPLE_SKIP_POLICY:-}" ]; then
    PROJECT_ID="$(sed -n 's/.*"project_id"[^"]*"\([^"]*\)".*/\1/p' "$DEV_PROJECT" | head -n 1)"
    (cd "$ROOT" && ./latchkey rbac policy set "$PROJECT_ID" example/rbac-policy.json >/dev/null) \
      || echo "run.sh: could not set the example's RBAC policy; see example/README.md" >&2
  fi
  # Stytch's frontend SDK pages (/browser, /browser-login) call Latchkey's /sdk/v1 from the
  # app's origin, and let members rename themselves; both are off on a fresh project.
  if [ -z "${EXAMPLE_SKIP_FRONTEND:-}" ]; then
    PROJECT_ID="$(sed -n 's/.*"project_id"[^"]*"\([^"]*\)".*/\1/p' "$DEV_PROJECT" | head -n 1)"
    ORIGIN="${EXAMPLE_PUBLIC_URL:-http://localhost:3000}"
    (cd "$ROOT" && ./latchkey project frontend add-origin "$PROJECT_ID" "$ORIGIN" >/dev/null \
      && ./latchkey project frontend enable "$PROJECT_ID" member_self_update >/dev/null) \
      || echo "run.sh: could not set the frontend SDK settings; see example/README.md" >&2
  fi
fi

# Relative defaults (the app's database, ./example-data/example.db) resolve from the repository root.
cd "$ROOT"
JAVA="${JAVA_HOME:+$JAVA_HOME/bin/}java"
exec "$JAVA" ${EXAMPLE_JAVA_OPTS:-} -jar "$JAR" "${args[@]}" "$@"
