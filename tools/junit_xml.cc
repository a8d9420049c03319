// Writing JUnit XML.
#include "tools/junit_xml.h"

#include <fmt/format.h>

#include "engine/escape.h"

namespace mfsim::tools {
namespace {

// Element content: line ends kept readable.
std::string esc_text(std::string_view text) {
  std::string out;
  append_xml_escaped(out, text, false);
  return out;
}

// An attribute's value. XML 1.0 cannot hold the C0 controls but tab, LF and CR, nor
// U+FFFE/U+FFFF, and replacing them made two ids one test case name; they are written as a
// terminal shows them (`\x1b`, `\ufffe`), which `mfsim explain` reads back to the file. The
// other attributes (the expectations file's name, the rule set's) are shown the same way, as
// docs/check-diff-explain.md says of everything in the file.
std::string esc(std::string_view text) {
  std::string shown;
  for (std::size_t k = 0; k < text.size(); ++k) {
    const auto c = static_cast<unsigned char>(text[k]);
    if (c < 0x20 && c != '\t' && c != '\n' && c != '\r') {
      shown += fmt::format("\\x{:02x}", c);
    } else if (c == 0xef && text.substr(k + 1, 1) == "\xbf" && k + 2 < text.size() &&
               (text[k + 2] == '\xbe' || text[k + 2] == '\xbf')) {
      shown += text[k + 2] == '\xbe' ? "\\ufffe" : "\\uffff";
      k += 2;
    } else {
      shown += text[k];
    }
  }
  std::string out;
  append_xml_escaped(out, shown, true);
  return out;
}

}  // namespace

void junit_report::add_property(std::string_view name, std::string_view value) {
  properties_ += fmt::format("      <property name=\"{}\" value=\"{}\"/>\n", esc(name), esc(value));
}

void junit_report::add_pass(std::string_view classname, std::string_view name) {
  ++tests_;
  cases_ += fmt::format("    <testcase classname=\"{}\" name=\"{}\" time=\"0\"/>\n", esc(classname),
                        esc(name));
}

void junit_report::add_case(std::string_view classname, std::string_view name,
                            std::string_view outcome) {
  ++tests_;
  cases_ += fmt::format(
      "    <testcase classname=\"{}\" name=\"{}\" time=\"0\">\n      {}\n    </testcase>\n",
      esc(classname), esc(name), outcome);
}

void junit_report::add_failure(std::string_view classname, std::string_view name,
                               std::string_view message, std::string_view details) {
  ++failures_;
  add_case(classname, name,
           fmt::format("<failure message=\"{}\" type=\"mismatch\">{}</failure>", esc(message),
                       esc_text(details)));
}

void junit_report::add_skipped(std::string_view classname, std::string_view name,
                               std::string_view message) {
  ++skipped_;
  add_case(classname, name, fmt::format("<skipped message=\"{}\"/>", esc(message)));
}

void junit_report::add_error(std::string_view classname, std::string_view name,
                             std::string_view message, std::string_view type) {
  ++errors_;
  add_case(classname, name,
           fmt::format("<error message=\"{}\" type=\"{}\"/>", esc(message), esc(type)));
}

std::string junit_report::document() const {
  std::string out = "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n";
  out += fmt::format(
      "<testsuites name=\"{}\" tests=\"{}\" failures=\"{}\" errors=\"{}\" skipped=\"{}\" "
      "time=\"0\">\n",
      esc(suite_name_), tests_, failures_, errors_, skipped_);
  out += fmt::format(
      "  <testsuite name=\"{}\" tests=\"{}\" failures=\"{}\" errors=\"{}\" skipped=\"{}\" "
      "time=\"0\">\n",
      esc(suite_name_), tests_, failures_, errors_, skipped_);
  if (!properties_.empty()) out += "    <properties>\n" + properties_ + "    </properties>\n";
  out += cases_;
  out += "  </testsuite>\n</testsuites>\n";
  return out;
}

}  // namespace mfsim::tools
