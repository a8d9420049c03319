#!/usr/bin/env bash
# Builds what is not built yet and runs the whole test suite: the README's test command, and
# what .ci/run calls. It reuses the build folder the README's first command configured, with its
# configuration; only a folder not configured yet is configured here, as the README does.
# Tests that read the public corpora find them through $MFSIM_CORPORA (default
# ../shared/corpora) and are skipped, with the reason, when they are absent;
# MFSIM_REQUIRE_CORPORA=1 fails them instead (docs/testing.md).
# Usage: tools/test.sh [BUILD_DIR [CMAKE_OPTION...]]   (default: build)
set -euo pipefail
cd "$(dirname "$0")/.."
build_dir=${1:-build}
[ $# -gt 0 ] && shift
jobs=$(nproc)

if [ ! -f "$build_dir/CMakeCache.txt" ]; then
  cmake -S . -B "$build_dir" -DCMAKE_BUILD_TYPE=Release "$@"
fi
cmake --build "$build_dir" -j"$jobs"
status=0
ctest --test-dir "$build_dir" --output-on-failure -j"$jobs" || status=$?
# CTest lists skipped tests by name only; each printed why.
reasons=$(grep -ho 'MFSIM_TEST_SKIPPED: .*' "$build_dir/Testing/Temporary/LastTest.log" 2>/dev/null | sort -u || true)
if [ -n "$reasons" ]; then
  echo "Tests were skipped:"
  sed 's/^MFSIM_TEST_SKIPPED: /  /' <<< "$reasons"
fi
exit "$status"
