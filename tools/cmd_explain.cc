// `mfsim explain`: how a rule set treats one message, step by step (Test-Message, offline).
#include "tools/cmd_explain.h"

#include <fmt/format.h>

#include <cstdint>
#include <cstdio>
#include <filesystem>
#include <functional>
#include <nlohmann/json.hpp>
#include <optional>

#include "corpus/message_id.h"
#include "corpus/message_source.h"
#include "engine/explain/explanation.h"
#include "engine/terminal_text.h"
#include "tools/commands.h"
#include "tools/evaluation_options.h"
#include "tools/explain_render.h"
#include "tools/messages.h"

namespace mfsim::tools {
namespace {

// Explains one message and writes it at once: memory holds one message and its explanation,
// however many MESSAGE names.
class explainer {
 public:
  explainer(const plan& p, const evaluation_setup& setup, const explain_arguments& args)
      : plan_(p), setup_(setup), json_(args.format == "json") {}

  void operator()(const corpus::corpus_message& m) {
    evaluation_trace trace;
    outcome copy;
    const corpus::corpus_message message{m.id, m.bytes, m.read_error, m.flags};
    const outcome& record =
        pipeline::evaluate_message(plan_, message, setup_, scratch_, copy, &trace);
    explain::explanation explanation =
        explain::explain(plan_, m.id, m.bytes, setup_.options.limits, record, trace, scratch_);
    if (const recipient_forks* forks =
            pipeline::message_forks(plan_, message, setup_, scratch_, forking_)) {
      explanation.forks = *forks;
    }
    std::string out;
    if (json_) {
      // One JSON object per message, each on one line (a single message: one object).
      out = render_json(explanation, plan_)
                .dump(-1, ' ', false, nlohmann::json::error_handler_t::replace);
      out += '\n';
    } else {
      if (count_ > 0) out = "\n" + std::string(78, '=') + "\n\n";
      out += render_text(explanation);
    }
    ++count_;
    if (std::fwrite(out.data(), 1, out.size(), stdout) != out.size()) write_failed_ = true;
  }

  [[nodiscard]] std::size_t count() const noexcept { return count_; }
  [[nodiscard]] bool write_failed() const noexcept { return write_failed_; }

 private:
  const plan& plan_;
  const evaluation_setup& setup_;
  bool json_;
  scratch scratch_;
  pipeline::fork_memory forking_;  // recipient forks (decisions 470-474)
  std::size_t count_ = 0;
  bool write_failed_ = false;
};

// Explains what MESSAGE names: a file (every entry of an mbox, PST or ZIP), a directory (every
// message in it), "-", or a record id as `mfsim run` prints it (corpus/message_id.h): "PATH#N"
// for entry N of the mbox at PATH, "PATH#Inbox/3" in a PST, "PATH#attached/1" with --unwrap.
// Returns an error text, empty when it explained something.
std::string explain_target(const std::string& target, const corpus::read_options& read,
                           explainer& explain) {
  std::error_code ec;
  const auto explain_all = [&](const std::string& path) {
    corpus::read_messages({path}, std::ref(explain), nullptr, read);
  };
  if (target == "-") {
    explain_all(target);
    return {};
  }
  // An mbox entry is read alone, the entries before it skipped uncopied. `m#1` is entry 1 of
  // mbox `m` even beside a file named `m#1` (whose id is `m\#1`).
  const std::optional<corpus::parsed_id> id = corpus::parse_id(target);
  if (id && id->entry > 0 && (id->path == "-" || std::filesystem::is_regular_file(id->path, ec))) {
    corpus::file_reader reader;
    std::string entry;
    const std::size_t found =
        corpus::read_mbox_entry(id->path, id->entry, reader, entry, std::ref(explain), read);
    if (explain.count() > 0) return {};
    if (found > 0) {
      return fmt::format("{} holds {} message{}; there is no entry {}", id->path, found,
                         found == 1 ? "" : "s", id->entry);
    }
  }
  for (const std::string* path : {&target, id && id->entry == 0 ? &id->path : nullptr}) {
    if (path != nullptr && std::filesystem::exists(*path, ec)) {  // a file, folder or escaped name
      explain_all(*path);
      return {};
    }
  }
  // Any other record id: the file before one of its unescaped '#', read message by message,
  // explaining only the one with that id.
  for (std::size_t hash = target.find('#'); hash != std::string::npos && hash + 1 < target.size();
       hash = target.find('#', hash + 1)) {
    const std::optional<corpus::parsed_id> base = corpus::parse_id(target.substr(0, hash));
    if (!base || base->entry != 0) continue;
    if (base->path != "-" && !std::filesystem::is_regular_file(base->path, ec)) continue;
    std::size_t seen = 0;
    corpus::read_messages(
        {base->path},
        [&](const corpus::corpus_message& m) {
          ++seen;
          if (m.id == target) explain(m);
        },
        nullptr, read);
    if (explain.count() > 0) return {};
    const std::string_view entry = std::string_view(target).substr(hash + 1);
    // Attached messages are records only with --unwrap (`run --unwrap` printed this id).
    const bool needs_unwrap = !read.unwrap && entry.starts_with("attached/");
    return fmt::format("{} holds {} message{}; there is no entry {}{}", base->path, seen,
                       seen == 1 ? "" : "s", entry,
                       needs_unwrap ? " (ids PATH#attached/N name the message a report carries: "
                                      "add --unwrap)"
                                    : "");
  }
  // An id copied from the table, which shortens long ids with an ellipsis to fit its column.
  if (target.find("\u2026") != std::string::npos) {
    return fmt::format(
        "{}: no such file: the table shortens long ids with '\u2026'; copy the whole id from "
        "`mfsim run --format jsonl` (or the table on a wider terminal)",
        target);
  }
  return fmt::format(
      "{}: no such file (give a message file, an mbox, PATH#N for one mbox entry, or -)", target);
}

}  // namespace

int explain_command(const explain_arguments& args) {
  const auto compiled = load_plan(args.rules, args.eval);
  if (!compiled) return kExitUsage;
  const auto setup = prepare_evaluation("explain", args.eval);
  if (!setup) return kExitUsage;
  explainer explain(*compiled, *setup, args);
  if (const std::string error = explain_target(args.message, setup->read, explain);
      !error.empty()) {
    tell("mfsim explain: {}\n", terminal_text(error));
    return kExitUsage;
  }
  if (explain.count() == 0) {
    tell("mfsim explain: {}: no message found\n", terminal_text(args.message));
    return kExitUsage;
  }
  if (explain.write_failed() || std::fflush(stdout) != 0) {
    tell("mfsim explain: could not write to standard output\n");
    return kExitIoFailure;
  }
  return kExitOk;
}

}  // namespace mfsim::tools
