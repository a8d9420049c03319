// .NET's escapes, in a class and out of one, written as Boost reads them, and those .NET
// refuses refused (decisions 692, 730, 750, 762, 951, 952).
#pragma once

#include <cstddef>
#include <optional>
#include <string>
#include <string_view>

namespace mfsim::rules::ps {

// .NET's octal escape at the start of `digits` (written after the `\\` at `at`), as Boost reads
// it, appended to `out`: at most three octal digits, their value's low 8 bits a character
// (RegexOptions' "ECMAScript matching behavior" table). Returns how many digits it took; the
// rest are literal digits. A leading 8 or 9 starts no escape: .NET refuses the pattern.
[[nodiscard]] std::size_t octal_escape(std::string_view digits, std::size_t at, std::string& out);

// Whether digits from `from` end with the closing mark of `open` ('<' or the apostrophe).
[[nodiscard]] bool digits_close(std::string_view pattern, std::size_t from, char open);

// Refuses the back-reference `reference` at `at`, which names no group of the pattern.
[[noreturn]] void throw_undefined_reference(std::string_view reference, std::size_t at);

// .NET's \p{Name} and \P{Name} name a Unicode category or block (\p{L}: any letter). Boost
// looks the name up among its own classes, case-insensitively, outside a class only: \p{L} is
// its "l", the lower-case letters, \p{S} its white space, and [\p{L}] the characters p, {, L, }.
// No category is read rather than a wrong one (decision 750).
[[noreturn]] void throw_unicode_category(std::string_view pattern, std::size_t at);

// .NET refuses a backslash before a word character it knows no escape for, in every script
// ("Unrecognized escape sequence \\é", RegexParser's ScanCharEscape): Boost read `\é` as `é`.
// A word character is one of \w's categories, or the zero-width (non-)joiner (decision 951).
void refuse_escaped_word_character(std::string_view pattern, std::size_t at);

// Escapes outside a class that Boost reads otherwise than .NET: \< \> \` \' are anchors in
// Boost, \v a class of line breaks and \u an upper-case letter; a letter .NET does not know
// (\h, \R, \K, \X, \l, ...) is a construct in Boost and refused by .NET.
[[nodiscard]] bool boost_only_escape(char c);

// .NET's reading of the escape at `at` (a boost_only_escape), written for Boost to `out`;
// returns its length. Throws boost::regex_error where .NET refuses the pattern.
[[nodiscard]] std::size_t dotnet_escape(std::string_view pattern, std::size_t at, std::string& out);

// The class written from `open` to its `]` at `end` as Boost reads it as .NET does; nullopt
// where Boost's reading is .NET's already. In a class \N is no back-reference but .NET's octal
// escape, which Boost refuses, and \uXXXX a UTF-16 unit where Boost reads the upper-case
// letters: an ASCII one is written \x{HH}, one past ASCII as the character itself, which the
// class, read by character (decision 851), holds as one member, negated or in a range too
// (decision 952). A letter or `_` .NET does not know as an escape is refused, as .NET refuses
// it (decision 762), and `\-` is a `-` of its own, never a range's start or end (decision 1110).
[[nodiscard]] std::optional<std::string> class_for_boost(std::string_view pattern, std::size_t open,
                                                         std::size_t end);

}  // namespace mfsim::rules::ps
