// `mfsim diff`: evaluate two rule sets over the same messages in one pass and show what moved.
#include "tools/cmd_diff.h"

#include <fmt/format.h>

#include <algorithm>
#include <cstdio>
#include <filesystem>
#include <map>
#include <nlohmann/json.hpp>

#include "engine/ascii.h"
#include "engine/escape.h"
#include "engine/json_text.h"
#include "engine/report/diff_summary.h"
#include "engine/report/diff_table.h"
#include "engine/report/html_diff_report.h"
#include "engine/report/jsonl_writer.h"
#include "engine/terminal_text.h"
#include "pipeline/evaluate_corpus.h"
#include "pipeline/stop_signals.h"
#include "tools/command_guard.h"
#include "tools/commands.h"
#include "tools/diff_values.h"
#include "tools/evaluation_options.h"
#include "tools/expectations.h"
#include "tools/input_guard.h"
#include "tools/interrupted_report.h"
#include "tools/messages.h"
#include "tools/output_file.h"
#include "tools/output_guard.h"
#include "tools/progress.h"
#include "tools/shard_part.h"
#include "tools/stdout_batches.h"

namespace mfsim::tools {
namespace {

constexpr int kExitChanged = 1;

// Two scratches per worker: one per rule set, so each stays warm for its own plan.
struct worker_state {
  scratch before;
  scratch after;
  pipeline::fork_memory forks_before, forks_after;  // recipient forks (decisions 470-474)
};

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
  report::message_change change;
  std::string before_body, after_body;  // when changed: the records without id ("{...}")
  std::string position;                 // under --shard: its place in the walk ("I,E")
  std::uint64_t message_bytes = 0;      // for the progress line
};

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

std::string plural(std::uint64_t n, const char* one, const char* many) {
  return fmt::format("{} {}", n, n == 1 ? one : many);
}

// Whether --base and --rules name one rule set: the same preset, or the same files (by path
// or by link), in the same order. A diff of a rule set against itself changes nothing.
bool same_rule_set(const std::string& base, const std::string& rules) {
  if (base == rules) return true;
  const std::vector<std::string> a = rule_files(base), b = rule_files(rules);
  if (a.empty() || a.size() != b.size()) return false;
  for (std::size_t k = 0; k < a.size(); ++k) {
    std::error_code ec;
    if (!std::filesystem::equivalent(a[k], b[k], ec) || ec) return false;
  }
  return true;
}

// The NAME of a --define NAME=VALUE (or $NAME=VALUE).
std::string_view define_name(std::string_view define) {
  std::string_view name = define.substr(0, define.find('='));
  if (!name.empty() && name.front() == '$') name.remove_prefix(1);
  return name;
}

// The defines the --base rule set loads with: every --define, except those whose NAME a
// --base-define gives, which it replaces (PowerShell's variable names have no case), so that one
// script diffs against itself at two values of a variable. `options` gets the option that gave
// each, so that an error about a value names --base-define when that gave it.
std::vector<std::string> base_side_defines(const std::vector<std::string>& both,
                                           const std::vector<std::string>& base_only,
                                           std::vector<std::string>& options) {
  const auto given_later = [](auto from, auto end, std::string_view name) {
    return std::any_of(from, end,
                       [&](const std::string& d) { return ascii_iequals(define_name(d), name); });
  };
  std::vector<std::string> defines;
  for (const auto& d : both) {
    if (!given_later(base_only.begin(), base_only.end(), define_name(d))) {
      defines.push_back(d);
      options.emplace_back("--define");
    }
  }
  // The last of a NAME given twice, as the last value given wins on a command line.
  for (auto it = base_only.begin(); it != base_only.end(); ++it) {
    if (!given_later(it + 1, base_only.end(), define_name(*it))) {
      defines.push_back(*it);
      options.emplace_back("--base-define");
    }
  }
  return defines;
}

// What a side's defines set: the last value of each NAME (names without case), by NAME. Two
// sides are alike when these are, whatever order or spelling gave them (decision 643).
std::map<std::string, std::string> defines_in_effect(const std::vector<std::string>& defines) {
  std::map<std::string, std::string> set;
  for (const auto& d : defines) {
    std::string name;
    append_ascii_lower(define_name(d), name);
    set[name] = d;
  }
  return set;
}

// Whether two sets of defines give each NAME the same value (`Scl=9` and `SCL=9` do).
bool same_values(const std::map<std::string, std::string>& a,
                 const std::map<std::string, std::string>& b) {
  const auto value = [](const std::string& define) {
    const std::size_t eq = define.find('=');
    return eq == std::string::npos ? std::string_view() : std::string_view(define).substr(eq);
  };
  return std::equal(a.begin(), a.end(), b.begin(), b.end(), [&](const auto& x, const auto& y) {
    return x.first == y.first && value(x.second) == value(y.second);
  });
}

// A side's label; when the two sides' defines differ, with its own (`rules.ps1 with Tier=old`):
// one script at two values is otherwise the same name twice (decision 588). Only the values in
// effect, by NAME: a NAME given twice is named once, with its last value (decision 643).
report::rule_set_label side_label(const plan& p, const std::vector<std::string>& defines,
                                  bool defines_differ) {
  report::rule_set_label label = report::label_of(p);
  if (!defines_differ) return label;
  label.source += " with ";
  const std::map<std::string, std::string> in_effect = defines_in_effect(defines);
  for (const auto& [name, define] : in_effect)
    label.source += (name == in_effect.begin()->first ? "" : " ") + define;
  if (in_effect.empty()) label.source += "no --define";
  return label;
}

}  // namespace

int diff_command(const diff_arguments& args) {
  command_inputs inputs{args.paths, rule_files(args.base)};
  for (auto& f : rule_files(args.rules)) inputs.files.push_back(std::move(f));
  add_evaluation_files(args.eval.manifest, args.eval.mailbox_state, args.eval.directory, inputs);
  // The table or records (a part under --shard) go to standard output (decision 886).
  if (refuse_conflicting_outputs("diff", {{kStandardOutput, ""}, {"--report", args.report}},
                                 inputs))
    return kExitUsage;
  // Until its own page replaces it, --report says the diff did not finish (decision 582).
  if (args.shard.empty())
    replace_last_run_output("diff", "--report", args.report, unfinished_report_html("diff"));
  // --report is created now, so that an unwritable path fails before the run, not after it.
  output_file report_file;
  if (!open_before_run("diff", "--report", args.report, report_file)) return kExitUsage;
  // A diff that cannot run still replaces its --report file, as a check its --junit file: a CI
  // job that publishes it after the failed step showed the last run's report (decision 571).
  const auto not_run = [&](std::string_view why) {
    return report_not_run("diff", report_file, !args.report.empty() && args.shard.empty(), why);
  };
  evaluation_arguments base_eval = args.eval;
  base_eval.define_options.clear();
  base_eval.defines =
      base_side_defines(args.eval.defines, args.base_defines, base_eval.define_options);
  base_eval.rules_option = "--base";
  // Both sides read the same directory: one that does not load is named as what failed, not
  // as the --base rule set that happened to read it first.
  if (!directory_loads(args.eval)) return not_run("the --directory files do not load");
  const auto before = load_plan(args.base, base_eval);
  if (!before) return not_run("the --base rule set does not load");
  const auto after = load_plan(args.rules, args.eval);
  if (!after) return not_run("the --rules rule set does not load");
  // The file edited in place, given on both sides: the gate would be green whatever the edit
  // did (decision 526). One script at two values of a variable is two rule sets (decision 577).
  const bool defines_differ =
      !same_values(defines_in_effect(base_eval.defines), defines_in_effect(args.eval.defines));
  const report::rule_set_label base_label = side_label(*before, base_eval.defines, defines_differ);
  const report::rule_set_label rules_label = side_label(*after, args.eval.defines, defines_differ);
  if (same_rule_set(args.base, args.rules) && !defines_differ) {
    tell(
        "mfsim diff: warning: --base and --rules name the same rule set ({}): no message can "
        "change; give --base the rule set in force now (e.g. `git show HEAD:{} > deployed`)\n",
        terminal_text(args.base), terminal_text(args.base));
  }
  const auto setup = prepare_evaluation("diff", args.eval);
  if (!setup) return not_run("an evaluation option or file is not valid");
  if (refuse_inputs_twice("diff", args.paths))
    return not_run("the paths name the same messages twice");
  const std::optional<shard_setup> shard =
      prepare_shard("diff", args.shard, args.paths, setup->read);
  if (!shard) return kExitUsage;
  const corpus::shard_selection* selection = shard->get();
  if (selection && !args.report.empty()) {
    tell("mfsim diff: --shard writes parts: --report belongs to `mfsim merge`\n");
    return kExitUsage;
  }
  const bool jsonl = args.format == "jsonl";
  const record_schema schema;

  pipeline::per_worker<worker_state> workers(setup->jobs);
  report::diff_summary summary(selection == nullptr && (!jsonl || !args.report.empty()));
  // Under --shard: the messages that did not change, per transition, for the trailer.
  std::map<std::pair<std::string, std::string>, std::uint64_t> unchanged;
  std::uint64_t part_records = 0;
  // On a terminal, the progress line run shows; taken off before records are written to the
  // same terminal.
  progress bar = corpus_progress(args.quiet, args.paths, selection);
  stdout_batches printed(bar);
  std::string& pending = printed.pending();

  if (selection) {
    // The rule sets' names travel in the header: merge names them without their files.
    nlohmann::json options = {
        {"base", args.base},
        {"rules", args.rules},
        {"labels", nlohmann::json::array({
                       nlohmann::json::array({base_label.name, base_label.source}),
                       nlohmann::json::array({rules_label.name, rules_label.source}),
                   })},
        {"format", args.format},
        {"evaluation", describe_evaluation(args.eval)},
        {"paths", args.paths}};
    // Only when given, so that the headers of diffs without it stay as they were.
    if (!args.base_defines.empty()) options["base_define"] = args.base_defines;
    std::vector<std::string> files = rule_files(args.base);
    for (auto& f : rule_files(args.rules)) files.push_back(std::move(f));
    append_evaluation_files(args.eval, files);
    pending += part_header("diff", options, files, *selection);
  }
  pipeline::message_stages<message_diff, worker_state> stages;
  stages.process = [&](worker_state& state, const corpus::corpus_message& m, message_diff& d) {
    outcome copy_before, copy_after;
    const outcome& a = pipeline::evaluate_message(*before, m, *setup, state.before, copy_before);
    const outcome& b = pipeline::evaluate_message(*after, m, *setup, state.after, copy_after);
    std::string line_a, line_b;
    if (selection) d.position = walk_position(m.input_position, m.entry);
    d.message_bytes = m.whole_size();
    // A change in the forks alone is a change (decision 474): they are part of each record.
    report::append_record(
        line_a, m.id, a, *before,
        pipeline::message_forks(*before, m, *setup, state.before, state.forks_before));
    report::append_record(
        line_b, m.id, b, *after,
        pipeline::message_forks(*after, m, *setup, state.after, state.forks_after));
    report::message_change& c = d.change;
    c.id.assign(m.id);
    c.before_state = report::diff_state(a);
    c.after_state = report::diff_state(b);
    // Same bytes, same record: the common case needs no parsing.
    c.changed = line_a != line_b;
    c.fields.clear();
    c.rules_before.clear();
    c.rules_after.clear();
    c.values.clear();
    d.before_body.clear();
    d.after_body.clear();
    if (!c.changed) return;
    std::string id_prefix = "{\"id\":";
    append_json_string(id_prefix, m.id);
    id_prefix += ',';
    d.before_body = "{" + std::string(record_body(line_a, id_prefix.size()));
    d.after_body = "{" + std::string(record_body(line_b, id_prefix.size()));
    try {
      const auto ja = mfsim::parse_json(line_a);
      const auto jb = mfsim::parse_json(line_b);
      c.fields = changed_fields(ja, jb, schema);
      c.rules_before = string_array(ja, "rules");
      c.rules_after = string_array(jb, "rules");
      c.values = decision_value_changes(ja, jb);
    } catch (const nlohmann::json::exception&) {
      c.fields = {"(record)"};
    }
  };
  std::string record;
  stages.consume = [&](message_diff& d) {
    if (selection && !d.change.changed) ++unchanged[{d.change.before_state, d.change.after_state}];
    if ((jsonl || selection) && d.change.changed) {
      record.clear();
      record += "{\"id\":";
      append_json_string(record, d.change.id);
      record += ",\"before\":";
      record += d.before_body;
      record += ",\"after\":";
      record += d.after_body;
      record += ",\"changed\":[";
      for (std::size_t k = 0; k < d.change.fields.size(); ++k) {
        if (k) record += ',';
        append_json_string(record, d.change.fields[k]);
      }
      record += "]}\n";
      if (selection) {
        // A part carries every changed message, whatever the format: merge renders the table.
        append_positioned(pending, d.position, record,
                          diff_transition_field(d.change.before_state, d.change.after_state));
        ++part_records;
      } else {
        pending += record;
      }
      printed.flush_when_full();
    }
    summary.add(d.change);
    bar.add(d.message_bytes);
  };
  // SIGINT/SIGTERM: what was read is finished, then no summary; the --report file is removed
  // (an output never closed leaves nothing), and an interrupted part has no trailer.
  pipeline::stop_on_signals stop;
  pipeline::evaluate_corpus(args.paths, reading_for({before.get(), after.get()}, *setup), workers,
                            stages, &stop.flag(), selection);
  bar.finish();
  if (const int signal_number = stop.signal_number(); signal_number != 0) {
    printed.flush();
    // The last run's --report is replaced, not left in place (decision 529); said only of a
    // file that now holds the page (decision 988).
    const bool report_says_so =
        !args.report.empty() && write_in_place("diff", "--report", report_file,
                                               interrupted_report_html("diff", signal_number));
    return stopped_by_signal(
        "diff", signal_number,
        report_says_so ? "no summary; the --report file says so" : "no summary");
  }
  if (!args.quiet) tell_passed_over("diff", *setup);
  if (selection) {
    nlohmann::json cells = nlohmann::json::array();
    for (const auto& [key, n] : unchanged) cells.push_back({key.first, key.second, n});
    pending += part_trailer(part_records, {{"unchanged", cells}});
    if (!printed.finish()) {
      tell("mfsim diff: could not write to standard output\n");
      return kExitUsage;
    }
    return summary.changed() > 0 ? kExitChanged : kExitOk;
  }

  const report::diff_report_data data = summary.data(base_label, rules_label);
  if (!jsonl) {
    pending += report::format_diff_table(data);
  } else {
    if (!args.quiet) {
      tell("mfsim diff: {} -> {}: {}, {}\n", terminal_text(data.base_name),
           terminal_text(data.new_name), plural(data.messages, "message", "messages"),
           plural(data.changed, "changed", "changed"));
    }
    // The reason for exit 1 with no changed message, whatever -q says.
    if (data.messages == 0) tell("mfsim diff: {}\n", report::kNothingCompared);
  }
  const bool written = printed.finish();
  if (!args.report.empty()) {
    std::string error;
    report_file.write(report::render_diff_report(data));
    if (!report_file.close(true, error)) {
      tell("mfsim diff: --report: {}\n", error);
      return kExitUsage;
    }
  }
  if (!written) {
    tell("mfsim diff: could not write to standard output\n");
    return kExitUsage;
  }
  // A gate that compared nothing fails, as a check that checked nothing does (decision 520).
  return summary.changed() > 0 || data.messages == 0 ? kExitChanged : kExitOk;
}

}  // namespace mfsim::tools
