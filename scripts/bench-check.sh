#!/usr/bin/env bash
# The connection-test benchmark: the whole check against one bare request, on a loopback server
# that adds 200 ms to every answer. Prints the medians and their ratio.
set -euo pipefail
cd "$(dirname "$0")/.."
scripts/setup.sh run
[[ -d ui/dist ]] || npm run build --prefix ui
cargo bench -p loopio-scim-tests --bench check_latency
