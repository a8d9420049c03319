// End-to-end runs of `mfsim run` on hostile inputs: empty, random, huge and truncated messages,
// symlink loops and FIFOs. Each must exit 0 with exactly one record per message, saying what
// was wrong in `error` and `flags`. `timeout 60` only stops a hang; nothing here times work.
#include <doctest/doctest.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cstdint>
#include <filesystem>
#include <nlohmann/json.hpp>
#include <random>
#include <string>
#include <vector>

#include "engine/json_text.h"
#include "tests/support/build_paths.h"
#include "tests/support/process.h"

using mfsim::test::command_result;
using mfsim::test::lines_of;
using mfsim::test::run_shell;
using mfsim::test::temp_dir;
using strings = std::vector<std::string>;

namespace {

std::string quote(const std::string& arg) {
  std::string out = "'";
  for (const char c : arg) {
    if (c == '\'')
      out += "'\\''";
    else
      out += c;
  }
  return out + "'";
}

// `mfsim run --rules uc4 --format jsonl PATH`, stopped after 60 s should it hang.
command_result run_jsonl(const std::string& path) {
  return run_shell("timeout 60 " + quote(mfsim::test::mfsim_binary()) +
                   " run --rules uc4 --format jsonl " + quote(path));
}

struct record {
  std::string id;
  nlohmann::json error;  // null or a string
  strings flags;
};

std::vector<record> records_of(const command_result& r) {
  std::vector<record> out;
  for (const std::string& line : lines_of(r.out)) {
    nlohmann::json j;
    REQUIRE_NOTHROW(j = mfsim::parse_json(line));
    out.push_back({j.at("id").get<std::string>(), j.at("error"), j.at("flags").get<strings>()});
  }
  return out;
}

// Runs mfsim on `path` and returns its one record; fails unless it exited 0 with one record.
record only_record(const std::string& path) {
  const command_result r = run_jsonl(path);
  INFO("stderr: " << r.err);
  REQUIRE(r.exit_code == 0);
  const std::vector<record> records = records_of(r);
  REQUIRE(records.size() == 1);
  return records.front();
}

std::string random_bytes(std::size_t n, std::uint32_t seed) {
  std::mt19937 gen(seed);
  std::string out(n, '\0');
  for (char& c : out) c = static_cast<char>(gen() & 0xffu);
  return out;
}

}  // namespace

TEST_SUITE("e2e: hostile_inputs") {
  TEST_CASE("a 0-byte file is one record with error 'empty message'") {
    const temp_dir dir;
    const record r = only_record(dir.write("empty.eml", ""));
    CHECK(r.error == "empty message");
    CHECK(r.flags == strings{"empty_message"});
  }

  TEST_CASE("1 MB of random bytes is one record with error 'no header fields'") {
    const temp_dir dir;
    const record r = only_record(dir.write("random.bin", random_bytes(1u << 20, 20240319)));
    CHECK(r.error == "no header fields");
    CHECK(r.flags == strings{"bare_cr", "nul_byte", "malformed_line", "eight_bit"});
  }

  TEST_CASE("a 50 MB header line is cut at the header limit, not read whole") {
    const temp_dir dir;
    const std::string line = "X-Long: " + std::string(50u << 20, 'a') + "\r\n";
    const record r = only_record(
        dir.write("long.eml", "From: a@b.example\r\n" + line + "Subject: after\r\n\r\nbody\r\n"));
    // The field before it is read; the line itself does not fit the 1 MiB header window.
    CHECK(r.error.is_null());
    CHECK(r.flags == strings{"header_too_large"});
  }

  TEST_CASE("a message that is one 50 MB header line has no field and says why in flags") {
    const temp_dir dir;
    const std::string line = "X-Long: " + std::string(50u << 20, 'a') + "\r\n";
    const record r = only_record(dir.write("only-long.eml", line + "\r\nbody\r\n"));
    CHECK(r.error == "no header fields: the first one does not fit --max-header-bytes");
    CHECK(r.flags == strings{"header_too_large"});
  }

  TEST_CASE("200,000 header fields stop at the field and size limits") {
    const temp_dir dir;
    std::string message;
    for (int i = 0; i < 200000; ++i) message += "X-F" + std::to_string(i) + ": v\r\n";
    message += "\r\nbody\r\n";
    const record r = only_record(dir.write("many.eml", message));
    CHECK(r.error.is_null());
    CHECK(r.flags == strings{"header_too_large", "too_many_fields"});
  }

  TEST_CASE("200,000 short header fields within 1 MiB stop at the field limit only") {
    const temp_dir dir;
    std::string message;
    for (int i = 0; i < 200000; ++i) message += "A:\n";  // 600 kB
    message += "\nbody\n";
    const record r = only_record(dir.write("many-short.eml", message));
    CHECK(r.error.is_null());
    CHECK(r.flags == strings{"too_many_fields"});
  }

  TEST_CASE("a truncated mbox yields every message, the cut one flagged") {
    const temp_dir dir;
    const std::string mbox =
        "From a@b.example Mon Jan  1 00:00:00 2024\nFrom: a@b.example\nSubject: one\n\nbody\n\n"
        "From c@d.example Mon Jan  1 00:00:00 2024\nFrom: c@d.example\nSubj";
    const command_result out = run_jsonl(dir.write("cut.mbox", mbox));
    REQUIRE(out.exit_code == 0);
    const std::vector<record> records = records_of(out);
    REQUIRE(records.size() == 2);
    CHECK(records[0].id.ends_with("cut.mbox#1"));
    CHECK(records[0].error.is_null());
    CHECK(records[0].flags.empty());
    CHECK(records[1].id.ends_with("cut.mbox#2"));
    CHECK(records[1].error.is_null());
    CHECK(records[1].flags == strings{"no_separator"});
  }

  TEST_CASE("an mbox cut inside its envelope line yields one empty message") {
    const temp_dir dir;
    const record r = only_record(dir.write("envelope-only.mbox", "From a@b.example Mon Jan"));
    CHECK(r.id.ends_with("envelope-only.mbox#1"));
    CHECK(r.error == "empty message");
  }

  TEST_CASE("a directory symlink loop is not followed") {
    const temp_dir dir;
    dir.write("tree/sub/a.eml", "From: a@b.example\r\n\r\nbody\r\n");
    REQUIRE(::symlink("..", (dir.path() + "/tree/sub/up").c_str()) == 0);
    REQUIRE(::symlink(".", (dir.path() + "/tree/self").c_str()) == 0);
    const record r = only_record(dir.path() + "/tree");
    CHECK(r.id.ends_with("tree/sub/a.eml"));
    CHECK(r.error.is_null());
  }

  TEST_CASE("a FIFO inside a directory is reported, never opened") {
    const temp_dir dir;
    dir.write("box/a.eml", "From: a@b.example\r\n\r\nbody\r\n");
    REQUIRE(::mkfifo((dir.path() + "/box/pipe").c_str(), 0600) == 0);
    // No writer ever opens the FIFO: reading it would block until the timeout.
    const command_result out = run_jsonl(dir.path() + "/box");
    REQUIRE(out.exit_code == 0);
    const std::vector<record> records = records_of(out);
    REQUIRE(records.size() == 2);
    CHECK(records[0].id.ends_with("box/a.eml"));
    CHECK(records[0].error.is_null());
    CHECK(records[1].id.ends_with("box/pipe"));
    CHECK(records[1].error == "not a regular file (FIFO, socket or device): not read");
    CHECK(records[1].flags.empty());  // not the flags of the empty stand-in
  }

  TEST_CASE("a message that is only a CR has no header fields") {
    const temp_dir dir;
    const record r = only_record(dir.write("cr.eml", "\r"));
    CHECK(r.error == "no header fields");
    CHECK(r.flags == strings{"bare_cr", "empty_header"});
  }

  // --max-message-bytes is lowered to 1 MB so that these cases build small inputs; the default
  // (64 MiB) behaves the same on inputs that much larger.
  TEST_CASE("a gzip bomb is one record with an error; the messages around it are kept") {
    const temp_dir dir;
    dir.write("corpus/a.eml", "From: a@b.example\r\nSubject: a\r\n\r\nbody\r\n");
    dir.write("corpus/z.eml", "From: z@b.example\r\nSubject: z\r\n\r\nbody\r\n");
    // 16 MiB of zeros compress to about 16 KB.
    // In a subshell: run_shell redirects the command's own standard output.
    const command_result made = run_shell("(head -c 16777216 /dev/zero | gzip -c > " +
                                          quote(dir.path() + "/corpus/bomb.gz") + ")");
    REQUIRE(made.exit_code == 0);
    const command_result r =
        run_shell("timeout 60 " + quote(mfsim::test::mfsim_binary()) +
                  " run --rules uc4 --format jsonl --max-message-bytes 1048576 " +
                  quote(dir.path() + "/corpus"));
    INFO("stderr: " << r.err);
    REQUIRE(r.exit_code == 0);
    const std::vector<record> records = records_of(r);
    REQUIRE(records.size() == 3);
    CHECK(records[0].error.is_null());
    CHECK(records[1].id.ends_with("bomb.gz"));
    CHECK(records[1].error ==
          "could not be fully decompressed: decompresses to more than --max-message-bytes (1048576 "
          "bytes): not evaluated");
    CHECK(records[2].error.is_null());
  }

  TEST_CASE("standard input larger than --max-message-bytes is one record; files beside it stay") {
    const temp_dir dir;
    const std::string a = dir.write("a.eml", "From: a@b.example\r\n\r\nbody\r\n");
    const std::string b = dir.write("b.eml", "From: b@b.example\r\n\r\nbody\r\n");
    // 3 MB of headers on stdin, more than the 1 MB limit: reading stops there.
    const command_result r =
        run_shell("yes 'X-Filler: aaaaaaaaaaaaaaaaaaaaaaaa' | head -c 3000000 | timeout 60 " +
                  quote(mfsim::test::mfsim_binary()) +
                  " run --rules uc4 --format jsonl --max-message-bytes 1048576 " + quote(a) +
                  " - " + quote(b));
    INFO("stderr: " << r.err);
    REQUIRE(r.exit_code == 0);
    const std::vector<record> records = records_of(r);
    REQUIRE(records.size() == 3);
    CHECK(records[0].error.is_null());
    CHECK(records[1].id == "-");
    CHECK(records[1].error == "holds more than --max-message-bytes (1048576 bytes): not evaluated");
    CHECK(records[2].error.is_null());
  }

  TEST_CASE("/dev/zero named on the command line ends at the limit") {
    const command_result r =
        run_shell("timeout 60 " + quote(mfsim::test::mfsim_binary()) +
                  " run --rules uc4 --format jsonl --max-message-bytes 1048576 /dev/zero");
    INFO("stderr: " << r.err);
    REQUIRE(r.exit_code == 0);
    const std::vector<record> records = records_of(r);
    REQUIRE(records.size() == 1);
    CHECK(records[0].error == "holds more than --max-message-bytes (1048576 bytes): not evaluated");
  }
}
