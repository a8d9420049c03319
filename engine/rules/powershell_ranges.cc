// The range operator and array slices: `1..5`, `$third = 32..63`, `$list[0..7]`, `$list[1, 3]`,
// `$list[-2..-1]` (about_Operators, "Range operator"; about_Arrays). A range is charged in the
// value budget before it is built: `1..2000000000` is an error, not gigabytes.
#include <fmt/format.h>

#include <charconv>
#include <cstdlib>

#include "engine/rules/powershell_parser.h"

namespace mfsim::rules::ps {
std::optional<long long> whole_number_in(std::string_view text) {
  long long n = 0;
  const auto [end, ec] = std::from_chars(text.data(), text.data() + text.size(), n);
  if (ec != std::errc{} || end != text.data() + text.size()) return std::nullopt;
  return n;
}

ps_value parser::range() {
  const std::size_t start = i_;
  ps_value left = comma_list();
  skip_inline_space();
  if (!(peek() == '.' && peek(1) == '.')) return left;
  const std::size_t op = i_;
  i_ += 2;
  skip_line_breaks();
  ps_value right = comma_list();
  if (left.kind != ps_kind::plain || right.kind != ps_kind::plain || !left.unknown_parts.empty() ||
      !right.unknown_parts.empty()) {
    return unknown_value(fmt::format("{}..{}", to_text_brief(left), to_text_brief(right)),
                         at(start));
  }
  const std::optional<long long> from = whole_number_in(to_text(left));
  const std::optional<long long> to = whole_number_in(to_text(right));
  if (!from || !to) {
    fail(op, fmt::format("the range {}..{} is read only between whole numbers", to_text_brief(left),
                         to_text_brief(right)));
  }
  // |to - from| + 1 items, counted without overflow and charged before they are made.
  const unsigned long long span = *to >= *from ? static_cast<unsigned long long>(*to) - *from
                                               : static_cast<unsigned long long>(*from) - *to;
  constexpr unsigned long long kBytesPerItem = sizeof(param_value) + 8;
  if (span >= kMaxValueBytes / kBytesPerItem) charge_bytes(kMaxValueBytes, op);  // fails
  charge_bytes(static_cast<std::size_t>((span + 1) * kBytesPerItem), op);
  param_value list{value_type::list, "", false, {}, at(start)};
  list.items.reserve(static_cast<std::size_t>(span + 1));
  const long long step = *to >= *from ? 1 : -1;
  for (long long n = *from;; n += step) {
    list.items.push_back({value_type::number, std::to_string(n), false, {}, at(start)});
    if (n == *to) break;
  }
  return plain(std::move(list));
}

ps_value parser::element_at(const ps_value& array, const ps_value& index, std::size_t start) {
  if (array.value.type != value_type::list) {
    fail(start, "[index] is read only as a number on an array");
  }
  const auto size = static_cast<long long>(array.value.items.size());
  const auto one = [&](const param_value& i) -> param_value {
    const std::optional<long long> n = whole_number_in(to_text(plain(i)));
    if (!n) fail(start, "[index] is read only as a number on an array");
    const long long k = *n < 0 ? *n + size : *n;
    return k >= 0 && k < size ? array.value.items[static_cast<std::size_t>(k)]
                              : param_value{value_type::null, "", false, {}, at(start)};
  };
  if (index.value.type != value_type::list) {
    // A hash table the array holds (as a mapping) is a table again (decision 443).
    param_value item = one(index.value);
    return item.type == value_type::mapping ? table_from_mapping(item) : plain(std::move(item));
  }
  // A slice: the items at each index, those past the end left out (about_Arrays).
  param_value slice{value_type::list, "", false, {}, at(start)};
  for (const param_value& i : index.value.items) {
    param_value item = one(i);
    if (item.type != value_type::null) slice.items.push_back(std::move(item));
  }
  charge(slice, start);
  return plain(std::move(slice));
}

}  // namespace mfsim::rules::ps
