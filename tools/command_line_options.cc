// The options several subcommands share: their checks and --help texts in one place.
#include "tools/command_line_options.h"

#include <fmt/format.h>

#include <filesystem>
#include <functional>
#include <string>
#include <vector>

#include "corpus/mapping_guard.h"
#include "engine/rules/load_any.h"
#include "tools/rule_source.h"

namespace mfsim::tools {
namespace {

// An option given an empty value (`--client-ip "$IP"` with IP unset) is a usage error: taken
// as absent, the run would silently use the headers' IP or each message's own clock.
const CLI::Validator kNotEmpty(
    [](const std::string& value) {
      return value.empty() ? std::string("must not be empty") : std::string();
    },
    "", "not empty");

// Adds --unwrap: the inputs are users' reports, the messages they carry are evaluated.
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

}  // namespace

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

// Adds --strict and --max-errors to a command that loads rules (tools/rule_source.h keeps them).
void add_rule_load_options(CLI::App& cmd) {
  cmd.add_flag("--strict", rule_loading().strict,
               "Imported rule files: what is only a warning (a cmdlet outside mail-flow "
               "simulation, a change to a rule the script never created, a -Priority past the "
               "end, a retired property, a setting mfsim cannot simulate) is an error");
  cmd.add_option("--max-errors", rule_loading().max_errors,
                 "Print at most this many diagnostics of a rule file (check: or expectations "
                 "file) that does not load, then how many more there are (0: all)")
      ->capture_default_str()
      ->check(CLI::Range(std::size_t{0}, std::size_t{1} << 30));
}

// Adds --define NAME=VALUE (repeatable, checked) to a command that loads rule files; `name` and
// `help` give diff's --base-define, checked the same way.
void add_define_option(CLI::App& cmd, std::vector<std::string>& defines, const char* name,
                       const char* help) {
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

}  // namespace mfsim::tools
