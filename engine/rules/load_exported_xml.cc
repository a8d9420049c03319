// The exported-XML importer: a small XML reader (elements, attributes, text, CDATA, entities,
// comments) that keeps each character's offset, so PowerShell diagnostics point into the file.
#include "engine/rules/load_exported_xml.h"

#include <fmt/format.h>

#include <algorithm>
#include <optional>
#include <utility>
#include <vector>

#include "engine/rules/load_powershell.h"

namespace mfsim::rules {
namespace {

// Character data with the document offset of each of its bytes.
struct xml_text {
  std::string text;
  std::vector<std::size_t> offsets;

  void append(std::string_view bytes, std::size_t offset) {
    for (std::size_t k = 0; k < bytes.size(); ++k) {
      text += bytes[k];
      offsets.push_back(offset + k);
    }
  }
};

struct xml_attribute {
  std::string name;
  std::string value;
  std::size_t name_offset = 0;
  std::size_t value_offset = 0;
};

struct xml_element {
  std::string name;
  std::size_t offset = 0;
  std::vector<xml_attribute> attributes;
  std::vector<xml_element> children;
  xml_text text;  // every character directly inside, CDATA sections included

  [[nodiscard]] const xml_attribute* attribute(std::string_view key) const {
    for (const auto& a : attributes) {
      if (a.name == key) return &a;
    }
    return nullptr;
  }
};

struct xml_failure {
  std::size_t offset;
  std::string message;
};

bool is_name_start(char c) noexcept {
  return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || c == '_' || c == ':' ||
         (static_cast<unsigned char>(c) >= 0x80);
}
bool is_name_char(char c) noexcept {
  return is_name_start(c) || (c >= '0' && c <= '9') || c == '-' || c == '.';
}
bool is_space(char c) noexcept { return c == ' ' || c == '\t' || c == '\r' || c == '\n'; }

class xml_parser {
 public:
  explicit xml_parser(std::string_view text) : s_(text) {}

  xml_element document();

 private:
  [[noreturn]] void fail(std::size_t offset, std::string message) {
    throw xml_failure{offset, std::move(message)};
  }
  [[nodiscard]] bool at(std::string_view token) const {
    return s_.substr(i_, token.size()) == token;
  }
  void skip_space() {
    while (i_ < s_.size() && is_space(s_[i_])) ++i_;
  }
  void skip_past(std::string_view end, std::string_view what) {
    const std::size_t start = i_;
    const std::size_t found = s_.find(end, i_);
    if (found == std::string_view::npos)
      fail(start, fmt::format("{} is not closed by '{}'", what, end));
    i_ = found + end.size();
  }
  // Comments and processing instructions between elements.
  bool skip_misc() {
    if (at("<!--")) {
      skip_past("-->", "comment");
      return true;
    }
    if (at("<?")) {
      skip_past("?>", "processing instruction");
      return true;
    }
    return false;
  }
  std::string name();
  void entity(xml_text& out);
  xml_element element();

  std::string_view s_;
  std::size_t i_ = 0;
};

xml_element xml_parser::document() {
  if (at("\xEF\xBB\xBF")) i_ = 3;
  while (true) {
    skip_space();
    if (at("<!DOCTYPE")) fail(i_, "document type declarations (<!DOCTYPE>) are not supported");
    if (!skip_misc()) break;
  }
  if (i_ >= s_.size() || s_[i_] != '<') {
    fail(i_, "expected the root element <rules> (an Export-TransportRuleCollection file)");
  }
  xml_element root = element();
  while (true) {
    skip_space();
    if (i_ >= s_.size()) break;
    if (!skip_misc()) fail(i_, fmt::format("content after the root element </{}>", root.name));
  }
  return root;
}

std::string xml_parser::name() {
  const std::size_t start = i_;
  if (i_ >= s_.size() || !is_name_start(s_[i_])) fail(start, "expected a name");
  while (i_ < s_.size() && is_name_char(s_[i_])) ++i_;
  return std::string(s_.substr(start, i_ - start));
}

void xml_parser::entity(xml_text& out) {
  const std::size_t start = i_;
  const std::size_t end = s_.find(';', i_);
  if (end == std::string_view::npos || end - i_ > 12)
    fail(start, "'&' starts no entity; write &amp;");
  const std::string_view ref = s_.substr(i_ + 1, end - i_ - 1);
  i_ = end + 1;
  std::string decoded;
  if (ref == "lt")
    decoded = "<";
  else if (ref == "gt")
    decoded = ">";
  else if (ref == "amp")
    decoded = "&";
  else if (ref == "quot")
    decoded = "\"";
  else if (ref == "apos")
    decoded = "'";
  else if (ref.size() > 1 && ref[0] == '#') {
    const bool hex = ref[1] == 'x' || ref[1] == 'X';
    const std::string_view digits = ref.substr(hex ? 2 : 1);
    std::uint32_t code = 0;
    bool ok = !digits.empty();
    for (const char c : digits) {
      int v = -1;
      if (c >= '0' && c <= '9')
        v = c - '0';
      else if (hex && c >= 'a' && c <= 'f')
        v = c - 'a' + 10;
      else if (hex && c >= 'A' && c <= 'F')
        v = c - 'A' + 10;
      if (v < 0 || code > 0x10FFFF) {
        ok = false;
        break;
      }
      code = code * (hex ? 16u : 10u) + static_cast<std::uint32_t>(v);
    }
    if (!ok || code == 0 || code > 0x10FFFF || (code >= 0xD800 && code <= 0xDFFF)) {
      fail(start, fmt::format("bad character reference &{};", ref));
    }
    append_utf8(decoded, code);
  } else {
    fail(start, fmt::format("unknown entity &{}; (XML knows &lt; &gt; &amp; &quot; &apos;)", ref));
  }
  out.append(decoded, start);
}

xml_element xml_parser::element() {
  xml_element e;
  e.offset = i_;
  ++i_;  // '<'
  e.name = name();
  while (true) {
    const std::size_t before = i_;
    skip_space();
    if (at("/>")) {
      i_ += 2;
      return e;
    }
    if (at(">")) {
      ++i_;
      break;
    }
    if (i_ == before) fail(i_, fmt::format("expected an attribute, '>' or '/>' in <{}>", e.name));
    xml_attribute a;
    a.name_offset = i_;
    a.name = name();
    if (e.attribute(a.name) != nullptr) {
      fail(a.name_offset, fmt::format("attribute '{}' given twice in <{}>", a.name, e.name));
    }
    skip_space();
    if (!at("=")) fail(i_, fmt::format("expected '=' after the attribute '{}'", a.name));
    ++i_;
    skip_space();
    if (i_ >= s_.size() || (s_[i_] != '"' && s_[i_] != '\'')) {
      fail(i_, fmt::format("expected a quoted value for the attribute '{}'", a.name));
    }
    const char quote = s_[i_++];
    a.value_offset = i_;
    xml_text value;
    while (true) {
      if (i_ >= s_.size()) fail(a.value_offset - 1, "an attribute value is not closed");
      const char c = s_[i_];
      if (c == quote) break;
      if (c == '<') fail(i_, "'<' in an attribute value; write &lt;");
      if (c == '&') {
        entity(value);
      } else {
        value.append(s_.substr(i_, 1), i_);
        ++i_;
      }
    }
    ++i_;
    a.value = std::move(value.text);
    e.attributes.push_back(std::move(a));
  }
  while (true) {
    if (i_ >= s_.size()) fail(e.offset, fmt::format("element <{}> is not closed", e.name));
    if (at("</")) {
      const std::size_t close = i_;
      i_ += 2;
      const std::string closing = name();
      if (closing != e.name) {
        fail(close, fmt::format("</{}> closes <{}>", closing, e.name));
      }
      skip_space();
      if (!at(">")) fail(i_, fmt::format("expected '>' to end </{}>", closing));
      ++i_;
      return e;
    }
    if (at("<![CDATA[")) {
      const std::size_t start = i_ + 9;
      const std::size_t end = s_.find("]]>", start);
      if (end == std::string_view::npos) fail(i_, "CDATA section is not closed by ']]>'");
      e.text.append(s_.substr(start, end - start), start);
      i_ = end + 3;
    } else if (skip_misc()) {
      continue;
    } else if (at("<")) {
      e.children.push_back(element());
    } else if (at("&")) {
      entity(e.text);
    } else {
      e.text.append(s_.substr(i_, 1), i_);
      ++i_;
    }
  }
}

bool blank(const xml_text& t) { return std::all_of(t.text.begin(), t.text.end(), is_space); }

// The document offset of the first character that is not white space (the text is not blank).
std::size_t first_visible(const xml_text& t) {
  std::size_t k = 0;
  while (k < t.text.size() && is_space(t.text[k])) ++k;
  return t.offsets[k];
}

// The rule's name as its New-TransportRule gives it (-Name, or the first value).
std::optional<std::string> new_rule_name(const std::vector<ps_statement>& statements) {
  for (const auto& st : statements) {
    const ps_command& cmd = st.pipeline.front();
    if (!iequals(cmd.name, "New-TransportRule")) continue;
    for (std::size_t k = 0; k < cmd.elements.size(); ++k) {
      const ps_element& e = cmd.elements[k];
      if (e.is_parameter && iequals(e.name, "Name")) {
        const param_value* v = e.has_value                   ? &e.value
                               : k + 1 < cmd.elements.size() ? &cmd.elements[k + 1].value
                                                             : nullptr;
        if (v != nullptr && v->type == value_type::text) return v->text;
        return std::nullopt;
      }
    }
    for (const auto& e : cmd.elements) {
      if (e.is_parameter) break;
      if (e.value.type == value_type::text) return e.value.text;
    }
  }
  return std::nullopt;
}

class collection_reader {
 public:
  collection_reader(std::string_view text, const std::string& file)
      : text_(text), file_(file), doc_(text_positions(text, file)) {}

  imported_rules read();

 private:
  void error(diag_code code, std::size_t offset, std::string message) {
    problems_.push_back(diagnostic{code, doc_(offset), std::move(message)});
  }
  void check_attributes(const xml_element& e, std::span<const std::string_view> known);
  void read_rule(const xml_element& rule, std::size_t index);
  void read_block(const xml_element& block, const std::string& rule_label,
                  const xml_attribute* name_attribute);

  std::string_view text_;
  const std::string& file_;
  position_map doc_;
  std::vector<diagnostic> problems_;  // structure and syntax: nothing is run when there are any
  std::vector<ps_statement> statements_;
};

void collection_reader::check_attributes(const xml_element& e,
                                         std::span<const std::string_view> known) {
  for (const auto& a : e.attributes) {
    if (std::find(known.begin(), known.end(), a.name) == known.end()) {
      error(diag_code::unknown_key, a.name_offset,
            fmt::format("unknown attribute '{}' of <{}> (known: {})", a.name, e.name, join(known)));
    }
  }
}

imported_rules collection_reader::read() {
  imported_rules out;
  out.set.source = file_;
  xml_element root;
  try {
    root = xml_parser(text_).document();
  } catch (const xml_failure& f) {
    out.diagnostics.push_back(
        diagnostic{diag_code::syntax_error, doc_(f.offset), "invalid XML: " + f.message});
    return out;
  }
  if (root.name != "rules") {
    error(diag_code::bad_value, root.offset,
          fmt::format("expected the root element <rules> of an Export-TransportRuleCollection "
                      "file, found <{}>",
                      root.name));
    out.diagnostics = std::move(problems_);
    return out;
  }
  static constexpr std::string_view root_attributes[] = {"name"};
  check_attributes(root, root_attributes);
  if (const xml_attribute* a = root.attribute("name");
      a != nullptr && a->value != "TransportVersioned") {
    error(diag_code::bad_value, a->value_offset,
          fmt::format("<rules name=\"{}\">: only the collection format of Exchange 2013 and later "
                      "(name=\"TransportVersioned\") is supported",
                      a->value));
  }
  if (!blank(root.text)) {
    error(diag_code::syntax_error, first_visible(root.text), "unexpected text inside <rules>");
  }
  std::size_t index = 0;
  for (const auto& child : root.children) {
    if (child.name != "rule") {
      error(diag_code::unknown_key, child.offset,
            fmt::format("unexpected element <{}> in <rules>; expected <rule>", child.name));
      continue;
    }
    read_rule(child, index++);
  }
  if (!problems_.empty()) {
    out.diagnostics = std::move(problems_);
    return out;
  }
  return run_powershell(statements_, file_);
}

void collection_reader::read_rule(const xml_element& rule, std::size_t index) {
  static constexpr std::string_view rule_attributes[] = {"name", "id", "format"};
  check_attributes(rule, rule_attributes);
  const xml_attribute* name = rule.attribute("name");
  const std::string label =
      name != nullptr ? fmt::format("rule '{}'", name->value) : fmt::format("rule #{}", index + 1);
  if (const xml_attribute* format = rule.attribute("format");
      format != nullptr && format->value != "cmdlet") {
    error(diag_code::bad_value, format->value_offset,
          fmt::format("{}: format '{}' is not supported; only format=\"cmdlet\" (Exchange 2013 and "
                      "later) is",
                      label, format->value));
    return;
  }
  if (!blank(rule.text)) {
    error(diag_code::syntax_error, first_visible(rule.text),
          fmt::format("unexpected text inside <rule> of {}", label));
  }
  const xml_element* version = nullptr;
  for (const auto& child : rule.children) {
    if (child.name != "version") {
      error(diag_code::unknown_key, child.offset,
            fmt::format("unexpected element <{}> in {}; expected <version>", child.name, label));
    } else if (version != nullptr) {
      error(diag_code::duplicate, child.offset,
            fmt::format("{} has more than one <version>; mfsim reads one command block per rule",
                        label));
    } else {
      version = &child;
    }
  }
  if (version == nullptr) {
    error(diag_code::missing_key, rule.offset, fmt::format("{} has no <version> element", label));
    return;
  }
  static constexpr std::string_view version_attributes[] = {"requiredMinVersion"};
  check_attributes(*version, version_attributes);
  const xml_element* block = nullptr;
  for (const auto& child : version->children) {
    if (child.name != "commandBlock" || block != nullptr) {
      error(diag_code::unknown_key, child.offset,
            fmt::format("unexpected element <{}> in <version> of {}; expected one "
                        "<commandBlock>",
                        child.name, label));
    } else {
      block = &child;
    }
  }
  if (block == nullptr) {
    error(diag_code::missing_key, version->offset,
          fmt::format("<version> of {} has no <commandBlock>", label));
    return;
  }
  check_attributes(*block, {});
  read_block(*block, label, name);
}

void collection_reader::read_block(const xml_element& block, const std::string& rule_label,
                                   const xml_attribute* name_attribute) {
  const xml_text& t = block.text;
  const std::size_t fallback = block.offset;
  const position_map map = [this, &t, fallback](std::size_t offset) {
    if (t.offsets.empty()) return doc_(fallback);
    return offset < t.offsets.size() ? doc_(t.offsets[offset]) : doc_(t.offsets.back() + 1);
  };
  std::vector<diagnostic> syntax;
  auto statements = parse_powershell(t.text, map, syntax);
  if (!syntax.empty()) {
    for (auto& d : syntax) problems_.push_back(std::move(d));
    return;
  }
  const auto command_name = new_rule_name(statements);
  if (!command_name) {
    error(diag_code::missing_key, block.offset,
          fmt::format("the <commandBlock> of {} holds no New-TransportRule with a -Name",
                      rule_label));
    return;
  }
  if (name_attribute != nullptr && !iequals(name_attribute->value, *command_name)) {
    error(diag_code::bad_value, name_attribute->value_offset,
          fmt::format("{} is named '{}' by its New-TransportRule; the two names must agree",
                      rule_label, *command_name));
  }
  for (auto& st : statements) statements_.push_back(std::move(st));
}

}  // namespace

imported_rules import_exported_xml(std::string_view text, const std::string& file_name) {
  return collection_reader(text, file_name).read();
}

rule_set load_rule_set_exported_xml(std::string_view text, const std::string& file_name) {
  return finish_import(import_exported_xml(text, file_name));
}

}  // namespace mfsim::rules
