#!/usr/bin/env bash
# Byte-for-byte comparison of two mfsim builds: every preset, and the rule files that read bodies
# and attachments (tools/compare-rules/*.yaml), over every corpus, JSONL.
# A refactor must leave all of it identical (docs/architecture.md, "Changing the code").
#
# Usage: tools/compare-outcomes.sh OLD_MFSIM NEW_MFSIM [CORPUS_DIR...]
#   CORPUS_DIR defaults to corpus/samples plus every folder of $MFSIM_CORPORA
#   (default ../shared/corpora when it exists). Extra options for both runs: $COMPARE_ARGS.
# Exit status: 0 when every output is identical, 1 when any differs, 2 for a usage error.
set -uo pipefail
cd "$(dirname "$0")/.."

if [ $# -lt 2 ]; then
  sed -n '2,8p' "$0" >&2
  exit 2
fi
old_bin=$1 new_bin=$2
shift 2
for bin in "$old_bin" "$new_bin"; do
  [ -x "$bin" ] || { echo "compare-outcomes: $bin is not an executable" >&2; exit 2; }
done

corpora=("$@")
if [ ${#corpora[@]} -eq 0 ]; then
  corpora=(corpus/samples)
  root=${MFSIM_CORPORA:-../shared/corpora}
  if [ -d "$root" ]; then
    for d in "$root"/*/; do corpora+=("${d%/}"); done
  else
    echo "compare-outcomes: no $root (set MFSIM_CORPORA); comparing corpus/samples only" >&2
  fi
fi

# A fixed clock: records whose expiry falls back to --now must not differ by the minute.
fixed_now=2026-01-15T12:00:00Z
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT

# Every preset the old build knows, plus Microsoft's policy with the recorded mailbox state.
# Preset names start in the first column; indented lines explain the names.
mapfile -t presets < <("$old_bin" presets | awk '/^[^ ]/ {print $1}')
runs=()
for p in "${presets[@]}"; do runs+=("--rules $p"); done
runs+=("--rules eop-default --mailbox-state recorded")
# The presets read header fields only: these read the body, the attachments and the MIME
# structure, where most of the code a message can reach lies.
for f in tools/compare-rules/*.yaml; do runs+=("--rules $f"); done

differ=0 total=0
for corpus in "${corpora[@]}"; do
  for r in "${runs[@]}"; do
    total=$((total + 1))
    # shellcheck disable=SC2086  # $r and $COMPARE_ARGS are option lists
    "$old_bin" run $r --now "$fixed_now" --format jsonl -q ${COMPARE_ARGS:-} "$corpus" >"$work/old" 2>"$work/old.err"
    old_rc=$?
    # shellcheck disable=SC2086
    "$new_bin" run $r --now "$fixed_now" --format jsonl -q ${COMPARE_ARGS:-} "$corpus" >"$work/new" 2>"$work/new.err"
    new_rc=$?
    if [ $old_rc -ne $new_rc ] || ! cmp -s "$work/old" "$work/new"; then
      differ=$((differ + 1))
      echo "DIFFERS: $r over $corpus (exit $old_rc -> $new_rc)"
      # Records are in input order, one per line, and JSON escapes every tab: pairing the lines
      # names the records that changed, whatever the files' size (a diff cut at a byte count
      # once listed an unchanged record whose line the cut happened to split).
      paste "$work/old" "$work/new" | awk -F'\t' '
        $1 != $2 {
          changed++
          if (changed <= 5) {
            line = ($2 != "") ? $2 : $1
            id = match(line, /"id":"([^"\\]|\\.)*"/) ? substr(line, RSTART + 5, RLENGTH - 5) : "(no id)"
            printf "  record %d differs: %s\n", NR, id
          }
        }
        END { if (changed > 5) printf "  ... %d records differ in all\n", changed }'
      [ -s "$work/new.err" ] && head -n 3 "$work/new.err" | sed 's/^/  new stderr: /'
    fi
  done
done

echo "compare-outcomes: $((total - differ)) of $total runs identical (${#runs[@]} rule sets x ${#corpora[@]} corpora)"
[ $differ -eq 0 ]
