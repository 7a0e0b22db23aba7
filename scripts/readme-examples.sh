#!/usr/bin/env bash
# Runs the README's command-line examples exactly as written, so they cannot rot.
#
# A code block is an example when the line before its ```sh fence is an HTML comment:
#
#   <!-- example: serve PORT -->      a practice server: started in the background, in README
#                                     order, waited for on 127.0.0.1:PORT, and killed at the end
#   <!-- example -->                  run with `bash -e -o pipefail`; it must exit 0
#   <!-- example: exit N -->          the same, but it must exit N (e.g. 1 for a check that
#                                     finds something, 3 for apply-okta with manual steps left)
#
# Every block runs in one scratch folder (so a file one writes, the next can read), with
# `loopio-scim-assistant` on PATH: $LOOPIO_BIN, by default target/debug/loopio-scim-assistant
# (scripts/test.sh builds it first with `cargo build --workspace --bins --locked`). The ports the
# README uses must be free; a port in use fails the run rather than testing another server.
#
#   scripts/readme-examples.sh [README]
set -euo pipefail
root="$(cd "$(dirname "$0")/.." && pwd)"
readme="$(realpath "${1:-$root/README.md}")"
bin="${LOOPIO_BIN:-$root/target/debug/loopio-scim-assistant}"
if [[ ! -x "$bin" ]]; then
  echo "error: $bin is missing; run 'cargo build --workspace --bins --locked' first" >&2
  exit 1
fi

work="$(mktemp -d)"
pids=()
cleanup() {
  for pid in "${pids[@]}"; do
    # Each server runs in its own session (setsid): its whole process group goes.
    kill -- "-$pid" 2>/dev/null || kill "$pid" 2>/dev/null || true
    wait "$pid" 2>/dev/null || true
  done
  rm -rf "$work"
}
trap cleanup EXIT
mkdir -p "$work/bin" "$work/blocks" "$work/run"
ln -s "$(realpath "$bin")" "$work/bin/loopio-scim-assistant"
export PATH="$work/bin:$PATH"

# One file per marked block, in README order: blocks/NNN.sh, with its marker in blocks/NNN.kind.
awk -v dir="$work/blocks" '
  match($0, /^<!-- example(: [a-z]+( [0-9]+)?)? -->$/) {
    kind = $0; sub(/^<!-- example:? ?/, "", kind); sub(/ ?-->$/, "", kind)
    if (kind == "") kind = "exit 0"
    marked = NR; next
  }
  marked && marked == NR - 1 && /^```sh$/ {
    n++; file = sprintf("%s/%03d.sh", dir, n)
    printf "%s\n", kind > sprintf("%s/%03d.kind", dir, n)
    inblock = 1; next
  }
  marked && marked == NR - 1 { printf "line %d: an example marker must be right before a ```sh block\n", NR > "/dev/stderr"; bad = 1 }
  inblock && /^```$/ { inblock = 0; close(file); next }
  inblock { print > file }
  END { exit bad }
' "$readme"

blocks=("$work"/blocks/*.sh)
if [[ ! -e "${blocks[0]}" ]]; then
  echo "error: no marked examples in $readme" >&2
  exit 1
fi

port_open() { (exec 3<>"/dev/tcp/127.0.0.1/$1") 2>/dev/null; }

failed=0
for block in "${blocks[@]}"; do
  kind="$(cat "${block%.sh}.kind")"
  name="$(basename "$block" .sh)"
  echo "--- example $name ($kind):"
  sed 's/^/    /' "$block"
  case "$kind" in
    serve\ *)
      port="${kind#serve }"
      if port_open "$port"; then
        echo "error: port $port is already in use; free it to run the README's examples" >&2
        exit 1
      fi
      (cd "$work/run" && exec setsid bash "$block") >"$work/$name.log" 2>&1 &
      pids+=("$!")
      for _ in $(seq 100); do
        port_open "$port" && break
        sleep 0.1
      done
      if ! port_open "$port"; then
        echo "error: the server of example $name did not listen on $port:" >&2
        cat "$work/$name.log" >&2
        exit 1
      fi
      ;;
    exit\ *)
      want="${kind#exit }"
      set +e
      (cd "$work/run" && bash -e -o pipefail "$block") >"$work/$name.log" 2>&1
      got=$?
      set -e
      sed 's/^/  | /' "$work/$name.log"
      if [[ "$got" != "$want" ]]; then
        echo "FAIL: example $name exited $got, the README expects $want" >&2
        failed=1
      fi
      ;;
    *)
      echo "error: unknown example marker '$kind' before block $name" >&2
      exit 1
      ;;
  esac
done

if [[ "$failed" != 0 ]]; then
  exit 1
fi
echo "All ${#blocks[@]} README examples ran as documented."
