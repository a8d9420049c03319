// parse_mime_parameters(): one pass over the field value, quoted-strings read whole.
#include "engine/mail/mime_parameters.h"

#include <algorithm>

#include "engine/ascii.h"

namespace mfsim::mail {
namespace {

// The quoted-string starting at value[at] == '"': its text, unescaped; `at` moves past it.
// `closed` says whether its closing quote was found.
std::string read_quoted(std::string_view value, std::size_t& at, bool* closed = nullptr) {
  std::string out;
  if (closed != nullptr) *closed = false;
  for (++at; at < value.size(); ++at) {
    const char c = value[at];
    if (c == '"') {
      ++at;
      if (closed != nullptr) *closed = true;
      break;
    }
    // A quoted-pair of a quote or a backslash; any other backslash stays, as mailers that
    // write Windows paths unescaped ("C:\temp\a.exe") mean it.
    if (c == '\\' && at + 1 < value.size() && (value[at + 1] == '"' || value[at + 1] == '\\')) ++at;
    out += value[at];
  }
  return out;
}

// A media type's type or subtype without the white space around it: RFC 5322's (space, tab,
// CR, LF), and the vertical tab and form feed, which C's isspace() counts too and which RFC
// 2045's tokens cannot hold (decision 1160).
std::string_view without_media_blanks(std::string_view s) {
  constexpr std::string_view kBlanks = " \t\r\n\v\f";
  const std::size_t from = s.find_first_not_of(kBlanks);
  if (from == std::string_view::npos) return {};
  return s.substr(from, s.find_last_not_of(kBlanks) + 1 - from);
}

// Where the next `;` outside a quoted-string and a comment is at or after `at`; the end when
// there is none.
std::size_t next_separator(std::string_view value, std::size_t at) {
  while (at < value.size() && value[at] != ';') {
    if (value[at] == '"') {
      (void)read_quoted(value, at);
      continue;
    }
    if (value[at] == '(') {
      at = std::min(skip_comment(value, at), value.size());  // one left open: the rest
      continue;
    }
    ++at;
  }
  return at;
}

}  // namespace

std::size_t skip_comment(std::string_view value, std::size_t at) {
  int depth = 0;
  for (; at < value.size(); ++at) {
    const char c = value[at];
    if (c == '\\') {
      ++at;
    } else if (c == '(') {
      ++depth;
    } else if (c == ')' && --depth == 0) {
      return at + 1;
    }
  }
  return std::string_view::npos;
}

std::string without_comments(std::string_view value) {
  std::string out;
  // A `(` that no `)` closes after a blank starts a comment that runs to the end; inside a
  // token it starts none: a client that reads `evil(.exe` as it is keeps the extension, which
  // dropping the rest hid. There its parentheses, and all after it, are dropped, the text kept
  // (decision 713).
  bool unclosed = false;
  for (std::size_t at = 0; at < value.size();) {
    const std::size_t from = at;
    if (value[at] == '"') {
      (void)read_quoted(value, at);
      out.append(value.substr(from, at - from));
    } else if (unclosed && (value[at] == '(' || value[at] == ')')) {
      ++at;
    } else if (value[at] == '(') {
      at = skip_comment(value, at);
      if (at == std::string_view::npos) {
        const bool in_token = from > 0 && value[from - 1] != ' ' && value[from - 1] != '\t';
        unclosed = in_token;
        at = in_token ? from + 1 : value.size();
      }
    } else {
      out += value[at++];
    }
  }
  return out;
}

namespace {

// A parameter's value as written after its `=`: a quoted-string's text, else the token, both
// without the comments around them.
std::string parameter_text(std::string_view raw_value) {
  const std::string text = without_comments(raw_value);
  const std::string_view value = ascii_trim_whitespace(text);
  if (!value.starts_with('"')) return std::string(value);
  std::size_t from = 0;
  return read_quoted(value, from);
}

}  // namespace

std::vector<mime_parameter> parse_mime_parameters(std::string_view field_value) {
  const std::string without = without_comments(field_value);
  const std::string_view value = without;
  std::vector<mime_parameter> out;
  for (std::size_t at = next_separator(value, 0); at < value.size();) {
    ++at;  // the ';'
    const std::size_t end = next_separator(value, at);
    const std::string_view item = value.substr(at, end - at);
    const std::size_t equals = item.find('=');
    if (equals != std::string_view::npos) {
      mime_parameter p{std::string(ascii_trim_whitespace(item.substr(0, equals))),
                       parameter_text(item.substr(equals + 1))};
      if (!p.name.empty()) out.push_back(std::move(p));
    }
    at = end;
  }
  return out;
}

bool ends_quoted(std::string_view line, bool starts_quoted) noexcept {
  bool quoted = starts_quoted;
  for (std::size_t i = 0; i < line.size(); ++i) {
    if (line[i] == '"')
      quoted = !quoted;
    else if (quoted && line[i] == '\\')
      ++i;  // a quoted-pair
  }
  return quoted;
}

std::optional<parameter_rewrite> name_with_semicolon(std::string_view line, bool starts_quoted) {
  const bool has_comment = line.find('(') != std::string_view::npos;
  if (!has_comment &&
      (line.find(';') == std::string_view::npos || line.find('"') == std::string_view::npos))
    return std::nullopt;
  // Each item between top-level `;`s: the first is the field's name and type, or on a
  // continuation line a parameter too. A line that continues a quoted-string starts after it
  // and the `;` that ends its parameter: `x="split` / ` here"; name="a;b"` (decision 576).
  std::size_t first = 0;
  if (starts_quoted) {
    std::size_t at = 0;
    for (; at < line.size() && line[at] != '"'; ++at) {
      if (line[at] == '\\') ++at;
    }
    if (at >= line.size()) return std::nullopt;
    first = next_separator(line, at + 1) + 1;
  }
  for (std::size_t item = first; item <= line.size();) {
    const std::size_t end = next_separator(line, item);
    const std::size_t start = line.find_first_not_of(" \t", item);
    item = end + 1;
    if (start >= end) continue;
    // Looked for within the item only: a line of many `;` stays linear.
    const std::size_t in_item = line.substr(start, end - start).find('=');
    if (in_item == std::string_view::npos ||
        !ascii_iequals(ascii_trim_whitespace(line.substr(start, in_item)), "name"))
      continue;
    const std::size_t equals = start + in_item;
    std::string value;
    std::size_t to = end;
    const std::string_view raw = line.substr(equals + 1, end - equals - 1);
    if (without_comments(raw).size() != raw.size()) {
      // mimetic keeps a comment in the value (`name=evil.exe (x)` reads `evil.exe (x)`), and
      // drops the quotes only of a value that is a quoted-string alone (decision 668).
      value = parameter_text(raw);
    } else {
      std::size_t quote = line.find_first_not_of(" \t", equals + 1);
      if (quote >= end || line[quote] != '"') continue;
      bool closed = false;
      value = read_quoted(line, quote, &closed);
      // mimetic's reading cuts a quoted value at a `;`, and at a NUL (decision 596).
      if (!closed || value.find_first_of(std::string_view(";\0", 2)) == std::string::npos) continue;
      to = quote;
    }
    parameter_rewrite out{start, to, "name*=\"''"};
    for (const char c : value) {
      const auto u = static_cast<unsigned char>(c);
      if (c == ';' || c == '%' || c == '"' || c == '\'' || c == '\\' || u < 0x20 || u >= 0x7F) {
        constexpr char kHex[] = "0123456789ABCDEF";
        out.extended += '%';
        out.extended += kHex[u >> 4];
        out.extended += kHex[u & 15];
      } else {
        out.extended += c;
      }
    }
    out.extended += '"';
    return out;
  }
  return std::nullopt;
}

std::string transfer_encoding_mechanism(std::string_view value) {
  std::string token;
  int comment_depth = 0;
  for (std::size_t i = 0; i < value.size(); ++i) {
    const char c = value[i];
    if (comment_depth > 0) {
      if (c == '\\')
        ++i;  // a quoted-pair
      else if (c == '(')
        ++comment_depth;
      else if (c == ')')
        --comment_depth;
      continue;
    }
    const bool separator =
        c == ' ' || c == '\t' || c == '\r' || c == '\n' || c == '"' || c == ';' || c == '(';
    if (separator && !token.empty()) break;
    if (c == '(')
      comment_depth = 1;
    else if (!separator)
      token += ascii_lower(c);
  }
  return token;
}

bool is_decoded_mechanism(std::string_view mechanism) noexcept {
  return mechanism == "base64" || mechanism == "quoted-printable";
}

std::size_t media_type_end(std::string_view value) { return next_separator(value, 0); }

std::string type_and_subtype(std::string_view media) {
  const std::size_t slash = media.find('/');
  const std::string_view subtype =
      slash == std::string_view::npos ? std::string_view() : media.substr(slash + 1);
  return ascii_lower_copy(without_media_blanks(media.substr(0, slash))) + "/" +
         ascii_lower_copy(without_media_blanks(subtype));
}

std::optional<parameter_rewrite> media_type_for_mimetic(std::string_view value,
                                                        bool value_continues,
                                                        std::size_t first_line_size,
                                                        bool even_as_sent) {
  const std::size_t to = next_separator(value, 0);
  if (to == value.size() && value_continues) return std::nullopt;
  const std::string_view media = value.substr(0, to);
  bool has_comment = false;
  for (std::size_t at = 0; at < media.size();) {
    if (media[at] == '"') {
      (void)read_quoted(media, at);
    } else if (media[at] == '(') {
      at = skip_comment(media, at);
      if (at == std::string_view::npos) return std::nullopt;  // the rest is no comment of its own
      has_comment = true;
    } else {
      ++at;
    }
  }
  const std::string text = has_comment ? without_comments(media) : std::string(media);
  const std::string_view clean = text;
  const std::size_t slash = clean.find('/');
  parameter_rewrite out{0, to, " "};
  out.extended += without_media_blanks(clean.substr(0, slash));
  if (slash != std::string_view::npos) {
    out.extended += '/';
    out.extended += without_media_blanks(clean.substr(slash + 1));
  }
  // Blanks around the `/` (`multipart / mixed`) keep mimetic from splitting too (decision 821),
  // as does a type or subtype on a continuation line, which mimetic reads after a blank
  // (decision 850).
  const std::string_view as_sent = ascii_trim_whitespace(media);
  const bool folded = ascii_trim_whitespace(media.substr(0, first_line_size)) != as_sent;
  if (!even_as_sent && !has_comment && !folded &&
      std::string_view(out.extended).substr(1) == as_sent)
    return std::nullopt;
  return out;
}

std::string_view parameter_value(const std::vector<mime_parameter>& params,
                                 std::string_view name) noexcept {
  for (const mime_parameter& p : params) {
    if (ascii_iequals(p.name, name)) return p.value;
  }
  return {};
}

}  // namespace mfsim::mail
