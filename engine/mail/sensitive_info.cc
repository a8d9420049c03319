// scan_sensitive(): at every word of the text, each pattern of the type looks for its number;
// the highest confidence level whose evidence lies within 300 characters counts, as
// "Sensitive information types in Exchange Server" defines each type (sensitive_entities.cc).
#include "engine/mail/sensitive_info.h"

#include <algorithm>

#include "engine/ascii.h"
#include "engine/mail/sensitive_candidate.h"
#include "engine/mail/sensitive_entities.h"
#include "engine/mail/sensitive_evidence.h"

namespace mfsim::mail {
namespace {

void count(sensitive_scan_result& r, std::size_t start, std::size_t end, int confidence,
           int min_confidence, int max_confidence) {
  if (confidence == 0 || confidence < min_confidence || confidence > max_confidence) return;
  if (r.count == 0) {
    r.first_offset = start;
    r.first_length = end - start;
  }
  ++r.count;
  r.highest_confidence = std::max(r.highest_confidence, confidence);
}

}  // namespace

std::span<const sensitive_type_info> sensitive_types() noexcept { return sensitive::infos(); }

const sensitive_type_info* find_sensitive_type(std::string_view name) noexcept {
  for (const auto& info : sensitive::infos()) {
    if (ascii_iequals(info.name, name)) return &info;
  }
  return nullptr;
}

const sensitive_type_info& info_of(sensitive_type type) noexcept {
  return sensitive::infos()[static_cast<std::size_t>(type)];
}

sensitive_scan_result scan_sensitive(sensitive_type type, std::string_view text, int min_confidence,
                                     int max_confidence, const sensitive_scan_limits& limits) {
  sensitive_scan_result r;
  if (text.size() > limits.max_bytes) {
    text = text.substr(0, limits.max_bytes);
    r.truncated = true;
  }
  const auto& entity = sensitive::entities()[static_cast<std::size_t>(type)];
  const auto starts = [first = entity.first](char c) {
    switch (first) {
      case sensitive::starts_with::digit: return ascii_is_digit(c);
      case sensitive::starts_with::letter: return ascii_is_alpha(c);
      case sensitive::starts_with::either: break;
    }
    return ascii_is_alnum(c);
  };
  sensitive::evidence e(text);
  for (std::size_t i = 0; i < text.size(); ++i) {
    if (r.count >= limits.max_instances) {
      r.truncated = true;
      break;
    }
    if (!starts(text[i]) || !sensitive::starts_word(text, i)) continue;
    sensitive::candidate c(text, i);
    // Patterns of one entity often share their number's function (85 with a keyword, 75
    // without): it is asked once per candidate. The highest confidence comes first, and the
    // first pattern that holds counts.
    sensitive::id_function asked = nullptr;
    std::size_t end = 0;
    for (const auto& p : entity.patterns) {
      if (p.id != asked) {
        asked = p.id;
        end = p.id(c);
      }
      if (end == 0 || !e.holds(p, i, end)) continue;
      count(r, i, end, p.confidence, min_confidence, max_confidence);
      c.read_to(end);
      break;
    }
    i = std::max(c.resume(), i + 1) - 1;
  }
  return r;
}

}  // namespace mfsim::mail
