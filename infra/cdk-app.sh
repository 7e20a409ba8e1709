#!/usr/bin/env bash
# The CDK app command of cdk.json: runs the compiled infra classes with plain `java` and the classpath the
# Maven build wrote (infra/target/cdk-app.classpath), so a synth costs a JVM start, not a Maven run.
# Builds the module first when its classes are missing or older than its sources.
set -euo pipefail
root="$(cd "$(dirname "$0")/.." && pwd)"
classes="$root/infra/target/classes"
classpath_file="$root/infra/target/cdk-app.classpath"

java_major() { # the feature version of the java binary given, or 0
  "$1" -XshowSettings:properties -version 2>&1 | awk -F'= ' '/java.specification.version/ {print $2}' | cut -d. -f1 || echo 0
}

if [ -z "${JAVA_HOME:-}" ] || [ ! -x "$JAVA_HOME/bin/java" ] || [ "$(java_major "$JAVA_HOME/bin/java")" -lt 21 ]; then
  JAVA_HOME=""
  if command -v java >/dev/null && [ "$(java_major "$(command -v java)")" -ge 21 ]; then
    JAVA_HOME="$(dirname "$(dirname "$(readlink -f "$(command -v java)")")")"
  else
    for candidate in /usr/lib/jvm/*/ /opt/java/*/ "$HOME"/.sdkman/candidates/java/*/; do
      if [ -x "${candidate}bin/java" ] && [ "$(java_major "${candidate}bin/java")" -ge 21 ]; then
        JAVA_HOME="${candidate%/}"
        break
      fi
    done
  fi
  if [ -z "$JAVA_HOME" ]; then
    echo "The CDK app needs JDK 21 or newer: set JAVA_HOME to one (looked in JAVA_HOME, PATH and /usr/lib/jvm)." >&2
    exit 1
  fi
  export JAVA_HOME
fi

if [ ! -f "$classpath_file" ] || [ ! -d "$classes/dev/ferry/infra" ] \
   || [ -n "$(find "$root/infra/src/main" "$root/infra/pom.xml" "$root/pom.xml" -newer "$classpath_file" -print -quit)" ]; then
  echo "cdk-app: compiling the infra module (./mvnw -pl infra -am compile)..." >&2
  (cd "$root" && ./mvnw -B -ntp -q -pl infra -am compile) >&2
  touch "$classpath_file"
fi

export JSII_SILENCE_WARNING_END_OF_LIFE_NODE_VERSION="${JSII_SILENCE_WARNING_END_OF_LIFE_NODE_VERSION:-20}"
exec "$JAVA_HOME/bin/java" -cp "$classes:$(cat "$classpath_file")" dev.ferry.infra.FerryApp
