// `mfsim merge PART...`: puts the parts of a sharded run, diff, check or agree back together,
// into the bytes the single process would have written (docs/scale-out.md).
#include "tools/cmd_merge.h"

#include <fmt/format.h>

#include <cstdio>
#include <fstream>
#include <map>
#include <memory>
#include <nlohmann/json.hpp>
#include <optional>

#include "engine/bounded_line.h"
#include "engine/json_failure.h"
#include "engine/json_text.h"
#include "engine/report/diff_summary.h"
#include "engine/report/diff_table.h"
#include "engine/report/fork_text.h"
#include "engine/report/html_diff_report.h"
#include "engine/report/html_run_report.h"
#include "engine/terminal_text.h"
#include "engine/utf8_bom.h"
#include "tools/commands.h"
#include "tools/diff_values.h"
#include "tools/evaluation_options.h"
#include "tools/interrupted_report.h"
#include "tools/messages.h"
#include "tools/output_file.h"
#include "tools/output_guard.h"
#include "tools/part_reader.h"
#include "tools/shard_part.h"

namespace mfsim::tools {
namespace {

constexpr int kExitCannotMerge = 2;
constexpr std::size_t kFlushBytes = 1 << 16;

std::vector<std::string> strings_of(const nlohmann::json& record, const char* object,
                                    const char* field) {
  std::vector<std::string> out;
  const auto it = record.find(object);
  if (it == record.end() || !it->is_object()) return out;
  const auto list = it->find(field);
  if (list == it->end() || !list->is_array()) return out;
  for (const auto& v : *list) {
    if (v.is_string()) out.push_back(v.get<std::string>());
  }
  return out;
}

// Writes merged text to -o FILE (a temporary file renamed at the end) or standard output.
class merged_output {
 public:
  std::string open(const std::string& path) { return file_.open(path); }
  void add(std::string_view text) {
    pending_ += text;
    if (pending_.size() >= kFlushBytes) flush();
  }
  void flush() {
    file_.write(pending_);
    pending_.clear();
  }
  bool close(bool complete, std::string& error) {
    flush();
    return file_.close(complete, error);
  }

 private:
  output_file file_;
  std::string pending_;
};

// Writes a report file whole (temporary name, renamed at the end); returns an error text.
std::string write_whole(const std::string& path, const std::string& text) {
  output_file file;
  std::string error = file.open(path);
  if (error.empty()) {
    file.write(text);
    file.close(true, error);
  }
  return error;
}

// The error may quote a part's bytes (a file name, a rule set's name): escaped for the terminal.
int fail(const std::string& error) {
  tell("mfsim merge: {}\n", terminal_text(error));
  return kExitCannotMerge;
}

int finish(merged_output& out, const std::string& error) {
  std::string close_error;
  const bool written = out.close(error.empty(), close_error);
  if (!error.empty()) return fail(error);
  if (!written) return fail(close_error);
  return kExitOk;
}

// A JSON string field as the report shows it: "" for null or absent.
std::string text_of_value(const nlohmann::json& value) {
  if (value.is_null()) return {};
  return value.is_string() ? value.get<std::string>() : value.dump();
}

std::string text_of(const nlohmann::json& record, const char* field) {
  const auto it = record.find(field);
  return it == record.end() ? std::string() : text_of_value(*it);
}

// One of a record's effects as report::effect_row_text writes it: the effect rebuilt from its
// JSON (the views point into `e`), so a merged report shows what a single run shows.
std::string effect_text_of(const nlohmann::json& e) {
  if (!e.is_object()) return e.dump();
  effect x;
  const std::string action = e.value("action", std::string());
  x.action = action.c_str();
  std::vector<std::string> list;
  std::string text;
  const auto value = e.find("value");
  if (value != e.end() && value->is_string()) {
    x.kind = effect_value::text;
    text = value->get<std::string>();
    x.text = text;
  } else if (value != e.end() && value->is_number_integer()) {
    x.kind = effect_value::number;
    x.number = value->get<int>();
  } else if (value != e.end() && value->is_array()) {
    x.kind = effect_value::list;
    for (const auto& item : *value) list.push_back(item.is_string() ? item.get<std::string>() : "");
    x.list = list;
  }
  std::vector<std::pair<std::string, std::string>> details;
  for (auto it = e.begin(); it != e.end(); ++it) {
    if (it.key() == "action" || it.key() == "rule" || it.key() == "value") continue;
    details.emplace_back(it.key(), it->is_string() ? it->get<std::string>() : it->dump());
  }
  for (const auto& [key, detail] : details) {
    if (x.detail_count == effect::kMaxDetails) break;
    x.details[x.detail_count++] = {key.c_str(), detail};
  }
  return report::effect_row_text(e.value("rule", std::string()), x);
}

// The report's row for one run record (what report::make_row takes from the outcome).
bool row_of(const nlohmann::json& record, const std::map<std::string, std::uint32_t>& rule_index,
            report::message_row& row) {
  row = {};
  row.id = text_of(record, "id");
  row.disposition = text_of(record, "disposition");
  row.sender_ip = text_of(record, "sender_ip");
  row.in_egress = record.value("in_egress", false);
  for (const auto& name : record.value("rules", std::vector<std::string>())) {
    const auto it = rule_index.find(name);
    if (it == rule_index.end()) return false;
    row.rules.push_back(it->second);
  }
  row.scl = text_of(record, "scl");
  row.verdict = text_of(record, "verdict");
  row.action = text_of(record, "action");
  row.quarantine_policy = text_of(record, "quarantine_policy");
  row.release = text_of(record, "release");
  row.notify = record.value("notify", false);
  row.expires = text_of(record, "expires");
  row.error = text_of(record, "error");
  if (const auto effects = record.find("effects"); effects != record.end() && effects->is_array()) {
    for (const auto& e : *effects) row.effects.push_back(effect_text_of(e));
  }
  if (const auto forks = record.find("forks"); forks != record.end() && forks->is_array()) {
    for (const auto& f : *forks) {
      if (!f.is_object()) continue;
      std::vector<std::string> recipients;
      if (const auto r = f.find("recipients"); r != f.end() && r->is_array()) {
        for (const auto& address : *r) recipients.push_back(text_of_value(address));
      }
      row.forks.push_back(report::fork_text(recipients, text_of(f, "verdict"), text_of(f, "action"),
                                            text_of(f, "antispam_policy"), text_of(f, "folder")));
    }
  }
  if (record.value("forks_truncated", false)) row.forks.push_back(report::forks_truncated_text());
  report::cap_row_values(row);  // as make_row does, so the merged report is the single one
  return true;
}

// The rule set of a run's parts, loaded again for --report; null after saying why, also when a
// rule file is not the one the shards read.
std::shared_ptr<const plan> plan_of_parts(const part_set& parts) {
  const std::string rules = parts.header()["options"].value("rules", std::string());
  for (const auto& file : rule_files(rules)) {
    // A preset has no digest in the header, and no file.
    const std::string recorded = part_header_digest(parts.header(), file);
    const std::string digest = file_digest(file);
    if (digest.empty() && !recorded.empty()) {
      tell(
          "mfsim merge: --report reads the rule file the shards read, {}, as the parts name it: "
          "it cannot be read from here, or is no regular file (run merge where the shards ran, "
          "or without --report)\n",
          terminal_text(file));
      return nullptr;
    }
    if (recorded != digest) {
      tell("mfsim merge: --report: {} is not the rule file the shards read (it changed since)\n",
           terminal_text(file));
      return nullptr;
    }
  }
  return load_plan(rules);
}

int merge_run(const merge_arguments& args, part_set& parts) {
  if (!args.junit.empty()) return fail("--junit goes with the parts of `mfsim check`");
  std::shared_ptr<const plan> compiled;
  std::optional<report::html_run_report> html;
  std::map<std::string, std::uint32_t> rule_index;
  if (!args.report.empty()) {
    compiled = plan_of_parts(parts);
    if (!compiled) return kExitCannotMerge;
    html.emplace(*compiled);
    for (std::size_t k = 0; k < compiled->rule_count(); ++k) {
      if (!rule_index.emplace(std::string(compiled->rule_name(k)), static_cast<std::uint32_t>(k))
               .second) {
        return fail(
            fmt::format("--report: two rules are named '{}': records cannot tell them apart",
                        compiled->rule_name(k)));
      }
    }
  }
  merged_output out;
  if (const std::string error = out.open(args.output); !error.empty()) return fail(error);
  part_record r;
  std::string error;
  report::message_row row;
  while (parts.next(r, error)) {
    out.add(r.record);
    if (!html) continue;
    bool read = false;
    try {
      read = row_of(mfsim::parse_json(r.record), rule_index, row);
    } catch (const nlohmann::json::exception&) {
    }
    if (!read) {
      error = "--report: a record cannot be read back, or names a rule the rule set lacks";
      break;
    }
    html->add(std::move(row));
  }
  if (const int status = finish(out, error); status != kExitOk) return status;
  if (html) {
    if (const std::string report_error = write_whole(args.report, html->render());
        !report_error.empty())
      return fail("--report: " + report_error);
  }
  return kExitOk;
}

int merge_diff(const merge_arguments& args, part_set& parts) {
  if (!args.junit.empty()) return fail("--junit goes with the parts of `mfsim check`");
  const nlohmann::json& options = parts.header()["options"];
  const bool jsonl = options.value("format", std::string()) == "jsonl";
  // The table and the report name the rule sets as the header does: no rule file is read, so a
  // merge job needs only the parts. (A field of another type throws: see merge_command.)
  const nlohmann::json& labels = options.at("labels");
  const report::rule_set_label before{labels.at(0).at(0).get<std::string>(),
                                      labels.at(0).at(1).get<std::string>()};
  const report::rule_set_label after{labels.at(1).at(0).get<std::string>(),
                                     labels.at(1).at(1).get<std::string>()};
  report::diff_summary summary(!jsonl || !args.report.empty());
  try {
    for (const auto& totals : parts.totals()) {
      for (const auto& cell : totals.at("unchanged"))
        summary.add_unchanged(cell.at(0).get<std::string>(), cell.at(1).get<std::string>(),
                              cell.at(2).get<std::uint64_t>());
    }
  } catch (const nlohmann::json::exception& e) {
    return fail("a part's totals cannot be read: " + json_exception_text(e));
  }
  merged_output out;
  if (const std::string error = out.open(args.output); !error.empty()) return fail(error);
  part_record r;
  std::string error;
  report::message_change change;
  while (parts.next(r, error)) {
    if (jsonl) out.add(r.record);
    try {
      const auto states = mfsim::parse_json("{" + std::string(r.extra) + "}")["transition"];
      const auto record = mfsim::parse_json(r.record);
      change.id = record.value("id", std::string());
      change.before_state = states.at(0).get<std::string>();
      change.after_state = states.at(1).get<std::string>();
      change.changed = true;
      change.fields = record.value("changed", std::vector<std::string>());
      change.rules_before = strings_of(record, "before", "rules");
      change.rules_after = strings_of(record, "after", "rules");
      change.values = decision_value_changes(record.at("before"), record.at("after"));
    } catch (const nlohmann::json::exception& e) {
      error = "a changed record cannot be read: " + json_exception_text(e);
      break;
    }
    summary.add(change);
  }
  if (!error.empty()) return finish(out, error);
  const report::diff_report_data data = summary.data(before, after);
  if (!jsonl) {
    out.add(report::format_diff_table(data));
  } else {
    if (!args.quiet) {
      tell("mfsim diff: {} -> {}: {} message{}, {} changed\n", terminal_text(data.base_name),
           terminal_text(data.new_name), data.messages, data.messages == 1 ? "" : "s",
           data.changed);
    }
    if (data.messages == 0) tell("mfsim diff: {}\n", report::kNothingCompared);
  }
  if (const int status = finish(out, error); status != kExitOk) return status;
  if (!args.report.empty()) {
    if (const std::string report_error = write_whole(args.report, report::render_diff_report(data));
        !report_error.empty())
      return fail("--report: " + report_error);
  }
  // As `mfsim diff`: 1 when some message changed, or when no part read any (decision 520).
  return summary.changed() > 0 || data.messages == 0 ? 1 : kExitOk;
}

// The rule and expectations files a part header's "mfsim_part" object names, added to `inputs`.
void add_files_named(const nlohmann::json& header, command_inputs& inputs) {
  const auto options = header.find("options");
  if (options == header.end() || !options->is_object()) return;
  for (const char* key : {"rules", "base"}) {
    const auto spec = options->find(key);
    if (spec == options->end() || !spec->is_string()) continue;
    for (auto& file : rule_files(spec->get<std::string>())) inputs.files.push_back(std::move(file));
  }
  const auto expect = options->find("expect");
  if (expect != options->end() && expect->is_string()) inputs.files.push_back(*expect);
}

// The files the headers of parts that do not merge name, as add_files_named; false when a part's
// first line is not a header that can be read (then what its outputs must not be is unknown). A
// shard that did not finish left a line saying so (decision 701) and names nothing: the others,
// parts of the same run, name its files, so one of them at least must be read.
bool add_files_named_by_headers(const std::vector<std::string>& paths, command_inputs& inputs) {
  bool named = false;
  for (const std::string& path : paths) {
    std::ifstream part(path, std::ios::binary);
    std::string line;
    bool cut = false;
    if (!getline_bounded(part, line, std::size_t{1} << 20, cut) || cut) return false;
    strip_utf8_bom(line);
    if (is_unfinished_output(line)) continue;
    const auto header = mfsim::parse_json_or_discarded(line);
    if (!header.is_object() || !header.contains("mfsim_part") || !header["mfsim_part"].is_object())
      return false;
    add_files_named(header["mfsim_part"], inputs);
    named = true;
  }
  return named;
}

int merge_parts(const merge_arguments& args) {
  std::string error;
  // What the merge reads: the parts, and the rule and expectation files their header names. No
  // output may be one of them (docs/reliability.md, "Outputs").
  command_inputs inputs{{}, args.parts};
  const std::vector<std::pair<std::string, std::string>> outputs = {
      {"-o", args.output}, {"--report", args.report}, {"--junit", args.junit}};
  if (refuse_conflicting_outputs("merge", outputs, inputs)) return kExitCannotMerge;
  // An output whose folder is missing or read-only fails before a part is read (decisions 781,
  // 884): trying one creates and removes a temporary file beside it, which no part can be.
  if (refuse_uncreatable_outputs("merge", outputs)) return kExitCannotMerge;
  std::optional<part_set> parts = part_set::open(args.parts, error);
  if (!parts) {
    // Parts that do not merge (a shard missing, one cut short) still leave no --junit or
    // --report of the run before (decision 585), when every part's header names the files the
    // outputs must not be.
    if (add_files_named_by_headers(args.parts, inputs) &&
        outputs_conflict(outputs, inputs).empty()) {
      replace_last_records("merge", args.output);
      replace_last_run_output("merge", "--report", args.report, unfinished_report_html("merge"));
      replace_last_run_output("merge", "--junit", args.junit, unfinished_check_junit());
    }
    return fail(error);
  }
  add_files_named(parts->header(), inputs);
  if (refuse_conflicting_outputs("merge", outputs, inputs)) return kExitCannotMerge;
  const std::string command = parts->command();
  // Until the merged files replace them, --report and --junit say the merge did not finish: a
  // merge that fails or is stopped leaves no report of the run before (decision 582).
  // Only the file the parts' command writes: another is refused, and left as it is. -o, which
  // every command's merge writes, holds a line that no reader takes for records (decision 701).
  replace_last_records("merge", args.output);
  if (command == "run" || command == "diff")
    replace_last_run_output("merge", "--report", args.report, unfinished_report_html("merge"));
  if (command == "check")
    replace_last_run_output("merge", "--junit", args.junit, unfinished_check_junit());
  if (command == "run") return merge_run(args, *parts);
  if (command == "diff") return merge_diff(args, *parts);
  if (command == "check") {
    if (!args.report.empty()) return fail("--report does not go with the parts of check");
    merged_output out;
    if (const std::string open_error = out.open(args.output); !open_error.empty())
      return fail(open_error);
    std::string merged;
    const int status = merge_check(
        *parts, args.junit, merged,
        [&] {
          out.add(merged);
          merged.clear();
        },
        error);
    out.add(merged);
    const int written = finish(out, status == kExitUsage ? error : std::string());
    return written != kExitOk ? written : status;
  }
  if (command == "agree") {
    if (!args.report.empty() || !args.junit.empty())
      return fail("--report and --junit do not go with the parts of agree");
    std::string merged;
    const int status = merge_agree(*parts, merged, error);
    if (status != kExitOk) return fail(error);
    merged_output out;
    if (const std::string open_error = out.open(args.output); !open_error.empty())
      return fail(open_error);
    out.add(merged);
    return finish(out, {});
  }
  return fail(fmt::format("parts of `mfsim {}` cannot be merged", command));
}

}  // namespace

// Parts are mfsim's own JSONL, but a user may hand it any file: a header or trailer field of
// another type than mfsim writes is a refusal, not a crash.
int merge_command(const merge_arguments& given) {
  merge_arguments args = given;
  args.output = output_path(given.output);
  try {
    return merge_parts(args);
  } catch (const nlohmann::json::exception& e) {
    return fail("the parts are not as mfsim writes them: " + json_exception_text(e));
  }
}

}  // namespace mfsim::tools
