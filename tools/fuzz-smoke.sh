#!/usr/bin/env bash
# CI smoke run of every libFuzzer target: builds them all in build-fuzz/ (clang, ASan, UBSan),
# then runs each for SECONDS (default 20) from its seed corpus, as many at once as there are
# cores. Any crash, sanitizer report, invariant failure or hang (10 s per input) fails the
# script; see docs/reliability.md.
# Usage: tools/fuzz-smoke.sh [SECONDS]   (MFSIM_FUZZ_BUILD_ONLY=1: build them, run none)
set -euo pipefail
cd "$(dirname "$0")/.."
seconds=${1:-20}
build=${MFSIM_FUZZ_BUILD_DIR:-build-fuzz}
targets=(header_scanner rfc2047 ip_range yaml_loader mbox evaluate outlook powershell_parser dsc_reader
         manifest expectations exported_xml json_export clixml message_inspection sensitive_info
         attachment_content directory mailbox_state)

clangxx=${CXX_FUZZ:-$(command -v clang++ || command -v clang++-14 || true)}
[ -n "$clangxx" ] || { echo "fuzz-smoke: clang++ not found (tools/install-deps.sh installs it)" >&2; exit 2; }
if [ ! -f "$build/CMakeCache.txt" ]; then
  cmake -S . -B "$build" -DCMAKE_CXX_COMPILER="$clangxx" -DCMAKE_BUILD_TYPE=RelWithDebInfo \
    -DMFSIM_FUZZ=ON -DMFSIM_BUILD_TESTS=OFF -DMFSIM_BUILD_BENCH=OFF >/dev/null
fi
cmake --build "$build" -j"$(nproc)" --target fuzz_seed_presets fuzz_seed_attachments "${targets[@]/#/fuzz_}"
# MFSIM_FUZZ_BUILD_ONLY=1: only the build (CI's late stage, .ci/run): a target that no longer
# compiles or links fails here.
if [ -n "${MFSIM_FUZZ_BUILD_ONLY:-}" ]; then
  echo "fuzz-smoke: ${#targets[@]} targets built, not run (MFSIM_FUZZ_BUILD_ONLY)"
  exit 0
fi

# The targets run side by side, one per core (MFSIM_FUZZ_PARALLEL overrides): each is
# single-threaded, and CI's wall-clock budget is what this script spends most.
parallel=${MFSIM_FUZZ_PARALLEL:-$(nproc)}
pids=() status_dir=$(mktemp -d)
trap 'rm -rf "$status_dir"' EXIT
for t in "${targets[@]}"; do
  while [ "$(jobs -rp | wc -l)" -ge "$parallel" ]; do wait -n || true; done
  (
    if MFSIM_FUZZ_NO_BUILD=1 tools/fuzz.sh "$t" "$seconds" >"$build/fuzz-smoke-$t.log" 2>&1; then
      touch "$status_dir/$t.ok"
    fi
  ) &
  pids+=($!)
done
wait "${pids[@]}" || true

failed=()
for t in "${targets[@]}"; do
  log=$build/fuzz-smoke-$t.log
  if [ -f "$status_dir/$t.ok" ]; then
    echo "fuzz-smoke: $t ok ($(grep -o 'Done [0-9]* runs' "$log" | tail -1))"
  else
    echo "fuzz-smoke: $t FAILED; the last lines of $log:" >&2
    tail -40 "$log" >&2
    failed+=("$t")
  fi
done
if [ ${#failed[@]} -gt 0 ]; then
  echo "fuzz-smoke: findings in ${failed[*]}: inputs in $build/findings/" >&2
  exit 1
fi
