# Sourced by .ci/run and ./ferry: selects a JDK >= 21 (the default java may be older) and exports
# JAVA_HOME and PATH for it. Exits with a message when there is none.

java_major() { # prints the feature version of the java binary given, or 0
  # From the JDK's release file (JAVA_VERSION="25.0.3", "1.8.0_402"): starting a JVM only to ask costs 0.1-1 s, more
  # on a busy machine, and this runs several times per ./ferry. A JDK without that file is asked.
  local home version
  home="$(dirname "$(dirname "$(readlink -f "$1" 2>/dev/null || echo "$1")")")"
  version="$(sed -n 's/^JAVA_VERSION="\([^"]*\)".*/\1/p' "$home/release" 2>/dev/null | head -n 1 || true)"
  case "$version" in
    1.*) version="${version#1.}" ;;
  esac
  version="${version%%[!0-9]*}"
  if [ -n "$version" ]; then echo "$version"; return; fi
  "$1" -XshowSettings:properties -version 2>&1 | awk -F'= ' '/java.specification.version/ {print $2}' | cut -d. -f1 || echo 0
}

if [ -n "${JAVA_HOME:-}" ] && [ -x "$JAVA_HOME/bin/java" ] && [ "$(java_major "$JAVA_HOME/bin/java")" -ge 21 ]; then
  :
elif command -v java >/dev/null && [ "$(java_major "$(command -v java)")" -ge 21 ]; then
  JAVA_HOME="$(dirname "$(dirname "$(readlink -f "$(command -v java)")")")"
else
  too_old=""
  if [ -n "${JAVA_HOME:-}" ] && [ -x "$JAVA_HOME/bin/java" ]; then
    too_old="JAVA_HOME ($JAVA_HOME) is JDK $(java_major "$JAVA_HOME/bin/java")"
  elif command -v java >/dev/null; then
    too_old="the java on PATH is JDK $(java_major "$(command -v java)")"
  fi
  JAVA_HOME=""
  best=0
  # FERRY_JDK_ROOTS (colon-separated) replaces the directories searched for installed JDKs.
  jdk_roots="${FERRY_JDK_ROOTS:-/usr/lib/jvm:/opt/java:${HOME:-/nonexistent}/.sdkman/candidates/java}"
  old_ifs="$IFS"; IFS=:
  for jdk_root in $jdk_roots; do
    IFS="$old_ifs"
    for candidate in "$jdk_root"/*/; do
      [ -x "${candidate}bin/javac" ] || continue
      major="$(java_major "${candidate}bin/java")"
      if [ "$major" -ge 21 ] && [ "$major" -gt "$best" ]; then best="$major"; JAVA_HOME="${candidate%/}"; fi
    done
  done
  IFS="$old_ifs"
  if [ -z "$JAVA_HOME" ]; then
    echo "No JDK 21 or newer found${too_old:+ ($too_old)}: looked at JAVA_HOME, the java on PATH and the JDKs in $(echo "$jdk_roots" | sed 's/:/, /g')." \
      "Install one (e.g. apt-get install openjdk-21-jdk-headless, or from https://adoptium.net) or point JAVA_HOME at one." >&2
    exit 1
  fi
fi
export JAVA_HOME PATH="$JAVA_HOME/bin:$PATH"
