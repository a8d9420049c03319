// Internal to the PowerShell importer: the undo journal of what the parser changes while it reads
// an operand -and or -or does not evaluate (decision 1167), and the containers of the parser's
// state that write to it. Undoing costs what the operand changed, not what the parser holds.
#pragma once

#include <cstddef>
#include <cstdint>
#include <functional>
#include <map>
#include <optional>
#include <set>
#include <utility>
#include <vector>

namespace mfsim::rules::ps {

// Undo actions, newest last, in nested scopes: one per operand being read and undone.
class undo_log {
 public:
  [[nodiscard]] bool recording() const noexcept { return !scopes_.empty(); }
  // Which scope is innermost now: a number no other scope of this log has had.
  [[nodiscard]] std::uint64_t scope() const noexcept {
    return scopes_.empty() ? 0 : scopes_.back().serial;
  }
  // Records what undoes a change about to be made; only while recording.
  void record(std::function<void()> undo) { actions_.push_back(std::move(undo)); }
  void open() { scopes_.push_back({actions_.size(), ++serials_}); }
  // Undoes what the innermost scope recorded, newest first, and closes it.
  void close() {
    const std::size_t first = scopes_.back().first_action;
    while (actions_.size() > first) {
      const std::function<void()> undo = std::move(actions_.back());
      actions_.pop_back();
      undo();
    }
    scopes_.pop_back();
  }

 private:
  struct open_scope {
    std::size_t first_action = 0;
    std::uint64_t serial = 0;
  };
  std::vector<std::function<void()>> actions_;
  std::vector<open_scope> scopes_;
  std::uint64_t serials_ = 0;
};

// A std::map whose changes are undone with the scope they were made in. Reading is std::map's
// (const iterators only); a change goes through operator[], changeable or erase, each of which
// first records the key's old value, once per key and scope.
template <typename Key, typename Value>
class journaled_map {
  using map_type = std::map<Key, Value>;

 public:
  using key_type = Key;
  using mapped_type = Value;
  using const_iterator = typename map_type::const_iterator;

  explicit journaled_map(undo_log& log) : log_(log) {}
  journaled_map(const journaled_map&) = delete;
  journaled_map& operator=(const journaled_map&) = delete;

  [[nodiscard]] const_iterator begin() const noexcept { return map_.begin(); }
  [[nodiscard]] const_iterator end() const noexcept { return map_.end(); }
  [[nodiscard]] const_iterator find(const Key& key) const { return map_.find(key); }
  [[nodiscard]] bool contains(const Key& key) const { return map_.contains(key); }

  // The value under `key`, made if absent, to change in place: its old value is kept whole.
  Value& operator[](const Key& key) {
    keep(key, false);
    return map_[key];
  }
  // The value under `key` to change in place, nullptr where there is none.
  Value* changeable(const Key& key) {
    const auto it = map_.find(key);
    if (it == map_.end()) return nullptr;
    keep(key, false);
    return &it->second;
  }
  std::size_t erase(const Key& key) {
    if (!map_.contains(key)) return 0;
    keep(key, true);
    return map_.erase(key);
  }
  // Calls `change` on each value; while recording, those `will_change` picks are kept first.
  template <typename WillChange, typename Change>
  void change_each(WillChange&& will_change, Change&& change) {
    for (auto& [key, value] : map_) {
      if (log_.recording() && will_change(std::as_const(value))) keep(key, false);
      change(value);
    }
  }

 private:
  // Before the first change to `key` in the innermost scope: what puts its value back. `moving`:
  // the change removes the value, which is then moved out rather than copied.
  void keep(const Key& key, bool moving) {
    if (!log_.recording()) return;
    const auto kept = kept_in_.find(key);
    std::optional<std::uint64_t> before;
    if (kept != kept_in_.end()) {
      if (kept->second == log_.scope()) return;
      before = kept->second;
    }
    std::optional<Value> old;
    if (const auto it = map_.find(key); it != map_.end())
      old = moving ? std::move(it->second) : it->second;
    kept_in_[key] = log_.scope();
    log_.record([this, key, old = std::move(old), before]() mutable {
      if (old) {
        map_.insert_or_assign(key, std::move(*old));
      } else {
        map_.erase(key);
      }
      if (before) {
        kept_in_[key] = *before;
      } else {
        kept_in_.erase(key);
      }
    });
  }

  undo_log& log_;
  map_type map_;
  std::map<Key, std::uint64_t> kept_in_;  // the scope each key's old value was last kept for
};

// A std::set whose insertions and removals are undone with the scope they were made in.
template <typename Key>
class journaled_set {
  using set_type = std::set<Key>;

 public:
  using const_iterator = typename set_type::const_iterator;

  explicit journaled_set(undo_log& log) : log_(log) {}
  journaled_set(const journaled_set&) = delete;
  journaled_set& operator=(const journaled_set&) = delete;

  [[nodiscard]] bool contains(const Key& key) const { return set_.contains(key); }

  std::pair<const_iterator, bool> insert(Key key) {
    auto result = set_.insert(std::move(key));
    if (result.second && log_.recording()) {
      log_.record([this, added = *result.first] { set_.erase(added); });
    }
    return result;
  }
  template <typename... Args>
  std::pair<const_iterator, bool> emplace(Args&&... args) {
    return insert(Key(std::forward<Args>(args)...));
  }
  std::size_t erase(const Key& key) {
    const auto it = set_.find(key);
    if (it == set_.end()) return 0;
    if (log_.recording()) log_.record([this, removed = *it] { set_.insert(removed); });
    set_.erase(it);
    return 1;
  }

 private:
  undo_log& log_;
  set_type set_;
};

}  // namespace mfsim::rules::ps
