#!/usr/bin/env bash
# Sets up what is missing, builds the UI and starts the app.
set -euo pipefail
cd "$(dirname "$0")/.."
scripts/setup.sh run
npm run build --prefix ui
exec cargo run --release -p loopio-scim-assistant -- "$@"
