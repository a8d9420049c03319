#!/bin/bash
# Builds what a lent machine needs for issue 16's 16-core figures, in .dev/ (which git is told
# to ignore, in .git/info/exclude): such a machine has no compiler of ours and nothing installed
# (docs/benchmarks.md, "Sixteen cores, measured again"), and each new checkout starts without
# the kit, so it is built here, once, before the first call to the machine:
#   .dev/mfsim                 mfsim, static (cmake -DMFSIM_STATIC=ON, in build-static/)
#   .dev/mfsim_read_floor      the reading floors (bench/read_floor.cc), static, same build
#   .dev/phishing_pot.tar.xz   the corpus, one folder (named after it)
#   .dev/perf.tar.xz           perf, the libraries it loads and their loader (bench/
#                              lent_machine_lib.sh runs it through that loader)
# Then one call to the machine (`run`, carry [".dev"]) runs, for example:
#   bash bench/lent_machine_scaling.sh .dev/mfsim .dev/mfsim_read_floor .dev/phishing_pot.tar.xz $OUT
#   ROWS=0 bash bench/lent_machine_profile.sh .dev/mfsim .dev/phishing_pot.tar.xz .dev/perf.tar.xz $OUT
# The kit must stay under the 64 MiB a call carries: the script says its size.
#
# Usage: bench/make_lent_kit.sh [CORPUS_DIR]
#   CORPUS_DIR  the corpus to carry (default: $MFSIM_CORPORA/phishing_pot, MFSIM_CORPORA
#               defaulting to ../shared/corpora)
# The static build takes about as long as a first Release build of mfsim alone (no tests).
set -euo pipefail
cd "$(dirname "$0")/.."
if [ "${1:-}" = "-h" ] || [ "${1:-}" = "--help" ]; then
  sed -n '2,/^set -euo/p' "$0" | sed '$d' | sed 's/^# \{0,1\}//'
  exit 0
fi
corpus=${1:-${MFSIM_CORPORA:-../shared/corpora}/phishing_pot}
if [ ! -d "$corpus" ]; then
  echo "make_lent_kit: no corpus folder $corpus (give one, or set MFSIM_CORPORA)" >&2
  exit 2
fi
command -v perf > /dev/null || { echo "make_lent_kit: no perf here (apt-get install linux-perf)" >&2; exit 2; }

kit=.dev
mkdir -p "$kit"
# Kept out of git where this is a git checkout (a worktree's exclude file is found too).
if exclude=$(git rev-parse --git-path info/exclude 2> /dev/null); then
  mkdir -p "$(dirname "$exclude")"
  grep -qx '/.dev/' "$exclude" 2> /dev/null || echo '/.dev/' >> "$exclude"
fi

echo "make_lent_kit: static build in build-static/" >&2
cmake -S . -B build-static -G Ninja -DCMAKE_BUILD_TYPE=Release -DMFSIM_STATIC=ON > /dev/null
cmake --build build-static --target mfsim mfsim_read_floor
# Copied over, not into: a binary the machine may still be reading stays whole.
cp --remove-destination build-static/mfsim build-static/bench/mfsim_read_floor "$kit/"

# Named after the corpus folder: .dev/phishing_pot.tar.xz by default.
corpus_name=$(basename "$(realpath "$corpus")")
echo "make_lent_kit: $kit/$corpus_name.tar.xz from $corpus" >&2
tar -C "$(dirname "$(realpath "$corpus")")" -cJf "$kit/$corpus_name.tar.xz" "$corpus_name"

# perf with every library it loads (links followed) and the loader, in a folder `perf`.
echo "make_lent_kit: $kit/perf.tar.xz" >&2
staging=$(mktemp -d /tmp/mfsim-lent-kit-XXXXXX)
trap 'rm -rf "$staging"' EXIT
mkdir "$staging/perf"
perf_bin=$(realpath "$(command -v perf)")
cp -L "$perf_bin" "$staging/perf/perf"
ldd "$perf_bin" | awk '$3 ~ /^\// { print $3 } $1 ~ /^\// { print $1 }' | while read -r lib; do
  cp -L "$lib" "$staging/perf/"
done
[ -e "$staging/perf/ld-linux-x86-64.so.2" ] || cp -L /lib64/ld-linux-x86-64.so.2 "$staging/perf/"
tar -C "$staging" -cJf "$kit/perf.tar.xz" perf

ls -l "$kit" >&2
total=$(du -cb "$kit"/* | tail -1 | cut -f1)
echo "make_lent_kit: $total bytes in $kit (a call carries at most 67108864)" >&2
[ "$total" -le 67108864 ] || { echo "make_lent_kit: too large to carry" >&2; exit 1; }
