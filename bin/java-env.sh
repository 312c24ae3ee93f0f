# Sourced by ./latchkey and .ci/run: picks the newest JDK on the machine (Temurin 25 where it is
# installed; the build targets --release 17 either way) and quiets Maven 3.8's warnings on it.
_latchkey_pick_jdk() {
  local candidate
  for candidate in /usr/lib/jvm/temurin-25-jdk-amd64 /usr/lib/jvm/temurin-25-jdk* /usr/lib/jvm/temurin-21-jdk* /usr/lib/jvm/java-21-openjdk*; do
    if [ -x "$candidate/bin/javac" ]; then
      echo "$candidate"
      return
    fi
  done
}
if [ -z "${LATCHKEY_KEEP_JAVA_HOME:-}" ]; then
  _jdk="$(_latchkey_pick_jdk)"
  if [ -n "$_jdk" ]; then
    export JAVA_HOME="$_jdk"
    export PATH="$JAVA_HOME/bin:$PATH"
  fi
fi
if [ -n "${JAVA_HOME:-}" ] && "$JAVA_HOME/bin/java" -version 2>&1 | grep -qE 'version "(2[3-9]|[3-9][0-9])'; then
  case "${MAVEN_OPTS:-}" in
    *sun-misc-unsafe*) ;;
    *) export MAVEN_OPTS="${MAVEN_OPTS:-} --sun-misc-unsafe-memory-access=allow" ;;
  esac
fi
