// Text written into mfsim's output formats, escaped in one place: JSON strings, HTML and XML
// text and attribute values, YAML scalars. JSON, HTML and XML output is always valid UTF-8:
// bytes that are not well-formed UTF-8 become U+FFFD.
#pragma once

#include <string>
#include <string_view>

namespace mfsim {

// Appends `text` as a JSON string literal (quotes included): " and \ escaped, tab and line ends
// as \t \n \r, other controls as \u00XX.
void append_json_string(std::string& out, std::string_view text);

// Appends `text` escaped for HTML text and attribute values: & < > " ' become entities,
// control characters other than tab and line ends become U+FFFD.
void append_html_escaped(std::string& out, std::string_view text);

// Appends `text` escaped for XML 1.0 text and attribute values: & < > " ' become entities;
// characters XML 1.0 forbids (controls other than tab and line ends, U+FFFE, U+FFFF) become
// U+FFFD. CR is always written `&#13;` (a parser turns a raw one into LF); in an `attribute`,
// tab and LF are written `&#9;` and `&#10;` too (a parser turns raw ones into spaces).
void append_xml_escaped(std::string& out, std::string_view text, bool attribute = false);

// `text` as a YAML scalar that any YAML reader loads back as that same string: plain when that
// is safe, single-quoted when plain would be read as something else (an indicator, `: `, ` #`,
// null, a boolean or a number in YAML 1.1 or 1.2 spelling), double-quoted with escapes when it
// holds control characters. `in_flow` is for items of a [a, b] list, where , [ ] { } end a
// plain scalar. Other bytes are kept as they are (also when not UTF-8), so a rule set written
// and read back matches the same bytes.
[[nodiscard]] std::string yaml_scalar(std::string_view text, bool in_flow = false);

// True when a YAML 1.1 or 1.2 reader resolves `text`, written as a plain scalar, to null, a
// boolean or a number (an int in any base, a float, .inf, .nan), not to a string.
[[nodiscard]] bool yaml_plain_resolves_to_non_string(std::string_view text);

}  // namespace mfsim
