// The sensitive information types as data, in the shape of Microsoft's rule packages (the
// <Entity> XML each definition in "Sensitive information types in Exchange Server" shows): an
// entity is a list of patterns, each a confidence level, the function that finds the number
// (<IdMatch>) and the evidence that must lie within 300 characters of it (<Match>, <Any>).
#pragma once

#include <cstddef>
#include <cstdint>
#include <span>
#include <string_view>

#include "engine/mail/sensitive_info.h"

namespace mfsim::mail::sensitive {

class candidate;

// <IdMatch>: where the instance that starts at the candidate ends, or 0 when the function finds
// none there.
using id_function = std::size_t (*)(candidate&);

// What a pattern asks to find near the number: a keyword list, a date function (Func_us_date
// M/D/Y, Func_eu_date D/M/Y, Func_expiration_date M/Y) or another number's pattern (a bank's
// branch or transit number beside an account number).
enum class evidence_kind : std::uint8_t { keywords, us_date, eu_date, expiration_date, pattern };

struct evidence_ref {
  evidence_kind kind = evidence_kind::keywords;
  std::span<const std::string_view> keywords{};  // lower-case (ASCII), for `keywords`
  id_function pattern = nullptr;                 // for `pattern`
};

// <Any minMatches maxMatches>: how many of the items must be found (max -1: no bound; 0 and 0:
// none of them may be).
struct any_of {
  std::span<const evidence_ref> items;
  int min_matches = 1;
  int max_matches = -1;
};

struct pattern {
  int confidence = 0;
  id_function id = nullptr;
  std::span<const evidence_ref> all{};  // <Match> elements: every one must be found
  std::span<const any_of> any{};
};

// What every pattern of an entity starts with: the scan passes over other words at once.
enum class starts_with : std::uint8_t { digit, letter, either };

struct entity {
  sensitive_type_info info;
  starts_with first;
  // Highest confidence first among the patterns that can match at one place.
  std::span<const pattern> patterns;
};

// Every entity, in sensitive_type order; and their `info` alone, in the same order.
[[nodiscard]] std::span<const entity> entities() noexcept;
[[nodiscard]] std::span<const sensitive_type_info> infos() noexcept;

}  // namespace mfsim::mail::sensitive
