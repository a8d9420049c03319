#!/usr/bin/env bash
# Checks that every tracked C++ source (*.cc, *.h) is laid out as .clang-format says, with
# Debian's clang-format-14 (other versions lay some constructs out differently). Prints the
# files that differ and exits 1; `--fix` rewrites them in place instead. .ci/run calls it.
# Usage: tools/check-format.sh [--fix]
set -euo pipefail
cd "$(dirname "$0")/.."

fmt=${CLANG_FORMAT:-}
if [ -z "$fmt" ]; then
  if command -v clang-format-14 >/dev/null; then
    fmt=clang-format-14
  elif command -v clang-format >/dev/null && clang-format --version | grep -q 'version 14\.'; then
    fmt=clang-format
  else
    echo "check-format: clang-format-14 not found (tools/install-deps.sh installs it)" >&2
    exit 2
  fi
fi

if git rev-parse --is-inside-work-tree >/dev/null 2>&1; then
  mapfile -t files < <(git ls-files -- '*.cc' '*.h')
else
  mapfile -t files < <(find engine corpus tools tests bench fuzz -name '*.cc' -o -name '*.h' | sort)
fi

if [ "${1:-}" = "--fix" ]; then
  "$fmt" -i --style=file "${files[@]}"
  exit 0
fi

# One clang-format per file cost CI about 85 s, most of it in starting clang-format 841 times:
# the files go in batches instead, two per core, as many at once as there are cores. A batch that
# fails is checked again one file at a time, so that the files named are those clang-format
# rejects alone, as before (its diagnostics do not name a file it could not read).
jobs=$(nproc)
batch=$(( (${#files[@]} + 2 * jobs - 1) / (2 * jobs) ))
check_batch='
  fmt=$1; shift
  "$fmt" --style=file --dry-run --Werror "$@" >/dev/null 2>&1 && exit 0
  for f; do
    "$fmt" --style=file --dry-run --Werror "$f" >/dev/null 2>&1 || printf "%s\0" "$f"
  done'
declare -A rejected=()
if [ ${#files[@]} -gt 0 ]; then
  while IFS= read -r -d '' f; do
    rejected[$f]=1
  done < <(printf '%s\0' "${files[@]}" |
           xargs -0 -n "$batch" -P "$jobs" bash -c "$check_batch" check-format "$fmt")
fi
differ=()
for f in "${files[@]}"; do
  [ -z "${rejected[$f]:-}" ] || differ+=("$f")
done
if [ ${#differ[@]} -gt 0 ]; then
  printf 'check-format: not formatted: %s\n' "${differ[@]}" >&2
  echo "check-format: run tools/check-format.sh --fix (${#differ[@]} of ${#files[@]} files)" >&2
  exit 1
fi
echo "check-format: ${#files[@]} files formatted"
