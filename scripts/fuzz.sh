#!/usr/bin/env bash
# Runs fuzz targets (default: all) for SECONDS each (default 600), two at a time (2 cores), and
# prints the executions each managed and any crash files; exits 1 if a target crashed. cargo-fuzz uses nightly-only compiler
# flags: the stable toolchain accepts them with RUSTC_BOOTSTRAP=1, so no other toolchain is needed.
#   scripts/fuzz.sh [SECONDS] [TARGET...]
set -euo pipefail
cd "$(dirname "$0")/../fuzz"
seconds="${1:-600}"
shift || true
export RUSTC_BOOTSTRAP=1
command -v cargo-fuzz >/dev/null || cargo install cargo-fuzz --version 0.13.2 --locked
targets=("$@")
((${#targets[@]})) || targets=(domain token scim_response saml_metadata)
cargo fuzz build
mkdir -p logs
started="$(mktemp)"   # crash files newer than this are this run's
failed="$(mktemp)"
trap 'rm -f "$started" "$failed"' EXIT
run() {
  local status=0
  cargo fuzz run "$1" "corpus/$1" -- -max_total_time="$seconds" -max_len=4096 -timeout=10 \
    -print_final_stats=1 >"logs/$1.log" 2>&1 || status=$?
  local execs
  execs="$(grep -o 'stat::number_of_executed_units: [0-9]*' "logs/$1.log" | tail -n 1 | awk '{print $2}' || true)"
  local crashes
  crashes="$(find "artifacts/$1" -type f -newer "$started" 2>/dev/null | wc -l || true)"
  echo "$1: ${execs:-?} executions, exit $status, $crashes new crash file(s) (log: fuzz/logs/$1.log)"
  ((status == 0 && crashes == 0))
}
# Two at a time; a target fails if it crashed, or if its run failed in any other way.
for ((i = 0; i < ${#targets[@]}; i += 2)); do
  run "${targets[i]}" &
  first=$!
  second=""
  if ((i + 1 < ${#targets[@]})); then
    run "${targets[i + 1]}" &
    second=$!
  fi
  wait "$first" || echo "${targets[i]}" >>"$failed"
  if [[ -n "$second" ]]; then wait "$second" || echo "${targets[i + 1]}" >>"$failed"; fi
done
if [[ -s "$failed" ]]; then
  echo "fuzzing found problems in: $(tr '\n' ' ' <"$failed")(see fuzz/artifacts and fuzz/logs)" >&2
  exit 1
fi
