#!/usr/bin/env bash
# Rerunnable synth timings. Usage: infra/bench-synth.sh [runs] [functions jar]
# Measures, for each run: the app alone (JVM start + constructs + synth, and the in-JVM split the app prints
# with FERRY_SYNTH_TIMING=1), with and without CDK_VALIDATION, and `npx cdk synth` through the pinned CLI.
# Run `./mvnw -pl infra -am compile` first. Timings depend on the machine's load: report the median.
set -euo pipefail
root="$(cd "$(dirname "$0")/.." && pwd)"
runs="${1:-3}"
jar="${2:-$root/functions/target/ferry-functions.jar}"
if [ ! -f "$jar" ]; then
  # No functions built yet: synthesis only stages the jar as an asset, so a stand-in measures the same.
  jar="$(mktemp -d)/ferry-functions.jar"
  python3 -c "import sys, zipfile; zipfile.ZipFile(sys.argv[1], 'w').writestr('README.txt', 'stand-in')" "$jar"
fi
export JSII_SILENCE_WARNING_END_OF_LIFE_NODE_VERSION=20 CDK_DISABLE_VERSION_CHECK=1 FERRY_SYNTH_TIMING=1
cd "$root"
seconds() { local start=$1; echo "$(date +%s.%N) - $start" | bc; }
for validation in false true; do
  for i in $(seq "$runs"); do
    out="$(mktemp -d)"
    start=$(date +%s.%N)
    split=$(CDK_VALIDATION=$validation CDK_OUTDIR="$out" CDK_CONTEXT_JSON="{\"functionsJar\":\"$jar\"}" \
      bash infra/cdk-app.sh 2>&1 >/dev/null | grep 'constructs' || true)
    echo "app      CDK_VALIDATION=$validation run $i: $(seconds "$start") s wall (${split#ferry-infra: })"
    rm -rf "$out"
  done
  for i in $(seq "$runs"); do
    start=$(date +%s.%N)
    CDK_VALIDATION=$validation npx --yes aws-cdk@2.1148.1 synth -q -o "$(mktemp -d)" -c functionsJar="$jar" >/dev/null 2>&1
    echo "cdk synth CDK_VALIDATION=$validation run $i: $(seconds "$start") s wall"
  done
done
