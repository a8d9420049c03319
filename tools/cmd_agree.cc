// `mfsim agree`: compare each message's predicted folder with the folder Microsoft recorded at
// delivery (dest: in X-Microsoft-Antispam-Mailbox-Delivery), over messages that carry both that
// header and X-MS-Exchange-Organization-SCL.
//
// dest: is read here, for the comparison only; the prediction (evaluate() with the mailbox
// state) never sees it.
#include "tools/cmd_agree.h"

#include <fmt/format.h>

#include <algorithm>
#include <array>
#include <map>
#include <nlohmann/json.hpp>
#include <string>
#include <vector>

#include "engine/engine.h"
#include "engine/escape.h"
#include "engine/json_failure.h"
#include "engine/mail/header_scanner.h"
#include "engine/mail/message_view.h"
#include "engine/terminal_text.h"
#include "pipeline/evaluate_corpus.h"
#include "tools/commands.h"
#include "tools/evaluation_options.h"
#include "tools/input_guard.h"
#include "tools/messages.h"
#include "tools/output_file.h"
#include "tools/output_guard.h"
#include "tools/part_reader.h"
#include "tools/shard_part.h"

namespace mfsim::tools {
namespace {

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
  std::string example_position;  // under --shard: where the example lies in the walk
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
  // Folders, OFR values and ids come from messages and file names: escaped for the terminal.
  out += fmt::format("mfsim agree: rules {}, mailbox state {}\n", terminal_text(args.rules),
                     args.eval.mailbox_state.empty() ? "none (folder follows the action)"
                                                     : terminal_text(args.eval.mailbox_state));
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
  for (const auto& r : rows) width = std::max(width, terminal_text(r).size());
  std::size_t cell = 6;
  for (const auto& c : columns) cell = std::max(cell, terminal_text(c).size());
  out += "\nconfusion matrix (rows: predicted folder, columns: recorded dest:)\n";
  out += fmt::format("  {:<{}}", "predicted", width);
  for (const auto& c : columns) out += fmt::format("  {:>{}}", terminal_text(c), cell);
  out += '\n';
  for (const auto& r : rows) {
    out += fmt::format("  {:<{}}", terminal_text(r), width);
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
    out += fmt::format("  {:>5}  predicted {} (folder_reason {}), recorded {} (OFR {}); e.g. {}\n",
                       c.count, terminal_text(key[0]), terminal_text(key[2]), terminal_text(key[1]),
                       key[3].empty() ? "none" : terminal_text(key[3]), terminal_text(c.example));
  }
  return out;
}

void append_disagreement(std::string& out, std::string_view id, const outcome& o,
                         const recorded_delivery& r, const std::string& reason) {
  out += "{\"id\":";
  append_json_string(out, id);
  out += ",\"predicted\":";
  append_json_string(out, to_string(o.folder_value));
  out += ",\"recorded\":";
  append_json_string(out, r.folder);
  out += ",\"folder_reason\":";
  append_json_string(out, reason);
  out += ",\"dest\":";
  if (r.dest.empty())
    out += "null";
  else
    append_json_string(out, r.dest);
  out += ",\"ofr\":";
  if (r.ofr.empty())
    out += "null";
  else
    append_json_string(out, r.ofr);
  out += ",\"scl\":";
  out += o.scl ? std::to_string(*o.scl) : "null";
  out += ",\"verdict\":";
  append_json_string(out, to_string(o.verdict_value));
  out += ",\"action\":";
  append_json_string(out, to_string(o.action));
  out += "}\n";
}

// One worker's reusable state.
struct worker_state {
  scratch working;
  mail::header_block block;
  std::string buffer;
};

// What a worker hands the writer for one message.
struct message_result {
  std::string id;
  recorded_delivery recorded;
  std::string predicted;     // the predicted folder
  std::string reason;        // folder_reason, when predicted and recorded differ
  std::string disagreement;  // its JSONL line (--format jsonl)
  std::string position;      // under --shard: its place in the walk ("I,E")
};

// A part's trailer: the counts, and each class with its first example and where it lies.
nlohmann::json tally_to_json(const tally& t) {
  nlohmann::json matrix = nlohmann::json::array(), classes = nlohmann::json::array();
  for (const auto& [key, n] : t.matrix) matrix.push_back({key.first, key.second, n});
  for (const auto& [key, c] : t.classes) {
    classes.push_back({key[0], key[1], key[2], key[3], c.count, c.example, c.example_position});
  }
  return {{"read", t.read},
          {"compared", t.compared},
          {"agreed", t.agreed},
          {"matrix", matrix},
          {"classes", classes}};
}

// Adds one part's counts; a class keeps the example that comes first in the walk.
void add_part(tally& t, const nlohmann::json& part) {
  t.read += part.at("read").get<std::size_t>();
  t.compared += part.at("compared").get<std::size_t>();
  t.agreed += part.at("agreed").get<std::size_t>();
  for (const auto& cell : part.at("matrix"))
    t.matrix[{cell.at(0).get<std::string>(), cell.at(1).get<std::string>()}] +=
        cell.at(2).get<std::size_t>();
  for (const auto& c : part.at("classes")) {
    auto& into = t.classes[{c.at(0).get<std::string>(), c.at(1).get<std::string>(),
                            c.at(2).get<std::string>(), c.at(3).get<std::string>()}];
    const std::string position = c.at(6).get<std::string>();
    walk_key mine{}, theirs{};
    const bool earlier =
        into.count == 0 || (parse_walk_position(position, mine) &&
                            parse_walk_position(into.example_position, theirs) && mine < theirs);
    into.count += c.at(4).get<std::size_t>();
    if (earlier) {
      into.example = c.at(5).get<std::string>();
      into.example_position = position;
    }
  }
}

}  // namespace

int agree_command(const agree_arguments& args) {
  const auto compiled = load_plan(args.rules, args.eval);
  if (!compiled) return kExitUsage;
  const auto setup = prepare_evaluation("agree", args.eval);
  if (!setup) return kExitUsage;
  if (refuse_inputs_twice("agree", args.paths)) return kExitUsage;
  const std::optional<shard_setup> shard =
      prepare_shard("agree", args.shard, args.paths, setup->read);
  if (!shard) return kExitUsage;
  const corpus::shard_selection* selection = shard->get();

  const bool jsonl = args.format == "jsonl";
  pipeline::per_worker<worker_state> workers(setup->jobs);
  std::string out;
  tally t;
  std::uint64_t part_records = 0;
  if (selection) {
    const nlohmann::json part_options = {{"rules", args.rules},
                                         {"mailbox_state", args.eval.mailbox_state},
                                         {"format", args.format},
                                         {"evaluation", describe_evaluation(args.eval)},
                                         {"paths", args.paths}};
    std::vector<std::string> files = rule_files(args.rules);
    append_evaluation_files(args.eval, files);
    out += part_header("agree", part_options, files, *selection);
  }
  pipeline::message_stages<message_result, worker_state> stages;
  stages.process = [&](worker_state& w, const corpus::corpus_message& m, message_result& r) {
    outcome copy;
    const outcome& o = pipeline::evaluate_message(*compiled, m, *setup, w.working, copy);
    mail::scan_headers(m.bytes, setup->options.limits, w.block);
    r.id.assign(m.id);
    if (selection) r.position = walk_position(m.input_position, m.entry);
    r.recorded = read_recorded(w.block, w.buffer);
    r.predicted = to_string(o.folder_value);
    r.reason.clear();
    r.disagreement.clear();
    if (!r.recorded.compared || r.predicted == r.recorded.folder) return;
    append_folder_reason(r.reason, o.folder_reason);
    if (jsonl) append_disagreement(r.disagreement, m.id, o, r.recorded, r.reason);
  };
  stages.consume = [&](message_result& r) {
    ++t.read;
    if (!r.recorded.compared) return;
    ++t.compared;
    ++t.matrix[{r.predicted, r.recorded.folder}];
    if (r.predicted == r.recorded.folder) {
      ++t.agreed;
      return;
    }
    auto& c = t.classes[{r.predicted, r.recorded.folder, r.reason, r.recorded.ofr}];
    if (c.count++ == 0) {
      c.example = r.id;
      c.example_position = r.position;
    }
    if (selection && !r.disagreement.empty()) {
      append_positioned(out, r.position, r.disagreement);
      ++part_records;
    } else {
      out += r.disagreement;
    }
  };
  pipeline::evaluate_corpus(args.paths, reading_for({compiled.get()}, *setup), workers, stages,
                            nullptr, selection);
  tell_passed_over("agree", *setup);
  if (selection) {
    out += part_trailer(part_records, tally_to_json(t));
  } else if (!jsonl) {
    out = format_text(args, t);
  } else {
    tell("mfsim agree: {} of {} agree ({}); {} messages read\n", t.agreed, t.compared,
         percent(t.agreed, t.compared), t.read);
  }
  return write_standard_output("agree", out);
}

int merge_agree(part_set& parts, std::string& merged, std::string& error) {
  const nlohmann::json& options = parts.header()["options"];
  agree_arguments args;
  args.rules = options.value("rules", std::string());
  args.eval.mailbox_state = options.value("mailbox_state", std::string());
  args.format = options.value("format", std::string("text"));
  tally t;
  try {
    for (const auto& totals : parts.totals()) add_part(t, totals);
  } catch (const nlohmann::json::exception& e) {
    error = "a part's totals cannot be read: " + json_exception_text(e);
    return kExitUsage;
  }
  if (args.format == "jsonl") {
    part_record r;
    while (parts.next(r, error)) merged += r.record;
    if (!error.empty()) return kExitUsage;
    tell("mfsim agree: {} of {} agree ({}); {} messages read\n", t.agreed, t.compared,
         percent(t.agreed, t.compared), t.read);
  } else {
    merged = format_text(args, t);
  }
  return kExitOk;
}

}  // namespace mfsim::tools
