// Tests of reading paths into messages: files, sorted directory walks, mbox, stdin, errors.
#include "corpus/message_source.h"

#include <doctest/doctest.h>
#include <sys/stat.h>
#include <unistd.h>

#include <algorithm>
#include <filesystem>
#include <map>
#include <string>
#include <vector>

#include "corpus/mbox_reader.h"
#include "tests/support/process.h"

using mfsim::corpus::mbox_reader;
using mfsim::test::temp_dir;

namespace {

struct read_result {
  std::string id;
  std::string bytes;
  std::string error;
};

std::vector<read_result> read_all(const std::vector<std::string>& paths) {
  std::vector<read_result> out;
  mfsim::corpus::read_messages(paths, [&](const mfsim::corpus::corpus_message& m) {
    out.push_back({std::string(m.id), std::string(m.bytes), std::string(m.read_error)});
  });
  return out;
}

// Each message read from `path` as "id|bytes|error".
std::vector<std::string> records_as_text(const std::string& path,
                                         const mfsim::corpus::read_options& read) {
  std::vector<std::string> out;
  mfsim::corpus::read_messages(
      {path},
      [&](const mfsim::corpus::corpus_message& m) {
        out.push_back(std::string(m.id) + "|" + std::string(m.bytes) + "|" +
                      std::string(m.read_error));
      },
      nullptr, read);
  return out;
}

std::vector<std::string> split_mbox(const std::string& data) {
  std::vector<std::string> out;
  mbox_reader reader(data);
  for (std::string m; reader.next(m);) out.push_back(m);
  return out;
}

}  // namespace

TEST_SUITE("message_source") {
  TEST_CASE("mbox detection needs From and a space, not From: or From :") {
    CHECK(mfsim::corpus::looks_like_mbox("From a@b Thu Mar 27 02:11:12 2025\n"));
    CHECK(
        mfsim::corpus::looks_like_mbox("\xef\xbb\xbf"
                                       "From a@b\n"));
    CHECK_FALSE(mfsim::corpus::looks_like_mbox("From: a@b\n"));
    CHECK_FALSE(mfsim::corpus::looks_like_mbox("From : a@b\n"));
    CHECK_FALSE(mfsim::corpus::looks_like_mbox(""));
  }

  TEST_CASE("an mbox splits at From lines after an empty line and unquotes >From") {
    const auto messages = split_mbox(
        "From a@example.com Thu Mar 27 02:11:12 2025\n"
        "Subject: one\n\nbody\n>From the past\n>>From deeper\nFrom inside a line is kept\n\n"
        "From b@example.com Thu Mar 27 02:11:13 2025\n"
        "Subject: two\n\nbody two\n");
    REQUIRE(messages.size() == 2);
    CHECK(messages[0] ==
          "Subject: one\n\nbody\nFrom the past\n>From deeper\nFrom inside a line is kept\n");
    CHECK(messages[1] == "Subject: two\n\nbody two\n");
  }

  TEST_CASE("a CRLF mbox splits the same way") {
    const auto messages =
        split_mbox("From a\r\nSubject: one\r\n\r\nx\r\n\r\nFrom b\r\nSubject: two\r\n\r\ny\r\n");
    REQUIRE(messages.size() == 2);
    CHECK(messages[0] == "Subject: one\r\n\r\nx\r\n");
    CHECK(messages[1] == "Subject: two\r\n\r\ny\r\n");
  }

  TEST_CASE("a truncated mbox still yields what it holds") {
    const auto messages = split_mbox("From a\nSubject: one\n\nbody without end");
    REQUIRE(messages.size() == 1);
    CHECK(messages[0] == "Subject: one\n\nbody without end");
    CHECK(split_mbox("From a\n").size() == 1);
  }

  TEST_CASE("directories are walked recursively in byte order with paths as ids") {
    temp_dir dir;
    dir.write("b.eml", "Subject: b\n\n");
    dir.write("a/z.eml", "Subject: az\n\n");
    dir.write("a/cur/1.eml", "Subject: cur\n\n");
    dir.write("B.eml", "Subject: B\n\n");
    dir.write("mail.mbox", "From x\nSubject: m1\n\n\nFrom y\nSubject: m2\n\n");
    const auto got = read_all({dir.path() + "/"});
    std::vector<std::string> ids;
    for (const auto& m : got) ids.push_back(m.id.substr(dir.path().size() + 1));
    CHECK(ids == std::vector<std::string>{"B.eml", "a/cur/1.eml", "a/z.eml", "b.eml", "mail.mbox#1",
                                          "mail.mbox#2"});
    CHECK(got[0].bytes == "Subject: B\n\n");
  }

  TEST_CASE("a file named on the command line keeps the path as given") {
    temp_dir dir;
    const std::string path = dir.write("one.eml", "Subject: x\n\n");
    const auto got = read_all({path, path});
    REQUIRE(got.size() == 2);
    CHECK(got[0].id == path);
    CHECK(got[1].id == path);
  }

  TEST_CASE("unreadable files, special files and broken links become error messages") {
    temp_dir dir;
    const std::string locked = dir.write("locked.eml", "Subject: x\n\n");
    ::chmod(locked.c_str(), 0);
    REQUIRE(::mkfifo((dir.path() + "/pipe").c_str(), 0600) == 0);
    std::filesystem::create_symlink(dir.path() + "/missing", dir.path() + "/broken");
    const auto got = read_all({dir.path()});
    REQUIRE(got.size() == 3);
    CHECK(got[0].id == dir.path() + "/broken");
    CHECK(got[0].error.find("broken symbolic link") == 0);
    CHECK(got[1].id == dir.path() + "/locked.eml");
    if (::geteuid() != 0) CHECK(got[1].error.find("cannot open") == 0);  // root reads anyway
    CHECK(got[2].id == dir.path() + "/pipe");
    CHECK(got[2].error == "not a regular file (FIFO, socket or device): not read");
  }

  TEST_CASE("a symbolic link loop between directories is not followed") {
    temp_dir dir;
    dir.write("d/m.eml", "Subject: x\n\n");
    std::filesystem::create_directory_symlink(dir.path() + "/d", dir.path() + "/d/loop");
    const auto got = read_all({dir.path()});
    REQUIRE(got.size() == 1);
    CHECK(got[0].id == dir.path() + "/d/m.eml");
  }

  TEST_CASE("a large folder's files are not stat'ed by the walk unless it needs their sizes") {
    // 70 entries (decision 311: folders of 64 or more): 69 message files and an mbox large
    // enough to be split in parts of 256 bytes when its size is known.
    temp_dir dir;
    for (int k = 0; k < 69; ++k) {
      dir.write("big/m" + std::to_string(100 + k) + ".eml",
                "Subject: " + std::to_string(k) + "\n\nbody\n");
    }
    std::string mbox;
    for (int k = 0; k < 40; ++k) mbox += "From x\nSubject: n" + std::to_string(k) + "\n\nbody\n\n";
    dir.write("big/z.mbox", mbox);
    struct walked {
      std::string path;
      std::uint64_t size = 0;
      std::uint64_t position = 0;
      bool part = false;
    };
    mfsim::corpus::read_options read;
    read.mbox_part_bytes = 256;
    const auto walk = [&](bool stat_every_file) {
      read.stat_every_file = stat_every_file;
      std::vector<walked> inputs;
      mfsim::corpus::walk_inputs(
          {dir.path() + "/big"},
          [&](mfsim::corpus::input_ref&& in) {
            inputs.push_back({in.path, in.size, in.position, in.mbox_part.has_value()});
          },
          nullptr, read);
      return inputs;
    };
    const std::vector<walked> sized = walk(true);
    const std::vector<walked> listed = walk(false);
    CHECK(sized.size() > 70);  // the mbox in parts
    REQUIRE(listed.size() == 70);
    for (std::size_t k = 0; k < 69; ++k) {
      CHECK(listed[k].path == sized[k].path);
      CHECK(listed[k].position == sized[k].position);
      CHECK(sized[k].size > 0);
      CHECK(listed[k].size == 0);  // left to the reader's fstat
    }
    CHECK(listed[69].path == dir.path() + "/big/z.mbox");
    CHECK_FALSE(listed[69].part);  // one input, read whole

    // The same messages either way, the mbox's numbered as one file.
    read.stat_every_file = false;
    const std::vector<std::string> whole = records_as_text(dir.path() + "/big", read);
    CHECK(whole.size() == 69 + 40);
    read.stat_every_file = true;
    CHECK(whole == records_as_text(dir.path() + "/big", read));
  }

  TEST_CASE("a small folder is stat'ed: its large mbox is still cut into parts") {
    temp_dir dir;
    dir.write("small/a", "Subject: a\n\n");
    dir.write("small/b.EML", "Subject: b\n\n");
    std::string mbox;
    for (int k = 0; k < 40; ++k) mbox += "From x\nSubject: n" + std::to_string(k) + "\n\nbody\n\n";
    dir.write("small/z.mbox", mbox);
    mfsim::corpus::read_options read;
    read.mbox_part_bytes = 256;
    read.stat_every_file = false;
    std::size_t parts = 0;
    std::map<std::string, std::uint64_t> sizes;
    mfsim::corpus::walk_inputs(
        {dir.path() + "/small"},
        [&](mfsim::corpus::input_ref&& in) {
          if (in.mbox_part) ++parts;
          sizes[in.path.substr(in.path.rfind('/') + 1)] = in.size;
        },
        nullptr, read);
    CHECK(parts > 1);
    CHECK(sizes["a"] == 12);
    CHECK(sizes["b.EML"] == 0);  // named as one message: no size needed, left to the reader
  }

  TEST_CASE("a folder that cannot be listed is reported, not skipped in silence") {
    // The working directory, removed: it still opens, and listing it fails (ENOENT).
    temp_dir dir;
    const std::string gone = dir.path() + "/gone";
    REQUIRE(::mkdir(gone.c_str(), 0700) == 0);
    const std::filesystem::path before = std::filesystem::current_path();
    std::filesystem::current_path(gone);
    REQUIRE(::rmdir(gone.c_str()) == 0);
    std::vector<std::string> inputs;
    mfsim::corpus::walk_inputs(
        {"."}, [&](mfsim::corpus::input_ref&& in) { inputs.push_back(in.path + "|" + in.error); },
        nullptr, mfsim::corpus::read_options{});
    std::filesystem::current_path(before);
    CHECK(inputs == std::vector<std::string>{".|cannot list directory: No such file or directory"});
  }

  TEST_CASE("a Maildir's messages and files named as one message are not stat'ed by the walk") {
    // Each holds a large mbox: not cut into parts without a size, so read whole, with the same
    // records as when every file is stat'ed (and cut); the Maildir's is one message, never cut
    // (decision 393).
    temp_dir dir;
    std::string mbox;
    for (int k = 0; k < 40; ++k) mbox += "From x\nSubject: n" + std::to_string(k) + "\n\nbody\n\n";
    dir.write("tree/box/cur/1.host:2,S", mbox);
    dir.write("tree/box/new/2.host", "Subject: new\n\n");
    dir.write("tree/box/tmp/3.host", "Subject: being written\n\n");
    dir.write("tree/saved/m.Msg", mbox);
    dir.write("tree/saved/n.eml", "Subject: n\n\n");
    mfsim::corpus::read_options read;
    read.mbox_part_bytes = 256;
    const auto walk = [&](bool stat_every_file) {
      read.stat_every_file = stat_every_file;
      std::vector<std::string> inputs;
      mfsim::corpus::walk_inputs(
          {dir.path() + "/tree"},
          [&](mfsim::corpus::input_ref&& in) {
            inputs.push_back(in.path.substr(dir.path().size()) + " " + std::to_string(in.size) +
                             (in.mbox_part ? " part" : ""));
          },
          nullptr, read);
      return inputs;
    };
    CHECK(walk(false) == std::vector<std::string>{"/tree/box/cur/1.host:2,S 0",
                                                  "/tree/box/new/2.host 0", "/tree/saved/m.Msg 0",
                                                  "/tree/saved/n.eml 0"});
    const std::vector<std::string> sized = walk(true);  // as under --shard
    CHECK(sized.size() > 4);
    CHECK(std::count_if(sized.begin(), sized.end(),
                        [](const std::string& s) { return s.ends_with(" part"); }) > 2);
    CHECK(std::count_if(sized.begin(), sized.end(), [](const std::string& s) {
            return s.starts_with("/tree/box/") && s.ends_with(" part");
          }) == 0);

    read.stat_every_file = false;
    const std::vector<std::string> whole = records_as_text(dir.path() + "/tree", read);
    CHECK(whole.size() == 1 + 1 + 40 + 1);
    read.stat_every_file = true;
    CHECK(whole == records_as_text(dir.path() + "/tree", read));
  }

  TEST_CASE("a deep tree is walked whole, files found in and below the held directories") {
    // The walk holds 32 directories open, then finds entries by their paths: both read alike.
    // In each folder "dN" sorts before "m.eml", so the deepest file comes first.
    temp_dir dir;
    std::string relative;
    std::vector<std::string> want;
    for (int level = 0; level < 40; ++level) {
      relative += "d" + std::to_string(level) + "/";
      if (level % 10 == 9) want.push_back(dir.write(relative + "m.eml", "Subject: deep\n\n"));
    }
    const auto got = read_all({dir.path()});
    REQUIRE(got.size() == want.size());
    for (std::size_t k = 0; k < want.size(); ++k) {
      CHECK(got[k].id == want[want.size() - 1 - k]);
      CHECK(got[k].bytes == "Subject: deep\n\n");
      CHECK(got[k].error.empty());
    }
  }

  TEST_CASE("a file never changes when it is read") {
    temp_dir dir;
    const std::string path = dir.write("m.mbox", "From x\nSubject: a\n\n>From q\n");
    struct stat before {};
    ::stat(path.c_str(), &before);
    (void)read_all({path});
    struct stat after {};
    ::stat(path.c_str(), &after);
    CHECK(mfsim::test::read_file(path) == "From x\nSubject: a\n\n>From q\n");
    CHECK(before.st_mtim.tv_sec == after.st_mtim.tv_sec);
    CHECK(before.st_mtim.tv_nsec == after.st_mtim.tv_nsec);
  }
}
