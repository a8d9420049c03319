// 7z, RAR, cabinet and bzip2 attachments (engine/mail/packed_archive.h, decision 378): their
// files read through libarchive, their passwords found (decision 187), their budgets kept. On
// archives other programs wrote (tests/testdata/archives.md) and RAR archives written by
// tests/support/rar_writer.h.
#include "engine/mail/packed_archive.h"

#include <doctest/doctest.h>

#include <fstream>
#include <iterator>
#include <string>
#include <vector>

#include "engine/mail/attachment_content.h"
#include "engine/mail/password_protected.h"
#include "engine/mail/rar_headers.h"
#include "tests/support/attachment_mail.h"
#include "tests/support/build_paths.h"
#include "tests/support/rar_writer.h"
#include "tests/support/simulator.h"

namespace {

using mfsim::mail::attachment_contents;
using mfsim::mail::content_limits;
using mfsim::mail::content_type;
using mfsim::mail::is_password_protected;
using mfsim::test::inspect;
using mfsim::test::rar4_of;
using mfsim::test::rar5_of;
using strings = std::vector<std::string>;

std::string fixture(const std::string& name) {
  std::ifstream in(mfsim::test::source_dir() + "/tests/testdata/archives/" + name,
                   std::ios::binary);
  REQUIRE(in);
  return {std::istreambuf_iterator<char>(in), {}};
}

// Each inspected file as "path: text".
strings files_of(const attachment_contents& contents) {
  strings out;
  for (const auto& f : contents.files) out.push_back(f.path + ": " + f.text_lower);
  return out;
}

const std::string kMemo = "project falcon: wire transfer approved\n";
const std::string kNotes = "second file, quarterly results\n";

}  // namespace

TEST_SUITE("packed archives") {
  TEST_CASE("7z, cabinet and bzip2 files are read as their files") {
    CHECK(files_of(inspect("a.7z", fixture("plain.7z"))) ==
          strings{"a.7z: ", "a.7z/memo.txt: " + kMemo, "a.7z/notes.txt: " + kNotes});
    CHECK(files_of(inspect("a.cab", fixture("memo.cab"))) ==
          strings{"a.cab: ", "a.cab/memo.txt: " + kMemo, "a.cab/notes.txt: " + kNotes});
    // A bzip2 stream holds one file, named after it; a tar inside is read in turn.
    CHECK(files_of(inspect("memo.txt.bz2", fixture("memo.txt.bz2"))) ==
          strings{"memo.txt.bz2: ", "memo.txt.bz2/memo.txt: " + kMemo});
    CHECK(files_of(inspect("both.tar.bz2", fixture("both.tar.bz2"))) ==
          strings{"both.tar.bz2: ", "both.tar.bz2/both.tar: ",
                  "both.tar.bz2/both.tar/memo.txt: " + kMemo,
                  "both.tar.bz2/both.tar/notes.txt: " + kNotes});
    const auto seven_zip = inspect("a.7z", fixture("plain.7z"));
    for (const auto& f : seven_zip.files) {
      CHECK(f.type != content_type::unsupported);
      CHECK(f.contents_read);
    }
  }

  TEST_CASE("RAR 4 and RAR 5 archives are read as their files") {
    const std::vector<mfsim::test::rar_file> files = {{"memo.txt", "Wire Transfer"},
                                                      {"dir/notes.txt", "Quarterly"}};
    for (const std::string& rar : {rar4_of(files), rar5_of(files)}) {
      CHECK(files_of(inspect("a.rar", rar)) ==
            strings{"a.rar: ", "a.rar/memo.txt: wire transfer", "a.rar/dir/notes.txt: quarterly"});
      CHECK_FALSE(is_password_protected(rar));
    }
  }

  TEST_CASE("encrypted 7z and RAR archives are password-protected and not read") {
    for (const char* name : {"files-encrypted.7z", "header-encrypted.7z"}) {
      INFO(name);
      const std::string archive = fixture(name);
      CHECK(is_password_protected(archive));
      const auto read = inspect(name, archive);
      CHECK(read.files.at(0).type == content_type::archive);
      CHECK(read.files.size() <= 2);  // the file may be listed, never read
      for (const auto& f : read.files) CHECK(f.text_lower.empty());
    }
    CHECK_FALSE(is_password_protected(fixture("plain.7z")));
    CHECK_FALSE(is_password_protected(fixture("memo.cab")));
    CHECK_FALSE(is_password_protected(fixture("memo.txt.bz2")));
    const std::vector<mfsim::test::rar_file> one_locked = {{"a.txt", "plain"},
                                                           {"b.txt", "sealed", true}};
    for (const std::string& rar :
         {rar4_of(one_locked), rar5_of(one_locked), rar4_of({}, true), rar5_of({}, true)}) {
      CHECK(mfsim::mail::rar_is_encrypted(rar));
      CHECK(is_password_protected(rar));
    }
    // Read from the headers alone: the file after a large stored one is found too.
    const std::string big(200000, 'x');
    CHECK(mfsim::mail::rar_is_encrypted(rar5_of({{"big", big}, {"c.txt", "c", true}})));
    CHECK(mfsim::mail::rar_is_encrypted(rar4_of({{"big", big}, {"c.txt", "c", true}})));
    CHECK_FALSE(mfsim::mail::rar_is_encrypted(rar4_of({{"big", big}, {"c.txt", "c"}})));
  }

  TEST_CASE("a bomb stops at the unpacking budgets, and damage is no crash") {
    // 20 MB of zeros from 49 bytes: past the 16 MiB a file may unpack to.
    const auto bomb = inspect("zeros.bz2", fixture("zeros.bz2"));
    CHECK(bomb.limit_exceeded);
    CHECK(bomb.limit_reason.find("zeros.bz2") != std::string::npos);
    // Under a smaller file budget, the ratio to the archive's own size stops it first.
    content_limits limits;
    limits.max_file_bytes = 4u << 20;
    const auto ratio = inspect("zeros.bz2", fixture("zeros.bz2"), limits);
    CHECK(ratio.limit_exceeded);
    CHECK(ratio.limit_reason.find("times its packed size") != std::string::npos);
    // "BZh9" and no block after it is no bzip2 stream: not read as one (libarchive would pass
    // the bytes through as a file holding itself).
    const auto fake = inspect("x.bz2", "BZh9" + std::string(40, 'q'));
    CHECK(fake.files.size() == 1);
    CHECK_FALSE(fake.limit_exceeded);
    // Cut or flipped archives: read as far as they go, never a crash.
    for (const char* name : {"plain.7z", "memo.cab", "both.tar.bz2", "header-encrypted.7z"}) {
      const std::string archive = fixture(name);
      for (std::size_t cut = 0; cut < archive.size(); cut += 7) {
        (void)inspect(name, archive.substr(0, cut));
        (void)is_password_protected(archive.substr(0, cut));
      }
      std::string flipped = archive;
      for (std::size_t at = 8; at < flipped.size(); at += 5) {
        flipped[at] = static_cast<char>(flipped[at] ^ 0x41);
        (void)inspect(name, flipped);
      }
    }
    const std::string rar = rar5_of({{"a.txt", "words"}});
    for (std::size_t cut = 0; cut < rar.size(); ++cut) {
      (void)inspect("a.rar", rar.substr(0, cut));
      (void)is_password_protected(rar.substr(0, cut));
    }
  }

  TEST_CASE("rules read the files of 7z, RAR, cabinet and bzip2 attachments") {
    mfsim::test::simulator sim(
        "mfsim: 1\nname: packed\ntransport_rules:\n"
        "  - Name: Words\n    AttachmentContainsWords: [wire transfer]\n    SetAuditSeverity: Low\n"
        "  - Name: Locked\n    AttachmentIsPasswordProtected: true\n    SetAuditSeverity: Low\n");
    sim.run(mfsim::test::mail_with({{"a.7z", fixture("plain.7z")}}));
    CHECK(sim.fired() == strings{"Words"});
    sim.run(mfsim::test::mail_with({{"a.cab", fixture("memo.cab")}}));
    CHECK(sim.fired() == strings{"Words"});
    sim.run(mfsim::test::mail_with({{"memo.txt.bz2", fixture("memo.txt.bz2")}}));
    CHECK(sim.fired() == strings{"Words"});
    sim.run(mfsim::test::mail_with({{"a.rar", rar5_of({{"m.txt", "a wire transfer"}})}}));
    CHECK(sim.fired() == strings{"Words"});
    sim.run(mfsim::test::mail_with({{"a.7z", fixture("header-encrypted.7z")}}));
    CHECK(sim.fired() == strings{"Locked"});
    sim.run(mfsim::test::mail_with({{"a.rar", rar4_of({{"m.txt", "a wire transfer", true}})}}));
    CHECK(sim.fired() == strings{"Locked"});
  }
}
