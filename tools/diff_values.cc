// Before and after of the fields that decide where a message goes.
#include "tools/diff_values.h"

#include <fmt/format.h>

namespace mfsim::tools {
namespace {

std::string value_text(const nlohmann::json& record, const char* key) {
  const auto it = record.find(key);
  if (it == record.end() || it->is_null()) return "-";
  if (it->is_string()) return it->get<std::string>();
  return it->dump();
}

}  // namespace

std::vector<std::string> decision_value_changes(const nlohmann::json& before,
                                                const nlohmann::json& after) {
  std::vector<std::string> out;
  for (const char* key :
       {"scl", "verdict", "action", "quarantine_policy", "release", "notify", "folder"}) {
    const std::string was = value_text(before, key);
    const std::string is = value_text(after, key);
    if (was != is) out.push_back(fmt::format("{} {} -> {}", key, was, is));
  }
  return out;
}

}  // namespace mfsim::tools
