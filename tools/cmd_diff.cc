// `mfsim diff`: evaluate two rule sets over the same messages in one pass and show what moved.
#include <fmt/format.h>

#include <algorithm>
#include <cstdio>
#include <map>
#include <nlohmann/json.hpp>

#include "engine/report/html_report.h"
#include "engine/report/jsonl_writer.h"
#include "engine/report/packed_fields.h"
#include "tools/commands.h"
#include "tools/evaluation_options.h"
#include "tools/expectations.h"
#include "tools/ordered_pipeline.h"
#include "tools/output_file.h"

namespace mfsim::tools {
namespace {

constexpr int kExitChanged = 1;
constexpr std::size_t kWindowPerJob = 16;
constexpr std::size_t kFlushBytes = 1 << 16;
// Changed messages listed per transition in the table and the HTML report; the rest are
// counted, and the output says so (--format jsonl lists every one).
constexpr std::size_t kListedPerTransition = 1000;

struct diff_arguments {
  std::string base;
  std::string rules;
  std::string format = "table";
  std::string report;
  bool quiet = false;
  evaluation_arguments eval;
  std::vector<std::string> paths;
};

// Two scratches per worker: one per rule set, so each stays warm for its own plan.
struct worker_state {
  scratch before;
  scratch after;
};

// "deliver", "quarantine (UserNotifyUserRelease)": what the transition matrix counts.
std::string state_of(const outcome& r) {
  std::string s = to_string(r.action);
  if (!r.quarantine_policy.empty()) s += " (" + std::string(r.quarantine_policy) + ")";
  return s;
}

// The record without its "id" (the same on both sides), as a JSON object text.
std::string_view record_body(std::string_view line, std::size_t id_prefix) {
  std::string_view body = line.substr(id_prefix);
  while (!body.empty() && body.back() == '\n') body.remove_suffix(1);
  return body;
}

std::vector<std::string> string_array(const nlohmann::json& record, const char* field) {
  std::vector<std::string> out;
  const auto it = record.find(field);
  if (it == record.end() || !it->is_array()) return out;
  for (const auto& v : *it) {
    if (v.is_string()) out.push_back(v.get<std::string>());
  }
  return out;
}

// What a worker hands the writer for one message.
struct message_diff {
  std::string_view id, before_state, after_state;
  bool changed = false;
  std::string_view before_body, after_body;  // the records without id ("{...}")
  std::vector<std::string> fields, rules_before, rules_after;
};

void pack_list(std::string& text, const std::vector<std::string>& items) {
  report::append_packed(text, std::to_string(items.size()));
  for (const auto& item : items) report::append_packed(text, item);
}

bool unpack_list(std::string_view& text, std::vector<std::string>& items) {
  items.clear();
  std::string_view count, item;
  if (!report::read_packed(text, count)) return false;
  for (unsigned long k = std::stoul(std::string(count)); k > 0; --k) {
    if (!report::read_packed(text, item)) return false;
    items.emplace_back(item);
  }
  return true;
}

bool unpack_diff(std::string_view text, message_diff& d) {
  std::string_view flag;
  if (!report::read_packed(text, d.id) || !report::read_packed(text, d.before_state) ||
      !report::read_packed(text, d.after_state) || !report::read_packed(text, flag)) {
    return false;
  }
  d.changed = flag == "1";
  if (!d.changed) return true;
  return report::read_packed(text, d.before_body) && report::read_packed(text, d.after_body) &&
         unpack_list(text, d.fields) && unpack_list(text, d.rules_before) &&
         unpack_list(text, d.rules_after);
}

// The fields whose values differ (a field one record leaves out counts with the value that
// means: null, or [] for lists), in record order, then any field the schema does not know.
std::vector<std::string> changed_fields(const nlohmann::json& before, const nlohmann::json& after,
                                        const record_schema& schema) {
  std::vector<std::string> fields;
  static const nlohmann::json absent_null = record_schema::absent_value("");
  static const nlohmann::json absent_list = record_schema::absent_value("rule_errors");
  const auto value_of = [](const nlohmann::json& record,
                           const std::string& key) -> const nlohmann::json& {
    const auto it = record.find(key);
    if (it != record.end()) return *it;
    return record_schema::absent_value(key).is_array() ? absent_list : absent_null;
  };
  const auto consider = [&](const std::string& key) {
    if (key == "id" || std::find(fields.begin(), fields.end(), key) != fields.end()) return;
    if (value_of(before, key) != value_of(after, key)) fields.push_back(key);
  };
  for (const auto& key : schema.fields()) consider(key);
  for (const auto& record : {&before, &after}) {
    for (auto it = record->begin(); it != record->end(); ++it) {
      if (!schema.known(it.key())) consider(it.key());
    }
  }
  return fields;
}

// Accumulates the writer's view of the run; states are sorted at the end.
struct diff_collector {
  struct listed_change {
    std::string id, before, after;
    std::vector<std::string> fields, rules_before, rules_after;
  };
  std::uint64_t messages = 0;
  std::uint64_t changed = 0;
  std::map<std::pair<std::string, std::string>, std::uint64_t> matrix;
  std::map<std::pair<std::string, std::string>, std::uint64_t> changed_per_transition;
  std::map<std::string, std::uint64_t> field_counts;
  std::vector<listed_change> listed;
  std::uint64_t left_out = 0;
};

// Action order of the contract, then policy name.
std::vector<std::string> sorted_states(const diff_collector& c) {
  std::vector<std::string> states;
  for (const auto& [key, n] : c.matrix) {
    for (const auto& s : {key.first, key.second}) {
      if (std::find(states.begin(), states.end(), s) == states.end()) states.push_back(s);
    }
  }
  const auto rank = [](const std::string& s) {
    const std::string action = s.substr(0, s.find(' '));
    for (int a = 0; a <= static_cast<int>(final_action::area1_quarantine); ++a) {
      if (action == to_string(static_cast<final_action>(a))) return a;
    }
    return 100;
  };
  std::sort(states.begin(), states.end(), [&](const std::string& a, const std::string& b) {
    return std::make_pair(rank(a), a) < std::make_pair(rank(b), b);
  });
  return states;
}

report::diff_report_data to_report_data(const diff_collector& c, const plan& before,
                                        const plan& after) {
  report::diff_report_data d;
  d.base_name = before.source().name;
  d.base_source = before.source().source;
  d.new_name = after.source().name;
  d.new_source = after.source().source;
  d.states = sorted_states(c);
  const auto index = [&](const std::string& s) {
    return static_cast<std::size_t>(std::find(d.states.begin(), d.states.end(), s) -
                                    d.states.begin());
  };
  for (const auto& [key, n] : c.matrix) d.matrix[{index(key.first), index(key.second)}] = n;
  for (const auto& [key, n] : c.changed_per_transition) {
    d.changed_per_transition[{index(key.first), index(key.second)}] = n;
  }
  d.messages = c.messages;
  d.changed = c.changed;
  d.changes_left_out = c.left_out;
  for (const auto& l : c.listed) {
    d.changes.push_back(
        {l.id, index(l.before), index(l.after), l.fields, l.rules_before, l.rules_after});
  }
  return d;
}

std::string joined(const std::vector<std::string>& items, std::string_view separator,
                   std::string_view empty = "-") {
  if (items.empty()) return std::string(empty);
  std::string out;
  for (std::size_t k = 0; k < items.size(); ++k) {
    if (k) out += separator;
    out += items[k];
  }
  return out;
}

std::string plural(std::uint64_t n, const char* one, const char* many) {
  return fmt::format("{} {}", n, n == 1 ? one : many);
}

std::string format_table(const report::diff_report_data& d, const diff_collector& c) {
  std::string out;
  out += fmt::format("mfsim diff: {} ({}) -> {} ({}): {}, {}\n\n", d.base_name, d.base_source,
                     d.new_name, d.new_source, plural(d.messages, "message", "messages"),
                     plural(d.changed, "changed", "changed"));
  // The matrix, columns numbered to keep it narrow; the row labels name the states.
  std::size_t label = 16;
  for (std::size_t s = 0; s < d.states.size(); ++s) {
    label = std::max(label, d.states[s].size() + fmt::format("[{}] ", s + 1).size());
  }
  std::size_t cell = 5;
  for (const auto& [key, n] : d.matrix) cell = std::max(cell, std::to_string(n).size() + 2);
  out += "Transition matrix: action (quarantine policy), before (rows) -> after (columns)\n";
  out += fmt::format("{:<{}}", "", label);
  for (std::size_t s = 0; s < d.states.size(); ++s)
    out += fmt::format("{:>{}}", fmt::format("[{}]", s + 1), cell);
  out += '\n';
  for (std::size_t b = 0; b < d.states.size(); ++b) {
    out += fmt::format("{:<{}}", fmt::format("[{}] {}", b + 1, d.states[b]), label);
    for (std::size_t a = 0; a < d.states.size(); ++a) {
      const auto it = d.matrix.find({b, a});
      out += fmt::format(
          "{:>{}}", it == d.matrix.end() ? std::string(".") : std::to_string(it->second), cell);
    }
    out += '\n';
  }
  out += '\n';
  std::uint64_t kept = 0;
  std::string moves;
  for (const auto& [key, n] : d.matrix) {
    if (key.first == key.second) {
      kept += n;
      continue;
    }
    moves += fmt::format("  {} -> {}: {}\n", d.states[key.first], d.states[key.second], n);
  }
  out += fmt::format("Transitions ({} kept their action and policy):\n{}", kept,
                     moves.empty() ? "  none\n" : moves);
  if (!c.field_counts.empty()) {
    out += "Fields changed:";
    for (const auto& [field, n] : c.field_counts) out += fmt::format(" {} {},", field, n);
    out.back() = '\n';
  }
  if (d.changed == 0) {
    out += "\nNo message changed.\n";
    return out;
  }
  out += "\nChanged messages, by transition:\n";
  for (const auto& [key, n] : d.changed_per_transition) {
    out += fmt::format("\n{} -> {}: {}\n", d.states[key.first], d.states[key.second],
                       plural(n, "message", "messages"));
    std::uint64_t shown = 0;
    for (const auto& change : d.changes) {
      if (change.before != key.first || change.after != key.second) continue;
      ++shown;
      out += fmt::format("  {}\n", change.id);
      out += fmt::format("    changed:      {}\n", joined(change.fields, ", "));
      out += fmt::format("    rules before: {}\n", joined(change.rules_before, "; "));
      out += fmt::format("    rules after:  {}\n", joined(change.rules_after, "; "));
    }
    if (shown < n) {
      out += fmt::format("  ... and {} more (--format jsonl lists every changed message)\n",
                         n - shown);
    }
  }
  return out;
}

int diff_command(const diff_arguments& args) {
  const auto before = load_plan(args.base);
  if (!before) return kExitUsage;
  const auto after = load_plan(args.rules);
  if (!after) return kExitUsage;
  const auto setup = prepare_evaluation("diff", args.eval);
  if (!setup) return kExitUsage;
  const bool jsonl = args.format == "jsonl";
  const record_schema schema(*after);

  std::vector<std::unique_ptr<worker_state>> workers;
  for (std::size_t w = 0; w < setup->jobs; ++w) workers.push_back(std::make_unique<worker_state>());
  diff_collector collected;
  std::string pending;
  bool write_failed = false;
  const auto flush = [&] {
    if (!pending.empty() &&
        std::fwrite(pending.data(), 1, pending.size(), stdout) != pending.size()) {
      write_failed = true;
    }
    pending.clear();
  };

  pipeline_callbacks callbacks;
  callbacks.process = [&](std::size_t w, const pipeline_item& item, std::string& text) {
    worker_state& state = *workers[w];
    outcome copy_before, copy_after;
    const outcome& a = evaluate_item(*before, item, *setup, state.before, copy_before);
    const outcome& b = evaluate_item(*after, item, *setup, state.after, copy_after);
    std::string line_a, line_b;
    report::append_record(line_a, item.id, a, *before);
    report::append_record(line_b, item.id, b, *after);
    report::append_packed(text, item.id);
    report::append_packed(text, state_of(a));
    report::append_packed(text, state_of(b));
    // Same bytes, same record: the common case needs no parsing.
    if (line_a == line_b) {
      report::append_packed(text, "0");
      return;
    }
    report::append_packed(text, "1");
    std::string id_prefix = "{\"id\":";
    report::append_json_string(id_prefix, item.id);
    id_prefix += ',';
    report::append_packed(text, "{" + std::string(record_body(line_a, id_prefix.size())));
    report::append_packed(text, "{" + std::string(record_body(line_b, id_prefix.size())));
    try {
      const auto ja = nlohmann::json::parse(line_a);
      const auto jb = nlohmann::json::parse(line_b);
      pack_list(text, changed_fields(ja, jb, schema));
      pack_list(text, string_array(ja, "rules"));
      pack_list(text, string_array(jb, "rules"));
    } catch (const nlohmann::json::exception&) {
      pack_list(text, {"(record)"});
      pack_list(text, {});
      pack_list(text, {});
    }
  };
  message_diff d;
  callbacks.emit = [&](const std::string& text, std::size_t) {
    if (!unpack_diff(text, d)) return;
    ++collected.messages;
    const std::pair<std::string, std::string> key{std::string(d.before_state),
                                                  std::string(d.after_state)};
    ++collected.matrix[key];
    if (!d.changed) return;
    ++collected.changed;
    const std::uint64_t n = ++collected.changed_per_transition[key];
    for (const auto& f : d.fields) ++collected.field_counts[f];
    if (jsonl) {
      pending += "{\"id\":";
      report::append_json_string(pending, d.id);
      pending += ",\"before\":";
      pending += d.before_body;
      pending += ",\"after\":";
      pending += d.after_body;
      pending += ",\"changed\":[";
      for (std::size_t k = 0; k < d.fields.size(); ++k) {
        if (k) pending += ',';
        report::append_json_string(pending, d.fields[k]);
      }
      pending += "]}\n";
      if (pending.size() >= kFlushBytes) flush();
    }
    if (!jsonl || !args.report.empty()) {
      if (n <= kListedPerTransition) {
        collected.listed.push_back(
            {std::string(d.id), key.first, key.second, d.fields, d.rules_before, d.rules_after});
      } else {
        ++collected.left_out;
      }
    }
  };
  run_ordered(args.paths, setup->jobs, setup->jobs * kWindowPerJob, callbacks, nullptr,
              setup->read);

  const report::diff_report_data data = to_report_data(collected, *before, *after);
  if (!jsonl) {
    pending += format_table(data, collected);
  } else if (!args.quiet) {
    fmt::print(stderr, "mfsim diff: {} -> {}: {}, {}\n", data.base_name, data.new_name,
               plural(data.messages, "message", "messages"),
               plural(data.changed, "changed", "changed"));
  }
  flush();
  if (std::fflush(stdout) != 0) write_failed = true;
  if (!args.report.empty()) {
    output_file file;
    std::string error = file.open(args.report);
    if (error.empty()) {
      file.write(report::render_diff_report(data));
      file.close(true, error);
    }
    if (!error.empty()) {
      fmt::print(stderr, "mfsim diff: --report: {}\n", error);
      return kExitUsage;
    }
  }
  if (write_failed) {
    fmt::print(stderr, "mfsim diff: could not write to standard output\n");
    return kExitUsage;
  }
  return collected.changed > 0 ? kExitChanged : kExitOk;
}

}  // namespace

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
      "  mfsim diff --base uc4 --rules mine.yaml --format jsonl mail/ | jq .changed\n\n"
      "Exit status: 0 nothing changed; 1 some message changed; 2 usage error, a rule file that\n"
      "does not load, or output that cannot be written.");
  cmd->add_option("--base", args->base, "The rule set in force now: a preset or a rule-set file")
      ->required();
  cmd->add_option("--rules", args->rules, "The rule set to compare with it: a preset or a file")
      ->required();
  cmd->add_option("--format", args->format,
                  "table (default): the matrix and the changed messages; jsonl: one object per "
                  "changed message {id, before, after, changed}, in input order")
      ->check(CLI::IsMember({"table", "jsonl"}));
  cmd->add_option("--report", args->report,
                  "Also write a self-contained HTML report with the transition matrix to FILE");
  cmd->add_flag("-q,--quiet", args->quiet, "No summary line on stderr with --format jsonl");
  add_evaluation_options(*cmd, args->eval, true);
  cmd->add_option("paths", args->paths,
                  "Message files, mbox files, Maildirs and directories, or - for standard input")
      ->required()
      ->check(CLI::ExistingPath | CLI::IsMember({"-"}));
  cmd->callback([args, &run] { run = [args] { return diff_command(*args); }; });
}

}  // namespace mfsim::tools
