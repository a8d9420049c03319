// JUnit XML, the test report format CI systems display (GitLab, Jenkins, GitHub actions).
#pragma once

#include <cstdint>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

namespace mfsim::tools {

// Collects test cases and writes one <testsuites> document with one <testsuite>.
class junit_report {
 public:
  explicit junit_report(std::string suite_name) : suite_name_(std::move(suite_name)) {}

  void add_property(std::string_view name, std::string_view value);
  void add_pass(std::string_view classname, std::string_view name);
  // `message` is the one-line summary, `details` the full text (one mismatch per line).
  void add_failure(std::string_view classname, std::string_view name, std::string_view message,
                   std::string_view details);
  void add_skipped(std::string_view classname, std::string_view name, std::string_view message);
  // A case that could not run at all (`type` says why in a word).
  void add_error(std::string_view classname, std::string_view name, std::string_view message,
                 std::string_view type);

  [[nodiscard]] std::string document() const;

 private:
  // A <testcase> holding `outcome` (markup already escaped).
  void add_case(std::string_view classname, std::string_view name, std::string_view outcome);

  std::string suite_name_;
  std::string properties_;
  std::string cases_;
  std::uint64_t tests_ = 0;
  std::uint64_t failures_ = 0;
  std::uint64_t skipped_ = 0;
  std::uint64_t errors_ = 0;
};

}  // namespace mfsim::tools
