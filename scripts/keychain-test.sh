#!/usr/bin/env bash
# Runs the OS keychain round-trip test (store, read back, replace, delete a token) against a real
# Secret Service: GNOME Keyring in a private D-Bus session, with a throwaway "login" keyring
# created and unlocked for the run. Nothing touches the desktop's own session or keyrings: the
# bus is private (dbus-run-session) and the keyring lives in a temporary XDG data directory.
#
# The test is #[ignore]d in the ordinary test run (it needs an unlocked keychain and would use
# the developer's own); here the ignore is lifted, and a missing or locked keychain fails the
# test (every keychain call must succeed) instead of leaving it skipped. Run after
# `cargo test --workspace --locked` (scripts/test.sh does): same workspace and features, so
# nothing rebuilds.
set -euo pipefail
cd "$(dirname "$0")/.."
export PATH="$HOME/.cargo/bin:$PATH"

# The libtest filter: the keychain round-trip test(s) only.
FILTER="os_keychain"

if [[ -z "${KEYCHAIN_TEST_IN_SESSION:-}" ]]; then
  for tool in dbus-run-session gnome-keyring-daemon gdbus; do
    if ! command -v "$tool" >/dev/null; then
      echo "error: $tool is missing; run scripts/setup.sh test" >&2
      exit 1
    fi
  done
  scratch="$(mktemp -d)"
  trap 'rm -rf "$scratch"' EXIT
  mkdir -m 700 "$scratch/data" "$scratch/config" "$scratch/cache" "$scratch/runtime"
  # HOME stays (cargo and rustup live there); the keyring daemon's files go to the scratch
  # directory: keyrings under XDG_DATA_HOME, its control socket under XDG_RUNTIME_DIR.
  KEYCHAIN_TEST_IN_SESSION="$scratch" \
    XDG_DATA_HOME="$scratch/data" XDG_CONFIG_HOME="$scratch/config" \
    XDG_CACHE_HOME="$scratch/cache" XDG_RUNTIME_DIR="$scratch/runtime" \
    dbus-run-session -- "$0" "$@"
  exit 0
fi

# Inside the private session bus.
secrets() {
  gdbus call --session --dest org.freedesktop.secrets --object-path "$1" --method "$2" "${@:3}"
}

# Starts the daemon and unlocks the login keyring with the password on stdin, creating the
# keyring (with that password) since it does not exist yet; the first keyring created becomes
# the default. Then --start has the running daemon put its Secret Service on the session bus
# (--unlock alone does not). The daemon forks, and exits when dbus-run-session closes the bus.
printf '%s' "keychain-test-$$" | gnome-keyring-daemon --unlock --components=secrets >/dev/null
gnome-keyring-daemon --start --components=secrets >/dev/null 2>&1

# libsecret stores into the "default" alias: it must name the unlocked login collection, or
# storing would need an interactive prompt (create or unlock a keyring), which cannot run here.
default="$(secrets /org/freedesktop/secrets org.freedesktop.Secret.Service.ReadAlias default)"
if [[ "$default" != "(objectpath '/org/freedesktop/secrets/collection/login',)" ]]; then
  echo "error: the keyring's default collection is not the login keyring: $default" >&2
  exit 1
fi
locked="$(secrets /org/freedesktop/secrets/collection/login org.freedesktop.DBus.Properties.Get \
  org.freedesktop.Secret.Collection Locked)"
if [[ "$locked" != "(<false>,)" ]]; then
  echo "error: the login keyring is still locked: $locked" >&2
  exit 1
fi
echo "GNOME Keyring is on a private session bus, its login keyring unlocked and the default."

# --workspace and the test profile, as the test step: cargo's feature resolution for the whole
# workspace differs from `-p loopio-scim-store` alone (gio's and glib's features), which would
# rebuild them. --lib: the round-trip test is a unit test of the store crate.
log="$KEYCHAIN_TEST_IN_SESSION/cargo-test.log"
cargo test --workspace --lib --locked -- --ignored "$FILTER" 2>&1 | tee "$log"
# A renamed test must not leave this step passing with nothing run.
if ! grep -q -E "^test [^ ]*${FILTER}[^ ]* \.\.\. ok$" "$log"; then
  echo "error: no test matching '$FILTER' ran against the keychain" >&2
  exit 1
fi
