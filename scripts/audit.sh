#!/usr/bin/env bash
# Supply-chain checks with cargo-deny and the policy in deny.toml:
#   - bans, licenses, sources: need only the lock file and the crates on disk; always run.
#   - advisories (RustSec vulnerabilities, unsound and unmaintained crates, yanked versions):
#     need the RustSec advisory database, which cargo-deny clones from GitHub.
# Where GitHub cannot be reached (the development machines reach only package registries) the
# advisory check cannot run; the script says so loudly and, unless REQUIRE_ADVISORIES=1 (set by
# the GitHub workflow), carries on. Exit status: 0 clean, non-zero on any finding.
set -euo pipefail
cd "$(dirname "$0")/.."
export PATH="$HOME/.cargo/bin:$PATH"

# Not --offline: the policy covers Windows and macOS too, whose crates a Linux build never
# downloads; cargo-deny fetches them from crates.io (reachable everywhere we build).
cargo deny --locked check bans licenses sources

if cargo deny --locked fetch db; then
  cargo deny --locked check advisories
elif [[ "${REQUIRE_ADVISORIES:-0}" == "1" ]]; then
  echo "error: the RustSec advisory database could not be fetched and REQUIRE_ADVISORIES=1" >&2
  exit 1
else
  echo
  echo "!! ADVISORIES NOT CHECKED: the RustSec advisory database (github.com/RustSec/advisory-db)"
  echo "!! cannot be reached from this machine. bans, licenses and sources were checked."
  echo "!! Run 'scripts/audit.sh' where GitHub is reachable (the bundles workflow does, with"
  echo "!! REQUIRE_ADVISORIES=1) before a release."
  echo
fi
