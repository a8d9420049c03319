// RFC 2231 parameter values: the extended form and continuations of a MIME parameter.
#pragma once

#include <string>
#include <string_view>
#include <vector>

#include "engine/mail/mime_parameters.h"

namespace mfsim::mail {

// The value of parameter `name` in its RFC 2231 forms, as UTF-8: `name*=charset'lang'%XX..`, or
// the continuations `name*0`, `name*1*`, ... joined in order (from 0, up to the first one
// missing), their `*` sections percent-decoded and converted from the charset the first names
// (the bytes as sent when iconv does not know it). Empty when the parameter has neither form;
// the plain `name=` is not read here.
[[nodiscard]] std::string rfc2231_parameter(const std::vector<mime_parameter>& params,
                                            std::string_view name);

}  // namespace mfsim::mail
