#!/usr/bin/env bash
# Builds the .deb and checks it: metadata, contents, and (as root) that it installs and the
# installed binary answers --version and values.
set -euo pipefail
cd "$(dirname "$0")/.."
[[ -d ui/dist ]] || npm run build --prefix ui
ui/node_modules/.bin/tauri build --bundles deb --ci
deb="$(ls -t target/release/bundle/deb/*.deb | head -n 1)"
echo "==> $deb ($(du -k "$deb" | cut -f1) KiB)"
info="$(dpkg-deb --info "$deb")"
echo "$info"
grep -q '^ Description: Set up Okta SCIM provisioning for Loopio' <<<"$info"
contents="$(dpkg-deb --contents "$deb")"
for path in usr/bin/loopio-scim-assistant usr/share/applications/ usr/share/icons/hicolor/128x128/apps/loopio-scim-assistant.png; do
  grep -qF "$path" <<<"$contents" || { echo "error: $path is not in the package" >&2; exit 1; }
done
desktop="$(dpkg-deb --fsys-tarfile "$deb" | tar -xO --wildcards 'usr/share/applications/*.desktop')"
echo "$desktop"
grep -q '^Exec=loopio-scim-assistant' <<<"$desktop"
grep -q '^Name=Loopio SCIM Setup Assistant' <<<"$desktop"
if [[ $(id -u) -eq 0 ]]; then
  dpkg -i "$deb"
  /usr/bin/loopio-scim-assistant --version
  # Read whole before searching: grep -q stops at the first match and closes the pipe, and the
  # binary (rightly) fails on a write to a closed pipe, which pipefail turns into a red run.
  values="$(/usr/bin/loopio-scim-assistant values --domain acme.loopio.com --format json)"
  grep -q '"https://acme.loopio.com/sso_saml/module.php/saml/sp/saml2-acs.php/loopio-sp"' <<<"$values"
  echo "==> the installed package runs"
else
  echo "==> not root: skipped installing the package"
fi
