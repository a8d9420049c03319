// Shared option handling for the evaluating subcommands.
#include "tools/evaluation_options.h"

#include <fmt/format.h>

#include <algorithm>
#include <filesystem>
#include <thread>

#include "corpus/mapping_guard.h"
#include "engine/case_fold.h"
#include "engine/compile/message_reads.h"
#include "engine/directory/load_directory.h"
#include "engine/mail/rfc5322_date.h"
#include "engine/mail/sensitive_info.h"
#include "engine/mailbox/load_mailbox_state.h"
#include "engine/rules/data_classifications.h"
#include "engine/rules/directory_conditions.h"
#include "engine/rules/validate.h"
#include "engine/terminal_text.h"
#include "tools/messages.h"
#include "tools/rule_source.h"

namespace mfsim::tools {

namespace {

// --accepted-domain DOMAIN[:TYPE], as New-AcceptedDomain would take -DomainName and -DomainType.
std::optional<rules::accepted_domain> parse_accepted_domain_option(std::string_view text) {
  rules::accepted_domain d;
  std::string_view domain = text;
  if (const auto colon = text.find(':'); colon != std::string_view::npos) {
    const auto type = rules::parse_accepted_domain_type(text.substr(colon + 1));
    if (!type) return std::nullopt;
    d.type = *type;
    domain = text.substr(0, colon);
  }
  d.domain = case_folded_copy(domain);
  const std::string_view bare =
      d.domain.substr(0, 2) == "*." ? std::string_view(d.domain).substr(2) : d.domain;
  // `.contoso.com`, `contoso..com`: never the domain of an address, so never matched (decision
  // 662).
  if (!rules::is_host_domain(bare)) return std::nullopt;
  d.name = d.domain;
  d.where = source_span{"--accepted-domain", 0, 0};
  return d;
}

// The --directory files, read once per process: both of diff's rule sets and an export's
// identities (--mailbox-state) read the same directory, and a large one takes seconds.
std::shared_ptr<const directory::directory_index> run_directory(
    const std::vector<std::string>& specs) {
  static std::vector<std::string> loaded_specs;
  static std::shared_ptr<const directory::directory_index> loaded;
  if (!loaded || loaded_specs != specs) {
    loaded = directory::load_directory(specs);
    loaded_specs = specs;
  }
  return loaded;
}

}  // namespace

std::optional<evaluation_setup> prepare_evaluation(const char* command,
                                                   const evaluation_arguments& args) {
  evaluation_setup setup;
  if (!args.client_ip.empty()) {
    setup.options.client_ip = net::ip_address::parse(args.client_ip);
    if (!setup.options.client_ip) {
      // As --now and --rcpt do, the form wanted: a range, a port or brackets are common slips.
      tell(
          "mfsim {}: --client-ip '{}' is not an IP address (one IPv4 or IPv6 address, "
          "104.30.32.7 or 2405:8100:c400::1, without a prefix length, port or brackets)\n",
          command, args.client_ip);
      return std::nullopt;
    }
  }
  if (!args.now.empty()) {
    setup.options.now = mail::parse_iso8601(args.now);
    if (!setup.options.now) {
      tell("mfsim {}: --now '{}' is not an ISO 8601 date (2024-03-20 or 2024-03-20T09:41:11Z)\n",
           command, args.now);
      return std::nullopt;
    }
  }
  for (const auto& r : args.recipients) {
    const std::string_view address = r;
    const auto at = address.rfind('@');
    if (at == std::string_view::npos || at == 0 || at + 1 == address.size() ||
        address.find_first_of(" \t<>,;") != std::string_view::npos) {
      tell("mfsim {}: --rcpt '{}' is not an email address (user@contoso.com)\n", command, r);
      return std::nullopt;
    }
    setup.options.recipients.push_back(r);
  }
  for (const auto& text : args.accepted_domains) {
    auto domain = parse_accepted_domain_option(text);
    if (text.empty()) {
      tell(
          "mfsim {}: --accepted-domain: an empty domain (a comma at the start or end of the "
          "list, or two together)\n",
          command);
      return std::nullopt;
    }
    if (!domain) {
      tell(
          "mfsim {}: --accepted-domain '{}' is not DOMAIN or DOMAIN:TYPE (contoso.com, "
          "contoso.com:InternalRelay; TYPE Authoritative, InternalRelay or ExternalRelay; "
          "DOMAIN labels of letters, digits and hyphens joined by single dots, none at "
          "either end, or *. and those)\n",
          command, terminal_text(text));
      return std::nullopt;
    }
    setup.options.accepted_domains.push_back(std::move(*domain));
  }
  // `--mailbox-state recoded`: a word, not a path, meant as the keyword (as --rules uc44).
  if (const std::string& state = args.mailbox_state;
      !state.empty() && state != "recorded" && state.find_first_of("/.") == std::string::npos) {
    std::error_code ec;
    constexpr std::string_view kKeyword[] = {"recorded"};
    if (!std::filesystem::exists(state, ec)) {
      tell("mfsim {}: --mailbox-state '{}' is neither `recorded` nor a file{}\n", command, state,
           rules::did_you_mean(state, kKeyword));
      return std::nullopt;
    }
  }
  setup.options.ignore_message_verdict = args.message_verdict == "ignore";
  setup.options.limits = args.limits;
  corpus::set_max_message_bytes(args.max_message_bytes);
  try {
    if (!args.manifest.empty()) setup.manifest = corpus::manifest::load(args.manifest);
    if (!args.mailbox_state.empty()) {
      // An export names mailboxes by identity: --directory maps them to addresses.
      std::shared_ptr<const directory::directory_index> directory;
      const auto directory_for_state = [&]() -> const directory::directory_index* {
        if (args.directory.empty()) return nullptr;
        directory = run_directory(args.directory);
        return directory.get();
      };
      setup.mailbox_state = std::make_shared<const mailbox::mailbox_state>(
          mailbox::load_mailbox_state(args.mailbox_state, directory_for_state));
      setup.options.mailbox_state = setup.mailbox_state.get();
    }
  } catch (const load_error& e) {
    for (const auto& d : e.diagnostics()) tell("{}\n", format_diagnostic(d));
    return std::nullopt;
  }
  setup.read.unwrap = args.unwrap;
  setup.read.skipped = setup.skipped.get();
  setup.read.max_header_bytes = args.limits.max_header_bytes;
  setup.jobs = args.jobs > 0 ? args.jobs
                             : std::clamp<std::size_t>(std::thread::hardware_concurrency(), 1,
                                                       corpus::kMaxJobs);
  return setup;
}

void tell_passed_over(const char* command, const evaluation_setup& setup) {
  if (const std::string passed = setup.skipped->describe(); !passed.empty())
    tell("mfsim {}: passed over as not messages: {}\n", command, terminal_text(passed));
}

corpus::read_options reading_for(std::initializer_list<const plan*> plans,
                                 const evaluation_setup& setup) {
  corpus::read_options read = setup.read;
  read.header_block_only =
      !read.unwrap && std::all_of(plans.begin(), plans.end(),
                                  [](const plan* p) { return reads_of(*p).header_block_only(); });
  read.size_needed =
      std::any_of(plans.begin(), plans.end(), [](const plan* p) { return reads_of(*p).size; });
  return read;
}

// Sensitive information types mfsim cannot find are never found: said once per rule set.
static void warn_of_classifiers(const rules::rule_set& set) {
  const std::vector<std::string> types = rules::types_needing_classifiers(set);
  if (types.empty()) return;
  const std::vector<std::string_view> names(types.begin(), types.end());
  tell(
      "mfsim: MessageContainsDataClassifications: mfsim cannot find {}: not one of the {} "
      "built-in types it reads (docs/rule-format.md), so never found in any message\n",
      terminal_text(rules::join(names)), mail::sensitive_types().size());
}

bool directory_loads(const evaluation_arguments& args) {
  if (args.directory.empty()) return true;
  try {
    (void)run_directory(args.directory);
    return true;
  } catch (const load_error& e) {
    print_diagnostics(e.diagnostics());
    return false;
  }
}

std::shared_ptr<const plan> load_plan(const std::string& spec, const evaluation_arguments& args) {
  std::shared_ptr<const directory::directory_index> directory;
  rules::rule_set set;
  try {
    if (!args.directory.empty()) directory = run_directory(args.directory);
    set = load_rules(spec, args.defines, args.accepted_domains,
                     {args.rules_option, args.define_options});
    auto compiled = compile(set, directory);
    warn_of_classifiers(set);
    if (!directory) {
      const std::vector<std::string> readers = rules::rules_reading_directory(set);
      const std::vector<std::string_view> names(readers.begin(), readers.end());
      if (!readers.empty()) {
        tell(
            "mfsim: no --directory: the directory conditions of {} are false for every "
            "message (docs/directory.md)\n",
            terminal_text(rules::join(names)));
      }
    }
    return compiled;
  } catch (const load_error& e) {
    print_diagnostics(e.diagnostics());
    return nullptr;
  }
}

std::shared_ptr<const plan> load_plan(const std::string& spec,
                                      const std::vector<std::string>& defines) {
  try {
    const rules::rule_set set = load_rules(spec, defines);
    auto compiled = compile(set);
    warn_of_classifiers(set);
    return compiled;
  } catch (const load_error& e) {
    print_diagnostics(e.diagnostics());
    return nullptr;
  }
}

}  // namespace mfsim::tools
