// add_embedded_files(): the OLENativeStream of [MS-OLEDS] 2.3.6 is NativeDataSize then
// NativeData. For Package objects the Packager writes, NativeData is, by what the files hold
// (Microsoft documents no more): a 16-bit flag, the label and the source path as NUL-ended
// 8-bit strings, 32 bits, the temporary path with its 32-bit length, the file's 32-bit size
// and its bytes, then (newer Packagers) the three paths again in UTF-16. Native data of
// another layout is kept whole.
#include "engine/mail/embedded_objects.h"

#include <algorithm>
#include <optional>
#include <string_view>

#include "engine/little_endian.h"
#include "engine/mail/charset.h"
#include "engine/mail/compound_file.h"

namespace mfsim::mail {
namespace {

// The NUL-ended string at `at`, `at` moved past its NUL; nullopt when there is no NUL.
std::optional<std::string_view> ended_string(std::string_view data, std::size_t& at) {
  const std::size_t end = data.find('\0', at);
  if (end == std::string_view::npos) return std::nullopt;
  const std::string_view text = data.substr(at, end - at);
  at = end + 1;
  return text;
}

// The last part of a Windows or POSIX path.
std::string_view base_name(std::string_view path) {
  const std::size_t slash = path.find_last_of("\\/");
  return slash == std::string_view::npos ? path : path.substr(slash + 1);
}

// A Package object's file name and bytes; nullopt when `native` is not laid out as above.
std::optional<embedded_file> packaged_file(std::string_view native) {
  std::size_t at = 2;  // the flag
  if (native.size() < at) return std::nullopt;
  const auto label = ended_string(native, at);
  const auto source = label ? ended_string(native, at) : std::nullopt;
  if (!source || native.size() - at < 8) return std::nullopt;
  at += 4;
  const std::size_t temp_length = read_le32(native, at);
  at += 4;
  if (temp_length > native.size() - at || native.size() - at - temp_length < 4) return std::nullopt;
  at += temp_length;
  const std::size_t size = read_le32(native, at);
  at += 4;
  if (size > native.size() - at) return std::nullopt;
  const std::string_view data = native.substr(at, size);
  at += size;
  // Newer Packagers add the temporary path, the label and the source path in UTF-16, each
  // after its length in characters; the label is taken from there when it is, else from the
  // 8-bit one, read as Windows-1252 (the code page it was written in is not recorded).
  std::string name;
  for (int field = 0; field < 2 && native.size() - at >= 4; ++field) {
    const std::size_t units = read_le32(native, at);
    if (units > (native.size() - at - 4) / 2) break;
    if (field == 1) name = utf16le_to_utf8(native.substr(at + 4, 2 * units));
    at += 4 + 2 * units;
  }
  if (name.empty()) name = codepage_to_utf8(*label, 1252);
  if (name.empty()) name = codepage_to_utf8(*source, 1252);
  name = std::string(base_name(name));
  if (name.empty()) return std::nullopt;
  return embedded_file{std::move(name), std::string(data)};
}

}  // namespace

void add_embedded_files(const compound_file& file, embedded_budget& budget,
                        std::vector<embedded_file>& out) {
  const auto take = [&](embedded_file found) {
    budget.files -= 1;
    budget.bytes -= std::min(budget.bytes, found.bytes.size());
    out.push_back(std::move(found));
  };
  if (budget.files == 0 || budget.bytes == 0) return;
  for (auto& stream : file.streams_named("\001Ole10Native", budget.files, budget.bytes)) {
    const std::string_view bytes = stream.bytes;
    if (bytes.size() < 4) continue;
    const std::string_view native = bytes.substr(4, read_le32(bytes, 0));
    auto packaged = stream.cut ? std::nullopt : packaged_file(native);
    take(packaged ? std::move(*packaged)
                  : embedded_file{stream.path, std::string(native), stream.cut});
  }
  if (budget.files == 0 || budget.bytes == 0) return;
  for (auto& stream : file.streams_named("Package", budget.files, budget.bytes))
    take({stream.path, std::move(stream.bytes), stream.cut});
}

}  // namespace mfsim::mail
