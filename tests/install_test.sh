#!/usr/bin/env bash
# `cmake --install` into a scratch prefix gives a working mfsim that prints its version, commit
# and build type, a man page with a section for every subcommand, and a bash completion that
# completes subcommands, options and option values; with CPACK=1, `cpack -G DEB` gives a .deb
# holding the same files, with Depends worked out by dpkg-shlibdeps.
# Usage: tests/install_test.sh CMAKE CPACK BUILD_DIR SOURCE_DIR
set -euo pipefail
cmake=$1 cpack=$2 build=$3 source=$4
scratch=$(mktemp -d)
trap 'rm -rf "$scratch"' EXIT
fail() { echo "FAILED: $*" >&2; exit 1; }

"$cmake" --install "$build" --prefix "$scratch/usr" > /dev/null
mfsim=$scratch/usr/bin/mfsim
man=$scratch/usr/share/man/man1/mfsim.1
completion=$scratch/usr/share/bash-completion/completions/mfsim
[ -x "$mfsim" ] || fail "no bin/mfsim"
[ -f "$man" ] || fail "no share/man/man1/mfsim.1"
[ -f "$completion" ] || fail "no share/bash-completion/completions/mfsim"

version=$("$mfsim" --version)
grep -qE '^mfsim [0-9]+\.[0-9]+\.[0-9]+$' <<< "$version" || fail "--version: $version"
grep -qE '^git commit ([0-9a-f]{40}|unknown)' <<< "$version" || fail "--version has no commit: $version"
grep -qE '^build type [A-Za-z]+$' <<< "$version" || fail "--version has no build type: $version"

for sub in run presets "presets show" generate check diff explain agree import lint; do
  grep -q "^\.SS \"mfsim $sub\"" "$man" || fail "the man page has no section for mfsim $sub"
done
grep -q -- '--max-header-bytes' "$man" || fail "the man page lacks the options of mfsim run"

# shellcheck disable=SC1090
source "$completion"
complete_words() {
  COMP_WORDS=("$@")
  COMP_CWORD=$(($# - 1))
  COMPREPLY=()
  _mfsim
  echo "${COMPREPLY[*]}"
}
[ "$(complete_words mfsim ru)" = run ] || fail "completion: mfsim ru -> $(complete_words mfsim ru)"
[ "$(complete_words mfsim presets s)" = show ] || fail "completion: mfsim presets s"
[ "$(complete_words mfsim run --rules uc4 --for)" = --format ] || fail "completion: mfsim run --for"
[ "$(complete_words mfsim run --format j)" = jsonl ] || fail "completion: mfsim run --format j"
[ "$(complete_words mfsim explain --format j)" = json ] || fail "completion: mfsim explain --format j"
[ -z "$(complete_words mfsim run corp)" ] || fail "completion: a path should be left to bash"

# The installed binary gives the records the build tree's gives.
cd "$source"
"$mfsim" run --rules uc4 --format jsonl -q corpus/samples > "$scratch/installed.jsonl"
"$build/mfsim" run --rules uc4 --format jsonl -q corpus/samples > "$scratch/built.jsonl"
cmp -s "$scratch/installed.jsonl" "$scratch/built.jsonl" || fail "the installed mfsim gives other records"
[ -s "$scratch/built.jsonl" ] || fail "no records"

if [ "${CPACK:-0}" = 1 ]; then
  (cd "$build" && "$cpack" -G DEB -B "$scratch/package" > "$scratch/cpack.log") || { cat "$scratch/cpack.log"; fail "cpack"; }
  deb=$(ls "$scratch"/package/mfsim_*.deb)
  contents=$(dpkg-deb -c "$deb")
  for path in ./usr/bin/mfsim ./usr/share/man/man1/mfsim.1 ./usr/share/bash-completion/completions/mfsim; do
    grep -q " $path\$" <<< "$contents" || fail "the .deb lacks $path"
  done
  depends=$(dpkg-deb -f "$deb" Depends)
  grep -q 'libc6' <<< "$depends" || fail "Depends does not come from the linked libraries: $depends"
  # libzip and libarchive are loaded when the first archive of theirs is read, not linked: they
  # are named by hand.
  grep -q 'libzip' <<< "$depends" || fail "Depends lacks libzip, which mfsim loads: $depends"
  grep -q 'libarchive13' <<< "$depends" ||
    fail "Depends lacks libarchive13, which mfsim loads: $depends"
fi
echo "install layout, man page, completion${CPACK:+ and package} checked"
