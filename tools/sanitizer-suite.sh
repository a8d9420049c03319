#!/usr/bin/env bash
# The whole test suite under AddressSanitizer, LeakSanitizer and UBSan, in one clang build that
# also holds the libFuzzer targets (build-san/): run it before a change lands. CI runs only the
# fuzz targets (tools/fuzz-smoke.sh): this suite takes longer than CI's 20-minute budget on two
# cores (docs/reliability.md). After it, `MFSIM_FUZZ_BUILD_DIR=build-san tools/fuzz-smoke.sh 20`
# fuzzes from the same build.
# Usage: tools/sanitizer-suite.sh [CTEST_OPTION...]     (e.g. -L unit, -R header)
set -euo pipefail
cd "$(dirname "$0")/.."
build=${MFSIM_SANITIZER_BUILD_DIR:-build-san}
jobs=$(nproc)
clangxx=${CXX_FUZZ:-$(command -v clang++ || command -v clang++-14 || true)}
[ -n "$clangxx" ] || { echo "sanitizer-suite: clang++ not found (tools/install-deps.sh installs it)" >&2; exit 2; }

# -O1 with line tables, asserts kept (no NDEBUG): the fuzz targets' code generation for the
# whole tree, so that one build serves both.
if [ ! -f "$build/CMakeCache.txt" ]; then
  cmake -S . -B "$build" -DCMAKE_CXX_COMPILER="$clangxx" -DCMAKE_BUILD_TYPE=RelWithDebInfo \
    "-DCMAKE_CXX_FLAGS_RELWITHDEBINFO=-O1 -gline-tables-only" \
    -DMFSIM_SANITIZE=ON -DMFSIM_FUZZ=ON -DMFSIM_BUILD_BENCH=OFF >/dev/null
fi
cmake --build "$build" -j"$jobs"
# libolecf and libpff leak on damaged files' error paths: tools/lsan-suppressions.txt.
MFSIM_REQUIRE_CORPORA=${MFSIM_REQUIRE_CORPORA:-1} \
  ASAN_OPTIONS=detect_leaks=1:abort_on_error=1 \
  UBSAN_OPTIONS=halt_on_error=1:print_stacktrace=1 \
  LSAN_OPTIONS=suppressions=$PWD/tools/lsan-suppressions.txt \
  ctest --test-dir "$build" --output-on-failure -j"$jobs" "$@"
