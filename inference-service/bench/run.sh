#!/usr/bin/env bash
# inference-service benchmark: builds the service, then runs InferenceBench (train MNIST standard-medium, time the
# engine's Predictor in-process, start a Kafka broker + the packaged service, load it with wrk).
# Usage: inference-service/bench/run.sh [RESULTS_DIR] [EPOCHS] [SECONDS_PER_RUN]
set -euo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)"
cd "$root"
JAVA_HOME="$("$root/tools/jdk25")"
export JAVA_HOME
command -v wrk >/dev/null || { echo "wrk is missing: apt-get install -y wrk" >&2; exit 2; }
out="${1:-$root/inference-service/target/bench}"
if [ "${SKIP_BUILD:-0}" != "1" ]; then
  ./mvnw -B -q -pl inference-service -am package -DskipTests
fi
cp="stack/target/classes:inference-service/target/quarkus-app/lib/main/*"
exec "$JAVA_HOME/bin/java" --add-modules jdk.incubator.vector -XX:+UseParallelGC -Xmx2g -cp "$cp" \
  inference-service/bench/InferenceBench.java "$out" "${2:-2}" "${3:-30}"
