// How a pattern's groups nest: in which order one pass captures them (decision 1262), where a
// loop may make an earlier group's capture after a later one's, which Boost cannot tell apart
// when the two are one .NET group (decision 1227), and where a group closes, as Boost refers
// only to one closed before (decision 1228).
#pragma once

#include <cstddef>
#include <string_view>
#include <vector>

namespace mfsim::rules::ps {

// The groups of a pattern as they nest, and how each is repeated.
class group_nesting {
 public:
  // `pattern` as Boost reads it; `ignored`: what x makes white space or a comment, by position;
  // `openings`: where each Boost group's `(` is, ascending.
  group_nesting(std::string_view pattern, const std::vector<bool>& ignored,
                const std::vector<std::size_t>& openings);

  // `writings` (Boost groups, from 1) in the order one pass of the pattern captures them: by
  // where each closes, as a capture is made when its group closes, so that an outer writing
  // comes after one inside it (decision 1262).
  [[nodiscard]] std::vector<int> in_capture_order(std::vector<int> writings) const;

  // Whether a loop may capture one of `writings` (Boost groups, from 1, in capture order) after
  // a later one: some writing sits in a repeated group holding an earlier writing, and an
  // iteration of that group may pass over it (it or a group around it, inside the loop, may be
  // skipped: a quantifier that allows none, an alternation or a condition). Boost's reference
  // to the writings (decision 1174) then reads the later one where .NET reads the capture made
  // last.
  [[nodiscard]] bool may_capture_out_of_order(const std::vector<int>& writings) const;

  // How many groups are open at `at`.
  [[nodiscard]] std::size_t depth_at(std::size_t at) const;

  // Whether Boost group `writing` (from 1) has its `)` before `at`: Boost refers only to a group
  // closed before the reference (decision 1228).
  [[nodiscard]] bool closed_before(int writing, std::size_t at) const;

 private:
  struct node {
    std::size_t parent;                          // npos: at the pattern's top
    bool may_skip_inside = false;                // holds an alternation, or is a condition
    bool optional = false;                       // quantified to allow none
    bool repeated = false;                       // quantified to allow more than one
    std::size_t open = 0;                        // where its `(` is
    std::size_t close = std::string_view::npos;  // where its `)` is
  };
  std::vector<node> nodes_;
  std::vector<std::size_t> node_of_writing_;  // Boost group n's node at n - 1
};

}  // namespace mfsim::rules::ps
