// Internal to the PowerShell importer: how many characters the regular expressions of one
// script may read, every search of -match, -replace, -split and switch -Regex counted
// (decision 608); the parser holds it, powershell_regex.h's searches count against it.
#pragma once

#include <compare>
#include <cstddef>
#include <iterator>

namespace mfsim::rules::ps {

// As large as the value budget (kMaxValueBytes): a script may search each text it is allowed to
// hold once, as a foreach matching 4,000 names against a 23 KB list does (decision 641).
constexpr std::size_t kMaxRegexReads = std::size_t{256} << 20;

struct regex_budget {
  std::size_t used = 0;
  std::size_t limit = kMaxRegexReads;
};

// Thrown when a search reads past its regex_budget.
struct regex_budget_exhausted {};

// A position in a searched text that counts each character Boost reads against a budget
// (decision 608). Boost bounds one search by the text's and pattern's sizes, not the number of
// searches: a pattern that backtracks under that bound, over 20,000 texts of 16 letters, took
// 35 s, and a list of millions or a -replace over megabytes of near-matches hours. Reading a
// character is the one thing every step of a backtracking search does.
class counted_iterator {
 public:
  using iterator_category = std::random_access_iterator_tag;
  using value_type = char;
  using difference_type = std::ptrdiff_t;
  using pointer = const char*;
  using reference = const char&;

  counted_iterator() = default;
  counted_iterator(const char* at, regex_budget* budget) : at_(at), budget_(budget) {}

  reference operator*() const {
    if (++budget_->used > budget_->limit) throw regex_budget_exhausted{};
    return *at_;
  }
  reference operator[](difference_type n) const { return *(*this + n); }
  counted_iterator& operator++() { return ++at_, *this; }
  counted_iterator operator++(int) { return {at_++, budget_}; }
  counted_iterator& operator--() { return --at_, *this; }
  counted_iterator operator--(int) { return {at_--, budget_}; }
  counted_iterator& operator+=(difference_type n) { return at_ += n, *this; }
  counted_iterator& operator-=(difference_type n) { return at_ -= n, *this; }
  friend counted_iterator operator+(counted_iterator it, difference_type n) { return it += n; }
  friend counted_iterator operator+(difference_type n, counted_iterator it) { return it += n; }
  friend counted_iterator operator-(counted_iterator it, difference_type n) { return it -= n; }
  friend difference_type operator-(const counted_iterator& a, const counted_iterator& b) {
    return a.at_ - b.at_;
  }
  friend bool operator==(const counted_iterator& a, const counted_iterator& b) {
    return a.at_ == b.at_;
  }
  friend auto operator<=>(const counted_iterator& a, const counted_iterator& b) {
    return a.at_ <=> b.at_;
  }

 private:
  const char* at_ = nullptr;
  regex_budget* budget_ = nullptr;
};

}  // namespace mfsim::rules::ps
