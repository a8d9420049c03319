#!/usr/bin/env bash
# The whole-corpus benchmark scripts still run (issue 16): bench/run_scaling.py prints its files
# and mbox tables, with the floors on two threads, and finds every --jobs' output identical
# (and with --body-bytes, over fewer bytes);
# bench/startup_and_slope.py fits the fixed and per-copy cost of each --jobs;
# bench/compare_builds.py times two builds against the read-all floor, through a pipe or not;
# bench/lent_machine_scaling.sh runs run_scaling.py from a corpus archive, keeping its copies
# only until it ends (without perf: its profile, and bench/lent_machine_profile.sh, need a
# perf this test cannot count on). Over the bundled samples,
# so the test says the scripts work, not how fast anything is.
# Usage: tests/bench_scripts_test.sh MFSIM_BINARY READ_FLOOR_BINARY
set -euo pipefail
cd "$(dirname "$0")/.."
mfsim=$(realpath "$1")
floor=$(realpath "$2")
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT

python3 bench/run_scaling.py "$mfsim" "$floor" corpus/samples --copies 2 --rounds 1 \
  --jobs 1,2 --workdir "$work" > "$work/scaling.txt"
cat "$work/scaling.txt"
[ "$(grep -c '^output identical for every --jobs: True$' "$work/scaling.txt")" -eq 2 ]
for row in "read-all floor, 2 threads" "header-only floor, 2 threads" "mbox floor, 2 threads" \
           "mfsim --jobs 2" "2 x --jobs 1, 1/2 each"; do
  grep -q "^| $row |" "$work/scaling.txt" || { echo "no row: $row"; exit 1; }
done
# The script removes its copies of the corpus.
[ -z "$(ls -A "$work" | grep -v '^scaling.txt$')" ]
# --body-bytes cuts every body in the copies: fewer bytes, the same messages.
python3 bench/run_scaling.py "$mfsim" "$floor" corpus/samples --copies 2 --rounds 1 \
  --jobs 1,2 --body-bytes 0 --workdir "$work" > "$work/cut.txt"
cat "$work/cut.txt"
[ "$(grep -c '^output identical for every --jobs: True$' "$work/cut.txt")" -eq 2 ]
bytes_of() { sed -n 's/^cores=.* files=\([0-9]*\) bytes=\([0-9]*\) .*/\1 \2/p' "$1"; }
read -r full_files full_bytes <<<"$(bytes_of "$work/scaling.txt")"
read -r cut_files cut_bytes <<<"$(bytes_of "$work/cut.txt")"
grep -q '^cores=.* body-bytes=0$' "$work/cut.txt"
[ "$cut_files" -eq "$full_files" ] && [ "$cut_bytes" -lt "$full_bytes" ] ||
  { echo "--body-bytes 0: $cut_files files, $cut_bytes bytes; without: $full_files, $full_bytes"; exit 1; }
rm "$work/cut.txt"

# startup_and_slope.py times folders of 0, 1 and 2 copies, fits both --jobs, and removes them.
python3 bench/startup_and_slope.py "$mfsim" corpus/samples --copies 2 --rounds 2 \
  --workdir "$work" > "$work/slope.txt"
cat "$work/slope.txt"
for row in 0 1 2; do grep -q "^| $row | [0-9.]* ([0-9.]*) | [0-9.]* ([0-9.]*) | [0-9.]*x |$" "$work/slope.txt" ||
  { echo "no timed row for $row copies"; exit 1; }; done
grep -q '^| 1 | [0-9.-]* | [0-9.-]* | 1.00x |$' "$work/slope.txt"
grep -q '^| 2 | [0-9.-]* | [0-9.-]* | [0-9.-]*x |$' "$work/slope.txt"
[ -z "$(ls -A "$work" | grep -v -e '^scaling.txt$' -e '^slope.txt$')" ]
rm "$work/slope.txt"

# compare_builds.py finds the floor beside the new build (build/bench/mfsim_read_floor).
mkdir -p "$work/build/bench"
ln -s "$mfsim" "$work/build/mfsim"
ln -s "$floor" "$work/build/bench/mfsim_read_floor"
python3 bench/compare_builds.py "$mfsim" "$work/build/mfsim" corpus/samples 1 200 > "$work/compare.txt"
cat "$work/compare.txt"
[ "$(grep -c 'x the floor$' "$work/compare.txt")" -eq 10 ]
[ "$(grep -c 'peak RSS' "$work/compare.txt")" -eq 6 ]
# --null times with the output sent to /dev/null; MBOX_MESSAGES 0 skips the mbox.
python3 bench/compare_builds.py "$mfsim" "$work/build/mfsim" corpus/samples 1 0 --null \
  --rounds 2 --jobs 1 > "$work/null.txt"
cat "$work/null.txt"
[ "$(grep -c 'median of 2 (CPU [0-9.]* s), [0-9.]*x the floor$' "$work/null.txt")" -eq 2 ]
if grep -q 'peak RSS' "$work/null.txt"; then echo "MBOX_MESSAGES 0 ran the mbox"; exit 1; fi
tar -C corpus -cf "$work/samples.tar" samples
COPIES=1 JOBS=1,2 ROUNDS=1 bench/lent_machine_scaling.sh "$mfsim" "$floor" "$work/samples.tar" \
  "$work/lent" > "$work/lent.log"
cat "$work/lent.log"
[ "$(grep -c '^output identical for every --jobs: True$' "$work/lent/scaling.txt")" -eq 2 ]
grep -q '^nproc: [0-9]' "$work/lent/machine.txt"
kept=$(sed -n 's/^copies kept in //p' "$work/lent/scaling.txt")
[ -n "$kept" ] && [ ! -e "$kept" ] || { echo "copies not kept, or kept past the end: $kept"; exit 1; }
echo "bench scripts: ok"
