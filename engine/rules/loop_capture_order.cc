#include "engine/rules/loop_capture_order.h"

#include <algorithm>

#include "engine/rules/dotnet_pattern_scan.h"

namespace mfsim::rules::ps {
namespace {

constexpr std::size_t kTop = std::string_view::npos;

}  // namespace

group_nesting::group_nesting(std::string_view pattern, const std::vector<bool>& ignored,
                             const std::vector<std::size_t>& openings)
    : node_of_writing_(openings.size(), kTop) {
  std::vector<std::size_t> open;  // the nodes of the groups open at `at`
  for (std::size_t at = 0; at < pattern.size(); ++at) {
    if (const std::size_t end = groupless_construct_end(pattern, at, ignored);
        end != std::string_view::npos) {
      at = end;
    } else if (pattern[at] == '(') {
      nodes_.push_back({open.empty() ? kTop : open.back()});
      nodes_.back().open = at;
      nodes_.back().may_skip_inside = pattern.substr(at, 3) == "(?(";
      const auto writing = std::lower_bound(openings.begin(), openings.end(), at);
      if (writing != openings.end() && *writing == at) {
        node_of_writing_[static_cast<std::size_t>(writing - openings.begin())] = nodes_.size() - 1;
      }
      open.push_back(nodes_.size() - 1);
    } else if (pattern[at] == '|' && !open.empty()) {
      nodes_[open.back()].may_skip_inside = true;
    } else if (pattern[at] == ')' && !open.empty()) {
      const auto repeats = quantifier_after(pattern, at + 1, ignored);
      nodes_[open.back()].optional = repeats && repeats->least == 0;
      nodes_[open.back()].repeated = repeats && repeats->most > 1;
      nodes_[open.back()].close = at;
      open.pop_back();
    }
  }
}

bool group_nesting::may_capture_out_of_order(const std::vector<int>& writings) const {
  // By node: the first of `writings` (by its place in `writings`) it holds.
  std::vector<std::size_t> first_held(nodes_.size(), kTop);
  for (std::size_t k = 0; k < writings.size(); ++k) {
    const std::size_t writing = static_cast<std::size_t>(writings[k]) - 1;
    if (writing >= node_of_writing_.size()) continue;
    for (std::size_t n = node_of_writing_[writing]; n != kTop; n = nodes_[n].parent) {
      first_held[n] = std::min(first_held[n], k);
    }
  }
  for (std::size_t k = 1; k < writings.size(); ++k) {
    const std::size_t writing = static_cast<std::size_t>(writings[k]) - 1;
    if (writing >= node_of_writing_.size() || node_of_writing_[writing] == kTop) continue;
    std::size_t n = node_of_writing_[writing];
    bool may_skip = nodes_[n].optional;  // whether an iteration around may pass over it
    for (std::size_t loop = nodes_[n].parent; loop != kTop; loop = nodes_[loop].parent) {
      may_skip = may_skip || nodes_[loop].may_skip_inside;
      if (nodes_[loop].repeated && first_held[loop] < k && may_skip) return true;
      may_skip = may_skip || nodes_[loop].optional;
    }
  }
  return false;
}

std::vector<int> group_nesting::in_capture_order(std::vector<int> writings) const {
  const auto close = [&](int writing) {
    const auto index = static_cast<std::size_t>(writing) - 1;
    return index < node_of_writing_.size() && node_of_writing_[index] != kTop
               ? nodes_[node_of_writing_[index]].close
               : std::string_view::npos;
  };
  std::stable_sort(writings.begin(), writings.end(),
                   [&](int a, int b) { return close(a) < close(b); });
  return writings;
}

std::size_t group_nesting::depth_at(std::size_t at) const {
  return static_cast<std::size_t>(std::count_if(nodes_.begin(), nodes_.end(), [&](const node& n) {
    return n.open < at && (n.close == std::string_view::npos || at < n.close);
  }));
}

bool group_nesting::closed_before(int writing, std::size_t at) const {
  const auto index = static_cast<std::size_t>(writing) - 1;
  return index < node_of_writing_.size() && node_of_writing_[index] != kTop &&
         nodes_[node_of_writing_[index]].close < at;
}

}  // namespace mfsim::rules::ps
