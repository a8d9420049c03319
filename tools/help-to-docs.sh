#!/usr/bin/env bash
# Writes mfsim's man page (with help2man) or its bash completion from the binary's own --help
# texts, so that both list exactly the subcommands and options that binary has. The build runs
# it (cmake/install.cmake); the results are installed by `cmake --install` and packaged by cpack.
# Usage: tools/help-to-docs.sh man MFSIM HELP2MAN OUT.1
#        tools/help-to-docs.sh completion MFSIM OUT.bash
set -euo pipefail
what=$1
mfsim=$2

# Names listed under "Subcommands:" in a --help text on stdin.
subcommands() { awk '/^Subcommands:/ { on = 1; next } on && /^  [a-z][a-z-]* / { print $1 }'; }

# Names listed under "Options:" ("-o,--output" gives -o and --output).
options() {
  awk '/^[A-Z][A-Za-z]*:$/ { on = ($0 == "Options:"); next }
       on && /^  -/ { n = split($1, names, ","); for (i = 1; i <= n; i++) print names[i] }'
}

# "--format TEXT:{table,jsonl}" gives "--format table jsonl": the values an option takes.
option_values() {
  awk '/^[A-Z][A-Za-z]*:$/ { on = ($0 == "Options:"); next }
       on && /^  -/ && match($0, /:\{[^}]*\}/) {
         n = split($1, names, ","); values = substr($0, RSTART + 2, RLENGTH - 3); gsub(",", " ", values)
         for (i = 1; i <= n; i++) print names[i] " " values }'
}

# Every command path: "", "run", "presets", "presets show", ...
command_paths() {
  local path=$1 sub
  echo "$path"
  # shellcheck disable=SC2086  # a path is words
  for sub in $("$mfsim" $path --help | subcommands); do command_paths "${path:+$path }$sub"; done
}

write_man() {
  local help2man=$1 out=$2 include path
  include=$(mktemp)
  trap 'rm -f "$include"' RETURN
  {
    echo "[SUBCOMMANDS]"
    echo "Each subcommand has its own options; \\fBmfsim\\fR \\fISUBCOMMAND\\fR \\fB\\-\\-help\\fR prints them."
    while read -r path; do
      [ -n "$path" ] || continue
      echo ".SS \"mfsim $path\""
      echo ".nf"
      # shellcheck disable=SC2086
      "$mfsim" $path --help | sed -e 's/\\/\\e/g' -e "s/^\\([.']\\)/\\\\\\&\\1/"
      echo ".fi"
    done < <(command_paths "")
    echo "[SEE ALSO]"
    echo "The README and docs/ of the mfsim source tree: the rule format, every lint finding, the"
    echo "generator, the reports and the decisions where the documentation leaves semantics open."
  } > "$include"
  "$help2man" --no-info --section=1 \
    --name="simulate Exchange Online mail flow behind Cloudflare Area 1 over real mail" \
    --include="$include" --output="$out" "$mfsim"
}

write_completion() {
  local out=$1 path words quoted
  {
    echo "# bash completion for mfsim: its subcommands, their options and the values an option"
    echo "# takes; file names elsewhere. Written from mfsim's --help at build time."
    echo "_mfsim() {"
    echo '  local cur=${COMP_WORDS[COMP_CWORD]} prev=${COMP_WORDS[COMP_CWORD-1]} path="" i'
    echo '  for ((i = 1; i < COMP_CWORD; i++)); do'
    echo '    case "$path ${COMP_WORDS[i]}" in'
    command_paths "" | while read -r path; do
      [ -n "$path" ] && echo "      \" $path\") path=\" $path\" ;;"
    done
    echo '    esac'
    echo '  done'
    echo '  local words=""'
    echo '  case "$path" in'
    while read -r path; do
      # shellcheck disable=SC2086
      words=$( { "$mfsim" $path --help | subcommands; "$mfsim" $path --help | options; } | tr '\n' ' ')
      echo "    \"${path:+ $path}\") words=\"${words% }\""
      # shellcheck disable=SC2086
      "$mfsim" $path --help | option_values | while read -r option values; do
        quoted=$(printf '%q' "$option")
        echo "      [ \"\$prev\" = $quoted ] && { COMPREPLY=(\$(compgen -W \"$values\" -- \"\$cur\")); return; }"
      done
      echo "      ;;"
    done < <(command_paths "")
    echo '  esac'
    echo '  # Options, and subcommands where the command has them; otherwise bash completes file names.'
    echo '  if [[ $cur == -* ]] || [[ " $words " == *" "[a-z]* ]]; then'
    echo '    COMPREPLY=($(compgen -W "$words" -- "$cur"))'
    echo '  fi'
    echo '}'
    echo 'complete -o default -F _mfsim mfsim'
  } > "$out"
}

case $what in
  man) write_man "$3" "$4" ;;
  completion) write_completion "$3" ;;
  *) echo "usage: $0 man MFSIM HELP2MAN OUT.1 | completion MFSIM OUT.bash" >&2; exit 2 ;;
esac
