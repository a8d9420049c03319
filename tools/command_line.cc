// The command line of every subcommand: its options, their checks and its --help, and the
// options several subcommands share. The one file besides main.cc that includes CLI11 (header
// only): each file that includes it compiles about 100 KB of CLI11's own code, 6 s of a core,
// so the subcommands' work lives in their own files (tools/cmd_*.cc), which do not.
#include <fmt/format.h>

#include <CLI/CLI.hpp>
#include <charconv>
#include <cstdint>
#include <filesystem>
#include <functional>
#include <memory>
#include <string>
#include <vector>

#include "corpus/generator/generator.h"
#include "corpus/mapping_guard.h"
#include "engine/rules/load_any.h"
#include "tools/cmd_agree.h"
#include "tools/cmd_bench.h"
#include "tools/cmd_check.h"
#include "tools/cmd_diff.h"
#include "tools/cmd_explain.h"
#include "tools/cmd_generate.h"
#include "tools/cmd_import.h"
#include "tools/cmd_lint.h"
#include "tools/cmd_merge.h"
#include "tools/cmd_parity.h"
#include "tools/cmd_presets.h"
#include "tools/cmd_run.h"
#include "tools/commands.h"
#include "tools/evaluation_arguments.h"
#include "tools/rule_source.h"

namespace mfsim::tools {
namespace {

// A message path: a file or folder that exists, or - for standard input. CLI11's own pair
// (ExistingPath | IsMember) refused a misspelt path as "(Path does not exist: X) OR (X not in
// {-})", which reads as two problems.
const CLI::Validator kMessagePath(
    [](std::string& path) -> std::string {
      std::error_code ec;
      if (path == "-" || std::filesystem::exists(path, ec)) return {};
      if (ec) return fmt::format("cannot look at '{}': {}", path, ec.message());
      return fmt::format(
          "no file or folder named '{}' (give message files, mbox files, folders, "
          "or - for standard input)",
          path);
    },
    "PATH or -");

// What the paths of every command that reads messages may be, as --help says it.
constexpr const char* kMessagePathsHelp =
    "Message files (.eml or Outlook .msg), mbox files, PST files, ZIP archives, Maildirs and "
    "directories (walked recursively, sorted), gzip-compressed or not, or - for standard input";

// An option given an empty value (`--client-ip "$IP"` with IP unset) is a usage error: taken
// as absent, the run would silently use the headers' IP or each message's own clock.
const CLI::Validator kNotEmpty(
    [](const std::string& value) {
      return value.empty() ? std::string("must not be empty") : std::string();
    },
    "", "not empty");

// Adds --strict and --max-errors to a command that loads rules (tools/rule_source.h keeps them).
void add_rule_load_options(CLI::App& cmd) {
  cmd.add_flag("--strict", rule_loading().strict,
               "Imported rule files: what is only a warning (a cmdlet outside mail-flow "
               "simulation, a change to a rule the script never created, a -Priority past the "
               "end, a retired property) is an error");
  cmd.add_option("--max-errors", rule_loading().max_errors,
                 "Print at most this many diagnostics of a rule file (check: or expectations "
                 "file) that does not load, then how many more there are (0: all)")
      ->capture_default_str()
      ->check(CLI::Range(std::size_t{0}, std::size_t{1} << 30));
}

// Adds --define NAME=VALUE (repeatable, checked) to a command that loads rule files; `name` and
// `help` give diff's --base-define, checked the same way.
void add_define_option(CLI::App& cmd, std::vector<std::string>& defines,
                       const char* name = "--define",
                       const char* help =
                           "NAME=VALUE: sets $NAME (and $ConfigurationData.NonNodeData.NAME) "
                           "before a PowerShell script or Microsoft365DSC configuration runs, "
                           "e.g. --define OrganizationName=contoso.onmicrosoft.com; repeatable") {
  cmd.add_option(name, defines, help)
      ->allow_extra_args(false)  // one NAME=VALUE each time: the next word is a file
      ->check([name](const std::string& value) {
        return rules::check_define_option(value, name).value_or(std::string());
      });
}

// Adds --shard K/N to a subcommand.
void add_shard_option(CLI::App& cmd, std::string& shard) {
  cmd.add_option("--shard", shard,
                 "K/N: evaluate only shard K of N (K = 1..N) of the inputs, cut by bytes the same "
                 "way in every process, and write a part for `mfsim merge` (docs/scale-out.md)");
}

void add_unwrap_flag(CLI::App& cmd, bool& unwrap) {
  cmd.add_flag("--unwrap", unwrap,
               "Each input is a user's report: evaluate the message(s) it carries as an attachment "
               "(message/rfc822, .eml or .msg) instead, with ids REPORT#attached/N; a report "
               "carrying none gives a record with an error");
}

// Adds a repeatable option whose values may also be joined by commas (`--rcpt a,b`). Split here
// rather than by CLI11's delimiter, which drops empty pieces: `--accepted-domain ,` then had no
// value and took the next word (the message path) as one. An empty piece is kept, for the
// command to refuse by name (decision 663).
CLI::Option* add_comma_list_option(CLI::App& cmd, const char* name,
                                   std::vector<std::string>& values, const char* help) {
  return cmd.add_option_function<std::vector<std::string>>(
      name,
      [&values](const std::vector<std::string>& given) {
        for (const std::string& text : given) {
          std::size_t start = 0;
          while (true) {
            const std::size_t comma = text.find(',', start);
            values.push_back(text.substr(start, comma - start));
            if (comma == std::string::npos) break;
            start = comma + 1;
          }
        }
      },
      help);
}

// Adds --client-ip, --now, --message-verdict, --mailbox-state, --unwrap, the header limits and,
// when `corpus_options`, --manifest and --jobs: the same options with the same checks for every
// command that evaluates messages.
void add_evaluation_options(CLI::App& cmd, evaluation_arguments& args, bool corpus_options) {
  add_rule_load_options(cmd);
  add_define_option(cmd, args.defines);
  cmd.add_option("--client-ip", args.client_ip,
                 "Connecting IP to assume for every message, overriding the headers")
      ->check(kNotEmpty);
  add_comma_list_option(
      cmd, "--rcpt", args.recipients,
      "Recipient address(es) of every message (repeat, or comma-separated), for "
      "SentTo, RecipientDomainIs and scoped anti-spam policies; a manifest entry's "
      "recipients win; default: the To and Cc addresses");
  add_comma_list_option(
      cmd, "--accepted-domain", args.accepted_domains,
      "An accepted domain of the organisation, added to the rule set's own (repeat, or "
      "comma-separated): DOMAIN (Authoritative) or DOMAIN:TYPE with TYPE "
      "Authoritative, InternalRelay or ExternalRelay; FromScope and SentToScope read "
      "them, and so does a script's (Get-AcceptedDomain).DomainName");
  cmd.add_option("--now", args.now,
                 "ISO 8601 clock for rules' ActivationDate/ExpiryDate (default: each message's "
                 "received time) and for messages without a date (quarantine expiry)")
      ->check(kNotEmpty);
  cmd.add_option("--message-verdict", args.message_verdict,
                 "use: the verdict Microsoft recorded on the message counts (default); "
                 "ignore: evaluate as if none were recorded")
      ->check(CLI::IsMember({"use", "ignore"}));
  cmd.add_option("--manifest", args.manifest,
                 "JSONL or CSV, one entry per message id as run prints it: id, client_ip, "
                 "recipients (CSV: separated by ';' or one a line), received, auth_as (Anonymous, "
                 "Internal, Partner, External), direction (Incoming, Originating); its values win "
                 "over the headers, --client-ip and --rcpt. A CSV as Export-Csv writes it is "
                 "read: a #TYPE first line, a UTF-8 byte order mark, UTF-16, quoted values that "
                 "span lines, ';' or a tab between values (-UseCulture, -Delimiter)")
      ->check(CLI::ExistingFile);
  cmd.add_option("--mailbox-state", args.mailbox_state,
                 "Stage [G]: `recorded` (the mailbox flags each message recorded at delivery) or "
                 "a file of safe/blocked senders and Inbox rules (docs/mailbox-state.md): mfsim's "
                 "YAML, or Get-MailboxJunkEmailConfiguration exported by ConvertTo-Json, "
                 "Export-Csv (lists joined with ';') or Export-Clixml, UTF-8 or UTF-16, its "
                 "Identity mapped to addresses through --directory; without it the folder "
                 "follows the action alone");
  cmd.add_option("--max-header-bytes", args.limits.max_header_bytes,
                 "Header block size read per message; more is flagged header_too_large")
      ->capture_default_str()
      ->check(CLI::Range(std::size_t{1}, std::size_t{1} << 30));
  cmd.add_option("--max-line-bytes", args.limits.max_line_bytes,
                 "Longer header lines are kept but flagged line_too_long")
      ->capture_default_str()
      ->check(CLI::Range(std::size_t{1}, std::size_t{1} << 30));
  cmd.add_option("--max-fields", args.limits.max_fields,
                 "Header fields kept per message; more are flagged too_many_fields")
      ->capture_default_str()
      ->check(CLI::Range(std::size_t{1}, std::size_t{1} << 24));
  cmd.add_option("--directory", args.directory,
                 "The organization's recipients and groups (repeat for several files): YAML, "
                 "or the CSV of Get-Recipient / Get-User | Export-Csv; GROUP=FILE for "
                 "Get-DistributionGroupMember GROUP | Export-Csv (docs/directory.md). Member-of, "
                 "AD attribute and manager conditions read it; without it they are false")
      ->allow_extra_args(false);  // one FILE each time: the next word is a message path
  add_unwrap_flag(cmd, args.unwrap);
  cmd.add_option("--max-message-bytes", args.max_message_bytes,
                 "Largest message read (a file, an mbox entry, standard input, or what a gzip "
                 "file inflates to); a larger one is one record with an error, not evaluated")
      ->capture_default_str()
      ->check(CLI::Range(std::size_t{1}, std::size_t{1} << 40));
  if (corpus_options) {
    // 0 is "all cores", as in xz -T0 and zstd -T0 (decision 522).
    cmd.add_option("-j,--jobs", args.jobs,
                   "Evaluation threads (default, and 0: all cores); output is identical for any "
                   "value")
        ->check(CLI::Range(std::size_t{0}, corpus::kMaxJobs));
  }
}

}  // namespace

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
      "could not be written; 2 usage error or a rule file that does not load (a --report file\n"
      "says the run did not run); 128+N stopped by signal N (what was read is still written and\n"
      "counted; a --report file says it was interrupted).");
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
      "Write records to FILE (via a temporary file renamed at the end; until then FILE holds "
      "a line saying the run did not finish, which check and merge refuse) instead of stdout "
      "(-o - is stdout)");
  cmd->add_option("--report", args->report,
                  "Also write a self-contained HTML report to FILE: totals and charts per action, "
                  "verdict and quarantine policy, rules fired, and the messages (the first 10,000 "
                  "listed; the report says how many more it counted)");
  cmd->add_flag("-q,--quiet", args->quiet, "No progress line and no accounting line on stderr");
  add_shard_option(*cmd, args->shard);
  cmd->add_option("paths", args->paths, kMessagePathsHelp)->required()->check(kMessagePath);
  cmd->callback([args, &run] { run = [args] { return run_command(*args); }; });
}

void register_presets(CLI::App& app, std::function<int()>& run) {
  CLI::App* cmd = app.add_subcommand(
      "presets",
      "List the built-in rule sets (Cloudflare's use cases for Microsoft 365, Microsoft's own\n"
      "policies), print one as a YAML rule file to start your own from, or compare two.\n"
      "Reads no file; writes to standard output.\n\n"
      "Examples:\n"
      "  mfsim presets\n"
      "  mfsim presets show uc4 > my-rules.yaml\n"
      "  mfsim presets diff uc4 uc4-2025-07\n\n"
      "Exit status: 0 printed (presets diff: whether or not they differ); 1 the output could\n"
      "not be written; 2 usage error or no preset of that name.");
  auto name = std::make_shared<std::string>();
  CLI::App* show = cmd->add_subcommand("show", "Print a preset as YAML: mfsim presets show uc4");
  show->add_option("name", *name, "Preset name")->required();
  auto first = std::make_shared<std::string>();
  auto second = std::make_shared<std::string>();
  CLI::App* diff = cmd->add_subcommand(
      "diff",
      "What changed between two presets, setting by setting ('-' only in the first, '+' only\n"
      "in the second): mfsim presets diff uc4 uc4-2025-07");
  diff->add_option("first", *first, "Preset name")->required();
  diff->add_option("second", *second, "Preset name")->required();

  cmd->callback([show, diff, name, first, second, &run] {
    if (show->parsed()) {
      run = [name] { return presets_show_command(*name); };
      return;
    }
    if (diff->parsed()) {
      run = [first, second] { return presets_diff_command(*first, *second); };
      return;
    }
    run = [] { return presets_list_command(); };
  });
}

void register_generate(CLI::App& app, std::function<int()>& run) {
  auto args = std::make_shared<generate_arguments>();
  CLI::App* cmd = app.add_subcommand(
      "generate",
      "Write a synthetic corpus of Exchange Online messages behind Area 1 (Received chains, EOP\n"
      "verdict headers, dispositions in the mix asked for, egress and other senders, folded and\n"
      "encoded headers, some damaged messages) and the truth file: for every message, the\n"
      "contract fields (id ... error) that `mfsim run --rules PRESET --format jsonl OUT` must\n"
      "print, worked out from what was written. `mfsim check --rules PRESET --expect\n"
      "OUT.truth.jsonl OUT` compares them.\n\n"
      "Examples:\n"
      "  mfsim generate --count 1000 --seed 7 corpus-7              # corpus-7/000001.eml ...\n"
      "  mfsim generate --count 500 --format mbox --rules uc4-2023-01 spam-study\n"
      "  mfsim generate --count 2000 --mix UCE=50,none=50 --format maildir md\n\n"
      "The truth goes to OUT.truth.jsonl beside OUT (never inside it). The same arguments give "
      "the\n"
      "same bytes. Exit status: 0 written; 1 writing failed; 2 usage error, OUT not empty, or a\n"
      "rule set using what the generator cannot predict (only the use-case presets' features).");
  cmd->add_option("--count", args->count, "Number of messages to write")
      ->required()
      ->check(CLI::Range(std::uint64_t{1}, std::uint64_t{1} << 40));
  cmd->add_option("--seed", args->seed, "Seed of the generator (default 1)")
      ->check(
          [](const std::string& text) {
            // CLI11 2.1 reads "-1" as 2^64 - 1 and clamps a longer number: both would name
            // another corpus than the one asked for.
            std::uint64_t value = 0;
            const auto [end, ec] = std::from_chars(text.data(), text.data() + text.size(), value);
            return ec == std::errc() && end == text.data() + text.size() && !text.empty()
                       ? std::string()
                       : fmt::format("'{}' is not a whole number from 0 to 18446744073709551615",
                                     text);
          },
          "0..2^64-1");
  cmd->add_option("--mix", args->mix,
                  "Disposition classes and weights, e.g. "
                  "MALICIOUS=5,SUSPICIOUS=5,SPOOF=5,UCE=10,BULK=10,none=65 "
                  "(default " +
                      std::string(corpus::kDefaultMix) + ")");
  cmd->add_option("--format", args->format,
                  "dir (OUT/000001.eml ...), mbox (OUT/messages.mbox) or maildir (OUT/cur, "
                  "OUT/new, OUT/tmp)")
      ->capture_default_str();
  cmd->add_option("--rules", args->rules, "The preset (or rule file) the truth is computed for")
      ->capture_default_str();
  add_rule_load_options(*cmd);
  add_define_option(*cmd, args->defines);
  cmd->add_option("--truth", args->truth, "Where to write the truth (default OUT.truth.jsonl)");
  cmd->add_flag("-q,--quiet", args->quiet, "No summary on stderr");
  cmd->add_option("out", args->out, "The corpus directory: created, or an existing empty one")
      ->required();
  cmd->callback([args, &run] { run = [args] { return generate_command(*args); }; });
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
      "or not one met an expectation (nothing was checked); 2 usage error, a rule file or an\n"
      "expectations file that does not load (file:line:col; the --junit file then holds one\n"
      "errored case, not the last run's), or output that cannot be written; 128+N stopped by\n"
      "signal N (no verdict; the --junit file holds one interrupted case). Under --shard: 1\n"
      "when a message of the shard differs or has no expectation; an expectation without a\n"
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
                  "without a message), a failure listing its mismatches");
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
      "(nothing was compared); 2 usage error, a rule file that does not load (the --report\n"
      "file says the diff did not run), or output that cannot be written; 128+N stopped by\n"
      "signal N (no summary; the --report file says so).");
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
                  "Also write a self-contained HTML report with the transition matrix to FILE");
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

void register_import(CLI::App& app, std::function<int()>& run) {
  auto args = std::make_shared<import_arguments>();
  CLI::App* cmd = app.add_subcommand(
      "import",
      "Convert Exchange Online configuration to an mfsim YAML rule file: PowerShell scripts\n"
      "(New-TransportRule, Set-HostedContentFilterPolicy, New-QuarantinePolicy, ...),\n"
      "Microsoft365DSC configurations (Export-M365DSCConfiguration),\n"
      "Export-TransportRuleCollection XML, or Get-TransportRule / Get-HostedContentFilterPolicy /\n"
      "Get-QuarantinePolicy | ConvertTo-Json or Export-Clixml output. Several files make one\n"
      "rule set.\n\n"
      "Examples:\n"
      "  mfsim import rules.ps1 -o rules.yaml\n"
      "  mfsim import Rules.xml antispam.json quarantine.json -o tenant.yaml\n"
      "  mfsim import rules.json --egress-list preset:area1-office365-2022\n"
      "  mfsim import rules-clixml.xml -o rules.yaml   # Get-TransportRule | Export-Clixml\n"
      "  mfsim import M365TenantConfig.ps1 --define OrganizationName=contoso.onmicrosoft.com\n\n"
      "Writes the YAML to standard output or -o FILE, the load warnings and a summary to stderr.\n"
      "Exit status: 0 written; 1 the output could not be written; 2 usage error, a file that\n"
      "does not load (file:line:col), or -o naming an input.");
  cmd->add_option("files", args->files, "Rule files (the format is recognised by content)")
      ->required()
      ->check(CLI::ExistingFile);
  cmd->add_option("-o,--output", args->output, "Write the YAML here instead of standard output");
  cmd->add_option("--egress-list", args->egress_list,
                  "Area 1's egress addresses for in_egress: preset:area1-office365 (default), "
                  "preset:area1-office365-2022, preset:area1-full, none, or IP entries "
                  "separated by commas");
  add_define_option(*cmd, args->defines);
  cmd->add_flag("-q,--quiet", args->quiet, "No summary line on stderr");
  add_rule_load_options(*cmd);
  cmd->callback([args, &run] { run = [args] { return import_command(*args); }; });
}

void register_lint(CLI::App& app, std::function<int()>& run) {
  auto args = std::make_shared<lint_arguments>();
  CLI::App* cmd = app.add_subcommand(
      "lint",
      "Check a rule set for mistakes that load fine but misbehave with Area 1 and Exchange\n"
      "Online (docs/lint.md lists every finding). Prints each finding with file:line:col and a\n"
      "fix, then a summary, to standard output; load warnings go to stderr.\n\n"
      "Examples:\n"
      "  mfsim lint --rules uc4-2023-01\n"
      "  mfsim lint --rules exported-rules.xml,antispam.json --format jsonl\n\n"
      "Exit status: 0 clean (info findings allowed); 1 a warning or an error; 2 usage error,\n"
      "a rule file that does not load, or output that cannot be written.");
  cmd->add_option("--rules", args->rules,
                  "A built-in preset or a rule file of any supported format (several joined by "
                  "commas)")
      ->required();
  add_rule_load_options(*cmd);
  add_define_option(*cmd, args->defines);
  cmd->add_option("--format", args->format, "text (default) or jsonl: one JSON object per finding")
      ->check(CLI::IsMember({"text", "jsonl"}));
  cmd->callback([args, &run] { run = [args] { return lint_command(*args); }; });
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
      "cannot be merged (the error says why) or the output cannot be written.");
  cmd->add_option("-o,--output", args->output,
                  "Write the merged output to FILE (via a temporary file renamed at the end; "
                  "until then FILE holds a line saying the merge did not finish) instead of "
                  "stdout (-o - is stdout)");
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

void register_parity(CLI::App& app, std::function<int()>& run) {
  CLI::App* cmd = app.add_subcommand(
      "parity",
      "Print docs/parity.md (what mfsim does with each Exchange parameter) to standard output:\n"
      "  mfsim parity > docs/parity.md\n"
      "Exit status: 0 written, or with --check equal; 1 it differs, or a file could not be read\n"
      "or written.");
  cmd->group("");  // for maintainers: not in --help, the man page or the completion
  auto check = std::make_shared<std::string>();
  cmd->add_option("--check", *check,
                  "Compare FILE with what the tables give instead; exit 1 when they differ");
  cmd->callback([check, &run] { run = [check] { return parity_command(*check); }; });
}

}  // namespace mfsim::tools
