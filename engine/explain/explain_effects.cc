// Explain's account of what the rules' actions did: the record's effects with their rules, and
// the names of a rule's recipient, routing, protection, disclaimer and notification actions.
#include <fmt/format.h>

#include "engine/effect_text.h"
#include "engine/explain/explain_internal.h"
#include "engine/rules/other_actions.h"

namespace mfsim::explain {
namespace {

std::string joined(const std::vector<std::string>& items) {
  std::string out;
  for (const auto& item : items) out += (out.empty() ? "" : ",") + item;
  return out;
}

}  // namespace

std::vector<effect_step> explain_effects(const plan& p, const outcome& r) {
  std::vector<effect_step> out;
  for (const auto& e : r.effects) {
    const std::string rule =
        e.rule < p.rule_count() ? std::string(p.rule_name(e.rule)) : std::string();
    out.push_back({valid_utf8(rule), e.action, valid_utf8(effect_summary(e))});
  }
  return out;
}

void list_other_actions(const rules::rule_actions& a, std::vector<std::string>& out) {
  rules::for_each_other_action(a, [&](const rules::action_parameter_value& v) {
    using shape = rules::action_parameter_value::shape;
    switch (v.kind) {
      case shape::flag: out.emplace_back(v.name); break;
      case shape::number: out.push_back(fmt::format("{} {}", v.name, v.text)); break;
      case shape::text: out.push_back(fmt::format("{} \"{}\"", v.name, v.text)); break;
      case shape::list: out.push_back(fmt::format("{} {}", v.name, joined(*v.list))); break;
    }
  });
}

}  // namespace mfsim::explain
