#!/usr/bin/env bash
# Installs what building (and, with "test", testing) the app needs on Debian or Ubuntu:
# system packages, the UI's npm packages and, for tests, tauri-driver. Safe to rerun: it only
# installs what is missing.
set -euo pipefail
cd "$(dirname "$0")/.."
mode="${1:-run}"

packages=(build-essential pkg-config libwebkit2gtk-4.1-dev libdbus-1-dev libsecret-1-dev)
if [[ "$mode" == "test" ]]; then
  # The end-to-end test: a virtual display, and the WebDriver server for WebKitGTK.
  packages+=(webkit2gtk-driver xvfb xauth)
  # The keychain round trip against a real Secret Service (scripts/keychain-test.sh): a private
  # session bus (dbus-run-session is in dbus, or dbus-daemon which dbus pulls in), and GNOME
  # Keyring as the service. gdbus, to check the keyring, comes with libglib2.0-dev.
  packages+=(dbus gnome-keyring)
fi
if ! command -v node >/dev/null || ! command -v npm >/dev/null; then
  packages+=(nodejs npm)
fi

missing=()
for p in "${packages[@]}"; do
  if ! dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed"; then
    missing+=("$p")
  fi
done
if ((${#missing[@]})); then
  echo "==> Installing system packages: ${missing[*]}"
  sudo=()
  if [[ $(id -u) -ne 0 ]]; then sudo=(sudo); fi
  "${sudo[@]}" apt-get update -q
  DEBIAN_FRONTEND=noninteractive "${sudo[@]}" apt-get install -y -q --no-install-recommends "${missing[@]}"
fi

if ! command -v cargo >/dev/null; then
  echo "error: Rust is not installed. Install it with rustup (https://rustup.rs), then rerun." >&2
  exit 1
fi
node_major="$(node -p 'process.versions.node.split(".")[0]')"
if ((node_major < 20)); then
  echo "error: Node.js 20.19 or newer is needed for the UI build; this is $(node --version)." >&2
  exit 1
fi

# The UI's packages, exactly as locked.
if [[ ! -d ui/node_modules || ui/package-lock.json -nt ui/node_modules/.package-lock.json ]]; then
  echo "==> Installing the UI's npm packages"
  npm ci --prefix ui --no-audit --no-fund
fi

if [[ "$mode" == "test" ]] && ! command -v tauri-driver >/dev/null; then
  echo "==> Installing tauri-driver"
  cargo install tauri-driver --version 2.1.0 --locked
fi

# Supply-chain policy checks (deny.toml, scripts/audit.sh).
if [[ "$mode" == "test" ]] && ! command -v cargo-deny >/dev/null; then
  echo "==> Installing cargo-deny"
  cargo install cargo-deny --version 0.20.2 --locked
fi
