#!/usr/bin/env bash
# The app against a minimal Tauri 2 hello-world (bench/hello) built the same way, in one run:
# time until the window is shown, memory once idle (app + WebKit processes, RSS and PSS),
# release binary and .deb sizes, and the UI bundle size. Prints each figure and the ratio.
#
# Needs what scripts/setup.sh test installs, plus xdotool. Builds both apps in release mode
# (the hello-world reuses the app's compiled dependencies through the shared target folder).
set -euo pipefail
cd "$(dirname "$0")/.."
ROUNDS="${ROUNDS:-5}"
export CARGO_TARGET_DIR="$PWD/target"
command -v xdotool >/dev/null || { echo "install xdotool (apt-get install xdotool)" >&2; exit 1; }

echo "==> Building both apps (release, .deb)"
npm run build --prefix ui >/dev/null
ui/node_modules/.bin/tauri build --bundles deb --ci >/dev/null
app_bin=target/release/loopio-scim-assistant
app_deb="$(ls -t target/release/bundle/deb/Loopio*.deb | head -n 1)"
# The app's lock file, so both use the same Tauri and WebKit bindings.
cp Cargo.lock bench/hello/Cargo.lock
(cd bench/hello && ../../ui/node_modules/.bin/tauri build --bundles deb --ci >/dev/null)
hello_bin=target/release/hello-tauri
hello_deb="$(ls -t target/release/bundle/deb/Hello*.deb | head -n 1)"

# A display nobody uses (no lock file), so the benchmark never lands on another X server.
display=""
for n in $(seq 90 199); do
  [[ -e "/tmp/.X${n}-lock" || -e "/tmp/.X11-unix/X${n}" ]] || { display=":$n"; break; }
done
[[ -n "$display" ]] || { echo "no free X display number in 90-199" >&2; exit 1; }
Xvfb "$display" -screen 0 1280x800x24 >/dev/null 2>&1 &
xvfb=$!
trap 'kill $xvfb 2>/dev/null || true' EXIT
# Wait for the X server's socket (a loaded machine can take seconds), and fail clearly.
for _ in $(seq 100); do
  [[ -S "/tmp/.X11-unix/X${display#:}" ]] && break
  kill -0 "$xvfb" 2>/dev/null || { echo "Xvfb could not start on $display" >&2; exit 1; }
  sleep 0.1
done
[[ -S "/tmp/.X11-unix/X${display#:}" ]] || { echo "Xvfb did not start on $display" >&2; exit 1; }
export DISPLAY="$display"

# All processes in the tree under $1.
tree() {
  local pid=$1
  echo "$pid"
  for child in $(pgrep -P "$pid" || true); do tree "$child"; done
}

# Prints "<ms to window shown> <rss KiB> <pss KiB>" for one cold start of $1 with title $2.
measure() {
  local bin=$1 title=$2 home
  home="$(mktemp -d)"
  local start end
  start=$(date +%s%N)
  XDG_DATA_HOME="$home/d" XDG_CONFIG_HOME="$home/c" XDG_CACHE_HOME="$home/k" "$bin" >/dev/null 2>&1 &
  local pid=$!
  xdotool search --sync --onlyvisible --name "^${title}\$" >/dev/null
  end=$(date +%s%N)
  sleep 4 # idle
  local rss=0 pss=0
  for p in $(tree "$pid"); do
    if [[ -r /proc/$p/smaps_rollup ]]; then
      rss=$((rss + $(awk '/^Rss:/ {print $2}' "/proc/$p/smaps_rollup")))
      pss=$((pss + $(awk '/^Pss:/ {print $2}' "/proc/$p/smaps_rollup")))
    fi
  done
  kill "$pid" 2>/dev/null || true
  wait "$pid" 2>/dev/null || true
  pkill -f "$home" 2>/dev/null || true
  rm -rf "$home"
  echo "$(( (end - start) / 1000000 )) $rss $pss"
}

median() { sort -n | awk '{a[NR]=$1} END {print a[int((NR+1)/2)]}'; }

declare -a app_t app_r app_p hello_t hello_r hello_p
for ((i = 0; i < ROUNDS; i++)); do
  read -r t r p < <(measure "$hello_bin" "Hello Tauri"); hello_t+=("$t"); hello_r+=("$r"); hello_p+=("$p")
  read -r t r p < <(measure "$app_bin" "Loopio SCIM Setup Assistant"); app_t+=("$t"); app_r+=("$r"); app_p+=("$p")
done

row() { # name app hello unit
  awk -v n="$1" -v a="$2" -v h="$3" -v u="$4" 'BEGIN { printf "%-34s %10s %s %10s %s %8.2fx\n", n, a, u, h, u, a / h }'
}
echo
echo "==> Medians of $ROUNDS cold starts each, alternating, one run ($(date -u +%Y-%m-%dT%H:%MZ))"
printf "%-34s %13s %13s %9s\n" "" "app" "hello-world" "ratio"
row "time to window shown" "$(printf '%s\n' "${app_t[@]}" | median)" "$(printf '%s\n' "${hello_t[@]}" | median)" "ms"
row "idle memory RSS (app + WebKit)" "$(printf '%s\n' "${app_r[@]}" | median)" "$(printf '%s\n' "${hello_r[@]}" | median)" "KiB"
row "idle memory PSS (app + WebKit)" "$(printf '%s\n' "${app_p[@]}" | median)" "$(printf '%s\n' "${hello_p[@]}" | median)" "KiB"
row "release binary" "$(( $(stat -c %s "$app_bin") / 1024 ))" "$(( $(stat -c %s "$hello_bin") / 1024 ))" "KiB"
row ".deb" "$(( $(stat -c %s "$app_deb") / 1024 ))" "$(( $(stat -c %s "$hello_deb") / 1024 ))" "KiB"
ui_gz=0
for f in ui/dist/assets/*.js ui/dist/assets/*.css; do ui_gz=$((ui_gz + $(gzip -9c "$f" | wc -c))); done
echo "UI bundle (JS + CSS, gzip -9): $((ui_gz / 1024)) KiB (target <= 60 KiB)"
