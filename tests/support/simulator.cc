// Test support: the simulator and message builder shared by the evaluator and policy tests.
#include "tests/support/simulator.h"

#include "engine/rules/load_native.h"

namespace mfsim::test {

std::string message(const std::vector<std::string_view>& headers, std::string_view eol) {
  std::string out;
  for (const auto h : headers) {
    out.append(h);
    out.append(eol);
  }
  out.append(eol);
  out.append("body");
  out.append(eol);
  return out;
}

simulator::simulator(const std::string& yaml)
    : plan_(compile(rules::load_rule_set_yaml(yaml, "test.yaml"))) {}

simulator::simulator(const std::string& yaml,
                     std::shared_ptr<const directory::directory_index> directory)
    : plan_(compile(rules::load_rule_set_yaml(yaml, "test.yaml"), std::move(directory))) {}

const outcome& simulator::run(std::string msg, const run_options& options) {
  message_ = std::move(msg);
  last_ = &evaluate(*plan_, message_, options, scratch_);
  return *last_;
}

std::vector<std::string> simulator::fired() const {
  std::vector<std::string> out;
  for (const auto i : last_->rules) out.emplace_back(plan_->rule_name(i));
  return out;
}

}  // namespace mfsim::test
