// Which syntax an administrator's export is in (ConvertTo-Json or Export-Clixml), from its first
// character: apart from export_records.h, so that a reader that only chooses between formats
// does not compile nlohmann/json.
#pragma once

#include <string_view>

namespace mfsim::rules::exports {

// Whether the text (UTF-8, after any byte order mark and white space) is JSON ('[' or '{') or
// XML ('<').
[[nodiscard]] bool starts_json(std::string_view text) noexcept;
[[nodiscard]] bool starts_xml(std::string_view text) noexcept;

}  // namespace mfsim::rules::exports
