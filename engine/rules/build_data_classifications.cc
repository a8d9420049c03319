// Reading MessageContainsDataClassifications' hash tables into the model, checked as the
// cmdlet documents them (decisions.md, "Sensitive information types").
#include <fmt/format.h>

#include <algorithm>
#include <charconv>
#include <climits>

#include "engine/mail/sensitive_info.h"
#include "engine/rules/data_classifications.h"
#include "engine/rules/param_readers.h"

namespace mfsim::rules {
namespace {

using detail::error;
using detail::is_texty;

constexpr std::string_view kKeys[] = {"Name", "minCount", "maxCount", "minConfidence",
                                      "maxConfidence"};

class classification_reader {
 public:
  classification_reader(const parameter& p, const std::string& ctx, param_style style,
                        std::vector<diagnostic>& out)
      : p_(p), ctx_(ctx), style_(style), out_(out) {}

  // One hash table (or, in YAML, a name alone); false after reporting.
  bool read(const param_value& v, data_classification& d) {
    d.where = v.where;
    if (style_ == param_style::yaml && is_texty(v) && !ascii_trim_blanks(v.text).empty()) {
      d.name = std::string(ascii_trim_blanks(v.text));
      return true;
    }
    if (v.type != value_type::mapping) {
      return fail(v.where, fmt::format("expected a hash table such as @{{Name=\"Credit Card "
                                       "Number\"; minCount=\"1\"}}, found {}",
                                       describe(v, style_)));
    }
    bool ok = true;
    for (const auto& entry : v.items) ok = read_entry(entry, d) && ok;
    if (ok && d.name.empty()) return fail(v.where, "a hash table without Name");
    if (ok && d.max_count >= 0 && d.max_count < d.min_count) {
      return fail(v.where, fmt::format("maxCount {} is below minCount {}: nothing would match",
                                       d.max_count, d.min_count));
    }
    if (ok && d.min_confidence > d.max_confidence) {
      return fail(v.where,
                  fmt::format("minConfidence {} is above maxConfidence {}: nothing would match",
                              d.min_confidence, d.max_confidence));
    }
    return ok;
  }

 private:
  bool fail(const source_span& where, std::string what) {
    error(out_, diag_code::bad_value, where,
          fmt::format("{} {}: {}", param_label(p_.name, style_), ctx_, what));
    return false;
  }

  bool read_entry(const param_value& entry, data_classification& d) {
    const auto* key = std::find_if(std::begin(kKeys), std::end(kKeys),
                                   [&](std::string_view k) { return ascii_iequals(k, entry.key); });
    if (key == std::end(kKeys)) {
      return fail(entry.where, fmt::format("the key '{}' is none of {}{}", entry.key, join(kKeys),
                                           did_you_mean(entry.key, kKeys)));
    }
    if (*key == "Name") {
      if (!is_texty(entry) || ascii_trim_blanks(entry.text).empty()) {
        return fail(entry.where, fmt::format("Name: expected the name of a sensitive information "
                                             "type, found {}",
                                             describe(entry, style_)));
      }
      d.name = std::string(ascii_trim_blanks(entry.text));
      return true;
    }
    const bool count = *key == "minCount" || *key == "maxCount";
    const int low = *key == "maxCount" ? -1 : 1;  // maxCount -1: any number
    const auto value = number(entry, *key, low, count ? INT_MAX : 100);
    if (!value) return false;
    if (*value == 0) return fail(entry.where, "maxCount: expected -1 (any number) or 1 or more");
    if (*key == "minCount") d.min_count = *value;
    if (*key == "maxCount") d.max_count = *value;
    if (*key == "minConfidence") d.min_confidence = *value;
    if (*key == "maxConfidence") d.max_confidence = *value;
    return true;
  }

  std::optional<int> number(const param_value& v, std::string_view key, int low, int high) {
    const std::string_view text = is_texty(v) ? ascii_trim_blanks(v.text) : std::string_view();
    int n = 0;
    const auto [end, ec] = std::from_chars(text.data(), text.data() + text.size(), n);
    if (!text.empty() && ec == std::errc{} && end == text.data() + text.size() && n >= low &&
        n <= high) {
      return n;
    }
    fail(v.where, fmt::format("{}: expected a whole number from {} to {}, found {}", key, low,
                              high == INT_MAX ? std::string("any") : std::to_string(high),
                              describe(v, style_)));
    return std::nullopt;
  }

  const parameter& p_;
  const std::string& ctx_;
  param_style style_;
  std::vector<diagnostic>& out_;
};

}  // namespace

std::vector<std::string> types_needing_classifiers(const rule_set& set) {
  std::vector<std::string> named;
  for (const auto& rule : set.transport_rules) {
    for (const auto* list : {&rule.conditions, &rule.exceptions}) {
      for (const auto& c : *list) {
        for (const auto& d : c.classifications) {
          if (mail::find_sensitive_type(d.name) != nullptr) continue;
          std::string text = fmt::format("'{}' in rule '{}'", d.name, rule.name);
          if (std::find(named.begin(), named.end(), text) == named.end()) {
            named.push_back(std::move(text));
          }
        }
      }
    }
  }
  return named;
}

namespace detail {

std::optional<std::vector<data_classification>> read_data_classifications(
    const parameter& p, const std::string& ctx, param_style style, std::vector<diagnostic>& out) {
  classification_reader reader(p, ctx, style, out);
  std::vector<data_classification> types;
  const bool list = p.value.type == value_type::list;
  if (list && p.value.items.empty()) {
    error(out, diag_code::bad_value, p.value.where,
          fmt::format("{} {}: give at least one sensitive information type",
                      param_label(p.name, style), ctx));
    return std::nullopt;
  }
  bool ok = true;
  for (std::size_t k = 0; k < (list ? p.value.items.size() : 1); ++k) {
    data_classification d;
    ok = reader.read(list ? p.value.items[k] : p.value, d) && ok;
    types.push_back(std::move(d));
  }
  if (!ok) return std::nullopt;
  return types;
}

}  // namespace detail
}  // namespace mfsim::rules
