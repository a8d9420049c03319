// What counts as a message among the inputs (decisions 391-397): mbox envelope lines without an
// empty line before them, empty lines before the first, a Maildir's files as one message each,
// the files a Maildir server or a desktop leaves beside the mail (in folders and ZIPs), formats
// that are not read, and PST items that are not mail.
#include <doctest/doctest.h>

#include <map>
#include <string>
#include <vector>

#include "corpus/mbox_reader.h"
#include "corpus/message_class.h"
#include "corpus/message_source.h"
#include "corpus/skipped_inputs.h"
#include "corpus/unread_formats.h"
#include "tests/support/corpora.h"
#include "tests/support/process.h"
#include "tests/support/zip_writer.h"

using mfsim::corpus::skip_reason;
using mfsim::test::temp_dir;

namespace {

std::vector<std::string> split_mbox(const std::string& data) {
  std::vector<std::string> out;
  mfsim::corpus::mbox_reader reader(data);
  for (std::string m; reader.next(m);) out.push_back(m);
  return out;
}

// Every record of `paths` as "ID|ERROR", with what was passed over counted in `skipped`.
std::vector<std::string> records(const std::vector<std::string>& paths,
                                 mfsim::corpus::skipped_inputs& skipped,
                                 mfsim::corpus::read_options read = {}) {
  read.skipped = &skipped;
  std::vector<std::string> out;
  mfsim::corpus::read_messages(
      paths,
      [&](const mfsim::corpus::corpus_message& m) {
        out.push_back(std::string(m.id) + "|" + std::string(m.read_error));
      },
      nullptr, read);
  return out;
}

// The mbox at `path` read whole, then cut into parts of 64 bytes and up (every `step`): the
// same records each time. Returns how many the whole read gave.
std::size_t records_read_alike(const std::string& path, std::uint64_t step) {
  mfsim::corpus::skipped_inputs skipped;
  const auto whole = records({path}, skipped);
  for (std::uint64_t part = 64; part < 700; part += step) {
    mfsim::corpus::read_options read;
    read.mbox_part_bytes = part;
    CAPTURE(part);
    CHECK(records({path}, skipped, read) == whole);
  }
  return whole.size();
}

std::string message(int n) {
  return "From: a@example.com\nSubject: m" + std::to_string(n) + "\n\nbody " + std::to_string(n) +
         "\n";
}

}  // namespace

TEST_SUITE("mail_inputs") {
  TEST_CASE("an RFC 4155 envelope line starts a message without an empty line before it") {
    const std::string env = "From MAILER-DAEMON Tue Mar  5 14:22:31 2024\n";
    const auto three = split_mbox(env + message(1) + env + message(2) + env + message(3));
    REQUIRE(three.size() == 3);
    CHECK(three[1] == message(2));
    // Thunderbird and Netscape: "From - " with or without the date; Google Takeout: a zone
    // before the year; CRLF.
    CHECK(split_mbox("From - \n" + message(1) + "--b--\nFrom - \n" + message(2)).size() == 2);
    CHECK(split_mbox("From - Mon Jun  3 12:50:27 1996\n" + message(1) +
                     "AA==\nFrom - Fri Mar  7 02:51:22 1997\n" + message(2))
              .size() == 2);
    CHECK(split_mbox("From 1792345678901234567@xxx Tue Mar 05 14:22:31 +0000 2024\r\n" +
                     message(1) +
                     "From 1792345678901234568@xxx Tue Mar 05 14:22:32 +0000 2024\r\n" + message(2))
              .size() == 2);
    // Body text stays body text where no empty line comes before it.
    for (const char* body : {"From the desk of the CEO\n", "From - to be discussed\n",
                             "From here Mon Jan 1 (no time)\n", "From x Mon Jan  1 12:00:00\n"}) {
      CAPTURE(body);
      const auto one = split_mbox(env + "Subject: s\n\nHello\n" + body + "bye\n");
      REQUIRE(one.size() == 1);
      CHECK(one[0] == "Subject: s\n\nHello\n" + std::string(body) + "bye\n");
    }
    CHECK(mfsim::corpus::starts_mbox_message("x\nFrom a@b Sat Jan  3 01:05:34 1996\n", 2));
    CHECK_FALSE(mfsim::corpus::starts_mbox_message("x\nFrom the desk\n", 2));
  }

  TEST_CASE("an envelope line is judged on its first 256 bytes, by every reader alike") {
    // Whole, streamed, and cut into parts of every size from 64 bytes: the same records.
    temp_dir dir;
    std::string mbox;
    for (int k = 0; k < 30; ++k) {
      // Every third puts its date past the judged bytes.
      mbox += "From a@b" + std::string(k % 3 == 0 ? 260 : 1, ' ') +
              "Tue Mar  5 14:22:" + std::to_string(10 + k) + " 2024\n" + message(k) +
              (k % 2 == 0 ? "From the desk\n" : "");
    }
    // Those 9 (not the file's first) need an empty line before them.
    CHECK(records_read_alike(dir.write("box.mbox", mbox), 37) == 21);
  }

  TEST_CASE("two envelope lines in a row: an empty message, for every reader alike") {
    // The fuzzer found the whole-file reader taking the second line into the first message
    // while the parts were cut at it.
    temp_dir dir;
    const std::string env = "From MAILER-DAEMON Tue Mar  5 14:22:31 2024\n";
    std::string mbox;
    for (int k = 0; k < 20; ++k) mbox += env + (k % 4 == 0 ? env : "") + message(k);
    const auto split = split_mbox(mbox);
    REQUIRE(split.size() == 25);
    CHECK(split[0].empty());
    CHECK(split[1] == message(0));
    CHECK(records_read_alike(dir.write("twice.mbox", mbox), 41) == 25);
  }

  TEST_CASE("empty lines before the first envelope line are passed over") {
    const std::string env = "From a@b Tue Mar  5 14:22:31 2024\n";
    for (const std::string lead : {"\n", "\r\n\r\n", "\xef\xbb\xbf\n\n"}) {
      CAPTURE(lead.size());
      CHECK(mfsim::corpus::looks_like_mbox(lead + env));
      const auto messages = split_mbox(lead + env + message(1) + "\n" + env + message(2));
      REQUIRE(messages.size() == 2);
      CHECK(messages[0] == message(1));
    }
    CHECK_FALSE(mfsim::corpus::looks_like_mbox(std::string(257, '\n') + env));
    CHECK_FALSE(mfsim::corpus::looks_like_mbox("\n \nFrom a@b\n"));
  }

  TEST_CASE("a Maildir's file is one message: its envelope line is dropped, nothing split") {
    temp_dir dir;
    const std::string mbox = "From a@b Tue Mar  5 14:22:31 2024\n" + message(1) +
                             "\nFrom the desk of the CEO\n\nFrom b@c Tue Mar  5 14:22:31 2024\n";
    dir.write("box/cur/1.host:2,S", mbox);
    dir.write("box/new/2.host", message(2));
    dir.write("box/tmp/3.host", message(3));
    dir.write("loose.mbox", mbox);
    std::vector<std::string> bytes;
    mfsim::corpus::read_messages({dir.path() + "/box"},
                                 [&](const auto& m) { bytes.emplace_back(m.bytes); });
    REQUIRE(bytes.size() == 2);
    CHECK(bytes[0] == mbox.substr(mbox.find('\n') + 1));
    mfsim::corpus::skipped_inputs skipped;
    // The same bytes as an mbox file: split, the unquoted body line after an empty one too.
    CHECK(records({dir.path() + "/loose.mbox"}, skipped).size() == 3);
  }

  TEST_CASE("a Maildir's own files, its tmp/ and desktop metadata are counted, not read") {
    temp_dir dir;
    const std::string root = "alice/";
    dir.write(root + "cur/1.host:2,S", message(1));
    dir.write(root + "new/2.host", message(2));
    dir.write(root + "tmp/3.host", message(3));
    for (const char* control : {"dovecot-uidlist", "dovecot.index", "dovecot.index.log",
                                "subscriptions", "courierimapuiddb", "dovecot-keywords"}) {
      dir.write(root + control, "1 V1712928900 N4\n");
    }
    dir.write(root + ".Sent/maildirfolder", "");
    dir.write(root + ".Sent/cur/4.host:2,S", message(4));
    dir.write(root + ".Sent/new/.keep", message(5));  // a file of new/ is a message
    dir.write(root + ".Sent/tmp/6.host", message(6));
    dir.write("saved/.DS_Store",
              "\x00\x00\x00\x01"
              "Bud1");
    dir.write("saved/a.eml", message(7));
    dir.write("saved/._a.eml", std::string("\x00\x05\x16\x07", 4));
    dir.write("saved/._lonely.eml", message(8));  // no a file beside it: read
    dir.write("saved/Thumbs.db", "x");
    dir.write("saved/DESKTOP.INI", "[.ShellClassInfo]\n");
    dir.write("saved/__MACOSX/._a.eml", "x");
    mfsim::corpus::skipped_inputs skipped;
    const auto got = records({dir.path()}, skipped);
    const std::string p = dir.path() + "/";
    CHECK(got == std::vector<std::string>{p + "alice/.Sent/cur/4.host:2,S|",
                                          p + "alice/.Sent/new/.keep|", p + "alice/cur/1.host:2,S|",
                                          p + "alice/new/2.host|", p + "saved/._lonely.eml|",
                                          p + "saved/a.eml|"});
    CHECK(skipped.count(skip_reason::maildir_tmp) == 2);
    CHECK(skipped.count(skip_reason::maildir_control) == 7);  // maildirfolder too
    CHECK(skipped.count(skip_reason::desktop_metadata) == 5);
    CHECK(skipped.describe().find("Maildir tmp/ (deliveries still being written) 2") !=
          std::string::npos);
  }

  TEST_CASE("a ZIP's entries follow the same rules as a folder's files") {
    temp_dir dir;
    const std::string zip = mfsim::test::zip_of({{"alice/", ""},
                                                 {"alice/cur/", ""},
                                                 {"alice/cur/1.host:2,S", message(1)},
                                                 {"alice/new/", ""},
                                                 {"alice/tmp/3.host", message(3)},
                                                 {"alice/dovecot-uidlist", "3 V1 N4\n"},
                                                 {"alice/.Junk/cur/", ""},
                                                 {"alice/.Junk/new/7.host", message(7)},
                                                 {"alice/.Junk/maildirfolder", ""},
                                                 {"a.eml", message(2)},
                                                 {"__MACOSX/._a.eml", "x"},
                                                 {"._a.eml", "x"},
                                                 {".DS_Store", "x"},
                                                 {"notes/tmp/4.eml", message(4)}},
                                                dir.path() + "/export.zip");
    mfsim::corpus::skipped_inputs skipped;
    const auto got = records({zip}, skipped);
    CHECK(got == std::vector<std::string>{zip + "#a.eml|", zip + "#alice/.Junk/new/7.host|",
                                          zip + "#alice/cur/1.host:2,S|",
                                          zip + "#notes/tmp/4.eml|"});
    CHECK(skipped.count(skip_reason::maildir_tmp) == 1);
    CHECK(skipped.count(skip_reason::maildir_control) == 2);
    CHECK(skipped.count(skip_reason::desktop_metadata) == 3);
  }

  TEST_CASE("tar, 7z, xz, bzip2, zstd, RAR and MMDF files give a record that says so") {
    std::string tar(1024, '\0');
    tar.replace(0, 5, "a.eml");
    tar.replace(257, 6, std::string("ustar\0", 6));
    tar.replace(512, message(1).size(), message(1));
    const std::map<std::string, std::string> files = {
        {"a.tar", tar},
        {"a.7z", std::string("7z\xBC\xAF\x27\x1C\x00\x04", 8)},
        {"a.xz", std::string("\xFD"
                             "7zXZ\x00\x00\x04",
                             8)},
        {"a.bz2", "BZh91AY&SY" + std::string(20, 'x')},
        {"a.zst", std::string("\x28\xB5\x2F\xFD\x00", 5)},
        {"a.rar", std::string("Rar!\x1A\x07\x01\x00", 8)},
        {"a.mmdf", "\x01\x01\x01\x01\n" + message(1) + "\x01\x01\x01\x01\n"},
        {"b.eml", "BZh9 is a subject line\n\n"},
    };
    temp_dir dir;
    for (const auto& file : files) dir.write(file.first, file.second);
    mfsim::corpus::skipped_inputs skipped;
    const auto got = records({dir.path()}, skipped);
    REQUIRE(got.size() == files.size());
    const std::string p = dir.path() + "/";
    CHECK(got[0] == p + "a.7z|a 7z archive: not read; unpack it first");
    CHECK(got[1] == p + "a.bz2|bzip2-compressed: not read; decompress it first (bunzip2)");
    CHECK(got[2].find("an MMDF mailbox") != std::string::npos);
    CHECK(got[3] == p + "a.rar|a RAR archive: not read; unpack it first");
    CHECK(got[4] == p + "a.tar|a tar archive: not read; unpack it first");
    CHECK(got[5].find("xz-compressed") != std::string::npos);
    CHECK(got[6].find("zstd-compressed") != std::string::npos);
    CHECK(got[7] == p + "b.eml|");
    // In a ZIP too.
    const std::string zip = mfsim::test::zip_of({{"in.tar", tar}}, dir.path() + "/z.zip");
    CHECK(records({zip}, skipped) ==
          std::vector<std::string>{zip + "#in.tar|a tar archive: not read; unpack it first"});
  }

  TEST_CASE("Outlook message classes: mail, reports and meeting requests; not contacts") {
    for (const char* mail :
         {"IPM.Note", "ipm.note", "IPM.Note.SMIME.MultipartSigned", "REPORT.IPM.Note.NDR",
          "IPM.Schedule.Meeting.Request", "IPM.TaskRequest.Accept", "IPM.Sharing", ""}) {
      CAPTURE(mail);
      CHECK(mfsim::corpus::is_mail_class(mail));
    }
    for (const char* other :
         {"IPM.Contact", "IPM.DistList", "IPM.Appointment", "IPM.Task", "IPM.StickyNote",
          "IPM.Activity", "IPM.Post", "IPM.Microsoft.ScheduleData.FreeBusy", "IPM.NoteX"}) {
      CAPTURE(other);
      CHECK_FALSE(mfsim::corpus::is_mail_class(other));
    }
  }

  TEST_CASE("corpus: a PST's contacts and distribution lists get no record" *
            doctest::test_suite("corpora")) {
    const auto corpus = mfsim::test::corpus_dir("outlook");
    if (!corpus) return;
    const std::string pst = (*corpus / "pst/java-libpst__dist-list.pst").string();
    mfsim::corpus::skipped_inputs skipped;
    // Two contacts, a distribution list's calendar item and the free/busy item: no mail.
    CHECK(records({pst}, skipped) == std::vector<std::string>{pst + "|PST holds no mail messages"});
    CHECK(skipped.count(skip_reason::pst_not_mail) == 4);
  }
}
