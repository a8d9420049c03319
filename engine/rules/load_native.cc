// The YAML rule-set loader: walks the yaml-cpp tree, fills the model, collects diagnostics.
#include "engine/rules/load_native.h"

#include <fmt/format.h>
#include <yaml-cpp/yaml.h>

#include <algorithm>
#include <charconv>
#include <climits>
#include <filesystem>
#include <map>
#include <memory>
#include <optional>
#include <span>
#include <utility>
#include <vector>

#include "engine/net/ip_range_set.h"
#include "engine/read_file.h"
#include "engine/rules/native_loader.h"
#include "engine/rules/validate.h"
#include "engine/rules/yaml_document.h"

namespace mfsim::rules {
namespace native {

source_span loader::span_of(const YAML::Node& node) const { return yaml::span_of(node, file_); }

// yaml-cpp marks an absent value ("Key:" and nothing) at the next token: point at the key.
source_span loader::value_span(const field& f) const {
  return f.value.IsNull() ? span_of(f.key_node) : span_of(f.value);
}

void loader::error(diag_code code, source_span where, std::string message) {
  diagnostics_.push_back(diagnostic{code, std::move(where), std::move(message)});
}

std::vector<diagnostic> loader::take_diagnostics() {
  std::stable_sort(
      diagnostics_.begin(), diagnostics_.end(), [](const diagnostic& a, const diagnostic& b) {
        return std::pair(a.where.line, a.where.col) < std::pair(b.where.line, b.where.col);
      });
  return std::move(diagnostics_);
}

fields loader::read_mapping(const YAML::Node& map, std::span<const std::string_view> allowed,
                            const std::string& where_phrase,
                            std::span<const std::string_view> listed,
                            std::span<const yaml::left_out_key> left_out) {
  return yaml::read_mapping(map, allowed, where_phrase, file_, diagnostics_, listed, left_out);
}

// The readers are the importers' (param_readers.h), so that a YAML value is checked, and
// reported, as the same parameter in a PowerShell script or a JSON export is.

param_value loader::as_value(const YAML::Node& node, bool flags) const {
  param_value out;
  out.where = span_of(node);
  if (node.IsScalar()) {
    const std::string& text = node.Scalar();
    const bool on = ascii_iequals(text, "true") || ascii_iequals(text, "$true");
    if (flags && (on || ascii_iequals(text, "false") || ascii_iequals(text, "$false"))) {
      out.type = value_type::boolean;
      out.flag = on;
    } else {
      out.type = value_type::text;
    }
    out.text = text;
  } else if (node.IsSequence()) {
    out.type = value_type::list;
    for (const auto& item : node) out.items.push_back(as_value(item, flags));
  } else if (node.IsMap()) {
    out.type = value_type::mapping;
  }
  return out;
}

parameter loader::as_parameter(const field& f, bool flags) const {
  parameter p{f.key, as_value(f.value, flags), span_of(f.key_node)};
  p.value.where = value_span(f);
  return p;
}

std::optional<std::string> loader::read_string(const field& f, const std::string& ctx,
                                               bool allow_empty) {
  return rules::read_text(as_parameter(f, false), ctx, param_style::yaml, allow_empty,
                          diagnostics_);
}

std::optional<int> loader::read_int(const field& f, const std::string& ctx, int low, int high) {
  return rules::read_int(as_parameter(f, false), ctx, param_style::yaml, low, high, diagnostics_);
}

std::optional<bool> loader::read_bool(const field& f, const std::string& ctx) {
  return rules::read_bool(as_parameter(f, true), ctx, param_style::yaml, diagnostics_);
}

std::optional<std::vector<list_item>> loader::read_list(const field& f, const std::string& ctx,
                                                        std::string_view noun, bool allow_empty) {
  return detail::read_list(as_parameter(f, false), ctx, param_style::yaml, noun, diagnostics_,
                           allow_empty);
}

std::optional<std::string> loader::read_header_name(const field& f, const std::string& ctx) {
  return detail::read_header_name(as_parameter(f, false), ctx, param_style::yaml, diagnostics_);
}

// The Name of a quarantine policy or transport rule: non-empty, at most 64 characters.
std::optional<std::string> loader::read_name(const field& f, const std::string& ctx) {
  return rules::read_name(as_parameter(f, false), ctx, param_style::yaml, diagnostics_);
}

// ---- sections -----------------------------------------------------------------------------

rule_set loader::load(const YAML::Node& root) {
  out_.source = file_;
  if (!root.IsDefined() || root.IsNull()) {
    // An empty file has one place to point at: where 'mfsim: 1' should be.
    error(diag_code::missing_key, source_span{file_, 1, 1},
          "the rule set is empty; it must start with 'mfsim: 1' (the format version)");
    return std::move(out_);
  }
  if (!root.IsMap()) {
    error(diag_code::bad_value, span_of(root),
          fmt::format("expected a mapping of top-level keys ({}), found {}", join(top_keys),
                      describe(root)));
    return std::move(out_);
  }
  const std::string top = "at the top level";
  const fields map = read_mapping(root, top_keys, top);
  check_version(map, root);
  if (const field* f = map.find("name")) out_.name = read_string(*f, top, false).value_or("");
  if (const field* f = map.find("description")) {
    out_.description = read_string(*f, top, true).value_or("");
  }
  if (const field* f = map.find("area1")) load_area1(*f);
  if (const field* f = map.find("ip_lists")) load_ip_lists(*f);
  if (const field* f = map.find("quarantine_policies")) load_quarantine_policies(*f);
  if (const field* f = map.find("antispam_policy")) load_antispam(*f);
  if (const field* f = map.find("antispam_policies")) load_scoped_antispam(*f);
  if (const field* f = map.find("antiphish_policy")) load_antiphish(*f);
  if (const field* f = map.find("settings")) load_settings(*f);
  if (const field* f = map.find("organization")) load_organization(*f);
  if (const field* f = map.find("transport_rules")) load_transport_rules(*f);
  resolve_references();
  return std::move(out_);
}

void loader::check_version(const fields& top, const YAML::Node& root) {
  const field* f = top.find("mfsim");
  if (f == nullptr) {
    error(diag_code::missing_key, span_of(root),
          "missing key 'mfsim' at the top level: give 'mfsim: 1' (the format version)");
    return;
  }
  if (f->value.IsScalar() && f->value.Scalar() == "1") return;
  error(diag_code::bad_value, value_span(*f),
        fmt::format("'mfsim' at the top level: expected the format version 1, found {}",
                    describe(f->value)));
}

void loader::resolve_references() {
  std::vector<std::string_view> list_names;
  for (const auto& list : out_.ip_lists) list_names.push_back(list.name);
  for (const auto& ref : list_references_) {
    if (std::find(list_names.begin(), list_names.end(), ref.name) != list_names.end()) continue;
    const std::string hint = did_you_mean(ref.name, list_names, "$");
    error(diag_code::bad_reference, ref.where,
          list_names.empty() ? fmt::format("unknown IP list '{}' in {}: no ip_lists are defined",
                                           ref.name, ref.used_in)
          : hint.empty()
              ? fmt::format("unknown IP list '{}' in {}; defined lists: {}", ref.name, ref.used_in,
                            join(list_names))
              : fmt::format("unknown IP list '{}' in {}{}", ref.name, ref.used_in, hint));
  }

  resolve_quarantine_tags(out_, tags_, diagnostics_, param_style::yaml);
}

}  // namespace native

using native::loader;

namespace {

rule_set load_yaml_text(std::string_view text, const std::string& file_name,
                        yaml::text_origin origin) {
  yaml::document doc = yaml::load_document(text, file_name, "a rule-set file", origin);
  loader reader(file_name);
  rule_set out = reader.load(doc.root);
  std::vector<diagnostic> diagnostics = reader.take_diagnostics();
  for (auto& d : doc.problems) diagnostics.push_back(std::move(d));
  if (!diagnostics.empty()) throw load_error(std::move(diagnostics));
  return out;
}

}  // namespace

rule_set load_rule_set_yaml(std::string_view text, const std::string& file_name) {
  return load_yaml_text(text, file_name, yaml::text_origin::user);
}

rule_set load_built_in_rule_set_yaml(std::string_view text, const std::string& file_name) {
  return load_yaml_text(text, file_name, yaml::text_origin::built_in);
}

rule_set load_rule_set_file(const std::string& path) {
  const std::string text = read_whole_file(path, "rule set");
  rule_set out = load_rule_set_yaml(text, path);
  out.source = path;
  if (out.name.empty()) out.name = std::filesystem::path(path).stem().string();
  return out;
}

}  // namespace mfsim::rules
