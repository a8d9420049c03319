// The objects of PDF's syntax (ISO 32000-1 7.2-7.3) and a reader of them over bytes, for the
// text of PDF attachments (pdf_text.h): the file's own objects, the operands and operators of
// content streams, and ToUnicode CMaps. Bounded: containers nest at most kMaxPdfDepth deep and
// one object holds at most kMaxPdfNodes values, so hostile bytes cost memory in proportion.
#pragma once

#include <cstddef>
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace mfsim::mail::pdf {

inline constexpr std::size_t kMaxPdfDepth = 32;
inline constexpr std::size_t kMaxPdfNodes = 1u << 16;

struct object {
  enum class kind : std::uint8_t { null, boolean, number, string, name, array, dict, ref, op };
  kind type = kind::null;
  double number = 0;              // a number, a boolean (0 or 1), a reference's object number
  std::string text;               // a string's bytes, a name (#xx decoded), an operator
  std::vector<object> items;      // an array's values; a dictionary's values
  std::vector<std::string> keys;  // a dictionary's keys, beside its values

  [[nodiscard]] bool is(kind k) const noexcept { return type == k; }
  [[nodiscard]] bool is_name(std::string_view name) const noexcept {
    return type == kind::name && text == name;
  }
  [[nodiscard]] bool is_op(std::string_view op) const noexcept {
    return type == kind::op && text == op;
  }
  // A dictionary's value for `key`; nullptr when absent or when this is no dictionary.
  [[nodiscard]] const object* get(std::string_view key) const noexcept;
  // A number as a whole count or index below 2^32, its fraction dropped; nullopt for anything
  // else (a negative number, one too large, a value of another kind).
  [[nodiscard]] std::optional<std::uint32_t> as_index() const noexcept {
    if (type != kind::number || !(number >= 0) || number >= 4294967296.0) return std::nullopt;
    return static_cast<std::uint32_t>(number);
  }
  // A reference's object number (0 for anything else).
  [[nodiscard]] std::uint32_t ref_number() const noexcept;
};

// `o`'s value when it is a number, else `fallback` (for a value absent or of another kind).
[[nodiscard]] inline double number_or(const object* o, double fallback) noexcept {
  return o != nullptr && o->is(object::kind::number) ? o->number : fallback;
}

// Reads objects one after another from `data`. In `file` mode "12 0 R" is a reference and
// `stream` data is the caller's to skip; in `content` mode every keyword is an operator.
class reader {
 public:
  enum class mode { file, content };
  reader(std::string_view data, mode m, std::size_t at = 0) noexcept
      : data_(data), mode_(m), at_(at) {}

  // The next object into `out`; false at the end of the data. A container nested too deep is
  // read as null, its bytes passed over; values past kMaxPdfNodes in one object are dropped.
  bool next(object& out);
  // Skips white space and comments; the offset of what follows.
  std::size_t skip_space() noexcept;
  // After an inline image's ID operator: passes over its data to the EI that ends it.
  void skip_inline_image_data() noexcept;

 private:
  bool read_value(object& out, std::size_t depth);
  void read_literal_string(std::string& out);
  void read_hex_string(std::string& out);
  void read_name(std::string& out);
  void read_regular(object& out);
  void skip_container();
  bool follows_reference();

  std::string_view data_;
  mode mode_;
  std::size_t at_;
  std::size_t nodes_ = 0;  // values read into the current top-level object
};

// Appends the bytes that the hexadecimal digits of `hex` stand for, up to a '>' (white space
// and other bytes passed over, an odd last digit followed by 0: a hex string, 7.3.4.3, and
// ASCIIHexDecode, 7.4.2); returns the offset after that '>', or the size.
std::size_t append_hex_bytes(std::string_view hex, std::string& out);

[[nodiscard]] bool is_pdf_space(char c) noexcept;
[[nodiscard]] bool is_pdf_delimiter(char c) noexcept;

}  // namespace mfsim::mail::pdf
