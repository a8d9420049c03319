#!/bin/bash
# Issue 16's 16-core figures in one call on a lent machine (docs/benchmarks.md, "Sixteen cores,
# measured again"): the corpus copied 30 times, bench/run_scaling.py over --jobs 1,2,4,8,16 on
# the files and on one mbox of the same messages, then, when a perf is given, a profile of 16
# jobs over each. Such a machine has no compiler toolchain of ours and nothing installed: the
# binaries come built (static), the corpus and perf as tar archives.
#
# Usage: bench/lent_machine_scaling.sh MFSIM FLOOR CORPUS_TAR OUT_DIR [PERF_TAR]
#   MFSIM       a static mfsim (cmake -DMFSIM_STATIC=ON)
#   FLOOR       a static mfsim_read_floor
#   CORPUS_TAR  a tar archive holding one corpus folder (phishing_pot)
#   OUT_DIR     where machine.txt, scaling.txt and the profiles go
#   PERF_TAR    optional: a tar archive of a folder `perf` holding perf, the libraries it needs
#               and their loader (ld-linux-x86-64.so.2), so that it runs whatever the machine's C
#               library is
# COPIES, JOBS and ROUNDS (defaults 30, 1,2,4,8,16 and 3) change the run, for a trial here; the
# profile runs the largest job count. BODY_BYTES=N cuts each body to N bytes (run_scaling.py
# --body-bytes): an mbox of small messages, many to a part.
set -u
if [ $# -lt 4 ]; then
  sed -n '2,/^set -u/p' "$0" | sed '$d' | sed 's/^# \{0,1\}//' >&2
  exit 2
fi
mfsim=$(realpath "$1") floor=$(realpath "$2") corpus_tar=$3 out=$4 perf_tar=${5:-}
copies=${COPIES:-30} jobs=${JOBS:-1,2,4,8,16} rounds=${ROUNDS:-3}
mkdir -p "$out"
work=$(mktemp -d /tmp/mfsim-lent-XXXXXX)
trap 'rm -rf "$work"' EXIT

. "$(dirname "$0")/lent_machine_lib.sh"

{
  echo "nproc: $(nproc)"
  lscpu
  uname -a
  head -3 /etc/os-release
  free -g
  df -h /tmp
  echo "io_uring_disabled: $(cat /proc/sys/kernel/io_uring_disabled 2>&1)"
} >"$out/machine.txt" 2>&1

extract "$corpus_tar" "$work/corpus"
corpus=$(find "$work/corpus" -mindepth 1 -maxdepth 1 -type d | head -1)
PYTHONUNBUFFERED=1 timeout 360 python3 "$(dirname "$0")/run_scaling.py" "$mfsim" "$floor" \
  "$corpus" --copies "$copies" --jobs "$jobs" --rounds "$rounds" --workdir "$work" --keep \
  ${BODY_BYTES:+--body-bytes "$BODY_BYTES"} 2>&1 |
  tee "$out/scaling.txt"
kept=$(sed -n 's/^copies kept in //p' "$out/scaling.txt")
[ -n "$perf_tar" ] && [ -n "$kept" ] || exit 0

use_carried_perf "$perf_tar" "$work/tools"
for input in files all.mbox; do
  out_file="$out/perf-${input#all.}.txt"
  # cpu-clock: such machines expose no hardware events to perf.
  perf record -e cpu-clock -F 1999 -g -o "$work/perf.data" -- sh -c "for round in 1 2 3; do \
    '$mfsim' $run_args --jobs ${jobs##*,} '$kept/$input' >/dev/null; done" \
    >"$out_file" 2>&1
  {
    echo "== by thread and object"
    perf_table "$work/perf.data" 30 --sort comm,dso -g none
    echo "== by thread (how evenly the workers share the run)"
    perf_table "$work/perf.data" 25 --sort pid -g none
    echo "== by symbol"
    perf_table "$work/perf.data" 60 --sort sym -g none
    echo "== callers of the symbols above 3%"
    perf_table "$work/perf.data" 300 --sort sym -g caller,0.5,callee,function,percent \
      --percent-limit 3
  } >>"$out_file"
done
