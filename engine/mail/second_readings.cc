#include "engine/mail/second_readings.h"

#include <algorithm>
#include <iterator>
#include <utility>

namespace mfsim::mail {

void second_readings::begin(std::size_t start) {
  std::vector<found_attachment> found;
  for (auto a = seen_.begin() + static_cast<std::ptrdiff_t>(start); a != seen_.end(); ++a) {
    if (a->found_by == kNotFound || a->found_by < found_.size())
      found.push_back({a->name, a->size});
  }
  found_.push_back(std::move(found));
}

void second_readings::end() { found_.pop_back(); }

bool second_readings::add(std::string_view name, std::size_t size) {
  const std::size_t found_by = found_before(name, size);
  seen_.push_back({std::string(name), size, found_by});
  return found_by == kNotFound;
}

std::size_t second_readings::found_before(std::string_view name, std::size_t size) {
  for (std::size_t reading = found_.size(); reading-- > 0;) {
    std::vector<found_attachment>& found = found_[reading];
    const auto same = std::find_if(found.begin(), found.end(), [&](const found_attachment& a) {
      return a.name == name && a.size == size;
    });
    if (same == found.end()) continue;
    found.erase(same);
    return reading;
  }
  return kNotFound;
}

}  // namespace mfsim::mail
