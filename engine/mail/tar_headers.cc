// tar_reader: ustar headers (POSIX.1-1988), GNU tar's `L` long names and pax (POSIX.1-2001)
// extended headers' `path`, each header read once.
#include "engine/mail/tar_headers.h"

#include <cstdint>

namespace mfsim::mail {
namespace {

constexpr std::size_t kBlock = 512;
// The longest long name kept, as a ZIP's names are at most (its name length is 16 bits): a
// GNU `L` entry or a pax record may be as long as the archive.
constexpr std::size_t kMaxLongName = 65535;

// An octal field: leading spaces, then digits up to the first other byte.
std::uint64_t octal_field(std::string_view field) noexcept {
  std::size_t i = 0;
  while (i < field.size() && field[i] == ' ') ++i;
  std::uint64_t value = 0;
  for (; i < field.size() && field[i] >= '0' && field[i] <= '7' && value < (1ull << 60); ++i)
    value = value * 8 + static_cast<std::uint64_t>(field[i] - '0');
  return value;
}

// A NUL-terminated field without its terminator.
std::string_view text_field(std::string_view field) noexcept {
  return field.substr(0, field.find('\0'));
}

// The `path` record of pax extended header data ("LEN path=VALUE\n" records); empty if none.
std::string pax_path(std::string_view data) {
  std::string path;
  while (!data.empty()) {
    std::size_t length = 0;
    std::size_t i = 0;
    for (; i < data.size() && i < 20 && data[i] >= '0' && data[i] <= '9'; ++i)
      length = length * 10 + static_cast<std::size_t>(data[i] - '0');
    if (i == 0 || length <= i || length > data.size()) break;  // damaged: what came before counts
    std::string_view record = data.substr(i, length - i);
    data.remove_prefix(length);
    if (record.starts_with(' ')) record.remove_prefix(1);
    if (record.ends_with('\n')) record.remove_suffix(1);
    if (record.starts_with("path=")) path = record.substr(5, kMaxLongName);
  }
  return path;
}

}  // namespace

bool tar_reader::next(tar_file& out) {
  std::string long_name;  // from a GNU `L` entry or a pax header, for the entry that follows
  while (at_ + kBlock <= bytes_.size()) {
    const std::string_view header = bytes_.substr(at_, kBlock);
    if (header[0] == '\0') return false;  // the end-of-archive blocks
    const std::uint64_t size = octal_field(header.substr(124, 12));
    const char flag = header[156];
    at_ += kBlock;
    if (size > bytes_.size() - at_) return false;  // cut short: what is there was read
    const std::string_view data = bytes_.substr(at_, static_cast<std::size_t>(size));
    at_ += static_cast<std::size_t>((size + kBlock - 1) / kBlock * kBlock);
    if (flag == 'L') {
      long_name = text_field(data.substr(0, kMaxLongName));
      continue;
    }
    if (flag == 'x') {
      if (std::string path = pax_path(data); !path.empty()) long_name = std::move(path);
      continue;
    }
    if (flag != '0' && flag != '\0' && flag != '7') {  // folders, links, devices, pax globals
      long_name.clear();
      continue;
    }
    if (!long_name.empty()) {
      out.name = std::move(long_name);
    } else {
      const std::string_view name = text_field(header.substr(0, 100));
      const std::string_view prefix = text_field(header.substr(345, 155));
      // POSIX's magic, "ustar\0": GNU's old format ("ustar  ") keeps times where the prefix is.
      const bool ustar = header.substr(257, 6) == std::string_view("ustar\0", 6);
      out.name = ustar && !prefix.empty() ? std::string(prefix) + "/" + std::string(name)
                                          : std::string(name);
    }
    out.data = data;
    return true;
  }
  return false;
}

}  // namespace mfsim::mail
