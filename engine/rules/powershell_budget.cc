// The parser's budgets for values (kMaxValueBytes): what each value made by a script is charged,
// so that variables copied into lists, -join and -f cannot grow a small file into gigabytes; and
// for reading the script again as loops and function calls do (kMaxRereadBytes).
#include <fmt/format.h>

#include <algorithm>

#include "engine/rules/powershell_parser.h"

namespace mfsim::rules::ps {
// capped_sum holds sums just past kMaxValueBytes, so no larger budget can be counted with it.
static_assert(kMaxRereadBytes <= kMaxValueBytes);

namespace {

// What a value holds in memory, roughly: its record, its text and where it was written.
std::size_t footprint(const param_value& value) {
  std::size_t bytes = sizeof(param_value) + value.text.size() + value.where.file.size();
  for (const auto& item : value.items) bytes += footprint(item);
  return bytes;
}

// What a hash table or created object holds, counted until `cap` is passed: a table put in
// itself doubles with each copy, so counting it whole could take as long as copying it.
std::size_t table_footprint(const std::vector<ps_entry>& entries, std::size_t cap) {
  std::size_t bytes = 0;
  for (const auto& e : entries) {
    bytes = capped_sum(bytes, sizeof(ps_entry) + e.key.size() + footprint(e.value.value));
    if (!e.value.entries.empty()) {
      bytes = capped_sum(bytes, table_footprint(e.value.entries, cap - std::min(cap, bytes)));
    }
    if (bytes > cap) break;
  }
  return bytes;
}

}  // namespace

void parser::charge_table(const ps_value& value, std::size_t offset) {
  if (value.entries.empty()) return;
  charge_bytes(
      table_footprint(value.entries, kMaxValueBytes - std::min(kMaxValueBytes, value_bytes_)),
      offset);
}

std::size_t capped_sum(std::size_t a, std::size_t b) noexcept {
  std::size_t sum = 0;
  if (__builtin_add_overflow(a, b, &sum)) return kMaxValueBytes + 1;
  return std::min(sum, kMaxValueBytes + 1);
}

void parser::charge(const param_value& value, std::size_t offset) {
  charge_bytes(footprint(value), offset);
}

void parser::charge_text(std::size_t text_bytes, std::size_t offset) {
  charge_bytes(capped_sum(sizeof(param_value), text_bytes), offset);
}

void parser::charge_bytes(std::size_t bytes, std::size_t offset) {
  value_bytes_ = capped_sum(value_bytes_, bytes);
  if (value_bytes_ > kMaxValueBytes) {
    fail(offset, fmt::format("the script's values pass {} MiB (the PowerShell value budget; "
                             "variables copied into lists count every copy)",
                             kMaxValueBytes >> 20));
  }
}

void parser::regex_budget_failed(std::string_view op, std::size_t offset) {
  fail(offset, fmt::format("{}: the script's regular expressions read more than {} MiB of text "
                           "(the PowerShell regex budget; a pattern that backtracks, over many "
                           "or long texts)",
                           op, kMaxRegexReads >> 20));
}

void parser::charge_reread(std::size_t from, std::size_t offset) {
  reread_bytes_ = capped_sum(reread_bytes_, i_ > from ? i_ - from : 0);
  if (reread_bytes_ > kMaxRereadBytes) {
    fail(offset, fmt::format("loops and function calls read the script again past {} MiB (the "
                             "PowerShell unrolling limit)",
                             kMaxRereadBytes >> 20));
  }
}

}  // namespace mfsim::rules::ps
