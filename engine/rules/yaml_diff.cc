// Flattens YAML rule files into "path = value" lines and lists the lines one side lacks.
#include "engine/rules/yaml_diff.h"

#include <yaml-cpp/yaml.h>

#include <map>
#include <set>
#include <stdexcept>

namespace mfsim::rules {
namespace {

constexpr int kMaxDepth = 32;  // rule files nest four levels; deeper input is not a rule file

bool all_scalars(const YAML::Node& seq) {
  for (const auto& item : seq) {
    if (!item.IsScalar()) return false;
  }
  return true;
}

// The Name of a mapping in a list (rules, policies), else empty.
std::string name_of(const YAML::Node& item) {
  if (!item.IsMap()) return {};
  const YAML::Node name = item["Name"];
  return name && name.IsScalar() ? name.Scalar() : std::string();
}

void flatten(const YAML::Node& node, const std::string& path, int depth,
             std::vector<std::string>& out) {
  if (depth > kMaxDepth) throw std::runtime_error("nested deeper than a rule file");
  if (node.IsMap()) {
    for (const auto& kv : node) {
      const std::string key = kv.first.Scalar();
      flatten(kv.second, path.empty() ? key : path + "." + key, depth + 1, out);
    }
  } else if (node.IsSequence()) {
    if (node.size() == 0) {
      out.push_back(path + " = []");
    } else if (all_scalars(node)) {
      for (const auto& item : node) out.push_back(path + "[] = " + item.Scalar());
    } else {
      std::size_t index = 0;
      for (const auto& item : node) {
        const std::string name = name_of(item);
        const std::string key = name.empty() ? std::to_string(index) : name;
        flatten(item, path + "[" + key + "]", depth + 1, out);
        ++index;
      }
    }
  } else if (node.IsScalar()) {
    out.push_back(path + " = " + node.Scalar());
  } else {
    out.push_back(path + " = null");
  }
}

// The setting a line belongs to: its path without the value and without a trailing "[]".
std::string setting_of(const std::string& line) {
  std::string path = line.substr(0, line.find(" = "));
  if (path.ends_with("[]")) path.resize(path.size() - 2);
  return path;
}

}  // namespace

std::vector<std::string> flatten_yaml(std::string_view yaml) {
  std::vector<std::string> out;
  try {
    flatten(YAML::Load(std::string(yaml)), "", 0, out);
  } catch (const YAML::Exception& e) {
    throw std::runtime_error(e.what());
  }
  return out;
}

std::vector<yaml_difference> diff_yaml(std::string_view first, std::string_view second) {
  const std::vector<std::string> a = flatten_yaml(first);
  const std::vector<std::string> b = flatten_yaml(second);
  const std::set<std::string> in_a(a.begin(), a.end());
  const std::set<std::string> in_b(b.begin(), b.end());

  std::vector<std::string> order;  // settings in order of first appearance, a then b
  std::map<std::string, std::vector<yaml_difference>> by_setting;
  const auto note = [&](const std::string& line, bool added) {
    const std::string setting = setting_of(line);
    auto [it, inserted] = by_setting.try_emplace(setting);
    if (inserted) order.push_back(setting);
    it->second.push_back({added, line});
  };
  for (const auto& line : a) {
    if (!in_b.contains(line)) note(line, false);
  }
  for (const auto& line : b) {
    if (!in_a.contains(line)) note(line, true);
  }
  std::vector<yaml_difference> out;
  for (const auto& setting : order) {
    for (auto& d : by_setting[setting]) out.push_back(std::move(d));
  }
  return out;
}

}  // namespace mfsim::rules
