// Writing JUnit XML.
#include "tools/junit_xml.h"

#include <fmt/format.h>

#include "engine/utf8.h"

namespace mfsim::tools {
namespace {

constexpr std::string_view kReplacement = "\xef\xbf\xbd";  // U+FFFD

std::string esc(std::string_view text) {
  std::string out;
  append_xml_escaped(out, text);
  return out;
}

}  // namespace

void append_xml_escaped(std::string& out, std::string_view text) {
  for (std::size_t i = 0; i < text.size();) {
    const auto c = static_cast<unsigned char>(text[i]);
    if (c >= 0x80) {
      std::uint32_t code = 0;
      const std::size_t n = utf8_sequence_length(text, i, &code);
      if (n == 0 || code == 0xfffe || code == 0xffff) {
        out += kReplacement;
        i += n == 0 ? 1 : n;
      } else {
        out.append(text.substr(i, n));
        i += n;
      }
      continue;
    }
    switch (c) {
      case '&': out += "&amp;"; break;
      case '<': out += "&lt;"; break;
      case '>': out += "&gt;"; break;
      case '"': out += "&quot;"; break;
      case '\'': out += "&apos;"; break;
      case '\t':
      case '\n':
      case '\r': out += static_cast<char>(c); break;
      default:
        if (c < 0x20)
          out += kReplacement;
        else
          out += static_cast<char>(c);
    }
    ++i;
  }
}

void junit_report::add_property(std::string_view name, std::string_view value) {
  properties_ += fmt::format("      <property name=\"{}\" value=\"{}\"/>\n", esc(name), esc(value));
}

void junit_report::add_pass(std::string_view classname, std::string_view name) {
  ++tests_;
  cases_ += fmt::format("    <testcase classname=\"{}\" name=\"{}\" time=\"0\"/>\n", esc(classname),
                        esc(name));
}

void junit_report::add_failure(std::string_view classname, std::string_view name,
                               std::string_view message, std::string_view details) {
  ++tests_;
  ++failures_;
  cases_ += fmt::format(
      "    <testcase classname=\"{}\" name=\"{}\" time=\"0\">\n"
      "      <failure message=\"{}\" type=\"mismatch\">{}</failure>\n"
      "    </testcase>\n",
      esc(classname), esc(name), esc(message), esc(details));
}

void junit_report::add_skipped(std::string_view classname, std::string_view name,
                               std::string_view message) {
  ++tests_;
  ++skipped_;
  cases_ += fmt::format(
      "    <testcase classname=\"{}\" name=\"{}\" time=\"0\">\n"
      "      <skipped message=\"{}\"/>\n"
      "    </testcase>\n",
      esc(classname), esc(name), esc(message));
}

std::string junit_report::document() const {
  std::string out = "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n";
  out += fmt::format(
      "<testsuites name=\"{}\" tests=\"{}\" failures=\"{}\" errors=\"0\" skipped=\"{}\" "
      "time=\"0\">\n",
      esc(suite_name_), tests_, failures_, skipped_);
  out += fmt::format(
      "  <testsuite name=\"{}\" tests=\"{}\" failures=\"{}\" errors=\"0\" skipped=\"{}\" "
      "time=\"0\">\n",
      esc(suite_name_), tests_, failures_, skipped_);
  if (!properties_.empty()) out += "    <properties>\n" + properties_ + "    </properties>\n";
  out += cases_;
  out += "  </testsuite>\n</testsuites>\n";
  return out;
}

}  // namespace mfsim::tools
