// The YAML rule-set loader: walks the yaml-cpp tree, fills the model, collects diagnostics.
#include "engine/rules/load_native.h"

#include <fmt/format.h>
#include <yaml-cpp/eventhandler.h>
#include <yaml-cpp/yaml.h>

#include <algorithm>
#include <cerrno>
#include <charconv>
#include <climits>
#include <cstdio>
#include <cstring>
#include <filesystem>
#include <map>
#include <memory>
#include <optional>
#include <span>
#include <sstream>
#include <utility>
#include <vector>

#include "engine/net/ip_range_set.h"
#include "engine/rules/validate.h"

namespace mfsim::rules {
namespace {

// The value of `key` in a mapping, or an undefined node. yaml-cpp's const operator[] would
// return an invalid node that throws on use when the key is missing.
YAML::Node value_of(const YAML::Node& map, std::string_view key) {
  for (auto it = map.begin(); it != map.end(); ++it) {
    if (it->first.IsScalar() && it->first.Scalar() == key) return it->second;
  }
  return YAML::Node(YAML::NodeType::Undefined);
}

// How a node is described in "found ..." (scalars quoted, long ones cut).
std::string describe(const YAML::Node& node) {
  if (!node.IsDefined() || node.IsNull()) return "an empty value";
  if (node.IsSequence()) return "a list";
  if (node.IsMap()) return "a mapping";
  const std::string& text = node.Scalar();
  if (text.empty()) return "an empty string";
  if (text.size() > 60) {
    std::size_t cut = 57;  // back up to a character boundary
    while (cut > 0 && (static_cast<unsigned char>(text[cut]) & 0xC0u) == 0x80u) --cut;
    return fmt::format("'{}...'", text.substr(0, cut));
  }
  return fmt::format("'{}'", text);
}

// ---- key tables ---------------------------------------------------------------------------

constexpr std::string_view top_keys[] = {"mfsim",           "name",
                                         "description",     "area1",
                                         "ip_lists",        "quarantine_policies",
                                         "antispam_policy", "antispam_policies",
                                         "settings",        "transport_rules"};
constexpr std::string_view area1_keys[] = {"disposition_header", "quarantine_dispositions",
                                           "egress_list",        "configured_as",
                                           "forwarding_to",      "outbound_tls",
                                           "ip_restrictions"};
constexpr std::string_view ip_list_keys[] = {"entries", "comment"};
constexpr std::string_view quarantine_policy_keys[] = {"Name", "EndUserQuarantinePermissionsValue",
                                                       "ESNEnabled"};
constexpr std::string_view antispam_keys[] = {"Name",
                                              "SpamAction",
                                              "SpamQuarantineTag",
                                              "HighConfidenceSpamAction",
                                              "HighConfidenceSpamQuarantineTag",
                                              "PhishSpamAction",
                                              "PhishQuarantineTag",
                                              "HighConfidencePhishAction",
                                              "HighConfidencePhishQuarantineTag",
                                              "BulkSpamAction",
                                              "BulkQuarantineTag",
                                              "BulkThreshold",
                                              "QuarantineRetentionPeriod",
                                              "AddXHeaderValue",
                                              "ModifySubjectValue"};
// A policy other than Default also has its recipient scope (New-HostedContentFilterRule).
const std::vector<std::string_view>& scoped_antispam_keys() {
  static const std::vector<std::string_view> keys = [] {
    std::vector<std::string_view> k = {"Priority", "RecipientDomainIs", "SentTo"};
    k.insert(k.end(), std::begin(antispam_keys), std::end(antispam_keys));
    return k;
  }();
  return keys;
}
constexpr std::string_view settings_keys[] = {"notification_frequency", "scl_model"};
constexpr std::string_view dispositions[] = {"MALICIOUS", "SUSPICIOUS", "SPOOF", "UCE", "BULK"};

template <class E>
struct enum_name {
  std::string_view text;
  E value;
};

constexpr enum_name<spam_action> spam_actions[] = {{"MoveToJmf", spam_action::move_to_jmf},
                                                   {"AddXHeader", spam_action::add_x_header},
                                                   {"ModifySubject", spam_action::modify_subject},
                                                   {"Redirect", spam_action::redirect},
                                                   {"Delete", spam_action::delete_message},
                                                   {"Quarantine", spam_action::quarantine},
                                                   {"NoAction", spam_action::no_action}};
constexpr enum_name<notification_frequency> frequencies[] = {
    {"4h", notification_frequency::every_4_hours},
    {"daily", notification_frequency::daily},
    {"weekly", notification_frequency::weekly}};
constexpr enum_name<scl_model> scl_models[] = {{"classic", scl_model::classic},
                                               {"advisory", scl_model::advisory}};

// ---- the loader ---------------------------------------------------------------------------

// One known key of a mapping with its value, in file order.
struct field {
  std::string key;
  YAML::Node key_node;
  YAML::Node value;
};

struct fields {
  std::vector<field> items;

  [[nodiscard]] const field* find(std::string_view key) const {
    for (const auto& item : items) {
      if (item.key == key) return &item;
    }
    return nullptr;
  }
};

// One item of a list value: its text and where it stands.
struct list_item {
  std::string text;
  source_span where;
};

class loader {
 public:
  explicit loader(std::string file) : file_(std::move(file)) {}

  rule_set load(const YAML::Node& root);
  [[nodiscard]] std::vector<diagnostic> take_diagnostics();

 private:
  // A `$name` in SenderIpRanges or area1.egress_list, checked once every list is known.
  struct list_reference {
    std::string name;
    source_span where;
    std::string used_in;  // "SenderIpRanges of transport rule 'X'"
  };
  // A quarantine tag of the anti-spam policy, checked once every policy is known.
  struct tag_reference {
    std::string* tag;
    source_span where;
    std::string key;
    std::string owner;  // "antispam_policy", "anti-spam policy 'Strict'"
  };

  [[nodiscard]] source_span span_of(const YAML::Node& node) const;
  [[nodiscard]] source_span value_span(const field& f) const;
  void error(diag_code code, source_span where, std::string message);

  // `listed`: the keys an "allowed keys" message names (default: all of `allowed`).
  fields read_mapping(const YAML::Node& map, std::span<const std::string_view> allowed,
                      const std::string& where_phrase,
                      std::span<const std::string_view> listed = {});
  std::optional<std::string> read_string(const field& f, const std::string& ctx, bool allow_empty);
  std::optional<int> read_int(const field& f, const std::string& ctx, int low, int high);
  std::optional<bool> read_bool(const field& f, const std::string& ctx);
  template <class E, std::size_t N>
  std::optional<E> read_enum(const field& f, const std::string& ctx,
                             const enum_name<E> (&names)[N]);
  std::optional<std::vector<list_item>> read_list(const field& f, const std::string& ctx,
                                                  std::string_view noun, bool allow_empty);
  std::optional<std::string> read_header_name(const field& f, const std::string& ctx);
  std::optional<std::string> read_name(const field& f, const std::string& ctx);

  void check_version(const fields& top, const YAML::Node& root);
  void load_area1(const field& f);
  void load_ip_lists(const field& f);
  void load_quarantine_policies(const field& f);
  void load_antispam(const field& f);
  void load_scoped_antispam(const field& f);
  void load_antispam_settings(const fields& map, const std::string& ctx, antispam_policy& policy);
  void load_verdict(const fields& map, const std::string& ctx, std::string_view action_key,
                    std::string_view tag_key, verdict_setting& out);
  void load_settings(const field& f);
  void load_transport_rules(const field& f);
  void load_rule(const YAML::Node& node, std::size_t index);
  [[nodiscard]] param_value to_param_value(const YAML::Node& node) const;
  // A key's value as a parameter value, positioned as value_span() says.
  [[nodiscard]] param_value to_param_value(const field& f) const;
  void check_ip_entries(const std::vector<list_item>& items, const std::string& used_in,
                        bool allow_references);
  void resolve_references();

  std::string file_;
  rule_set out_;
  std::vector<diagnostic> diagnostics_;
  std::vector<list_reference> list_references_;
  std::vector<tag_reference> tag_references_;
  std::map<std::string, int> rule_name_lines_;  // lower-cased name -> line of its Name
  std::map<int, int> priority_lines_;           // priority -> line where it was first given
};

source_span loader::span_of(const YAML::Node& node) const {
  const YAML::Mark mark = node.Mark();
  if (mark.is_null()) return source_span{file_, 0, 0};
  return source_span{file_, mark.line + 1, mark.column + 1};
}

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

// Reports unknown, repeated and non-text keys; returns the known ones in file order.
fields loader::read_mapping(const YAML::Node& map, std::span<const std::string_view> allowed,
                            const std::string& where_phrase,
                            std::span<const std::string_view> listed) {
  if (listed.empty()) listed = allowed;
  fields out;
  for (auto it = map.begin(); it != map.end(); ++it) {
    const YAML::Node key = it->first;
    if (!key.IsScalar()) {
      error(diag_code::bad_value, span_of(key),
            fmt::format("expected a key name {}, found {}", where_phrase, describe(key)));
      continue;
    }
    const std::string& name = key.Scalar();
    if (std::find(allowed.begin(), allowed.end(), name) == allowed.end()) {
      const std::string hint = did_you_mean(name, allowed);
      error(diag_code::unknown_key, span_of(key),
            hint.empty() ? fmt::format("unknown key '{}' {}; allowed keys: {}", name, where_phrase,
                                       join(listed))
                         : fmt::format("unknown key '{}' {}{}", name, where_phrase, hint));
      continue;
    }
    if (const field* first = out.find(name)) {
      error(diag_code::duplicate, span_of(key),
            fmt::format("key '{}' given twice {} (first at line {})", name, where_phrase,
                        span_of(first->key_node).line));
      continue;
    }
    out.items.push_back(field{name, key, it->second});
  }
  return out;
}

std::optional<std::string> loader::read_string(const field& f, const std::string& ctx,
                                               bool allow_empty) {
  if (f.value.IsNull() && allow_empty) return std::string();
  if (!f.value.IsScalar()) {
    error(diag_code::bad_value, value_span(f),
          fmt::format("'{}' {}: expected a text, found {}", f.key, ctx, describe(f.value)));
    return std::nullopt;
  }
  if (!allow_empty && trim(f.value.Scalar()).empty()) {
    error(
        diag_code::bad_value, value_span(f),
        fmt::format("'{}' {}: expected a non-empty text, found {}", f.key, ctx, describe(f.value)));
    return std::nullopt;
  }
  return f.value.Scalar();
}

std::optional<int> loader::read_int(const field& f, const std::string& ctx, int low, int high) {
  if (f.value.IsScalar()) {
    const std::string& text = f.value.Scalar();
    long long value = 0;
    const char* end = text.data() + text.size();
    const auto [stop, ec] = std::from_chars(text.data(), end, value);
    if (!text.empty() && ec == std::errc() && stop == end && value >= low && value <= high) {
      return static_cast<int>(value);
    }
  }
  const std::string expected = high == INT_MAX ? fmt::format("an integer of {} or more", low)
                                               : fmt::format("an integer from {} to {}", low, high);
  error(diag_code::bad_value, value_span(f),
        fmt::format("'{}' {}: expected {}, found {}", f.key, ctx, expected, describe(f.value)));
  return std::nullopt;
}

std::optional<bool> loader::read_bool(const field& f, const std::string& ctx) {
  if (f.value.IsScalar()) {
    const std::string& text = f.value.Scalar();
    if (iequals(text, "true") || iequals(text, "$true")) return true;
    if (iequals(text, "false") || iequals(text, "$false")) return false;
  }
  error(diag_code::bad_value, value_span(f),
        fmt::format("'{}' {}: expected true or false, found {}", f.key, ctx, describe(f.value)));
  return std::nullopt;
}

template <class E, std::size_t N>
std::optional<E> loader::read_enum(const field& f, const std::string& ctx,
                                   const enum_name<E> (&names)[N]) {
  std::string_view texts[N];
  for (std::size_t i = 0; i < N; ++i) texts[i] = names[i].text;
  std::string hint;
  if (f.value.IsScalar()) {
    for (const auto& name : names) {
      if (iequals(f.value.Scalar(), name.text)) return name.value;
    }
    hint = did_you_mean(f.value.Scalar(), texts);
  }
  error(diag_code::bad_value, value_span(f),
        fmt::format("'{}' {}: expected one of {}, found {}{}", f.key, ctx, join(texts),
                    describe(f.value), hint));
  return std::nullopt;
}

// A list of texts; a single text counts as a one-item list. `noun` has its article: "a word".
std::optional<std::vector<list_item>> loader::read_list(const field& f, const std::string& ctx,
                                                        std::string_view noun, bool allow_empty) {
  std::vector<list_item> items;
  if (f.value.IsScalar()) {
    items.push_back(list_item{f.value.Scalar(), span_of(f.value)});
  } else if (f.value.IsSequence()) {
    for (const auto& item : f.value) {
      if (!item.IsScalar()) {
        error(diag_code::bad_value, span_of(item),
              fmt::format("an item of '{}' {}: expected {}, found {}", f.key, ctx, noun,
                          describe(item)));
        return std::nullopt;
      }
      items.push_back(list_item{item.Scalar(), span_of(item)});
    }
  } else {
    error(diag_code::bad_value, value_span(f),
          fmt::format("'{}' {}: expected {} or a list of them, found {}", f.key, ctx, noun,
                      describe(f.value)));
    return std::nullopt;
  }
  if (items.empty() && !allow_empty) {
    error(diag_code::bad_value, value_span(f),
          fmt::format("'{}' {}: the list is empty; give at least one {}", f.key, ctx,
                      noun.substr(noun.find(' ') + 1)));
    return std::nullopt;
  }
  bool ok = true;
  for (const auto& item : items) {
    if (trim(item.text).empty()) {
      error(diag_code::bad_value, item.where,
            fmt::format("'{}' {}: expected {}, found an empty string", f.key, ctx, noun));
      ok = false;
    }
  }
  if (!ok) return std::nullopt;
  return items;
}

std::optional<std::string> loader::read_header_name(const field& f, const std::string& ctx) {
  auto text = read_string(f, ctx, false);
  if (text && !is_header_name(*text)) {
    error(diag_code::bad_value, value_span(f),
          fmt::format("'{}' {}: expected a header name (printable ASCII without spaces or "
                      "':'), found {}",
                      f.key, ctx, describe(f.value)));
    return std::nullopt;
  }
  return text;
}

// The Name of a quarantine policy or transport rule: non-empty, at most 64 characters.
std::optional<std::string> loader::read_name(const field& f, const std::string& ctx) {
  auto text = read_string(f, ctx, false);
  if (text && utf8_length(*text) > 64) {
    error(diag_code::bad_value, value_span(f),
          fmt::format("'{}' {}: expected at most 64 characters, found {}", f.key, ctx,
                      utf8_length(*text)));
    return std::nullopt;
  }
  return text;
}

// ---- sections -----------------------------------------------------------------------------

rule_set loader::load(const YAML::Node& root) {
  out_.source = file_;
  if (!root.IsDefined() || root.IsNull()) {
    error(diag_code::missing_key, source_span{file_, 0, 0},
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
  if (const field* f = map.find("settings")) load_settings(*f);
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

void loader::load_area1(const field& f) {
  const std::string ctx = "in area1";
  auto& area1 = out_.area1;
  area1.where = span_of(f.value);
  if (!f.value.IsMap()) {
    error(diag_code::bad_value, value_span(f),
          fmt::format("'area1' at the top level: expected a mapping of {}, found {}",
                      join(area1_keys), describe(f.value)));
    return;
  }
  const fields map = read_mapping(f.value, area1_keys, ctx);
  if (const field* k = map.find("disposition_header")) {
    if (auto name = read_header_name(*k, ctx)) area1.disposition_header = *name;
  }
  if (const field* k = map.find("quarantine_dispositions")) {
    if (auto items = read_list(*k, ctx, "a disposition", true)) {
      std::map<std::string, int> seen;
      for (const auto& item : *items) {
        const std::string upper = to_upper(trim(item.text));
        if (std::find(std::begin(dispositions), std::end(dispositions), upper) ==
            std::end(dispositions)) {
          const std::string hint = upper == "SPAM"
                                       ? std::string(" (Area 1 writes its SPAM disposition as UCE)")
                                       : did_you_mean(upper, dispositions);
          error(diag_code::bad_value, item.where,
                fmt::format("'quarantine_dispositions' in area1: expected one of {}, found "
                            "'{}'{}",
                            join(dispositions), item.text, hint));
        } else if (const auto it = seen.find(upper); it != seen.end()) {
          error(diag_code::duplicate, item.where,
                fmt::format("disposition '{}' listed twice in 'quarantine_dispositions' (first "
                            "at line {})",
                            upper, it->second));
        } else {
          seen.emplace(upper, item.where.line);
          area1.quarantine_dispositions.push_back(upper);
        }
      }
    }
  }
  if (const field* k = map.find("egress_list")) {
    if (auto name = read_string(*k, ctx, false)) {
      area1.egress_list = *name;
      list_references_.push_back({*name, value_span(*k), "'egress_list' of area1"});
    }
  }
  if (const field* k = map.find("configured_as")) {
    if (auto text = read_string(*k, ctx, false)) area1.configured_as = *text;
  }
  if (const field* k = map.find("forwarding_to")) {
    if (auto text = read_string(*k, ctx, true)) area1.forwarding_to = *text;
  }
  if (const field* k = map.find("outbound_tls")) {
    if (auto value = read_bool(*k, ctx)) area1.outbound_tls = *value;
  }
  if (const field* k = map.find("ip_restrictions")) {
    if (auto items = read_list(*k, ctx, "an IP range", true)) {
      check_ip_entries(*items, "'ip_restrictions' of area1", false);
      for (auto& item : *items) area1.ip_restrictions.push_back(std::move(item.text));
    }
  }
}

void loader::load_ip_lists(const field& f) {
  if (!f.value.IsMap()) {
    error(diag_code::bad_value, value_span(f),
          fmt::format("'ip_lists' at the top level: expected a mapping of list names to "
                      "{{entries: [...], comment: ...}}, found {}",
                      describe(f.value)));
    return;
  }
  std::map<std::string, int> seen;
  for (auto it = f.value.begin(); it != f.value.end(); ++it) {
    const YAML::Node key = it->first;
    const YAML::Node value = it->second;
    if (!key.IsScalar() || trim(key.Scalar()).empty()) {
      error(diag_code::bad_value, span_of(key),
            fmt::format("expected an IP list name in 'ip_lists', found {}", describe(key)));
      continue;
    }
    const std::string& name = key.Scalar();
    if (name.front() == '$') {
      error(diag_code::bad_value, span_of(key),
            fmt::format("IP list name '{}': write the name without '$' here ('$' marks a "
                        "reference in SenderIpRanges)",
                        name));
      continue;
    }
    if (const auto first = seen.find(name); first != seen.end()) {
      error(diag_code::duplicate, span_of(key),
            fmt::format("duplicate IP list name '{}' (first defined at line {})", name,
                        first->second));
      continue;
    }
    seen.emplace(name, span_of(key).line);
    const std::string ctx = fmt::format("in IP list '{}'", name);
    ip_list list;
    list.name = name;
    list.where = span_of(key);
    if (!value.IsMap()) {
      const field whole{name, key, value};
      error(diag_code::bad_value, value_span(whole),
            fmt::format("IP list '{}': expected a mapping with 'entries' (and optionally "
                        "'comment'), found {}",
                        name, describe(value)));
      out_.ip_lists.push_back(std::move(list));
      continue;
    }
    const fields map = read_mapping(value, ip_list_keys, ctx);
    if (const field* k = map.find("entries")) {
      if (auto items = read_list(*k, ctx, "an IP range", true)) {
        check_ip_entries(*items, fmt::format("IP list '{}'", name), false);
        for (auto& item : *items) list.entries.push_back(std::move(item.text));
      }
    } else {
      error(
          diag_code::missing_key, span_of(value),
          fmt::format("missing key 'entries' {}: give its IP ranges (a list, may be empty)", ctx));
    }
    if (const field* k = map.find("comment")) {
      list.comment = read_string(*k, ctx, true).value_or("");
    }
    out_.ip_lists.push_back(std::move(list));
  }
}

// Validates IP entries; `$name` items become references to check once all lists are known.
void loader::check_ip_entries(const std::vector<list_item>& items, const std::string& used_in,
                              bool allow_references) {
  for (const auto& item : items) {
    const std::string_view text = trim(item.text);
    if (!text.empty() && text.front() == '$') {
      if (!allow_references) {
        error(diag_code::bad_value, item.where,
              fmt::format("{}: '{}' refers to an IP list; only a transport rule's "
                          "SenderIpRanges can refer to lists",
                          used_in, item.text));
      } else if (text.size() == 1) {
        error(diag_code::bad_value, item.where,
              fmt::format("{}: '$' must be followed by an IP list name", used_in));
      } else {
        list_references_.push_back({std::string(text.substr(1)), item.where, used_in});
      }
      continue;
    }
    std::string reason;
    if (!net::parse_ip_range(text, reason)) {
      error(diag_code::bad_value, item.where,
            fmt::format("bad IP range in {}: {}", used_in, reason));
    }
  }
}

void loader::load_quarantine_policies(const field& f) {
  if (!f.value.IsSequence()) {
    error(diag_code::bad_value, value_span(f),
          fmt::format("'quarantine_policies' at the top level: expected a list of policies "
                      "(mappings with Name, EndUserQuarantinePermissionsValue, ESNEnabled), "
                      "found {}",
                      describe(f.value)));
    return;
  }
  std::map<std::string, int> seen;  // lower-cased custom name -> line
  std::size_t index = 0;
  for (const auto& node : f.value) {
    ++index;
    if (!node.IsMap()) {
      error(diag_code::bad_value, span_of(node),
            fmt::format("quarantine policy #{}: expected a mapping with Name, "
                        "EndUserQuarantinePermissionsValue, ESNEnabled; found {}",
                        index, describe(node)));
      continue;
    }
    const YAML::Node name_node = value_of(node, "Name");
    const std::string ctx = name_node.IsScalar() && !name_node.Scalar().empty()
                                ? fmt::format("in quarantine policy '{}'", name_node.Scalar())
                                : fmt::format("in quarantine policy #{}", index);
    const fields map = read_mapping(node, quarantine_policy_keys, ctx);
    quarantine_policy policy;
    policy.where = span_of(node);
    if (const field* k = map.find("Name")) {
      if (auto name = read_name(*k, ctx)) {
        policy.name = *name;
        const std::string lower = to_lower(*name);
        const auto& built_ins = built_in_quarantine_policies();
        const auto built_in =
            std::find_if(built_ins.begin(), built_ins.end(),
                         [&](const quarantine_policy& p) { return iequals(p.name, *name); });
        if (built_in != built_ins.end()) {
          error(diag_code::duplicate, value_span(*k),
                fmt::format("quarantine policy '{}' has the name of the built-in policy '{}'; "
                            "give the custom policy another name",
                            *name, built_in->name));
        } else if (const auto first = seen.find(lower); first != seen.end()) {
          error(diag_code::duplicate, value_span(*k),
                fmt::format("duplicate quarantine policy name '{}' (first defined at line {})",
                            *name, first->second));
        } else {
          seen.emplace(lower, value_span(*k).line);
        }
      }
    } else {
      error(diag_code::missing_key, span_of(node), fmt::format("missing key 'Name' {}", ctx));
    }
    if (const field* k = map.find("EndUserQuarantinePermissionsValue")) {
      if (auto value = read_int(*k, ctx, 0, 255)) {
        const auto bits = static_cast<std::uint32_t>(*value);
        if ((bits & perm_release) != 0 && (bits & perm_request_release) != 0) {
          error(diag_code::bad_value, value_span(*k),
                fmt::format("'EndUserQuarantinePermissionsValue' {}: {} allows both release "
                            "(4) and request release (8); a policy gives one or the other",
                            ctx, *value));
        } else {
          policy.permissions = bits;
        }
      }
    }
    if (const field* k = map.find("ESNEnabled")) {
      if (auto value = read_bool(*k, ctx)) policy.notifications = *value;
    }
    out_.quarantine_policies.push_back(std::move(policy));
  }
}

void loader::load_antispam(const field& f) {
  auto& policy = out_.antispam;
  policy.where = span_of(f.value);
  if (!f.value.IsMap()) {
    error(diag_code::bad_value, value_span(f),
          fmt::format("'antispam_policy' at the top level: expected a mapping of "
                      "Set-HostedContentFilterPolicy parameters, found {}",
                      describe(f.value)));
    return;
  }
  const std::string ctx = "in antispam_policy";
  load_antispam_settings(read_mapping(f.value, antispam_keys, ctx), ctx, policy);
}

void loader::load_scoped_antispam(const field& f) {
  if (!f.value.IsSequence()) {
    error(diag_code::bad_value, value_span(f),
          fmt::format("'antispam_policies' at the top level: expected a list of anti-spam "
                      "policies scoped by recipient, found {}",
                      describe(f.value)));
    return;
  }
  // Quarantine tags are resolved later through pointers into this vector: no reallocation.
  out_.scoped_antispam.reserve(f.value.size());
  std::size_t index = 0;
  for (const auto& node : f.value) {
    ++index;
    if (!node.IsMap()) {
      error(diag_code::bad_value, span_of(node),
            fmt::format("anti-spam policy #{} of 'antispam_policies': expected a mapping, found {}",
                        index, describe(node)));
      continue;
    }
    const YAML::Node name_node = value_of(node, "Name");
    const std::string ctx = name_node.IsScalar() && !name_node.Scalar().empty()
                                ? fmt::format("in anti-spam policy '{}'", name_node.Scalar())
                                : fmt::format("in anti-spam policy #{}", index);
    antispam_policy& policy = out_.scoped_antispam.emplace_back();
    policy.where = span_of(node);
    policy.priority = static_cast<int>(index - 1);
    const fields map = read_mapping(node, scoped_antispam_keys(), ctx);
    load_antispam_settings(map, ctx, policy);
    if (map.find("Name") == nullptr) {
      error(diag_code::missing_key, span_of(node), fmt::format("missing key 'Name' {}", ctx));
    } else if (iequals(policy.name, "Default")) {
      error(diag_code::bad_value, span_of(node),
            fmt::format("'Name' {}: Default is the policy of 'antispam_policy', which applies to "
                        "every recipient; give this one another name",
                        ctx));
    }
    // The scope as New-HostedContentFilterRule gives it, checked as the importers check it.
    std::vector<parameter> scope;
    for (const std::string_view key : {"Priority", "RecipientDomainIs", "SentTo"}) {
      if (const field* k = map.find(key)) {
        scope.push_back(parameter{k->key, to_param_value(*k), span_of(k->key_node)});
      }
    }
    apply_antispam_scope(scope, ctx, param_style::yaml, policy, diagnostics_);
    if (map.find("RecipientDomainIs") == nullptr && map.find("SentTo") == nullptr) {
      error(diag_code::missing_key, span_of(node),
            fmt::format("{} has no recipient scope: give 'RecipientDomainIs' or 'SentTo' (the "
                        "Default policy in 'antispam_policy' covers everyone else)",
                        ctx.substr(3)));
    }
  }
}

void loader::load_antispam_settings(const fields& map, const std::string& ctx,
                                    antispam_policy& policy) {
  if (const field* k = map.find("Name")) {
    if (auto name = read_string(*k, ctx, false)) policy.name = *name;
  }
  load_verdict(map, ctx, "SpamAction", "SpamQuarantineTag", policy.spam);
  load_verdict(map, ctx, "HighConfidenceSpamAction", "HighConfidenceSpamQuarantineTag",
               policy.high_confidence_spam);
  load_verdict(map, ctx, "PhishSpamAction", "PhishQuarantineTag", policy.phish);
  load_verdict(map, ctx, "HighConfidencePhishAction", "HighConfidencePhishQuarantineTag",
               policy.high_confidence_phish);
  load_verdict(map, ctx, "BulkSpamAction", "BulkQuarantineTag", policy.bulk);
  if (const field* k = map.find("BulkThreshold")) {
    if (auto value = read_int(*k, ctx, 1, 9)) policy.bulk_threshold = *value;
  }
  if (const field* k = map.find("QuarantineRetentionPeriod")) {
    if (auto value = read_int(*k, ctx, 1, 30)) policy.quarantine_retention_days = *value;
  }
  if (const field* k = map.find("AddXHeaderValue")) {
    if (auto text = read_string(*k, ctx, false)) policy.x_header = *text;
  }
  if (const field* k = map.find("ModifySubjectValue")) {
    if (auto text = read_string(*k, ctx, true)) policy.modify_subject_text = *text;
  }
}

void loader::load_verdict(const fields& map, const std::string& ctx, std::string_view action_key,
                          std::string_view tag_key, verdict_setting& out) {
  if (const field* k = map.find(action_key)) {
    if (auto action = read_enum(*k, ctx, spam_actions)) {
      const bool hc_phish = action_key == "HighConfidencePhishAction";
      if (hc_phish && *action != spam_action::quarantine && *action != spam_action::redirect) {
        error(diag_code::bad_value, value_span(*k),
              fmt::format("'{}' {}: expected Quarantine or Redirect (high-confidence phish is "
                          "never delivered), found {}",
                          action_key, ctx, describe(k->value)));
      } else if (*action == spam_action::no_action && action_key != "BulkSpamAction") {
        error(diag_code::bad_value, value_span(*k),
              fmt::format("'{}' {}: NoAction is allowed only for BulkSpamAction; expected one "
                          "of MoveToJmf, AddXHeader, ModifySubject, Redirect, Delete, "
                          "Quarantine",
                          action_key, ctx));
      } else {
        out.action = *action;
      }
    }
  }
  if (const field* k = map.find(tag_key)) {
    if (auto tag = read_string(*k, ctx, false)) {
      out.quarantine_tag = *tag;
      tag_references_.push_back(
          {&out.quarantine_tag, value_span(*k), std::string(tag_key), ctx.substr(3)});
    }
  }
}

void loader::load_settings(const field& f) {
  if (!f.value.IsMap()) {
    error(diag_code::bad_value, value_span(f),
          fmt::format("'settings' at the top level: expected a mapping of {}, found {}",
                      join(settings_keys), describe(f.value)));
    return;
  }
  const std::string ctx = "in settings";
  const fields map = read_mapping(f.value, settings_keys, ctx);
  if (const field* k = map.find("notification_frequency")) {
    if (auto value = read_enum(*k, ctx, frequencies)) out_.notify_frequency = *value;
  }
  if (const field* k = map.find("scl_model")) {
    if (auto value = read_enum(*k, ctx, scl_models)) out_.scl_model_kind = *value;
  }
}

void loader::load_transport_rules(const field& f) {
  if (!f.value.IsSequence()) {
    error(diag_code::bad_value, value_span(f),
          fmt::format("'transport_rules' at the top level: expected a list of rules "
                      "(mappings of New-TransportRule parameters), found {}",
                      describe(f.value)));
    return;
  }
  std::size_t index = 0;
  for (const auto& node : f.value) load_rule(node, index++);
}

// A YAML value as the cmdlet-parameter builders take it: plain true/false are booleans.
param_value loader::to_param_value(const YAML::Node& node) const {
  param_value out;
  out.where = span_of(node);
  if (node.IsScalar()) {
    const std::string& text = node.Scalar();
    const bool plain = node.Tag() != "!";
    if (plain && (iequals(text, "true") || iequals(text, "$true") || iequals(text, "false") ||
                  iequals(text, "$false"))) {
      out.type = value_type::boolean;
      out.flag = iequals(text, "true") || iequals(text, "$true");
    } else {
      out.type = value_type::text;
    }
    out.text = text;
  } else if (node.IsSequence()) {
    out.type = value_type::list;
    for (const auto& item : node) out.items.push_back(to_param_value(item));
  } else if (node.IsMap()) {
    out.type = value_type::mapping;
  }
  return out;
}

param_value loader::to_param_value(const field& f) const {
  param_value out = to_param_value(f.value);
  out.where = value_span(f);
  return out;
}

void loader::load_rule(const YAML::Node& node, std::size_t index) {
  if (!node.IsMap()) {
    error(diag_code::bad_value, span_of(node),
          fmt::format("transport rule #{}: expected a mapping of New-TransportRule parameters, "
                      "found {}",
                      index + 1, describe(node)));
    return;
  }
  const YAML::Node name_node = value_of(node, "Name");
  const std::string ctx = name_node.IsScalar() && !name_node.Scalar().empty()
                              ? fmt::format("in transport rule '{}'", name_node.Scalar())
                              : fmt::format("in transport rule #{}", index + 1);
  // Every New-TransportRule parameter mfsim simulates is a key; the others are refused unless
  // they hold the value mfsim assumes (as the importers do).
  static const std::vector<std::string_view> mapped_keys = [] {
    std::vector<std::string_view> keys;
    for (const auto name : parameter_names(cmdlet_family::transport_rule)) {
      if (find_parameter(cmdlet_family::transport_rule, name)->support == param_support::mapped) {
        keys.push_back(name);
      }
    }
    return keys;
  }();
  const fields map =
      read_mapping(node, parameter_names(cmdlet_family::transport_rule), ctx, mapped_keys);
  std::vector<parameter> params;
  bool rejected = false;
  for (const auto& f : map.items) {
    const param_info* info = find_parameter(cmdlet_family::transport_rule, f.key);
    parameter p{f.key, to_param_value(f), span_of(f.key_node)};
    if (info->support == param_support::no_effect) continue;
    if (info->support == param_support::not_simulated) {
      if (!is_assumed_value(p.value, info->assumed)) {
        diagnostics_.push_back(not_simulated_error(p, *info, ctx, param_style::yaml));
        rejected = true;
      }
      continue;
    }
    params.push_back(std::move(p));
  }
  if (map.find("Name") == nullptr) {
    error(diag_code::missing_key, span_of(node), fmt::format("missing key 'Name' {}", ctx));
  }
  std::vector<ip_list_reference> references;
  transport_rule rule = build_transport_rule(params, ctx, param_style::yaml, span_of(node),
                                             diagnostics_, rejected, &references);
  for (auto& ref : references) {
    list_references_.push_back({std::move(ref.name), ref.where, std::move(ref.used_in)});
  }
  if (!rule.priority_given) rule.priority = static_cast<int>(index);
  if (const field* k = map.find("Name"); k != nullptr && !rule.name.empty()) {
    const int line = value_span(*k).line;
    const auto [first, fresh] = rule_name_lines_.emplace(to_lower(rule.name), line);
    if (!fresh) {
      error(diag_code::duplicate, value_span(*k),
            fmt::format("duplicate transport rule name '{}' (first defined at line {}; names "
                        "are compared without case)",
                        rule.name, first->second));
    }
  }
  if (const field* k = map.find("Priority"); k != nullptr && rule.priority_given) {
    const int line = value_span(*k).line;
    const auto [first, fresh] = priority_lines_.emplace(rule.priority, line);
    if (!fresh) {
      error(diag_code::duplicate, value_span(*k),
            fmt::format("duplicate Priority {} {} (the rule at line {} has it too)", rule.priority,
                        ctx, first->second));
    }
  }
  out_.transport_rules.push_back(std::move(rule));
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

  std::vector<std::string_view> policy_names;
  for (const auto& policy : built_in_quarantine_policies()) policy_names.push_back(policy.name);
  for (const auto& policy : out_.quarantine_policies) {
    if (!policy.name.empty()) policy_names.push_back(policy.name);
  }
  for (const auto& ref : tag_references_) {
    const auto known = std::find_if(policy_names.begin(), policy_names.end(),
                                    [&](std::string_view name) { return iequals(name, *ref.tag); });
    if (known != policy_names.end()) {
      *ref.tag = std::string(*known);  // Exchange names ignore case: keep the defined spelling
      continue;
    }
    const std::string hint = did_you_mean(*ref.tag, policy_names);
    error(diag_code::bad_reference, ref.where,
          hint.empty()
              ? fmt::format("unknown quarantine policy '{}' in '{}' of {}; known policies: {}",
                            *ref.tag, ref.key, ref.owner, join(policy_names))
              : fmt::format("unknown quarantine policy '{}' in '{}' of {}{}", *ref.tag, ref.key,
                            ref.owner, hint));
  }
}

// Records where documents start and ignores everything else.
class document_counter final : public YAML::EventHandler {
 public:
  std::vector<YAML::Mark> starts;

  void OnDocumentStart(const YAML::Mark& mark) override { starts.push_back(mark); }
  void OnDocumentEnd() override {}
  void OnNull(const YAML::Mark&, YAML::anchor_t) override {}
  void OnAlias(const YAML::Mark&, YAML::anchor_t) override {}
  void OnScalar(const YAML::Mark&, const std::string&, YAML::anchor_t,
                const std::string&) override {}
  void OnSequenceStart(const YAML::Mark&, const std::string&, YAML::anchor_t,
                       YAML::EmitterStyle::value) override {}
  void OnSequenceEnd() override {}
  void OnMapStart(const YAML::Mark&, const std::string&, YAML::anchor_t,
                  YAML::EmitterStyle::value) override {}
  void OnMapEnd() override {}
};

// Where the first two documents start. yaml-cpp's LoadAll never returns on some invalid text
// (a stray ',' at the top level yields empty documents forever), so at most two are read.
// Throws YAML::ParserException on a syntax error.
std::vector<YAML::Mark> document_starts(const std::string& yaml) {
  std::istringstream in(yaml);
  YAML::Parser parser(in);
  document_counter counter;
  for (int i = 0; i < 2 && parser.HandleNextDocument(counter); ++i) {
  }
  return std::move(counter.starts);
}

}  // namespace

rule_set load_rule_set_yaml(std::string_view text, const std::string& file_name) {
  const std::string yaml(text);
  const auto span_at = [&](const YAML::Mark& mark) {
    return mark.is_null() ? source_span{file_name, 0, 0}
                          : source_span{file_name, mark.line + 1, mark.column + 1};
  };
  std::vector<YAML::Mark> starts;
  YAML::Node root;
  try {
    starts = document_starts(yaml);
    root = YAML::Load(yaml);
  } catch (const YAML::Exception& e) {
    throw load_error({diagnostic{diag_code::syntax_error, span_at(e.mark),
                                 fmt::format("invalid YAML: {}", e.msg)}});
  }
  if (starts.size() > 1 && starts[1].pos <= starts[0].pos) {
    const auto at = static_cast<std::size_t>(starts[1].pos);
    const char c = at < yaml.size() ? yaml[at] : '\0';
    throw load_error({diagnostic{
        diag_code::syntax_error, span_at(starts[1]),
        c > ' ' && c < 127 ? fmt::format("invalid YAML: unexpected '{}'", c)
                           : std::string("invalid YAML: the text cannot be read as a document")}});
  }
  loader reader(file_name);
  rule_set out = reader.load(root);
  std::vector<diagnostic> diagnostics = reader.take_diagnostics();
  if (starts.size() > 1) {
    diagnostics.push_back(
        diagnostic{diag_code::syntax_error, span_at(starts[1]),
                   "a second YAML document: a rule-set file holds exactly one document"});
  }
  if (!diagnostics.empty()) throw load_error(std::move(diagnostics));
  return out;
}

rule_set load_rule_set_file(const std::string& path) {
  const auto fail = [&](int error_number) {
    throw load_error({diagnostic{
        diag_code::io_error, source_span{path, 0, 0},
        fmt::format("cannot read rule set '{}': {}", path, std::strerror(error_number))}});
  };
  errno = 0;
  std::unique_ptr<std::FILE, int (*)(std::FILE*)> file(std::fopen(path.c_str(), "rb"),
                                                       &std::fclose);
  if (!file) fail(errno);
  std::string text;
  char buffer[1 << 16];
  std::size_t got = 0;
  while ((got = std::fread(buffer, 1, sizeof buffer, file.get())) > 0) text.append(buffer, got);
  if (std::ferror(file.get())) fail(errno != 0 ? errno : EIO);
  rule_set out = load_rule_set_yaml(text, path);
  out.source = path;
  if (out.name.empty()) out.name = std::filesystem::path(path).stem().string();
  return out;
}

}  // namespace mfsim::rules
