// The command lines of the subcommands that evaluate messages (run, check, diff, explain, agree,
// bench) and of merge, which joins their --shard parts: options, checks and --help.
#include <CLI/CLI.hpp>
#include <functional>
#include <memory>
#include <string>

#include "tools/cmd_agree.h"
#include "tools/cmd_bench.h"
#include "tools/cmd_check.h"
#include "tools/cmd_diff.h"
#include "tools/cmd_explain.h"
#include "tools/cmd_merge.h"
#include "tools/cmd_run.h"
#include "tools/command_line_options.h"
#include "tools/commands.h"

namespace mfsim::tools {

void register_run(CLI::App& app, std::function<int()>& run) {
  auto args = std::make_shared<run_arguments>();
  CLI::App* cmd = app.add_subcommand(
      "run",
      "Evaluate a rule set over messages: one outcome per message (rules fired, SCL, verdict,\n"
      "action, quarantine policy, release path, notification, expiry), in input order.\n\n"
      "Examples:\n"
      "  mfsim run --rules uc4 corpus/samples\n"
      "  mfsim run --rules my-rules.yaml --format jsonl mail/ > outcomes.jsonl\n"
      "  mfsim run --rules uc4 --client-ip 104.30.32.7 message.eml   # replay as if via Area 1\n"
      "  mfsim run --rules uc4 -o outcomes.jsonl --jobs 8 big-corpus/\n\n"
      "Exit status: 0 every message evaluated (some may carry an error field); 1 the output\n"
      "could not be written (or another process replaced -o meanwhile: it is left); 2 usage\n"
      "error, an output whose folder is missing or unwritable (before anything is read), two\n"
      "outputs that are one file or stream (-o /dev/stdout --report /dev/fd/1), or a rule or\n"
      "--directory file that does not load (a --report file says the run did not run, unless\n"
      "it holds something other than an HTML document: a file named by mistake is left);\n"
      "128+N stopped by signal N: SIGINT or SIGTERM (what was read is still written and\n"
      "counted; a --report file says it was interrupted; one ignored when mfsim starts, as by\n"
      "a script's `mfsim run ... &` or nohup, stays ignored), SIGHUP (no partial output kept).");
  cmd->add_option(
         "--rules", args->rules,
         "A built-in preset (see `mfsim presets`) or a rule file: mfsim YAML, a PowerShell "
         "script, an Export-TransportRuleCollection XML, ConvertTo-Json or Export-Clixml output "
         "(several files joined by commas make one rule set)")
      ->required();
  cmd->add_option("--format", args->format,
                  "table (default on a terminal) or jsonl (default otherwise): one JSON object "
                  "per message, fields as in the run contract")
      ->check(CLI::IsMember({"table", "jsonl"}));
  add_evaluation_options(*cmd, args->evaluation, true);
  cmd->add_option(
      "-o,--output", args->output,
      "Write records to FILE (via a temporary file renamed at the end, keeping FILE's mode; "
      "until then a FILE of records holds a line saying the run did not finish, which check "
      "and merge refuse) instead of stdout (-o - is stdout; /dev/stdout, /dev/fd/N are written "
      "through as the shell opened them)");
  cmd->add_option("--report", args->report,
                  "Also write a self-contained HTML report to FILE: totals and charts per action, "
                  "verdict and quarantine policy, rules fired, and the messages (the first 10,000 "
                  "listed; the report says how many more it counted). Until then FILE says the run "
                  "did not finish, unless it holds something other than an HTML document, which "
                  "is replaced only by the report");
  cmd->add_flag("-q,--quiet", args->quiet, "No progress line and no accounting line on stderr");
  add_shard_option(*cmd, args->shard);
  cmd->add_option("paths", args->paths, kMessagePathsHelp)->required()->check(kMessagePath);
  cmd->callback([args, &run] { run = [args] { return run_command(*args); }; });
}

void register_check(CLI::App& app, std::function<int()>& run) {
  auto args = std::make_shared<check_arguments>();
  CLI::App* cmd = app.add_subcommand(
      "check",
      "Regression check: evaluate a rule set over messages and compare each record with an\n"
      "expectations file (one JSON object per message id with any subset of the record's\n"
      "fields; `mfsim run --format jsonl` output is one). Prints each mismatch and a summary.\n\n"
      "Examples:\n"
      "  mfsim run --rules uc4 --format jsonl corpus/samples > baseline.jsonl   # bless\n"
      "  mfsim check --rules my-rules.yaml --expect baseline.jsonl corpus/samples\n"
      "  mfsim check --rules uc4 --expect expected.jsonl --junit check.xml --allow-missing "
      "mail/\n\n"
      "Ids are the paths as given: check with the paths spelt as when blessing (`mail`, not\n"
      "`./mail`), from the same folder, with the same evaluation options (--client-ip, --now,\n"
      "--manifest, ...). An mbox entry's id is its place (`m#3`): a message added before it\n"
      "moves the ids of those after it.\n\n"
      "Exit status: 0 every message matched its expectation; 1 a field differs, or a message\n"
      "has no expectation, or an expectation has no message (each of the last two only a\n"
      "warning with --allow-unexpected / --allow-missing), or no message at all was read,\n"
      "or not one met an expectation (nothing was checked); 2 usage error, a rule,\n"
      "expectations or --directory file that does not load (file:line:col; the --junit file\n"
      "then holds one errored case, not the last run's), output that cannot be created or\n"
      "written, or a --junit file that is the one standard output writes (--junit /dev/stdout,\n"
      "or > FILE); 128+N stopped by signal N (no verdict; the --junit file holds one\n"
      "interrupted case). Under --shard: 1 when a message of the shard differs or has no\n"
      "expectation; an expectation without a\n"
      "message, and a shard without messages, are judged by `mfsim merge`, which has every\n"
      "shard.");
  cmd->add_option("--rules", args->rules,
                  "A built-in preset (see `mfsim presets`) or a rule-set file")
      ->required();
  cmd->add_option(
         "--expect", args->expect,
         "The expectations file: JSONL, one object per message with \"id\" and the fields "
         "to check; - reads it from standard input (mfsim run ... | mfsim check --expect -)")
      ->required();
  cmd->add_option("--junit", args->junit,
                  "Also write JUnit XML to FILE: one testcase per message (and per expectation "
                  "without a message), a failure listing its mismatches. Until then FILE says the "
                  "check did not finish, unless it holds something other than an XML document, "
                  "which is replaced only by the verdict");
  cmd->add_flag("-q,--quiet", args->quiet, "No progress line on stderr");
  cmd->add_flag("--allow-missing", args->allow_missing,
                "Expectations whose message id was not among the messages read are warnings, "
                "not failures");
  cmd->add_flag("--allow-unexpected", args->allow_unexpected,
                "Messages that no expectation covers are warnings, not failures");
  add_evaluation_options(*cmd, args->eval, true);
  add_shard_option(*cmd, args->shard);
  cmd->add_option("paths", args->paths,
                  std::string(kMessagePathsHelp) +
                      " (give them as when the expectations were made: ids are the paths)")
      ->required()
      ->check(kMessagePath);
  cmd->callback([args, &run] { run = [args] { return check_command(*args); }; });
}

void register_diff(CLI::App& app, std::function<int()>& run) {
  auto args = std::make_shared<diff_arguments>();
  CLI::App* cmd = app.add_subcommand(
      "diff",
      "Compare two rule sets over the same messages (each read once, evaluated under both):\n"
      "a transition matrix of action and quarantine policy, before -> after, then every\n"
      "changed message grouped by transition, with the fields that changed and the rules\n"
      "that fired on each side. A message has changed when any field of its record except\n"
      "`id` differs.\n\n"
      "Examples:\n"
      "  mfsim diff --base uc4-2023-01 --rules uc4 corpus/samples\n"
      "  mfsim diff --base deployed.yaml --rules proposed.yaml --report diff.html mail/\n"
      "  mfsim diff --base uc4 --rules mine.yaml --format jsonl mail/ | jq .changed\n"
      "  mfsim diff --base rules.ps1 --rules rules.ps1 --base-define Tier=old --define Tier=new "
      "mail/\n\n"
      "Exit status: 0 nothing changed; 1 some message changed, or the PATHs held no message\n"
      "(nothing was compared); 2 usage error, a rule or --directory file that does not load\n"
      "(the --report file says the diff did not run), output that cannot be created or\n"
      "written, or a --report file that is the one standard output writes (--report\n"
      "/dev/stdout, or > FILE); 128+N stopped by signal N (no summary; the --report file says\n"
      "so).");
  cmd->add_option("--base", args->base, "The rule set in force now: a preset or a rule-set file")
      ->required();
  add_define_option(*cmd, args->base_defines, "--base-define",
                    "NAME=VALUE: sets $NAME for the --base rule set only, in place of a --define "
                    "of the same NAME (--define sets both sides): one script at two values, "
                    "--base rules.ps1 --rules rules.ps1 --base-define Threshold=5 --define "
                    "Threshold=7; repeatable");
  cmd->add_option("--rules", args->rules, "The rule set to compare with it: a preset or a file")
      ->required();
  cmd->add_option("--format", args->format,
                  "table (default): the matrix and the changed messages; jsonl: one object per "
                  "changed message {id, before, after, changed}, in input order")
      ->check(CLI::IsMember({"table", "jsonl"}));
  cmd->add_option("--report", args->report,
                  "Also write a self-contained HTML report with the transition matrix to FILE. "
                  "Until then FILE says the diff did not finish, unless it holds something other "
                  "than an HTML document, which is replaced only by the report");
  cmd->add_flag("-q,--quiet", args->quiet,
                "No progress line, and no summary line on stderr with --format jsonl");
  add_shard_option(*cmd, args->shard);
  add_evaluation_options(*cmd, args->eval, true);
  cmd->add_option("paths", args->paths, kMessagePathsHelp)->required()->check(kMessagePath);
  cmd->callback([args, &run] { run = [args] { return diff_command(*args); }; });
}

void register_explain(CLI::App& app, std::function<int()>& run) {
  auto args = std::make_shared<explain_arguments>();
  CLI::App* cmd = app.add_subcommand(
      "explain",
      "Show how a rule set treats one message, step by step, like Exchange's Test-Message but\n"
      "offline: the Area 1 disposition, the connecting IP and the egress range it fell in (or\n"
      "the nearest miss), Microsoft's recorded verdict, every rule with each condition and\n"
      "exception (the header values it looked at, raw and decoded, and what matched where),\n"
      "StopRuleProcessing, the SCL path, the verdict and why, the action, and the quarantine\n"
      "policy's permissions, release path, notification and expiry.\n\n"
      "Examples:\n"
      "  mfsim explain --rules uc4 corpus/samples/01-uce-from-egress.eml\n"
      "  mfsim explain --rules uc4 'corpus/samples/30-mailbox.mbox#2'\n"
      "  mfsim explain --rules my-rules.yaml --client-ip 104.30.32.7 --format json - < msg.eml\n\n"
      "Exit status: 0 explained; 1 the output could not be written; 2 usage error, a rule file\n"
      "that does not load, or no such message.");
  cmd->add_option("--rules", args->rules,
                  "A built-in preset (see `mfsim presets`) or a rule-set file")
      ->required();
  cmd->add_option("--format", args->format,
                  "text (default): for reading; json: one JSON object per message (fields in "
                  "docs/check-diff-explain.md)")
      ->check(CLI::IsMember({"text", "json"}));
  add_evaluation_options(*cmd, args->eval, false);
  cmd->add_option("message", args->message,
                  "A message file, an mbox, PST or ZIP (every entry, or PATH#N for entry N), a "
                  "directory (every message in it), - for standard input, or any record id as run, "
                  "check or diff print it (escapes such as m\\#1, a\\xff.eml, tab\\tname.eml "
                  "read back to the file's name)")
      ->required();
  cmd->callback([args, &run] { run = [args] { return explain_command(*args); }; });
}

void register_agree(CLI::App& app, std::function<int()>& run) {
  auto args = std::make_shared<agree_arguments>();
  CLI::App* cmd = app.add_subcommand(
      "agree",
      "Compare each message's predicted folder with the folder Exchange Online recorded at\n"
      "delivery (dest: in X-Microsoft-Antispam-Mailbox-Delivery), over the messages that carry\n"
      "both that header and X-MS-Exchange-Organization-SCL: agreement rate, confusion matrix,\n"
      "and every disagreement grouped by class. The prediction never reads dest:.\n\n"
      "Examples:\n"
      "  mfsim agree --rules eop-default --mailbox-state recorded corpus/\n"
      "  mfsim agree --rules eop-default --mailbox-state recorded --format jsonl corpus/\n\n"
      "Exit status: 0 (whatever the agreement); 1 the output could not be written; 2 usage\n"
      "error, or a rule set, manifest or mailbox state that does not load.");
  cmd->add_option("--rules", args->rules,
                  "A built-in preset (see `mfsim presets`) or a rule file of any supported format "
                  "(several joined by commas)")
      ->required();
  cmd->add_option(
         "--format", args->format,
         "text (default): summary, confusion matrix, classes; jsonl: one line per disagreement")
      ->check(CLI::IsMember({"text", "jsonl"}));
  add_evaluation_options(*cmd, args->eval, true);
  add_shard_option(*cmd, args->shard);
  cmd->add_option("paths", args->paths, kMessagePathsHelp)->required()->check(kMessagePath);
  cmd->callback([args, &run] { run = [args] { return agree_command(*args); }; });
}

void register_merge(CLI::App& app, std::function<int()>& run) {
  auto args = std::make_shared<merge_arguments>();
  CLI::App* cmd = app.add_subcommand(
      "merge",
      "Merge the parts written by `mfsim run`, `diff`, `check` or `agree` with --shard K/N into\n"
      "the bytes one process would have written, whatever order the parts come in. Refuses\n"
      "parts of different rule sets, options or inputs, and missing, duplicated or incomplete\n"
      "shards. Reads the parts one record at a time.\n\n"
      "Examples:\n"
      "  mfsim run --rules uc4 --shard 1/2 mail/ > p1; mfsim run --rules uc4 --shard 2/2 mail/ > "
      "p2\n"
      "  mfsim merge p2 p1 > outcomes.jsonl\n"
      "  mfsim merge -o diff.txt --report diff.html diff-part-*\n\n"
      "Besides the parts, merge reads the expectations file (check parts: to list expectations\n"
      "no shard met) and, for --report on run parts, the rule files: by the paths the parts\n"
      "name (run merge from the folder the shards ran in), and only while unchanged since.\n"
      "Diff parts need no other file.\n\n"
      "Exit status: as the merged command (diff: 1 when a message changed); 2 the parts\n"
      "cannot be merged (the error says why), or an output cannot be created (said before any\n"
      "part is read) or written.");
  cmd->add_option("-o,--output", args->output,
                  "Write the merged output to FILE (via a temporary file renamed at the end; "
                  "until then a FILE of records holds a line saying the merge did not finish) "
                  "instead of stdout (-o - is stdout)");
  cmd->add_option("--report", args->report,
                  "Also write the HTML report of the whole to FILE (run and diff parts)");
  cmd->add_option("--junit", args->junit, "Also write the JUnit XML of the whole (check parts)");
  cmd->add_flag("-q,--quiet", args->quiet, "No summary line on stderr");
  cmd->add_option("parts", args->parts, "The part files, one per shard, in any order")
      ->required()
      ->check(CLI::ExistingFile);
  cmd->callback([args, &run] { run = [args] { return merge_command(*args); }; });
}

void register_bench(CLI::App& app, std::function<int()>& run) {
  auto args = std::make_shared<bench_arguments>();
  CLI::App* cmd = app.add_subcommand(
      "bench",
      "Time mfsim over a corpus beside the floors, in one process and one run: a floor that\n"
      "reads the same bytes and finds each header end, mimetic parsing the same header\n"
      "blocks, and `mfsim run --format jsonl` (records to /dev/null) with one job and with\n"
      "--jobs N. Prints messages/s and MB/s for each, and mfsim's speed as a ratio of the\n"
      "floor's and mimetic's, so that figures from noisy machines still compare. Rows are\n"
      "interleaved round by round and the best round of each is kept; the corpus is read once\n"
      "before the first round so that every row reads it from the page cache. After the\n"
      "rounds each mfsim row runs once more, untimed, to check that every --jobs writes the\n"
      "same records. Ctrl-C ends the round under way and reports the rounds finished before\n"
      "it.\n\n"
      "Examples:\n"
      "  mfsim bench --rules uc4 corpus/samples\n"
      "  mfsim bench --rules uc4 --jobs 8 --rounds 5 big-corpus/\n"
      "  mfsim bench --rules my-rules.yaml --format jsonl mail/ > bench.jsonl\n\n"
      "Exit status: 0 measured; 1 the records of two --jobs values differed (a bug); 2 usage\n"
      "error or a rule file that does not load; 128 + N stopped by signal N (130: Ctrl-C).");
  cmd->add_option("--rules", args->rules,
                  "A built-in preset (see `mfsim presets`) or a rule file, as for `mfsim run`")
      ->required();
  add_evaluation_options(*cmd, args->evaluation, true);
  cmd->add_option("--rounds", args->rounds, "Rounds of every row; the best of each is kept")
      ->capture_default_str()
      ->check(CLI::Range(std::size_t{1}, std::size_t{100}));
  cmd->add_option("--format", args->format,
                  "table (a Markdown table, default) or jsonl (one JSON object per row)")
      ->capture_default_str()
      ->check(CLI::IsMember({"table", "jsonl"}));
  cmd->add_flag("-q,--quiet", args->quiet, "No progress line on stderr");
  cmd->add_option("paths", args->paths,
                  "Message files, mbox files, Maildirs and directories, as for `mfsim run` (not "
                  "standard input: each row reads the corpus again)")
      ->required()
      ->check(kMessagePath);
  cmd->callback([args, &run] { run = [args] { return bench_command(*args); }; });
}

}  // namespace mfsim::tools
