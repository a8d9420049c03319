// The parameters of a MIME field value (Content-Type, Content-Disposition), read from its text.
#pragma once

#include <string>
#include <string_view>
#include <vector>

namespace mfsim::mail {

struct mime_parameter {
  std::string name;   // as written (compare without case)
  std::string value;  // a quoted-string without its quotes, `\"` and `\\` unescaped
};

// The `; name=value` parameters after the value's first part (`attachment`, `text/plain`), as
// RFC 2045 section 5.1 writes them: a value is a token or an RFC 5322 quoted-string, whose `;`,
// `=` and escaped quotes belong to the value (mimetic's own reading cuts it at the `;`). An
// unterminated quoted-string runs to the end of the field.
[[nodiscard]] std::vector<mime_parameter> parse_mime_parameters(std::string_view field_value);

// The value of the first parameter named `name` (without case); empty when there is none.
[[nodiscard]] std::string_view parameter_value(const std::vector<mime_parameter>& params,
                                               std::string_view name) noexcept;

}  // namespace mfsim::mail
