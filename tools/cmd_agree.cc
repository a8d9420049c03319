// `mfsim agree`: compare each message's predicted folder with the folder Microsoft recorded at
// delivery (dest: in X-Microsoft-Antispam-Mailbox-Delivery), over messages that carry both that
// header and X-MS-Exchange-Organization-SCL.
//
// dest: is read here, for the comparison only; the prediction (evaluate() with the mailbox
// state) never sees it.
#include <fmt/format.h>

#include <algorithm>
#include <array>
#include <map>
#include <optional>
#include <string>
#include <vector>

#include "corpus/message_source.h"
#include "engine/engine.h"
#include "engine/mail/header_scanner.h"
#include "engine/mail/message_view.h"
#include "engine/mailbox/load_mailbox_state.h"
#include "engine/report/jsonl_writer.h"
#include "tools/commands.h"
#include "tools/evaluation_options.h"
#include "tools/rule_source.h"

namespace mfsim::tools {
namespace {

struct agree_arguments {
  std::string rules;
  std::string mailbox_state;  // empty: the folder follows the action
  std::string format = "text";
  std::vector<std::string> paths;
  bool unwrap = false;
};

// What the message recorded about its own delivery.
struct recorded_delivery {
  bool compared = false;  // carries X-MS-Exchange-Organization-SCL and the delivery header
  std::string dest;       // the dest: value as written ("I", "J", "C", ...); empty if none
  std::string folder;     // inbox, junk, custom, or "dest:X" for a value mfsim has no name for
  std::string ofr;        // OFR: as written, empty if none
};

std::string folder_of_dest(std::string_view dest) {
  if (dest == "I") return "inbox";
  if (dest == "J") return "junk";
  if (dest == "C") return "custom";
  return "dest:" + std::string(dest);
}

recorded_delivery read_recorded(const mail::header_block& block, std::string& buffer) {
  recorded_delivery r;
  if (!mail::first_unfolded(block.fields, "X-MS-Exchange-Organization-SCL", buffer)) return r;
  const auto delivery =
      mail::first_unfolded(block.fields, "X-Microsoft-Antispam-Mailbox-Delivery", buffer);
  if (!delivery) return r;
  r.compared = true;
  if (const auto dest = mail::semicolon_field(*delivery, "dest")) r.dest = std::string(*dest);
  if (const auto ofr = mail::semicolon_field(*delivery, "OFR")) r.ofr = std::string(*ofr);
  r.folder = r.dest.empty() ? "none" : folder_of_dest(r.dest);
  return r;
}

struct disagreement_class {
  std::size_t count = 0;
  std::string example;
};

struct tally {
  std::size_t read = 0;
  std::size_t compared = 0;
  std::size_t agreed = 0;
  std::map<std::pair<std::string, std::string>, std::size_t> matrix;  // (predicted, recorded)
  // (predicted, recorded, folder_reason, recorded OFR) -> count and first id
  std::map<std::array<std::string, 4>, disagreement_class> classes;
};

constexpr const char* kFolderOrder[] = {"inbox",   "junk",     "custom",     "quarantine",
                                        "deleted", "rejected", "redirected", "area1_quarantine"};

// Known folders in pipeline order, then the rest sorted.
std::vector<std::string> ordered(const std::vector<std::string>& labels) {
  std::vector<std::string> out;
  for (const char* f : kFolderOrder) {
    if (std::find(labels.begin(), labels.end(), f) != labels.end()) out.emplace_back(f);
  }
  std::vector<std::string> rest;
  for (const auto& l : labels) {
    if (std::find(out.begin(), out.end(), l) == out.end() &&
        std::find(rest.begin(), rest.end(), l) == rest.end()) {
      rest.push_back(l);
    }
  }
  std::sort(rest.begin(), rest.end());
  out.insert(out.end(), rest.begin(), rest.end());
  return out;
}

std::string percent(std::size_t part, std::size_t whole) {
  return whole == 0 ? std::string("n/a")
                    : fmt::format("{:.2f}%",
                                  100.0 * static_cast<double>(part) / static_cast<double>(whole));
}

std::string format_text(const agree_arguments& args, const tally& t) {
  std::string out;
  out += fmt::format(
      "mfsim agree: rules {}, mailbox state {}\n", args.rules,
      args.mailbox_state.empty() ? "none (folder follows the action)" : args.mailbox_state);
  out += fmt::format("messages read: {}\n", t.read);
  out += fmt::format(
      "with X-MS-Exchange-Organization-SCL and X-Microsoft-Antispam-Mailbox-Delivery: {}\n",
      t.compared);
  out += fmt::format("agreement: {} of {} ({})\n", t.agreed, t.compared,
                     percent(t.agreed, t.compared));
  if (t.compared == 0) return out;

  std::vector<std::string> rows, columns;
  for (const auto& [key, n] : t.matrix) {
    rows.push_back(key.first);
    columns.push_back(key.second);
  }
  rows = ordered(rows);
  columns = ordered(columns);
  std::size_t width = 9;  // "predicted"
  for (const auto& r : rows) width = std::max(width, r.size());
  std::size_t cell = 6;
  for (const auto& c : columns) cell = std::max(cell, c.size());
  out += "\nconfusion matrix (rows: predicted folder, columns: recorded dest:)\n";
  out += fmt::format("  {:<{}}", "predicted", width);
  for (const auto& c : columns) out += fmt::format("  {:>{}}", c, cell);
  out += '\n';
  for (const auto& r : rows) {
    out += fmt::format("  {:<{}}", r, width);
    for (const auto& c : columns) {
      const auto it = t.matrix.find({r, c});
      out += fmt::format("  {:>{}}", it == t.matrix.end() ? 0 : it->second, cell);
    }
    out += '\n';
  }

  out += fmt::format("\ndisagreements: {}\n", t.compared - t.agreed);
  std::vector<std::pair<std::array<std::string, 4>, disagreement_class>> sorted(t.classes.begin(),
                                                                                t.classes.end());
  std::stable_sort(sorted.begin(), sorted.end(),
                   [](const auto& a, const auto& b) { return a.second.count > b.second.count; });
  for (const auto& [key, c] : sorted) {
    out +=
        fmt::format("  {:>5}  predicted {} (folder_reason {}), recorded {} (OFR {}); e.g. {}\n",
                    c.count, key[0], key[2], key[1], key[3].empty() ? "none" : key[3], c.example);
  }
  return out;
}

void append_disagreement(std::string& out, std::string_view id, const outcome& o,
                         const recorded_delivery& r, const std::string& reason) {
  out += "{\"id\":";
  report::append_json_string(out, id);
  out += ",\"predicted\":";
  report::append_json_string(out, to_string(o.folder_value));
  out += ",\"recorded\":";
  report::append_json_string(out, r.folder);
  out += ",\"folder_reason\":";
  report::append_json_string(out, reason);
  out += ",\"dest\":";
  if (r.dest.empty())
    out += "null";
  else
    report::append_json_string(out, r.dest);
  out += ",\"ofr\":";
  if (r.ofr.empty())
    out += "null";
  else
    report::append_json_string(out, r.ofr);
  out += ",\"scl\":";
  out += o.scl ? std::to_string(*o.scl) : "null";
  out += ",\"verdict\":";
  report::append_json_string(out, to_string(o.verdict_value));
  out += ",\"action\":";
  report::append_json_string(out, to_string(o.action));
  out += "}\n";
}

int agree_command(const agree_arguments& args) {
  std::shared_ptr<const plan> compiled;
  std::optional<mailbox::mailbox_state> mailbox_state;
  try {
    compiled = compile(load_rules(args.rules));
    if (!args.mailbox_state.empty())
      mailbox_state = mailbox::load_mailbox_state(args.mailbox_state);
  } catch (const load_error& e) {
    for (const auto& d : e.diagnostics()) fmt::print(stderr, "{}\n", format_diagnostic(d));
    return kExitUsage;
  }
  run_options options;
  if (mailbox_state) options.mailbox_state = &*mailbox_state;

  const bool jsonl = args.format == "jsonl";
  scratch working;
  mail::header_block block;
  std::string buffer, reason, out;
  tally t;
  corpus::read_options read;
  read.unwrap = args.unwrap;
  corpus::read_messages(
      args.paths,
      [&](const corpus::corpus_message& m) {
        ++t.read;
        const outcome& o = evaluate(*compiled, m.bytes, options, working);
        mail::scan_headers(m.bytes, options.limits, block);
        const recorded_delivery r = read_recorded(block, buffer);
        if (!r.compared) return;
        ++t.compared;
        const std::string predicted = to_string(o.folder_value);
        ++t.matrix[{predicted, r.folder}];
        if (predicted == r.folder) {
          ++t.agreed;
          return;
        }
        reason.clear();
        append_folder_reason(reason, o.folder_reason);
        auto& c = t.classes[{predicted, r.folder, reason, r.ofr}];
        if (c.count++ == 0) c.example = std::string(m.id);
        if (jsonl) append_disagreement(out, m.id, o, r, reason);
      },
      nullptr, read);
  if (!jsonl)
    out = format_text(args, t);
  else {
    fmt::print(stderr, "mfsim agree: {} of {} agree ({}); {} messages read\n", t.agreed, t.compared,
               percent(t.agreed, t.compared), t.read);
  }
  std::fwrite(out.data(), 1, out.size(), stdout);
  std::fflush(stdout);
  return kExitOk;
}

}  // namespace

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
      "Exit status: 0 (whatever the agreement); 2 usage error or a rule set / mailbox state that\n"
      "does not load.");
  cmd->add_option("--rules", args->rules,
                  "A built-in preset (see `mfsim presets`) or a YAML rule-set file")
      ->required();
  cmd->add_option("--mailbox-state", args->mailbox_state,
                  "`recorded` (the wl, abwl and ucf flags and SFV:SFE/BLK each message carries) "
                  "or a mailbox state file; without it the folder follows the action");
  cmd->add_option(
         "--format", args->format,
         "text (default): summary, confusion matrix, classes; jsonl: one line per disagreement")
      ->check(CLI::IsMember({"text", "jsonl"}));
  add_unwrap_flag(*cmd, args->unwrap);
  cmd->add_option("paths", args->paths,
                  "Message files, mbox files, Maildirs and directories, or - for standard input")
      ->required()
      ->check(CLI::ExistingPath | CLI::IsMember({"-"}));
  cmd->callback([args, &run] { run = [args] { return agree_command(*args); }; });
}

}  // namespace mfsim::tools
