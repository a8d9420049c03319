// Undoing what reading an operand -and or -or does not evaluate changed (powershell_undo.h).
#include "engine/rules/powershell_undo.h"

#include <algorithm>
#include <optional>
#include <utility>

namespace mfsim::rules::ps {

bool reaches_table(const param_value& value, std::uint64_t table_id) {
  if (value.type == value_type::mapping && value.table_id == table_id) return true;
  if (value.type != value_type::list && value.type != value_type::mapping) return false;
  return std::any_of(value.items.begin(), value.items.end(),
                     [&](const param_value& item) { return reaches_table(item, table_id); });
}

bool reaches_table(const ps_value& value, std::uint64_t table_id) {
  if (value.kind == ps_kind::table) {
    return value.table_id == table_id ||
           std::any_of(value.entries.begin(), value.entries.end(),
                       [&](const ps_entry& e) { return reaches_table(e.value, table_id); });
  }
  return value.kind == ps_kind::plain && reaches_table(value.value, table_id);
}

undone_reading::undone_reading(parser_state& p)
    : p_(p),
      warned_unordered_(p.warned_unordered_),
      warned_add_output_(p.warned_add_output_),
      statements_(p.statements_.size()),
      dsc_rules_(p.dsc_rules_.size()),
      warnings_(p.warnings_.size()),
      unknowns_(p.unknowns_.size()),
      errors_(p.out_.size()),
      decided_(p.decided_.size()),
      decided_environment_(p.decided_environment_.size()),
      variable_changes_(p.variable_changes_),
      file_writes_(p.file_writes_),
      unknowns_ignored_(p.unknowns_ignored_),
      construct_start_(p.construct_start_),
      jump_label_(p.jump_label_) {
  if (!p.captures_.empty()) captured_ = p.captures_.back().size();
  p_.undo_reach_.push_back({p.held_values_.size(),
                            p.held_items_.size(),
                            p.held_lists_.size(),
                            p.frames_.size(),
                            p.captures_.size(),
                            captured_,
                            {},
                            {}});
  p_.undo_.open();
}

undone_reading::~undone_reading() {
  p_.undo_.close();
  p_.undo_reach_.pop_back();
  p_.warned_unordered_ = warned_unordered_;
  p_.warned_add_output_ = warned_add_output_;
  p_.statements_.resize(statements_);
  p_.dsc_rules_.resize(dsc_rules_);
  p_.warnings_.resize(warnings_);
  p_.unknowns_.resize(unknowns_);
  if (!keep_errors_) p_.out_.resize(errors_);
  p_.decided_.resize(decided_);
  p_.decided_environment_.resize(decided_environment_);
  p_.variable_changes_ = variable_changes_;
  p_.file_writes_ = file_writes_;
  p_.unknowns_ignored_ = unknowns_ignored_;
  p_.construct_start_ = construct_start_;
  p_.jump_label_ = jump_label_;
  if (!p_.captures_.empty()) p_.captures_.back().resize(captured_);
}

void keep_frame_entry(parser_state& p, std::size_t frame, const std::string& name) {
  if (!p.undo_.recording() || frame >= p.undo_reach_.back().frames) return;          // ends before
  if (!p.undo_reach_.back().kept_frame_entries.emplace(frame, name).second) return;  // kept
  const parser_state::call_frame& f = p.frames_[frame];
  // Outer nullopt: the frame had no entry (the entry itself may hold nullopt: nothing set).
  std::optional<std::optional<ps_value>> old_value;
  std::optional<std::optional<std::string>> old_type;
  if (const auto it = f.saved.find(name); it != f.saved.end()) old_value = it->second;
  if (const auto it = f.saved_types.find(name); it != f.saved_types.end()) old_type = it->second;
  // By index: frames_ may grow, and move its frames, before the undo.
  p.undo_.record([&p, frame, name, old_value = std::move(old_value),
                  old_type = std::move(old_type)]() mutable {
    parser_state::call_frame& back = p.frames_[frame];
    if (old_value) {
      back.saved.insert_or_assign(name, std::move(*old_value));
    } else {
      back.saved.erase(name);
    }
    if (old_type) {
      back.saved_types.insert_or_assign(name, std::move(*old_type));
    } else {
      back.saved_types.erase(name);
    }
  });
}

namespace {

// The size a journaled copy of `value` is charged: its entries or items, at the top.
std::size_t copy_size(const ps_value& value) {
  return 1 + value.entries.size() + value.value.items.size();
}
std::size_t copy_size(const param_value& value) { return 1 + value.items.size(); }

}  // namespace

void keep_what_table_reaches(parser_state& p, std::uint64_t table_id,
                             const std::function<void(std::size_t)>& charge) {
  if (!p.undo_.recording()) return;
  parser_state::undo_reach& reach = p.undo_reach_.back();
  // Whether the holder (kind, k, n) still needs journaling: not kept yet and holding the table;
  // then it is charged and marked kept.
  const auto needs_keeping = [&](int kind, std::size_t k, std::size_t n, const auto& held) {
    if (reach.kept_holders.contains({kind, k, n}) || !reaches_table(held, table_id)) return false;
    charge(copy_size(held));
    reach.kept_holders.insert({kind, k, n});
    return true;
  };
  for (std::size_t k = 0; k < reach.frames; ++k) {
    for (const auto& [name, saved] : p.frames_[k].saved) {
      if (!saved || reach.kept_frame_entries.contains({k, name}) ||
          !reaches_table(*saved, table_id))
        continue;
      charge(copy_size(*saved));
      keep_frame_entry(p, k, name);
    }
  }
  // Captures by index too; values the innermost one collected since are dropped when undone.
  for (std::size_t c = 0; c < reach.captures; ++c) {
    const std::size_t held = c + 1 == reach.captures ? reach.last_capture : p.captures_[c].size();
    for (std::size_t n = 0; n < held; ++n) {
      if (!needs_keeping(0, c, n, p.captures_[c][n])) continue;
      p.undo_.record(
          [&p, c, n, old = p.captures_[c][n]]() mutable { p.captures_[c][n] = std::move(old); });
    }
  }
  for (std::size_t k = 0; k < reach.held_values; ++k) {
    ps_value* held = p.held_values_[k];
    if (needs_keeping(1, k, 0, *held))
      p.undo_.record([held, old = *held]() mutable { *held = std::move(old); });
  }
  // Item by item, in place: a foreach or a pipeline walks these vectors meanwhile.
  const auto keep_items = [&](int kind, std::size_t k, auto& items) {
    for (std::size_t n = 0; n < items.size(); ++n) {
      if (!needs_keeping(kind, k, n, items[n])) continue;
      p.undo_.record([&items, n, old = items[n]]() mutable { items[n] = std::move(old); });
    }
  };
  for (std::size_t k = 0; k < reach.held_items; ++k) keep_items(2, k, *p.held_items_[k]);
  for (std::size_t k = 0; k < reach.held_lists; ++k) keep_items(3, k, p.held_lists_[k]->items);
}

}  // namespace mfsim::rules::ps
