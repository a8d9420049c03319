// Internal to the rule loaders: reading one cmdlet parameter's value (lists, header names,
// enumerations) with the diagnostics every format shares. param_readers.cc defines them; the
// builders (build_transport_rule.cc, policy_builders.cc) and the loaders use them.
#pragma once

#include <fmt/format.h>

#include <cstddef>
#include <optional>
#include <span>
#include <string>
#include <string_view>
#include <vector>

#include "engine/rules/validate.h"

namespace mfsim::rules::detail {

// The parameter of that name (compared without case), or nullptr.
[[nodiscard]] const parameter* find_param(std::span<const parameter> params, std::string_view name);

void error(std::vector<diagnostic>& out, diag_code code, const source_span& where,
           std::string message);

// A text or a number, as written.
[[nodiscard]] bool is_texty(const param_value& v) noexcept;

// One item of a list value: its text and where it stands.
struct list_item {
  std::string text;
  source_span where;
};

// A list of texts; a single text counts as a one-item list. No empty items, and no empty list
// unless `allow_empty`. `noun` has its article: "a word".
[[nodiscard]] std::optional<std::vector<list_item>> read_list(
    const parameter& p, const std::string& ctx, param_style style, std::string_view noun,
    std::vector<diagnostic>& out, bool allow_empty = false);

// A header name: printable ASCII without spaces or ':'.
[[nodiscard]] std::optional<std::string> read_header_name(const parameter& p,
                                                          const std::string& ctx, param_style style,
                                                          std::vector<diagnostic>& out);

template <class E>
struct enum_name {
  std::string_view text;
  E value;
};

// One of `names`, compared without case; otherwise an error listing them (with a did-you-mean).
template <class E, std::size_t N>
std::optional<E> read_enum(const parameter& p, const std::string& ctx, param_style style,
                           const enum_name<E> (&names)[N], std::vector<diagnostic>& out) {
  std::string_view texts[N];
  for (std::size_t i = 0; i < N; ++i) texts[i] = names[i].text;
  std::string hint;
  if (is_texty(p.value)) {
    for (const auto& name : names) {
      if (ascii_iequals(ascii_trim_blanks(p.value.text), name.text)) return name.value;
    }
    hint = did_you_mean(p.value.text, texts);
  }
  error(out, diag_code::bad_value, p.value.where,
        fmt::format("{} {}: expected one of {}, found {}{}", param_label(p.name, style), ctx,
                    join(texts), describe(p.value, style), hint));
  return std::nullopt;
}

// The anti-spam policy's actions, as Set-HostedContentFilterPolicy and the YAML format spell
// them.
inline constexpr enum_name<spam_action> spam_actions[] = {
    {"MoveToJmf", spam_action::move_to_jmf},
    {"AddXHeader", spam_action::add_x_header},
    {"ModifySubject", spam_action::modify_subject},
    {"Redirect", spam_action::redirect},
    {"Delete", spam_action::delete_message},
    {"Quarantine", spam_action::quarantine},
    {"NoAction", spam_action::no_action}};

}  // namespace mfsim::rules::detail
