// Fuzzes the sensitive information types scanner (MessageContainsDataClassifications): every
// type over the input, whose counts and first instance must lie within the text scanned.
#include <cstddef>
#include <cstdint>
#include <string_view>

#include "engine/mail/sensitive_info.h"
#include "fuzz/fuzz_check.h"

namespace mail = mfsim::mail;

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  const std::string_view text(reinterpret_cast<const char*>(data), size);
  const mail::sensitive_scan_limits limits{1u << 16, 64};
  for (const auto& info : mail::sensitive_types()) {
    const auto all = mail::scan_sensitive(info.type, text, 0, 100, limits);
    MFSIM_FUZZ_CHECK(all.count <= limits.max_instances);
    MFSIM_FUZZ_CHECK(all.count == 0 || all.first_offset + all.first_length <= text.size());
    MFSIM_FUZZ_CHECK(all.count == 0 ||
                     (all.highest_confidence >= 55 && all.highest_confidence <= 95));
    // A narrower confidence range never counts more.
    const auto recommended =
        mail::scan_sensitive(info.type, text, info.recommended_confidence, 100, limits);
    MFSIM_FUZZ_CHECK(recommended.count <= all.count || all.truncated);
  }
  return 0;
}
