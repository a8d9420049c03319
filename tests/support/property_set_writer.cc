// OLE property set streams for the tests (property_set_writer.h): [MS-OLEPS] 2.15 to 2.21.
#include "tests/support/property_set_writer.h"

#include "tests/support/le_bytes.h"

namespace mfsim::test {
namespace {

std::string padded(std::string bytes) {
  bytes.resize((bytes.size() + 3) / 4 * 4, '\0');
  return bytes;
}

std::string u32(std::uint32_t value) { return le_bytes(value, 4); }

}  // namespace

const std::string kSummaryInformationFmtid(
    "\xE0\x85\x9F\xF2\xF9\x4F\x68\x10\xAB\x91\x08\x00\x2B\x27\xB3\xD9", 16);
const std::string kDocumentSummaryFmtid(
    "\x02\xD5\xCD\xD5\x9C\x2E\x1B\x10\x93\x97\x08\x00\x2B\x2C\xF9\xAE", 16);
const std::string kUserDefinedFmtid(
    "\x05\xD5\xCD\xD5\x9C\x2E\x1B\x10\x93\x97\x08\x00\x2B\x2C\xF9\xAE", 16);

std::string vt_lpstr(const std::string& bytes) {
  return padded(le_bytes(0x001E, 4) + u32(static_cast<std::uint32_t>(bytes.size() + 1)) + bytes +
                std::string(1, '\0'));
}

std::string vt_lpwstr(const std::string& utf16le) {
  return padded(le_bytes(0x001F, 4) + u32(static_cast<std::uint32_t>(utf16le.size() / 2 + 1)) +
                utf16le + std::string(2, '\0'));
}

std::string vt_i4(std::int32_t value) {
  return le_bytes(0x0003, 4) + u32(static_cast<std::uint32_t>(value));
}

std::string vt_i2(std::int16_t value) {
  return le_bytes(0x0002, 4) + le_bytes(static_cast<std::uint16_t>(value), 2) +
         std::string(2, '\0');
}

std::string vt_bool(bool value) {
  return le_bytes(0x000B, 4) + le_bytes(value ? 0xFFFF : 0, 2) + std::string(2, '\0');
}

std::string dictionary(const std::vector<std::pair<std::uint32_t, std::string>>& names,
                       bool unicode) {
  std::string out = u32(static_cast<std::uint32_t>(names.size()));
  for (const auto& [id, name] : names) {
    out += u32(id);
    if (unicode) {  // characters with their NUL, padded to 4 bytes
      std::string wide;
      for (const char c : name) wide += std::string(1, c) + '\0';
      out += u32(static_cast<std::uint32_t>(name.size() + 1)) + wide + std::string(2, '\0');
      out.resize((out.size() + 3) / 4 * 4, '\0');
    } else {
      out += u32(static_cast<std::uint32_t>(name.size() + 1)) + name + std::string(1, '\0');
    }
  }
  return padded(out);
}

std::string property_set_stream(const std::vector<property_set_data>& sets) {
  std::string header = le_bytes(0xFFFE, 2) + le_bytes(0, 2) + u32(0x00020006) +
                       std::string(16, '\0') + u32(static_cast<std::uint32_t>(sets.size()));
  std::vector<std::string> bodies;
  for (const property_set_data& set : sets) {
    std::string offsets;
    std::string values;
    const std::size_t table = 8 + 8 * set.properties.size();
    for (const auto& [id, value] : set.properties) {
      offsets += u32(id) + u32(static_cast<std::uint32_t>(table + values.size()));
      values += value;
    }
    bodies.push_back(u32(static_cast<std::uint32_t>(table + values.size())) +
                     u32(static_cast<std::uint32_t>(set.properties.size())) + offsets + values);
  }
  std::size_t at = header.size() + 20 * sets.size();
  for (std::size_t k = 0; k < sets.size(); ++k) {
    header += sets[k].fmtid + u32(static_cast<std::uint32_t>(at));
    at += bodies[k].size();
  }
  for (const std::string& body : bodies) header += body;
  return header;
}

}  // namespace mfsim::test
