# Sourced by .ci/run and ./ferry: selects a JDK >= 21 (the default java may be older) and exports
# JAVA_HOME and PATH for it. Exits with a message when there is none.

java_major() { # prints the feature version of the java binary given, or 0
  "$1" -XshowSettings:properties -version 2>&1 | awk -F'= ' '/java.specification.version/ {print $2}' | cut -d. -f1 || echo 0
}

if [ -n "${JAVA_HOME:-}" ] && [ -x "$JAVA_HOME/bin/java" ] && [ "$(java_major "$JAVA_HOME/bin/java")" -ge 21 ]; then
  :
elif command -v java >/dev/null && [ "$(java_major "$(command -v java)")" -ge 21 ]; then
  JAVA_HOME="$(dirname "$(dirname "$(readlink -f "$(command -v java)")")")"
else
  JAVA_HOME=""
  best=0
  for candidate in /usr/lib/jvm/*/ /opt/java/*/ "$HOME"/.sdkman/candidates/java/*/; do
    [ -x "${candidate}bin/javac" ] || continue
    major="$(java_major "${candidate}bin/java")"
    if [ "$major" -ge 21 ] && [ "$major" -gt "$best" ]; then best="$major"; JAVA_HOME="${candidate%/}"; fi
  done
  if [ -z "$JAVA_HOME" ]; then
    echo "No JDK 21 or newer found (looked in JAVA_HOME, PATH and /usr/lib/jvm). Install one, e.g. apt-get install openjdk-21-jdk-headless." >&2
    exit 1
  fi
fi
export JAVA_HOME PATH="$JAVA_HOME/bin:$PATH"
