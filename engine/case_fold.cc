// Unicode simple case folding, kept to the foldings that keep the UTF-8 length.
#include "engine/case_fold.h"

#include <algorithm>
#include <array>
#include <cstdint>
#include <iterator>

#include "engine/ascii.h"
#include "engine/utf8.h"

namespace mfsim {

namespace {

struct folding {
  std::uint32_t from;
  std::uint32_t to;
};

constexpr folding kFoldings[] = {
#include "engine/case_fold_table.inc"
};

constexpr bool sorted_by_code_point() {
  for (std::size_t i = 1; i < std::size(kFoldings); ++i) {
    if (kFoldings[i - 1].from >= kFoldings[i].from) return false;
  }
  return true;
}
static_assert(sorted_by_code_point(), "regenerate engine/case_fold_table.inc");

std::uint32_t folded(std::uint32_t code_point) noexcept {
  const auto* it =
      std::lower_bound(std::begin(kFoldings), std::end(kFoldings), code_point,
                       [](const folding& f, std::uint32_t value) { return f.from < value; });
  return it != std::end(kFoldings) && it->from == code_point ? it->to : code_point;
}

// Writes `code_point` as the `length` bytes of UTF-8 at `at` (the table keeps lengths equal).
void write_utf8(char* at, std::uint32_t code_point, std::size_t length) noexcept {
  for (std::size_t k = length - 1; k > 0; --k) {
    at[k] = static_cast<char>(0x80 | (code_point & 0x3f));
    code_point >>= 6;
  }
  constexpr std::array<unsigned, 5> kLead = {0, 0, 0xc0, 0xe0, 0xf0};
  at[0] = static_cast<char>(kLead[length] | code_point);
}

// Folds the non-ASCII characters of the `size` bytes at `data`; ASCII is left to the caller.
void fold_non_ascii_in_place(char* data, std::size_t size) noexcept {
  const std::string_view view(data, size);
  for (std::size_t i = 0; i < size;) {
    if (static_cast<unsigned char>(data[i]) < 0x80) {
      ++i;
      continue;
    }
    std::uint32_t code_point = 0;
    const std::size_t length = utf8_sequence_length(view, i, &code_point);
    if (length == 0) {  // not UTF-8: kept as sent
      ++i;
      continue;
    }
    const std::uint32_t to = folded(code_point);
    if (to != code_point) write_utf8(data + i, to, length);
    i += length;
  }
}

}  // namespace

bool has_non_ascii(std::string_view text) noexcept {
  return std::any_of(text.begin(), text.end(),
                     [](char c) { return static_cast<unsigned char>(c) >= 0x80; });
}

bool folds_into_ascii(std::string_view text) noexcept {
  return text.find("\xE2\x84\xAA") != std::string_view::npos ||  // U+212A KELVIN SIGN
         text.find("\xC5\xBF") != std::string_view::npos;        // U+017F LATIN SMALL LETTER LONG S
}

void fold_case_in_place(char* data, std::size_t size) noexcept {
  bool ascii = true;
  for (std::size_t i = 0; i < size; ++i) {
    data[i] = ascii_lower(data[i]);
    ascii = ascii && static_cast<unsigned char>(data[i]) < 0x80;
  }
  if (!ascii) fold_non_ascii_in_place(data, size);
}

void append_case_folded(std::string_view text, std::string& out) {
  const std::size_t start = out.size();
  out.append(text);
  fold_case_in_place(out.data() + start, text.size());
}

std::string case_folded_copy(std::string_view text) {
  std::string out;
  append_case_folded(text, out);
  return out;
}

}  // namespace mfsim
