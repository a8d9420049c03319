#!/usr/bin/env bash
# tools/compare-outcomes.sh, the check every refactor runs (docs/architecture.md): two runs of
# one build over the bundled samples are identical, every preset and every rule file of
# tools/compare-rules/ (body and attachment rules) among the rule sets; a build whose records
# differ only under content.yaml's rules is caught, named, and fails the comparison.
# Usage: tests/compare_outcomes_test.sh MFSIM_BINARY
set -euo pipefail
cd "$(dirname "$0")/.."
mfsim=$(realpath "$1")
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT

presets=$("$mfsim" presets | awk '/^[^ ]/ {print $1}' | wc -l)
compare_rules=$(ls tools/compare-rules/*.yaml | wc -l)
[ "$compare_rules" -ge 2 ]
# eop-default with the recorded mailbox state, and the files of tools/compare-rules.
rule_sets=$((presets + 1 + compare_rules))

tools/compare-outcomes.sh "$mfsim" "$mfsim" corpus/samples > "$work/same.txt"
cat "$work/same.txt"
grep -qx "compare-outcomes: $rule_sets of $rule_sets runs identical ($rule_sets rule sets x 1 corpora)" \
  "$work/same.txt"

# A "build" whose records differ only when it runs the content rules.
cat > "$work/altered" <<SCRIPT
#!/usr/bin/env bash
set -o pipefail
case " \$* " in
  *" tools/compare-rules/content.yaml "*) "$mfsim" "\$@" | sed 's/"rules":/"Rules":/' ;;
  *) exec "$mfsim" "\$@" ;;
esac
SCRIPT
chmod +x "$work/altered"
status=0
tools/compare-outcomes.sh "$mfsim" "$work/altered" corpus/samples > "$work/differ.txt" || status=$?
cat "$work/differ.txt"
[ "$status" -eq 1 ]
grep -qx "DIFFERS: --rules tools/compare-rules/content.yaml over corpus/samples (exit 0 -> 0)" \
  "$work/differ.txt"
[ "$(grep -c '^DIFFERS:' "$work/differ.txt")" -eq 1 ]
echo "compare-outcomes: ok"
