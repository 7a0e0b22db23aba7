#!/usr/bin/env bash
# Where the release binary's size goes: machine code per crate (cargo-bloat) of the app and of
# the hello-world baseline (bench/hello), built with the same release profile, unstripped so
# symbols can be attributed. Prints the crates that make the difference, largest first.
#
# Only the .text section is attributed (the rest of the file is read-only data, unwind tables
# and symbols); attribution after LTO is cargo-bloat's best guess from symbol names, and generic
# code is counted in the crate that instantiated it, so Tauri code used by the app partly shows
# up under `loopio_scim`. Installs cargo-bloat if it is missing.
set -euo pipefail
cd "$(dirname "$0")/.."
export PATH="$HOME/.cargo/bin:$PATH"
export CARGO_TARGET_DIR="$PWD/target"
export CARGO_PROFILE_RELEASE_STRIP=false
TOP="${TOP:-30}"
command -v cargo-bloat >/dev/null || cargo install cargo-bloat --version 0.12.1 --locked

out="$(mktemp -d)"
trap 'rm -rf "$out"' EXIT
npm run build --prefix ui >/dev/null
echo "==> Building and measuring the app (release, unstripped)"
cargo bloat --release --locked -p loopio-scim-assistant --bin loopio-scim-assistant \
  --features custom-protocol --crates -n 0 --message-format json >"$out/app.json"
echo "==> Building and measuring the hello-world"
cp Cargo.lock bench/hello/Cargo.lock
# Not --locked: the copied lock file is the app's, which cargo trims to the hello-world's graph
# (the versions it keeps are the app's).
(cd bench/hello && cargo bloat --release --features custom-protocol --crates -n 0 \
  --message-format json) >"$out/hello.json"

python3 - "$out/app.json" "$out/hello.json" "$TOP" <<'PY'
import json, sys
app, hello = (json.load(open(p)) for p in sys.argv[1:3])
top = int(sys.argv[3])
OWN = "(the binary's own crate)"
def sizes(report):
    # Each binary's own crate (loopio_scim, hello_tauri) under one name, so they are compared.
    own = {"loopio_scim", "hello_tauri"}
    return {OWN if c["name"] in own else c["name"]: c["size"] for c in report["crates"]}
a, h = sizes(app), sizes(hello)
kib = lambda n: f"{n / 1024:,.1f}"
print(f"\n.text: app {kib(app['text-section-size'])} KiB, hello-world "
      f"{kib(hello['text-section-size'])} KiB; file (unstripped): app "
      f"{kib(app['file-size'])} KiB, hello-world {kib(hello['file-size'])} KiB\n")
rows = sorted(((a.get(n, 0) - h.get(n, 0), n) for n in set(a) | set(h)), reverse=True)
print(f"{'crate':<30} {'app KiB':>10} {'hello KiB':>10} {'extra KiB':>10}")
for diff, name in rows[:top]:
    print(f"{name:<30} {kib(a.get(name, 0)):>10} {kib(h.get(name, 0)):>10} {kib(diff):>10}")
rest = rows[top:]
print(f"{'(other crates, more in app)':<30} {'':>10} {'':>10} {kib(sum(d for d, _ in rest if d > 0)):>10}")
print(f"{'(other crates, more in hello)':<30} {'':>10} {'':>10} {kib(sum(d for d, _ in rest if d < 0)):>10}")
print(f"{'total .text':<30} {kib(app['text-section-size']):>10} "
      f"{kib(hello['text-section-size']):>10} "
      f"{kib(app['text-section-size'] - hello['text-section-size']):>10}")
PY
