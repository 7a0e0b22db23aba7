#!/usr/bin/env bash
# Supply-chain checks with cargo-deny and the policy in deny.toml:
#   - bans, licenses, sources: need only the lock file and the crates on disk; always run.
#   - advisories (RustSec vulnerabilities, unsound and unmaintained crates, yanked versions):
#     need the RustSec advisory database. The live one (cloned from GitHub) where it can be
#     fetched; otherwise the dated snapshot in ../shared/vendor/ (or $RUSTSEC_SNAPSHOT), and the
#     result says which database was used and how old it is.
# Exit status: 0 clean, non-zero on any finding (a vulnerability that affects us fails CI).
# REQUIRE_ADVISORIES=1 (set by the GitHub workflow) refuses the snapshot: releases need the live
# database.
set -euo pipefail
cd "$(dirname "$0")/.."
export PATH="$HOME/.cargo/bin:$PATH"

# Not --offline: the policy covers Windows and macOS too, whose crates a Linux build never
# downloads; cargo-deny fetches them from crates.io (reachable everywhere we build).
cargo deny --locked check bans licenses sources

if timeout 120 cargo deny --locked fetch db 2>/dev/null; then
  echo "==> Advisories: the live RustSec database"
  cargo deny --locked check advisories
  exit 0
fi
if [[ "${REQUIRE_ADVISORIES:-0}" == "1" ]]; then
  echo "error: the live RustSec advisory database could not be fetched and REQUIRE_ADVISORIES=1" >&2
  exit 1
fi

snapshot="${RUSTSEC_SNAPSHOT:-}"
if [[ -z "$snapshot" ]]; then
  snapshot="$(ls -1 ../shared/vendor/rustsec-advisory-db-*.tar.gz 2>/dev/null | sort | tail -n 1 || true)"
fi
if [[ -z "$snapshot" || ! -f "$snapshot" ]]; then
  echo
  echo "!! ADVISORIES NOT CHECKED: the live RustSec database cannot be reached from this machine"
  echo "!! and no snapshot was found (../shared/vendor/rustsec-advisory-db-DATE.tar.gz or"
  echo "!! \$RUSTSEC_SNAPSHOT). bans, licenses and sources were checked."
  echo
  exit 0
fi

# The snapshot's date is in its name (rustsec-advisory-db-YYYY-MM-DD.tar.gz).
date="$(basename "$snapshot" | grep -oE '[0-9]{4}-[0-9]{2}-[0-9]{2}' || true)"
[[ -n "$date" ]] || { echo "error: no date in the snapshot's name: $snapshot" >&2; exit 1; }
age_days=$(( ($(date -u +%s) - $(date -u -d "$date" +%s)) / 86400 ))

# cargo-deny reads a database from DB/<folder named after the default URL>, which must be a git
# repository: unpack the snapshot into one commit dated as the snapshot (cargo-deny reports it).
work="$(mktemp -d)"
trap 'rm -rf "$work"' EXIT
db="$work/db/advisory-db-3157b0e258782691"
mkdir -p "$db"
tar -xzf "$snapshot" -C "$db"
# A tarball with one top folder: use its contents.
if [[ ! -d "$db/crates" ]] && (($(find "$db" -mindepth 1 -maxdepth 1 | wc -l) == 1)); then
  inner="$(find "$db" -mindepth 1 -maxdepth 1)"
  mv "$inner" "$work/inner" && rmdir "$db" && mv "$work/inner" "$db"
fi
(
  cd "$db"
  git init -q
  git add -A
  GIT_AUTHOR_DATE="${date}T00:00:00Z" GIT_COMMITTER_DATE="${date}T00:00:00Z" \
    git -c user.name=snapshot -c user.email=snapshot@localhost commit -q -m "RustSec advisory-db snapshot $date"
)
# deny.toml with db-path pointing at the unpacked snapshot; everything else as in deny.toml.
awk -v path="$work/db" '
  { print }
  /^\[advisories\]/ { print "db-path = \"" path "\"" }
' deny.toml >"$work/deny.toml"

echo "==> Advisories: the RustSec snapshot of $date ($age_days days old: $(basename "$snapshot")),"
echo "    because the live database cannot be fetched here. Advisories published since then are not checked."
cargo deny --locked --offline --config "$work/deny.toml" check advisories
echo "==> Advisories checked against the snapshot of $date ($age_days days old)"
