// PDF's lexical conventions (ISO 32000-1 7.2) and objects (7.3), read without trusting the bytes.
#include "engine/mail/pdf_syntax.h"

#include "engine/ascii.h"

namespace mfsim::mail::pdf {

bool is_pdf_space(char c) noexcept {
  return c == ' ' || c == '\n' || c == '\r' || c == '\t' || c == '\f' || c == '\0';
}

bool is_pdf_delimiter(char c) noexcept {
  switch (c) {
    case '(':
    case ')':
    case '<':
    case '>':
    case '[':
    case ']':
    case '{':
    case '}':
    case '/':
    case '%': return true;
    default: return false;
  }
}

namespace {

bool is_regular(char c) noexcept { return !is_pdf_space(c) && !is_pdf_delimiter(c); }

// A token of regular characters as a number ("17", "-3.5", "+.002", "4."); false for a keyword.
bool parse_number(std::string_view token, double& out) noexcept {
  std::size_t i = 0;
  bool negative = false;
  if (i < token.size() && (token[i] == '+' || token[i] == '-')) negative = token[i++] == '-';
  double value = 0;
  bool digits = false;
  for (; i < token.size() && ascii_is_digit(token[i]); ++i) {
    value = value * 10 + (token[i] - '0');
    digits = true;
  }
  if (i < token.size() && token[i] == '.') {
    double scale = 0.1;
    for (++i; i < token.size() && ascii_is_digit(token[i]); ++i, scale /= 10) {
      value += (token[i] - '0') * scale;
      digits = true;
    }
  }
  if (!digits || i != token.size()) return false;
  out = negative ? -value : value;
  return true;
}

}  // namespace

const object* object::get(std::string_view key) const noexcept {
  if (type != kind::dict) return nullptr;
  for (std::size_t i = 0; i < keys.size(); ++i) {
    if (keys[i] == key) return &items[i];
  }
  return nullptr;
}

std::uint32_t object::ref_number() const noexcept {
  return type == kind::ref ? static_cast<std::uint32_t>(number) : 0;
}

std::size_t append_hex_bytes(std::string_view hex, std::string& out) {
  int high = -1;
  std::size_t at = 0;
  while (at < hex.size()) {
    const char c = hex[at++];
    if (c == '>') break;
    const int value = ascii_hex_value(c);
    if (value < 0) continue;  // white space, and bytes that are no digit
    if (high < 0) {
      high = value;
    } else {
      out += static_cast<char>(high * 16 + value);
      high = -1;
    }
  }
  if (high >= 0) out += static_cast<char>(high * 16);  // an odd last digit: followed by 0
  return at;
}

std::size_t reader::skip_space() noexcept {
  while (at_ < data_.size()) {
    const char c = data_[at_];
    if (is_pdf_space(c)) {
      ++at_;
    } else if (c == '%') {
      while (at_ < data_.size() && data_[at_] != '\n' && data_[at_] != '\r') ++at_;
    } else {
      break;
    }
  }
  return at_;
}

bool reader::next(object& out) {
  out = object{};
  nodes_ = 0;
  if (skip_space() >= data_.size()) return false;
  (void)read_value(out, 0);
  return true;
}

// One value at `depth`; false (`out` null) when it was too deep to keep.
bool reader::read_value(object& out, std::size_t depth) {
  ++nodes_;
  const char c = data_[at_];
  if (c == '(') {
    ++at_;
    out.type = object::kind::string;
    read_literal_string(out.text);
    return true;
  }
  if (c == '/') {
    ++at_;
    out.type = object::kind::name;
    read_name(out.text);
    return true;
  }
  const bool dict = c == '<' && at_ + 1 < data_.size() && data_[at_ + 1] == '<';
  if (c == '<' && !dict) {
    ++at_;
    out.type = object::kind::string;
    read_hex_string(out.text);
    return true;
  }
  if (c == '[' || dict) {
    at_ += dict ? 2 : 1;
    if (depth >= kMaxPdfDepth) {
      skip_container();
      return false;
    }
    out.type = dict ? object::kind::dict : object::kind::array;
    object item;
    while (skip_space() < data_.size()) {
      const char d = data_[at_];
      if (!dict && d == ']') {
        ++at_;
        break;
      }
      if (dict && d == '>' && at_ + 1 < data_.size() && data_[at_ + 1] == '>') {
        at_ += 2;
        break;
      }
      if (d == ']' || d == '>' || d == ')' || d == '}' || d == '{') {  // stray: passed over
        ++at_;
        continue;
      }
      item = object{};
      if (!read_value(item, depth + 1) || nodes_ > kMaxPdfNodes) continue;
      if (!dict) {
        out.items.push_back(std::move(item));
      } else if (out.keys.size() == out.items.size()) {
        if (item.type == object::kind::name) out.keys.push_back(std::move(item.text));
      } else {
        out.items.push_back(std::move(item));
      }
    }
    if (dict && out.keys.size() > out.items.size()) out.keys.pop_back();
    return true;
  }
  if (!is_regular(c)) {  // ')', '>', ']', '{', '}' out of place
    ++at_;
    return false;
  }
  read_regular(out);
  return true;
}

// A number, a reference (file mode), true/false/null, or another keyword (an operator).
void reader::read_regular(object& out) {
  const std::size_t start = at_;
  while (at_ < data_.size() && is_regular(data_[at_])) ++at_;
  const std::string_view token = data_.substr(start, at_ - start);
  double number = 0;
  if (parse_number(token, number)) {
    const bool whole =
        number >= 1 && number < (1u << 23) && token.find('.') == std::string_view::npos;
    if (mode_ == mode::file && whole && follows_reference()) {
      out.type = object::kind::ref;
    } else {
      out.type = object::kind::number;
    }
    out.number = number;
    return;
  }
  if (token == "true" || token == "false") {
    out.type = object::kind::boolean;
    out.number = token == "true" ? 1 : 0;
  } else if (token != "null") {
    out.type = object::kind::op;
    out.text = token;
  }
}

// After an object number: whether " G R" follows (then passed over).
bool reader::follows_reference() {
  std::size_t i = at_;
  while (i < data_.size() && is_pdf_space(data_[i])) ++i;
  const std::size_t gen = i;
  while (i < data_.size() && ascii_is_digit(data_[i])) ++i;
  if (i == gen || i - gen > 5 || i >= data_.size() || !is_pdf_space(data_[i])) return false;
  while (i < data_.size() && is_pdf_space(data_[i])) ++i;
  if (i >= data_.size() || data_[i] != 'R' || (i + 1 < data_.size() && is_regular(data_[i + 1])))
    return false;
  at_ = i + 1;
  return true;
}

void reader::read_literal_string(std::string& out) {
  std::size_t open = 1;
  while (at_ < data_.size()) {
    const char c = data_[at_++];
    if (c == '(') {
      ++open;
    } else if (c == ')') {
      if (--open == 0) return;
    } else if (c == '\r') {  // an end of line in a string is a line feed (7.3.4.2)
      if (at_ < data_.size() && data_[at_] == '\n') ++at_;
      out += '\n';
      continue;
    } else if (c == '\\' && at_ < data_.size()) {
      const char e = data_[at_++];
      switch (e) {
        case 'n': out += '\n'; break;
        case 'r': out += '\r'; break;
        case 't': out += '\t'; break;
        case 'b': out += '\b'; break;
        case 'f': out += '\f'; break;
        case '\r':  // a backslash before an end of line continues the string
          if (at_ < data_.size() && data_[at_] == '\n') ++at_;
          break;
        case '\n': break;
        default:
          if (e >= '0' && e <= '7') {
            unsigned value = static_cast<unsigned>(e - '0');
            for (int k = 0; k < 2 && at_ < data_.size() && data_[at_] >= '0' && data_[at_] <= '7';
                 ++k) {
              value = value * 8 + static_cast<unsigned>(data_[at_++] - '0');
            }
            out += static_cast<char>(value & 0xFF);
          } else {
            out += e;  // \( \) \\ and any other character stand for themselves
          }
      }
      continue;
    }
    out += c;
  }
}

// Passes over the rest of an array or dictionary too deep to read, without recursing: its
// brackets counted, its strings passed over whole.
void reader::skip_container() {
  std::size_t open = 1;
  std::string ignored;
  while (open > 0 && skip_space() < data_.size()) {
    const char c = data_[at_++];
    const bool pair = at_ < data_.size() && data_[at_] == c;
    if (c == '(') {
      ignored.clear();
      read_literal_string(ignored);
    } else if (c == '[' || (c == '<' && pair)) {
      at_ += c == '<' ? 1 : 0;
      ++open;
    } else if (c == ']' || (c == '>' && pair)) {
      at_ += c == '>' ? 1 : 0;
      --open;
    } else if (c == '<') {
      ignored.clear();
      read_hex_string(ignored);
    }
  }
}

void reader::read_hex_string(std::string& out) { at_ += append_hex_bytes(data_.substr(at_), out); }

void reader::read_name(std::string& out) {
  while (at_ < data_.size() && is_regular(data_[at_])) {
    const char c = data_[at_++];
    if (c == '#' && at_ + 1 < data_.size() && ascii_hex_value(data_[at_]) >= 0 &&
        ascii_hex_value(data_[at_ + 1]) >= 0) {
      out += static_cast<char>(ascii_hex_value(data_[at_]) * 16 + ascii_hex_value(data_[at_ + 1]));
      at_ += 2;
    } else {
      out += c;
    }
  }
}

void reader::skip_inline_image_data() noexcept {
  if (at_ < data_.size() && is_pdf_space(data_[at_])) ++at_;  // the one space after ID
  while (at_ + 1 < data_.size()) {
    const std::size_t ei = data_.find("EI", at_);
    if (ei == std::string_view::npos) break;
    at_ = ei + 2;
    if (ei > 0 && is_pdf_space(data_[ei - 1]) &&
        (at_ == data_.size() || is_pdf_space(data_[at_]))) {
      return;
    }
  }
  at_ = data_.size();
}

}  // namespace mfsim::mail::pdf
