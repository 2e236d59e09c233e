#!/usr/bin/env bash
# Builds the reference Go collector (OpenTelemetry Collector Builder v0.130.0) and telemetrygen
# into a cache directory outside git. Prints the cache directory. Exits 3 (with a message) where
# Go is missing, so the benchmark harness can skip the reference side.
set -euo pipefail
here="$(cd "$(dirname "$0")" && pwd)"
cache="${OTELCOL_TS_CACHE:-${XDG_CACHE_HOME:-$HOME/.cache}/otelcol-ts}/reference"
if ! command -v go >/dev/null 2>&1; then
  echo "go is not installed: the reference collector cannot be built; benchmarks run ours only" >&2
  exit 3
fi
mkdir -p "$cache/bin"
export GOBIN="$cache/bin"
# The checksum database is not reachable from these machines; modules come from the Go module proxy.
export GOSUMDB="${GOSUMDB:-off}"
if [ ! -x "$cache/bin/builder" ]; then
  echo "building the OpenTelemetry Collector Builder v0.130.0" >&2
  go install go.opentelemetry.io/collector/cmd/builder@v0.130.0
fi
if [ ! -x "$cache/otelcol-ref/otelcol-ref" ] || [ "$here/manifest.yaml" -nt "$cache/otelcol-ref/otelcol-ref" ]; then
  echo "building otelcol-ref (this takes several minutes the first time)" >&2
  sed "s#OUTPUT_PATH#$cache/otelcol-ref#" "$here/manifest.yaml" > "$cache/manifest.yaml"
  "$cache/bin/builder" --config="$cache/manifest.yaml" >&2
fi
if [ ! -x "$cache/bin/telemetrygen" ]; then
  # v0.130.x of telemetrygen is not served by the reachable proxy; v0.160.0 is, and its
  # command line for traces/metrics/logs over OTLP gRPC/HTTP is the same.
  echo "building telemetrygen v0.160.0" >&2
  go install github.com/open-telemetry/opentelemetry-collector-contrib/cmd/telemetrygen@v0.160.0
fi
echo "$cache"
