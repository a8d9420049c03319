# Shell functions shared by bench/lent_machine_scaling.sh and bench/lent_machine_profile.sh
# (sourced, not run).

# extract ARCHIVE FOLDER: unpacks a tar archive with Python's tarfile, since a lent machine may
# have no xz.
extract() {
  python3 -c 'import sys, tarfile; tarfile.open(sys.argv[1]).extractall(sys.argv[2])' "$1" "$2"
}

# use_carried_perf ARCHIVE FOLDER: unpacks an archive of a folder `perf` (perf, the libraries it
# needs and their loader, ld-linux-x86-64.so.2) into FOLDER; perf then runs it through that
# loader, so that it runs whatever the machine's C library is.
use_carried_perf() {
  extract "$1" "$2"
  carried_perf=$2/perf
}
perf() {
  "$carried_perf/ld-linux-x86-64.so.2" --library-path "$carried_perf" "$carried_perf/perf" "$@"
}

# The arguments of every timed or profiled run: `"$MFSIM" $run_args --jobs J INPUT` (words
# without spaces, so that they split as written; exported for the `bash -c` rows).
export run_args="run --rules uc4 --format jsonl -q"

# perf_table DATA LINES OPTION...: perf report's table of a profile without its comments and
# empty lines, its first LINES lines.
perf_table() {
  local data=$1 lines=$2
  shift 2
  perf report -i "$data" --no-children --stdio "$@" 2>&1 | grep -v '^#' | sed '/^$/d' |
    head -"$lines"
}
