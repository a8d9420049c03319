#include "engine/mail/second_readings.h"

#include <algorithm>
#include <iterator>
#include <utility>

namespace mfsim::mail {

void second_readings::begin(std::size_t start) {
  events_.push_back({event::kind::begin, {}, seen_.size() - start});
  std::vector<found_attachment> found;
  for (auto a = seen_.begin() + static_cast<std::ptrdiff_t>(start); a != seen_.end(); ++a) {
    if (a->found_by == kNotFound || a->found_by < found_.size())
      found.push_back({a->name, a->size});
  }
  found_.push_back(std::move(found));
}

void second_readings::end() {
  events_.push_back({event::kind::end, {}, 0});
  found_.pop_back();
}

bool second_readings::add(std::string_view name, std::size_t size) {
  const std::size_t found_by = found_before(name, size);
  seen_.push_back({std::string(name), size, found_by});
  events_.push_back({event::kind::attachment, std::string(name), size});
  return found_by == kNotFound;
}

void second_readings::remember(std::string key, std::size_t record_start, reading_cost cost) {
  cost.record_bytes = 0;
  for (std::size_t i = record_start; i < events_.size(); ++i)
    cost.record_bytes += 1 + events_[i].name.size();
  remembered_.try_emplace(std::move(key), remembered{record_start, events_.size(), cost});
}

std::optional<second_readings::reading_cost> second_readings::cost_of(
    const std::string& key) const {
  const auto at = remembered_.find(key);
  if (at == remembered_.end()) return std::nullopt;
  return at->second.cost;
}

bool second_readings::replay(const std::string& key) {
  const auto at = remembered_.find(key);
  if (at == remembered_.end()) return false;
  const remembered record = at->second;
  const std::vector<std::vector<found_attachment>> found_before_replay = found_;
  const std::size_t seen_before_replay = seen_.size();
  const std::size_t events_before_replay = events_.size();
  for (std::size_t i = record.from; i < record.to; ++i) {
    const event e = events_[i];  // a copy: replaying adds events
    if (e.what == event::kind::begin) {
      begin(seen_.size() - e.size);
    } else if (e.what == event::kind::end) {
      end();
    } else if (add(e.name, e.size)) {
      found_ = found_before_replay;
      seen_.resize(seen_before_replay);
      events_.resize(events_before_replay);
      return false;
    }
  }
  return true;
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
