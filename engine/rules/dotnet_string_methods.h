// .NET's String.Trim, TrimStart, TrimEnd and Split(char) on UTF-8 text, and the characters
// they and -like read: one character at a time, never one byte of a character at a time.
#pragma once

#include <cstddef>
#include <string>
#include <string_view>
#include <vector>

namespace mfsim::rules::ps {

// Char.IsWhiteSpace (https://learn.microsoft.com/dotnet/api/system.char.iswhitespace): the
// members of Unicode's SpaceSeparator, LineSeparator and ParagraphSeparator categories, and
// U+0009 to U+000D, U+0085.
[[nodiscard]] bool is_dotnet_white_space(char32_t code) noexcept;

// The character at text[at] (a code point) and, in `length`, its bytes; a byte that starts no
// well-formed UTF-8 sequence is one character that equals none of Unicode's.
[[nodiscard]] char32_t character_at(std::string_view text, std::size_t at, std::size_t& length);

// The characters of `text`, each as character_at reads it.
[[nodiscard]] std::u32string code_points(std::string_view text);

enum class trim_end { both, start, end };

// `text` without the characters of `chars` at the trimmed end(s); white space
// (is_dotnet_white_space) when `chars` is empty, as String.Trim() and Trim(new char[0]).
[[nodiscard]] std::string trimmed(std::string_view text, std::u32string_view chars, trim_end which);

// `text` cut at each `separator` (String.Split(char)): n separators give n + 1 pieces, empty
// ones kept.
[[nodiscard]] std::vector<std::string> split_at(std::string_view text, char32_t separator);

}  // namespace mfsim::rules::ps
