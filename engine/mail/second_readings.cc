#include "engine/mail/second_readings.h"

#include <algorithm>
#include <iterator>
#include <utility>

namespace mfsim::mail {

void second_readings::begin(std::size_t start) {
  events_.push_back({event::kind::begin, {}, seen_.size() - start});
  open_reading(start);
}

void second_readings::open_reading(std::size_t start) {
  std::vector<found_attachment> found;
  for (auto a = seen_.begin() + static_cast<std::ptrdiff_t>(start); a != seen_.end(); ++a) {
    if (a->found_by == kNotFound || a->found_by < found_.size())
      found.push_back({a->name, a->size});
  }
  found_.push_back(std::move(found));
}

void second_readings::end() {
  events_.push_back({event::kind::end, {}, 0});
  close_reading();
}

void second_readings::close_reading() { found_.pop_back(); }

bool second_readings::add(std::string_view name, std::size_t size) {
  events_.push_back({event::kind::attachment, std::string(name), size});
  return note(name, size) == kNotFound;
}

std::size_t second_readings::note(std::string_view name, std::size_t size) {
  const std::size_t found_by = found_before(name, size);
  seen_.push_back({std::string(name), size, found_by});
  return found_by;
}

void second_readings::remember(std::string key, std::size_t record_start, reading_cost cost) {
  cost.record_bytes = 0;
  for (std::size_t i = record_start; i < events_.size(); ++i) {
    const event& e = events_[i];
    cost.record_bytes += e.what == event::kind::replayed ? e.record_bytes : 1 + e.name.size();
  }
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
  if (!replay_events(record.from, record.to)) {
    found_ = found_before_replay;
    seen_.resize(seen_before_replay);
    return false;
  }
  events_.push_back(
      {event::kind::replayed, {}, 0, record.from, record.to, record.cost.record_bytes});
  return true;
}

bool second_readings::replay_events(std::size_t from, std::size_t to) {
  // Nothing is recorded meanwhile, so the events are read where they are, not copied.
  for (std::size_t i = from; i < to; ++i) {
    const event& e = events_[i];
    switch (e.what) {
      case event::kind::begin: open_reading(seen_.size() - e.size); break;
      case event::kind::end: close_reading(); break;
      case event::kind::attachment:
        if (note(e.name, e.size) == kNotFound) return false;
        break;
      case event::kind::replayed:
        if (!replay_events(e.from, e.to)) return false;
        break;
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
