// One member of a character class as Boost reads it (its escapes already Boost's): the
// character it stands for and where it ends, for the rewrites that read a class member by
// member (class_ranges_any_case.h, class_escaped_dashes.h).
#pragma once

#include <unicode/umachine.h>

#include <cstddef>
#include <optional>
#include <string_view>

namespace mfsim::rules::ps {

// The character a class member at `at` stands for, its end put in `next`; nullopt for a class
// (\d, \w, ...) or an escape whose character is not known here.
[[nodiscard]] std::optional<UChar32> member_at(std::string_view klass, std::size_t at,
                                               std::size_t& next);

}  // namespace mfsim::rules::ps
