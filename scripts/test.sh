#!/usr/bin/env bash
# Sets up what is missing and runs every check and test: formatting, lints, the UI's type check
# and unit tests, the Rust unit and integration tests, and the end-to-end test of the real window.
set -euo pipefail
cd "$(dirname "$0")/.."
export PATH="$HOME/.cargo/bin:$PATH"
start=$(date +%s)
step() { echo; echo "==> $* ($(($(date +%s) - start)) s)"; }

step "Setup"
scripts/setup.sh test

step "UI: type check, unit tests, build"
npm run typecheck --prefix ui
npm test --prefix ui
npm run build --prefix ui

step "Rust: formatting"
cargo fmt --all --check

step "Structure: no import cycle between sibling modules (scripts/module-cycles.py)"
python3 scripts/module-cycles.py

step "Rust: clippy"
cargo clippy --workspace --all-targets --locked -- -D warnings

step "Supply chain: licences, banned crates, sources (and RustSec advisories where reachable)"
scripts/audit.sh

step "Rust: unit and integration tests"
cargo test --workspace --locked

step "README: the command-line examples run as written, against the practice servers"
# --workspace keeps cargo's feature resolution identical to the test step; the end-to-end step
# below reuses this binary without rebuilding.
cargo build --workspace --bins --locked
scripts/readme-examples.sh

step "Keychain: the token round trip against a real Secret Service (GNOME Keyring, private D-Bus)"
scripts/keychain-test.sh

step "Fuzz smoke: every cargo-fuzz target for 10 s (harnesses build, seeds pass, no crash)"
scripts/fuzz.sh 10

step "Generated TypeScript bindings and UI fixtures are committed and current"
# ts-rs wrote the type bindings during the tests above; `cargo gen` writes the rest (the core's
# data for the window, codes.ts, the UI test fixtures, the README's list of codes).
cargo gen
if git rev-parse --git-dir >/dev/null 2>&1; then
  changed="$(git status --porcelain -- ui/src/bindings ui/src/test-fixtures README.md)"
  if [[ -n "$changed" ]]; then
    echo "error: these generated files differ from what is committed; run 'cargo test' and 'cargo gen' and commit them:" >&2
    echo "$changed" >&2
    exit 1
  fi
fi

step "End-to-end: the real window under Xvfb"
# --workspace keeps cargo's feature resolution identical to the test step: nothing rebuilds.
cargo build --workspace --bins --locked
xvfb-run -a -s "-screen 0 1280x800x24" \
  cargo test --workspace --test e2e --locked -- --ignored --test-threads=1

step "Package: build the .deb, check it, install it and run the installed binary"
scripts/check-deb.sh

step "All checks passed"
