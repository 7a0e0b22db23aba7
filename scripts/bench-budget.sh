#!/usr/bin/env bash
# The size budget (the developers' guide: within 1.6x): the app's release binary against a minimal Tauri 2 app that
# has tauri-plugin-store, reqwest with rustls and tokio (bench/baseline), both built with the
# same release profile (LTO, opt-level "s", stripped) and the same lock file, in one run.
# Prints both sizes and the ratio; exits 1 when the ratio is over LIMIT (default 1.6, the budget).
set -euo pipefail
cd "$(dirname "$0")/.."
export PATH="$HOME/.cargo/bin:$PATH"
LIMIT="${LIMIT:-1.6}"
target="${CARGO_TARGET_DIR:-$PWD/target}"
[[ -d ui/dist ]] || npm run build --prefix ui >/dev/null
echo "==> Building the app (release, as tauri build does)"
cargo build --release --locked -p loopio-scim-assistant --features custom-protocol
app="$target/release/loopio-scim-assistant"
echo "==> Building the baseline (bench/baseline)"
cp Cargo.lock bench/baseline/Cargo.lock
# Not --locked: the copied lock file is the app's, trimmed by cargo to the baseline's graph.
(cd bench/baseline && CARGO_TARGET_DIR="$target/baseline" cargo build --release --features custom-protocol)
base="$target/baseline/release/baseline-tauri"
python3 - "$app" "$base" "$LIMIT" <<'PY'
import os, sys
app, base, limit = sys.argv[1], sys.argv[2], float(sys.argv[3])
a, b = os.path.getsize(app), os.path.getsize(base)
ratio = a / b
print(f"app      {a / 1024:>10,.0f} KiB  {app}")
print(f"baseline {b / 1024:>10,.0f} KiB  {base}")
print(f"ratio    {ratio:>10.2f}x  (budget at most {limit}x)")
sys.exit(0 if ratio <= limit else 1)
PY
