#!/bin/bash
# Where the CPU of several jobs goes, in one call on a lent machine (docs/benchmarks.md,
# "Sixteen cores, measured again"): over the corpus copied 30 times, as files and as one mbox,
# `perf stat` (CPU, page faults, context switches) and a profile (samples per function) of one
# job, two jobs, two one-job processes over halves and the most jobs; other builds (VARIANT
# binaries) timed beside MFSIM; and a timeline of one run with the most jobs over each input.
# Samples are counts, not shares, so that two rows compare: a function that costs more with two
# jobs shows more samples for the same work.
#
# Usage: bench/lent_machine_profile.sh MFSIM CORPUS_TAR PERF_TAR OUT_DIR [VARIANT ...]
#   MFSIM, VARIANT  static mfsim binaries (a VARIANT is named by its file name in the tables)
#   CORPUS_TAR      a tar archive holding one corpus folder (phishing_pot)
#   PERF_TAR        a tar archive of a folder `perf`: perf, its libraries and their loader
#   OUT_DIR         where machine.txt, stat.txt, profile.txt and timeline.txt go
# COPIES and JOBS (defaults 30 and 16) change the run, for a trial here; VARIANT_JOBS (default
# 1 2 4 8 JOBS) the job counts the builds are timed at; ROWS=0 skips the one-build rows and
# profiles, for a call that compares builds.
set -u
if [ $# -lt 4 ]; then
  sed -n '2,/^set -u/p' "$0" | sed '$d' | sed 's/^# \{0,1\}//' >&2
  exit 2
fi
mfsim=$(realpath "$1") corpus_tar=$2 perf_tar=$3 out=$4
shift 4
variants=()
for v in "$@"; do variants+=("$(realpath "$v")"); done
copies=${COPIES:-30} most=${JOBS:-16}
variant_jobs=${VARIANT_JOBS:-1 2 4 8 $most} one_build_rows=${ROWS:-1}
mkdir -p "$out"
work=$(mktemp -d /tmp/mfsim-profile-XXXXXX)
trap 'rm -rf "$work"' EXIT

. "$(dirname "$0")/lent_machine_lib.sh"
extract "$corpus_tar" "$work/corpus"
use_carried_perf "$perf_tar" "$work/tools"
{
  echo "nproc: $(nproc)"
  grep -m1 "model name" /proc/cpuinfo
  for f in enabled defrag; do echo "thp $f: $(cat /sys/kernel/mm/transparent_hugepage/$f)"; done
} >"$out/machine.txt" 2>&1

corpus=$(find "$work/corpus" -mindepth 1 -maxdepth 1 -type d | head -1)
python3 - "$corpus" "$copies" "$work/copies" "$(dirname "$0")" <<'EOF'
import os, sys
sys.path.insert(0, sys.argv[4])
from run_scaling import make_copies
os.makedirs(sys.argv[3])
make_copies(sys.argv[1], int(sys.argv[2]), sys.argv[3], [2])
os.sync()
EOF
files=$work/copies/files mbox=$work/copies/all.mbox empty=$work/copies/empty
mkdir -p "$empty"  # what a run costs before and after its messages
export half0=$work/copies/split2/part0.mbox half1=$work/copies/split2/part1.mbox
cat "$mbox" "$half0" "$half1" >/dev/null
find "$files" -type f -exec cat {} + >/dev/null

run() {  # binary jobs input: one mfsim run, records to /dev/null
  "$1" $run_args --jobs "$2" "$3" >/dev/null
}
two_halves() {  # binary: two one-job processes at once, one over each half of the mbox
  run "$1" 1 "$half0" & run "$1" 1 "$half1" & wait
}
declare -A rows=(
  ["mbox, 1 job"]="run $mfsim 1 $mbox"
  ["mbox, 2 jobs"]="run $mfsim 2 $mbox"
  ["mbox, 2 x 1 job over halves"]="two_halves $mfsim"
  ["mbox, $most jobs"]="run $mfsim $most $mbox"
  ["files, 1 job"]="run $mfsim 1 $files"
  ["files, 2 jobs"]="run $mfsim 2 $files"
  ["files, $most jobs"]="run $mfsim $most $files"
)
order=("mbox, 1 job" "mbox, 2 jobs" "mbox, 2 x 1 job over halves" "mbox, $most jobs"
       "files, 1 job" "files, 2 jobs" "files, $most jobs")
profiled=("mbox, 1 job" "mbox, $most jobs" "files, 1 job" "files, $most jobs")
export -f run two_halves

{
  if [ "$one_build_rows" != 0 ]; then
    for name in "${order[@]}"; do
      echo "== $name"
      perf stat -r 5 -e task-clock,page-faults,context-switches,cpu-migrations -- \
        bash -c "${rows[$name]}" 2>&1 >/dev/null |
        grep -E "task-clock|faults|switches|migrations|elapsed"
    done
    echo "== files, 1 and 2 jobs without io_uring (MFSIM_IO_URING=0)"
    for j in 1 2; do
      MFSIM_IO_URING=0 perf stat -r 5 -e task-clock -- "$mfsim" $run_args --jobs $j "$files" \
        2>&1 >/dev/null | grep -E "task-clock|elapsed"
    done
  fi
  # The builds in turn for each input and job count, so that a machine whose speed drifts
  # favours none of them.
  for input in "$empty" "$mbox" "$files"; do
    for j in $variant_jobs; do
      for v in "$mfsim" "${variants[@]}"; do
        echo "== $(basename "$v") over $(basename "$input"), $j jobs"
        perf stat -r 7 -e task-clock,context-switches -- "$v" $run_args --jobs $j "$input" \
          2>&1 >/dev/null | grep -E "task-clock|switches|elapsed"
      done
    done
  done
} >"$out/stat.txt" 2>&1

if [ "$one_build_rows" != 0 ]; then
  for name in "${profiled[@]}"; do
    perf record -e cpu-clock -F 1999 -g -o "$work/perf.data" -- \
      bash -c "for round in 1 2 3; do ${rows[$name]}; done" >/dev/null 2>&1
    echo "== $name: samples per function (3 runs, 1999 Hz)" >>"$out/profile.txt"
    perf_table "$work/perf.data" 40 --sort sym -g none -n | cut -c1-140 >>"$out/profile.txt"
  done
fi

# A timeline of one run with the most jobs: for each millisecond, how many CPUs were busy (samples
# at 9999 Hz over 10 per CPU), and what the calling thread (the walker) was doing.
for input in "$files" "$mbox"; do
  perf record -e cpu-clock -F 9999 -o "$work/timeline.data" -- "$mfsim" $run_args \
    --jobs "$most" "$input" >/dev/null 2>&1
  echo "== timeline: $most jobs over $(basename "$input")" >>"$out/timeline.txt"
  perf script -i "$work/timeline.data" -F pid,tid,time,ip,sym 2>/dev/null | python3 -c '
import collections, sys
samples = []
for line in sys.stdin:
    parts = line.split()
    if len(parts) < 4 or "/" not in parts[0]:
        continue
    pid, tid = parts[0].split("/")
    samples.append((float(parts[1].rstrip(":")), int(pid), int(tid), " ".join(parts[3:])[:60]))
if not samples:
    sys.exit("no samples")
start = min(s[0] for s in samples)
busy = collections.Counter()
main = collections.defaultdict(collections.Counter)
for t, pid, tid, sym in samples:
    ms = int((t - start) * 1000)
    busy[ms] += 1
    if tid == pid:
        main[ms][sym] += 1
for ms in range(max(busy) + 1):
    top = [sym for sym, _ in main[ms].most_common(1)] or ["-"]
    print(f"{ms:4d} ms  {busy[ms] / 10:5.1f} CPUs  walker: {top[0]}")
' >>"$out/timeline.txt" 2>&1
done
cat "$out/stat.txt"
