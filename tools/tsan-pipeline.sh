#!/usr/bin/env bash
# The ordered pipeline's tests (tests/ordered_pipeline_test.cc, and tests/mbox_parts_test.cc,
# whose workers share an mbox's parts) under ThreadSanitizer, ROUNDS times (default 10). The
# ring is a header-only template, so compiling those test files with -fsanitize=thread
# instruments all of its locking and atomics; the mfsim libraries it links
# come uninstrumented from BUILD_DIR (default build/, built first).
# Usage: tools/tsan-pipeline.sh [ROUNDS] [BUILD_DIR]
set -euo pipefail
cd "$(dirname "$0")/.."
rounds=${1:-10}
build=${2:-build}
cmake --build "$build" -j"$(nproc)" --target mfsim mfsim_pipeline
libs=()
for lib in pipeline/libmfsim_pipeline corpus/libmfsim_corpus engine/compile/libmfsim_compile \
           engine/eval/libmfsim_eval engine/directory/libmfsim_directory \
           engine/mailbox/libmfsim_mailbox engine/policy/libmfsim_policy \
           engine/rules/libmfsim_rules engine/libmfsim_outcome engine/mail/libmfsim_mail \
           engine/net/libmfsim_net engine/libmfsim_engine; do
  libs+=("$build/$lib.a")
done
out=$build/tsan
mkdir -p "$out"
# The libraries twice: static archives that call each other, in any order.
g++ -std=c++20 -O1 -g -fsanitize=thread -I. -DMFSIM_SOURCE_DIR="\"$PWD\"" \
  -DMFSIM_BINARY="\"$PWD/$build/mfsim\"" tests/main.cc tests/support/process.cc tests/support/build_paths.cc \
  tests/ordered_pipeline_test.cc tests/mbox_parts_test.cc "${libs[@]}" "${libs[@]}" -lyaml-cpp -lfmt -lmimetic \
  -lboost_regex -lnettle -lzip -lz -lolecf -lpff -lbfio -lexpat -luring -lpthread -o "$out/ordered_pipeline_tsan"
for round in $(seq 1 "$rounds"); do
  (cd "$build/tests" && TSAN_OPTIONS=halt_on_error=1 "../tsan/ordered_pipeline_tsan" --minimal) || {
    echo "tsan-pipeline: round $round failed" >&2
    exit 1
  }
done
echo "tsan-pipeline: $rounds rounds, no race reported"
