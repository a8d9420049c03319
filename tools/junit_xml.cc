// Writing JUnit XML.
#include "tools/junit_xml.h"

#include <fmt/format.h>

#include "engine/escape.h"

namespace mfsim::tools {
namespace {

std::string esc(std::string_view text) {
  std::string out;
  append_xml_escaped(out, text, true);
  return out;
}

// Element content: line ends kept readable.
std::string esc_text(std::string_view text) {
  std::string out;
  append_xml_escaped(out, text, false);
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

void junit_report::add_failure(std::string_view classname, std::string_view name,
                               std::string_view message, std::string_view details) {
  ++tests_;
  ++failures_;
  cases_ += fmt::format(
      "    <testcase classname=\"{}\" name=\"{}\" time=\"0\">\n"
      "      <failure message=\"{}\" type=\"mismatch\">{}</failure>\n"
      "    </testcase>\n",
      esc(classname), esc(name), esc(message), esc_text(details));
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
