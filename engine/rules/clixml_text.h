// Internal to the Export-Clixml importer: the text CLIXML encodes ([MS-PSRP] 2.2.5), apart from
// clixml_tree.h so that what decodes strings does not compile nlohmann/json.
#pragma once

#include <cstdint>
#include <string>
#include <string_view>

namespace mfsim::rules::clixml {

// `encoded` with each _xHHHH_ replaced by the UTF-16 code unit it stands for ([MS-PSRP]
// 2.2.5.3.2), surrogate pairs joined; an unpaired surrogate becomes U+FFFD.
[[nodiscard]] std::string decode_string(std::string_view encoded);

// A <C> element's UTF-16 code unit as UTF-8; a surrogate half, alone, becomes U+FFFD.
[[nodiscard]] std::string decode_char(std::uint32_t code_unit);

}  // namespace mfsim::rules::clixml
