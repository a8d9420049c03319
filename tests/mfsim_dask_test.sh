#!/usr/bin/env bash
# e2e (issue 17): tools/mfsim-dask on a local Dask cluster of 2 workers writes the same bytes as
# one mfsim process, for run (JSONL) and diff (table), and retries a shard that fails once.
# Usage: tests/mfsim_dask_test.sh MFSIM_BINARY
set -euo pipefail
cd "$(dirname "$0")/.."
mfsim=$(realpath "$1")
if ! /usr/bin/python3 -c 'import distributed' 2>/dev/null; then
  echo "skipped: Debian's python3-distributed is not installed (tools/install-deps.sh)"
  exit 0
fi
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
inputs=(corpus/samples)

"$mfsim" run --rules uc4 -q --format jsonl "${inputs[@]}" > "$work/single.jsonl"
tools/mfsim-dask --local 2 --mfsim "$mfsim" --shards 3 --parts-dir "$work/parts" \
  run --rules uc4 -q "${inputs[@]}" -o "$work/dask.jsonl"
cmp "$work/single.jsonl" "$work/dask.jsonl"
echo "run: byte-identical ($(wc -l < "$work/single.jsonl") records)"

# diff exits 1 when a message changed: mfsim-dask passes merge's status on.
status=0
"$mfsim" diff --base eop-default --rules uc4 "${inputs[@]}" > "$work/single.txt" || status=$?
[ "$status" -eq 1 ]
status=0
tools/mfsim-dask --local 2 --mfsim "$mfsim" --parts-dir "$work/parts2" \
  diff --base eop-default --rules uc4 "${inputs[@]}" > "$work/dask.txt" || status=$?
[ "$status" -eq 1 ]
cmp "$work/single.txt" "$work/dask.txt"
echo "diff: byte-identical"

# A binary that fails the first time each shard runs: the retries still give the same bytes.
cat > "$work/flaky-mfsim" <<FLAKY
#!/usr/bin/env bash
marker="$work/failed-\$(echo "\$@" | md5sum | cut -c1-12)"
if [ ! -e "\$marker" ] && [[ " \$* " == *" --shard "* ]]; then touch "\$marker"; exit 3; fi
exec "$mfsim" "\$@"
FLAKY
chmod +x "$work/flaky-mfsim"
tools/mfsim-dask --local 2 --mfsim "$work/flaky-mfsim" --shards 2 --parts-dir "$work/parts3" \
  run --rules uc4 -q "${inputs[@]}" > "$work/retried.jsonl"
cmp "$work/single.jsonl" "$work/retried.jsonl"
echo "run with a failing first try per shard: byte-identical after retries"
