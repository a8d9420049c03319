// One id per name a container holds twice (repeated_names.h).
#include "corpus/repeated_names.h"

namespace mfsim::corpus {

std::string repeated_names::claim(std::string name) {
  if (taken_.insert(name).second) return name;
  std::size_t& k = next_.try_emplace(name, 2).first->second;
  for (;; ++k) {
    std::string candidate = name;
    candidate += marker_;
    candidate += std::to_string(k);
    if (taken_.insert(candidate).second) {
      ++k;
      return candidate;
    }
  }
}

}  // namespace mfsim::corpus
