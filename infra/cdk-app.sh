#!/usr/bin/env bash
# The CDK app command of cdk.json: runs the compiled infra classes with plain `java` and the classpath the
# Maven build wrote (infra/target/cdk-app.classpath), so a synth costs a JVM start, not a Maven run.
# Builds the module first when its classes are missing or older than its sources.
set -euo pipefail
root="$(cd "$(dirname "$0")/.." && pwd)"
classes="$root/infra/target/classes"
classpath_file="$root/infra/target/cdk-app.classpath"

# Selects a JDK >= 21 (the default java may be older) and exports JAVA_HOME, as .ci/run and ./ferry do.
. "$root/bin/select-jdk.sh"

if [ ! -f "$classpath_file" ] || [ ! -d "$classes/dev/ferry/infra" ] \
   || [ -n "$(find "$root/infra/src/main" "$root/infra/pom.xml" "$root/pom.xml" -newer "$classpath_file" -print -quit)" ]; then
  echo "cdk-app: compiling the infra module (./mvnw -pl infra -am compile)..." >&2
  (cd "$root" && ./mvnw -B -ntp -q -pl infra -am compile) >&2
  touch "$classpath_file"
fi

export JSII_SILENCE_WARNING_END_OF_LIFE_NODE_VERSION="${JSII_SILENCE_WARNING_END_OF_LIFE_NODE_VERSION:-20}"
exec "$JAVA_HOME/bin/java" -cp "$classes:$(cat "$classpath_file")" dev.ferry.infra.FerryApp
