// Excel and PowerPoint 97-2003 files for the tests (office97_writer.h). Records: [MS-XLS]
// 2.1.4 (BOF 2.4.21, SST 2.4.265, CONTINUE 2.4.58, LABEL 2.4.148); [MS-PPT] 2.3.1.
#include "tests/support/office97_writer.h"

#include "tests/support/le_bytes.h"
#include "tests/support/msg_writer.h"

namespace mfsim::test {
namespace {

std::string biff_record(std::uint32_t type, const std::string& data) {
  return le_bytes(type, 2) + le_bytes(static_cast<std::uint32_t>(data.size()), 2) + data;
}

std::size_t characters_of(const office_text& t) {
  return t.wide ? t.bytes.size() / 2 : t.bytes.size();
}

// The SST's data split into records of at most `limit` bytes: a string's header never split,
// its characters split at a character, the record they go on in starting with their flags.
std::vector<std::string> sst_records(const std::vector<office_text>& strings, std::size_t limit) {
  std::vector<std::string> records;
  std::string current = le_bytes(static_cast<std::uint32_t>(strings.size()), 4) +
                        le_bytes(static_cast<std::uint32_t>(strings.size()), 4);
  for (const office_text& s : strings) {
    const char flags = s.wide ? '\x01' : '\x00';
    const std::string header = le_bytes(static_cast<std::uint32_t>(characters_of(s)), 2) + flags;
    if (current.size() + header.size() > limit) {
      records.push_back(current);
      current.clear();
    }
    current += header;
    const std::size_t width = s.wide ? 2 : 1;
    for (std::size_t at = 0; at < s.bytes.size();) {
      const std::size_t room = (limit - current.size()) / width * width;
      if (room == 0) {
        records.push_back(current);
        current = std::string(1, flags);
        continue;
      }
      const std::size_t take = std::min(room, s.bytes.size() - at);
      current += s.bytes.substr(at, take);
      at += take;
    }
  }
  records.push_back(current);
  return records;
}

std::string ppt_record(std::uint32_t version, std::uint32_t type, const std::string& data) {
  return le_bytes(version, 2) + le_bytes(type, 2) +
         le_bytes(static_cast<std::uint32_t>(data.size()), 4) + data;
}

}  // namespace

std::string excel_97(const std::vector<office_text>& strings,
                     const std::vector<office_text>& labels, std::size_t record_size,
                     bool encrypted) {
  std::string stream =
      biff_record(0x0809, le_bytes(0x0600, 2) + le_bytes(0x0005, 2) + std::string(12, '\0'));
  if (encrypted) stream += biff_record(0x002F, std::string(6, '\0'));
  const std::vector<std::string> sst = sst_records(strings, record_size);
  for (std::size_t i = 0; i < sst.size(); ++i)
    stream += biff_record(i == 0 ? 0x00FC : 0x003C, sst[i]);
  for (const office_text& label : labels) {
    stream +=
        biff_record(0x0204, std::string(6, '\0') +
                                le_bytes(static_cast<std::uint32_t>(characters_of(label)), 2) +
                                (label.wide ? '\x01' : '\x00') + label.bytes);
  }
  stream += biff_record(0x000A, "");
  return write_compound_file({{"Workbook", false, stream, {}}});
}

std::string powerpoint_97(const std::vector<office_text>& texts, bool encrypted) {
  std::string atoms;
  for (const office_text& t : texts) atoms += ppt_record(0, t.wide ? 0x0FA0 : 0x0FA8, t.bytes);
  const std::string document =
      ppt_record(0xF, 0x03E8, ppt_record(0xF, 0x0FF0, atoms) + ppt_record(0, 0x03EA, ""));
  std::vector<cfb_node> streams = {{"PowerPoint Document", false, document, {}}};
  if (encrypted) streams.push_back({"EncryptedSummary", false, std::string(16, '\0'), {}});
  return write_compound_file(streams);
}

}  // namespace mfsim::test
