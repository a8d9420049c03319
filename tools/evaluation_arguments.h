// The per-run options every evaluating subcommand shares (--client-ip, --now, --manifest,
// --jobs, ...), as the command line gives them (tools/command_line.cc adds them; the
// subcommands turn them into an evaluation with tools/evaluation_options.h).
#pragma once

#include <cstddef>
#include <string>
#include <vector>

#include "corpus/file_reader.h"
#include "engine/mail/header_scanner.h"

namespace mfsim::tools {

struct evaluation_arguments {
  std::string client_ip;
  std::vector<std::string> recipients;  // --rcpt
  // --accepted-domain D or D:TYPE.
  std::vector<std::string> accepted_domains;
  std::string now;
  std::string message_verdict = "use";
  std::string manifest;
  std::string mailbox_state;  // `recorded` or a state file (stage [G])
  mail::scan_limits limits;
  std::size_t max_message_bytes = corpus::kDefaultMaxMessageBytes;
  std::size_t jobs = 0;  // 0: all cores
  bool unwrap = false;   // --unwrap: each input is a report; evaluate what it carries
  // --directory FILE or GROUP=FILE, repeatable: the organization's recipients and groups.
  std::vector<std::string> directory;
  std::vector<std::string> defines;  // --define NAME=VALUE for scripts
  // Set by `mfsim diff` for its --base side, so that what is said of it names its options: the
  // option that gave each of `defines` (--base-define; empty: all --define), and "--base".
  std::vector<std::string> define_options;
  std::string rules_option = "--rules";
};

}  // namespace mfsim::tools
