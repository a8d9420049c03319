// OLE property set streams ([MS-OLEPS]) for the tests: the SummaryInformation and
// DocumentSummaryInformation streams of Office 97-2003 files, written from the specification
// apart from the reader (engine/mail/ole_properties.cc).
#pragma once

#include <cstdint>
#include <string>
#include <utility>
#include <vector>

namespace mfsim::test {

// FMTIDs as stored.
extern const std::string kSummaryInformationFmtid;
extern const std::string kDocumentSummaryFmtid;
extern const std::string kUserDefinedFmtid;

// A typed property value as stored (TypedPropertyValue): type, padding, value, padded to 4.
[[nodiscard]] std::string vt_lpstr(const std::string& bytes);     // 8-bit, in the set's code page
[[nodiscard]] std::string vt_lpwstr(const std::string& utf16le);  // UTF-16LE
[[nodiscard]] std::string vt_i4(std::int32_t value);
[[nodiscard]] std::string vt_i2(std::int16_t value);  // also the CodePage property's type
[[nodiscard]] std::string vt_bool(bool value);
// The dictionary of custom property names (property 0, no type): UTF-16 when `unicode` (the
// set's code page then 1200), else 8-bit.
[[nodiscard]] std::string dictionary(
    const std::vector<std::pair<std::uint32_t, std::string>>& names, bool unicode);

// A property set: its FMTID and its properties (identifier, value as stored).
struct property_set_data {
  std::string fmtid;
  std::vector<std::pair<std::uint32_t, std::string>> properties;
};

// A PropertySetStream holding `sets` in order.
[[nodiscard]] std::string property_set_stream(const std::vector<property_set_data>& sets);

}  // namespace mfsim::test
