// The names of a tar archive's files as tar writes long ones (engine/mail/tar_headers): GNU `L`
// entries, pax `path` records and the ustar prefix.
#include <doctest/doctest.h>

#include <algorithm>
#include <cstdio>
#include <string>
#include <vector>

#include "engine/mail/attachment_content.h"
#include "engine/mail/tar_headers.h"

namespace {

namespace mail = mfsim::mail;

// One header and its data, padded to blocks. `magic` is written at offset 257.
std::string entry(const std::string& name, char flag, const std::string& data,
                  const std::string& prefix = "",
                  const std::string& magic = std::string("ustar\0"
                                                         "00",
                                                         8)) {
  std::string header(512, '\0');
  header.replace(0, std::min<std::size_t>(name.size(), 100), name.substr(0, 100));
  char size[12];
  std::snprintf(size, sizeof size, "%011o", static_cast<unsigned>(data.size()));
  header.replace(124, 11, size);
  header[156] = flag;
  header.replace(257, magic.size(), magic);
  header.replace(345, prefix.size(), prefix);
  std::string padded = data;
  padded.resize((data.size() + 511) / 512 * 512, '\0');
  return header + padded;
}

std::string pax_record(const std::string& key, const std::string& value) {
  const std::string body = " " + key + "=" + value + "\n";
  std::size_t length = body.size() + 1;
  while (std::to_string(length).size() + body.size() != length) ++length;
  return std::to_string(length) + body;
}

std::vector<std::string> names_of(const std::string& tar) {
  std::vector<std::string> names;
  mail::tar_reader reader(tar);
  for (mail::tar_file f; reader.next(f);) names.push_back(f.name);
  return names;
}

}  // namespace

TEST_SUITE("tar names") {
  TEST_CASE("long names come from GNU L entries, pax headers and the ustar prefix") {
    const std::string long_name = std::string(120, 'a') + ".exe";
    std::string tar = entry("././@LongLink", 'L', long_name + '\0');
    tar += entry(long_name.substr(0, 100), '0', "x");
    tar += entry("PaxHeaders/b", 'x', pax_record("mtime", "1") + pax_record("path", "dir/b.js"));
    tar += entry("b.txt", '0', "y");
    tar += entry("c.vbs", '0', "z", "deep/folder");
    tar += entry("folder/", '5', "");
    tar += entry("d.txt", '0', "w");
    tar += std::string(1024, '\0');
    CHECK(names_of(tar) ==
          std::vector<std::string>{long_name, "dir/b.js", "deep/folder/c.vbs", "d.txt"});
  }

  TEST_CASE("a long name is kept to 65,535 bytes, as a ZIP's") {
    const std::string huge(200000, 'n');
    const std::string tar = entry("././@LongLink", 'L', huge + ".exe") + entry("x", '0', "y");
    const auto names = names_of(tar);
    REQUIRE(names.size() == 1);
    CHECK(names[0] == std::string(65535, 'n'));
  }

  TEST_CASE("GNU's old format keeps times where POSIX keeps the prefix: they are no folder") {
    const std::string tar = entry("e.txt", '0', "x", "00000000000", std::string("ustar  \0", 8));
    CHECK(names_of(tar) == std::vector<std::string>{"e.txt"});
  }

  TEST_CASE("the file name conditions see a long name's extension") {
    const std::string long_name = std::string(120, 'a') + ".exe";
    std::string tar = entry("././@LongLink", 'L', long_name + '\0');
    tar += entry(long_name.substr(0, 100), '0', "x") + std::string(1024, '\0');
    mail::content_limits limits;
    mail::attachment_contents out;
    mail::inspect_attachment("a.tar", tar, limits, out);
    REQUIRE(out.archived_names.size() == 1);
    CHECK(out.archived_names[0] == long_name);
  }
}
