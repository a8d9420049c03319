// Refusing paths that overlap, by their real paths.
#include "tools/input_guard.h"

#include <fmt/format.h>

#include <algorithm>
#include <cstdlib>
#include <string_view>
#include <utility>

#include "engine/terminal_text.h"
#include "tools/messages.h"

namespace mfsim::tools {
namespace {

struct resolved_input {
  std::string real;   // the real path: symbolic links, `.` and `..` resolved
  std::size_t given;  // its place among the paths given
};

// Orders by path components, so that a folder is followed at once by everything inside it
// ("a/b", "a/b/c", "a/b-x": '/' sorts before every other byte).
bool component_less(const resolved_input& x, const resolved_input& y) {
  const auto key = [](char c) { return c == '/' ? '\0' : c; };
  return std::lexicographical_compare(
      x.real.begin(), x.real.end(), y.real.begin(), y.real.end(), [&](char a, char b) {
        return static_cast<unsigned char>(key(a)) < static_cast<unsigned char>(key(b));
      });
}

// `inner` is `outer` itself or lies inside the folder `outer`.
bool same_or_inside(std::string_view outer, std::string_view inner) {
  if (inner.substr(0, outer.size()) != outer) return false;
  return inner.size() == outer.size() || outer == "/" || inner[outer.size()] == '/';
}

}  // namespace

bool refuse_inputs_twice(const char* command, const std::vector<std::string>& paths) {
  if (std::count(paths.begin(), paths.end(), "-") >= 2) {
    tell("mfsim {}: '-' is given twice: standard input is read once (name it one time)\n", command);
    return true;
  }
  std::vector<resolved_input> inputs;
  for (std::size_t k = 0; k < paths.size(); ++k) {
    if (paths[k] == "-") continue;
    char* real = ::realpath(paths[k].c_str(), nullptr);
    if (real == nullptr) continue;
    inputs.push_back({real, k});
    std::free(real);
  }
  std::sort(inputs.begin(), inputs.end(), component_less);
  for (std::size_t k = 1; k < inputs.size(); ++k) {
    const resolved_input& outer = inputs[k - 1];
    const resolved_input& inner = inputs[k];
    if (!same_or_inside(outer.real, inner.real)) continue;
    const auto [first, second] = std::minmax(outer.given, inner.given);
    const bool same = outer.real == inner.real;
    tell(
        "mfsim {}: {} and {} {}: their messages would be read twice, with the same ids; give "
        "each once\n",
        command, terminal_text(paths[first]), terminal_text(paths[second]),
        same ? "are the same file or folder"
             : fmt::format("overlap ({} is inside {})", terminal_text(paths[inner.given]),
                           terminal_text(paths[outer.given])));
    return true;
  }
  return false;
}

}  // namespace mfsim::tools
