// Write-Output (echo, write) where its output is kept: in a function, in an assigned statement,
// or as a value (`$x = Write-Output ...`, `@(Write-Output ...)`). Write-Output enumerates an
// array, sending its items one by one; -NoEnumerate sends the array as one item
// (https://learn.microsoft.com/powershell/module/microsoft.powershell.utility/write-output).
// mfsim's arrays hold no arrays, so where such an item would become part of another array the
// reader stops with an error rather than flatten it (docs/decisions.md 480).
#include <fmt/format.h>

#include <utility>

#include "engine/rules/powershell_parser.h"
#include "engine/rules/powershell_runner.h"
#include "engine/rules/powershell_scopes.h"

namespace mfsim::rules::ps {
namespace {

[[nodiscard]] bool is_write_output(std::string_view word) {
  return ascii_iequals(word, "Write-Output") || ascii_iequals(word, "echo") ||
         ascii_iequals(word, "write");
}

}  // namespace

bool parser::write_output(std::size_t start, bool in_value) {
  const std::string word = word_at(i_);
  if (!is_write_output(word)) return false;
  i_ += word.size();
  std::vector<ps_value> values;
  bool no_enumerate = false;
  const auto read_value = [&] {
    const std::size_t first_unknown = unknowns_.size();
    param_value item = argument();
    ps_value value =
        item.type == value_type::mapping ? table_from_mapping(item) : plain(std::move(item));
    take_unknowns_since(first_unknown, value.unknown_parts);
    values.push_back(std::move(value));
  };
  while (true) {
    skip_inline_space();
    if (at_statement_end() || peek() == '}' || (in_value && peek() == ')')) break;
    if (peek() == '|' || peek() == '>') {  // `Write-Output $x | Out-File ...`: a pipeline
      i_ = start;
      return false;
    }
    if (!at_parameter()) {
      read_value();
      continue;
    }
    const std::string name = word_at(i_ + dash_length());
    const bool input_object = ascii_iequals(name, "InputObject");
    if (!input_object && !ascii_iequals(name, "NoEnumerate")) {
      fail(i_,
           fmt::format("Write-Output -{}: Write-Output takes -InputObject and -NoEnumerate", name));
    }
    i_ += dash_length() + name.size();
    if (peek() != ':') {  // -InputObject value, or the switch -NoEnumerate
      no_enumerate = no_enumerate || !input_object;
      continue;
    }
    // -InputObject:value and -NoEnumerate:$true, the colon form of a named argument
    // (about_Parameters).
    ++i_;
    skip_inline_space();
    if (at_statement_end() || peek() == '|' || peek() == ')' || peek() == '}')
      fail(i_, fmt::format("-{}: expects a value after the colon", name));
    if (input_object) {
      read_value();
      continue;
    }
    const std::size_t value_at = i_;
    const ps_value flag = plain(argument());
    if (is_unknown(flag))
      fail(value_at, fmt::format("-{}: the switch's value must be known", name));
    no_enumerate = truthy(flag);
  }
  for (auto& value : values) {
    const bool array = value.kind == ps_kind::plain && value.value.type == value_type::list;
    if (array && no_enumerate) {
      value.unenumerated_at = start;  // one item: what holds it must not flatten it
      output(std::move(value), start);
    } else if (array && value.unknown_parts.empty()) {
      for (auto& item : pipeline_items(value)) output(std::move(item), start);
    } else {
      output(std::move(value), start);
    }
  }
  return true;
}

bool parser::write_output_reads_whole(std::size_t from) const noexcept {
  for (std::size_t k = from; k < s_.size() && k != clause_end_;) {
    const char c = s_[k];
    if (c == '\n' || c == ';' || c == ')' || c == '}' || c == '#') return true;
    if (c == '|' || c == '>') return false;  // a pipeline or a redirection
    if (c == '`') {
      k += 2;
    } else if (c == '-' && (s_[k - 1] == ' ' || s_[k - 1] == '\t') && k + 1 < s_.size() &&
               is_letter(s_[k + 1])) {
      std::size_t e = k + 1;
      while (e < s_.size() && is_ident(s_[e])) ++e;
      const std::string_view name = s_.substr(k + 1, e - k - 1);
      if (!ascii_iequals(name, "InputObject") && !ascii_iequals(name, "NoEnumerate")) return false;
      k = e;
    } else if (c == '\'' || c == '"') {
      if (s_[k - 1] == '@') return false;  // a here-string: left to the command reader
      const std::size_t e = text_close(s_, k, s_.size());
      if (e == std::string_view::npos) return false;
      k = e + 1;
    } else if (c == '(' || c == '{' || c == '[') {
      const std::size_t e = block_end(k);
      if (e == std::string_view::npos) return false;
      k = e;
    } else {
      ++k;
    }
  }
  return true;
}

std::optional<ps_value> parser::write_output_value(std::size_t start) {
  const std::string word = word_at(i_);
  if (!is_write_output(word)) return std::nullopt;
  // `$x = Write-Output $a | Out-String`, `-Verbose`: the command reader reads it, once, as
  // before decision 480 (decision 476).
  if (!write_output_reads_whole(i_ + word.size())) return std::nullopt;
  std::vector<ps_value> items;
  {
    output_capture capture(*this);
    if (!write_output(start, true)) return std::nullopt;  // a pipeline: read as a command
    items = capture.take();
  }
  return collected(std::move(items), start);
}

void parser::refuse_nested(const ps_value& item, std::string_view where) {
  if (item.unenumerated_at == std::string_view::npos || item.kind != ps_kind::plain ||
      item.value.type != value_type::list)
    return;
  fail(item.unenumerated_at,
       fmt::format("Write-Output -NoEnumerate outputs the array as one item, which {} would hold "
                   "as an array inside an array; mfsim's arrays hold no arrays (leave out "
                   "-NoEnumerate to output the items)",
                   where));
}

}  // namespace mfsim::rules::ps
