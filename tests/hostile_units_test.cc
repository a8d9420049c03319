// Unit tests of the defences against hostile input (issue 19): reversible ids, inert terminal
// text, the JSON nesting budget, the catastrophic-pattern detector, and the reader's behaviour
// when a file changes under it (truncated while mapped, replaced by a FIFO or a symlink).
#include <doctest/doctest.h>
#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cstdint>
#include <optional>
#include <string>
#include <utility>
#include <vector>

#include "corpus/file_reader.h"
#include "corpus/mapping_guard.h"
#include "corpus/message_id.h"
#include "corpus/message_source.h"
#include "corpus/repeated_names.h"
#include "engine/json_nesting.h"
#include "engine/lint/regex_risk.h"
#include "engine/terminal_text.h"
#include "tests/support/process.h"

using mfsim::test::temp_dir;

namespace {

struct read_result {
  std::string id;
  std::string bytes;
  std::string error;
};

// read_input on one input, calling `on_message` after each message is recorded.
std::vector<read_result> read_one(const mfsim::corpus::input_ref& input,
                                  const std::function<void()>& on_message = {}) {
  std::vector<read_result> out;
  mfsim::corpus::file_reader reader;
  std::string entry;
  mfsim::corpus::read_input(input, reader, entry, [&](const mfsim::corpus::corpus_message& m) {
    out.push_back({std::string(m.id), std::string(m.bytes), std::string(m.read_error)});
    if (on_message) on_message();
  });
  return out;
}

std::string mbox_of(int messages, std::size_t body_bytes) {
  std::string out;
  for (int k = 1; k <= messages; ++k) {
    out += "From sender@example.com Mon Jan  1 00:00:00 2024\n";
    out += "Subject: message " + std::to_string(k) + "\n\n" + std::string(body_bytes, 'x') + "\n\n";
  }
  return out;
}

}  // namespace

TEST_SUITE("message_id") {
  TEST_CASE("ordinary UTF-8 names are their own ids") {
    CHECK(mfsim::corpus::path_id("corpus/samples/01-uce.eml") == "corpus/samples/01-uce.eml");
    CHECK(mfsim::corpus::path_id("mail/r\xc3\xa9sum\xc3\xa9.eml") ==
          "mail/r\xc3\xa9sum\xc3\xa9.eml");
    CHECK(mfsim::corpus::mbox_entry_id("box.mbox", 3) == "box.mbox#3");
  }

  TEST_CASE("invalid UTF-8, backslash and # are escaped, and the id reads back to the bytes") {
    const std::string names[] = {"a\xff.eml",
                                 "a\xfe.eml",
                                 "m#1",
                                 "back\\slash",
                                 "\xc3(",
                                 "x\\x41",
                                 std::string("nul\0byte", 8),
                                 "\xed\xa0\x80"};
    std::vector<std::string> ids;
    for (const auto& name : names) {
      const std::string id = mfsim::corpus::path_id(name);
      ids.push_back(id);
      const auto back = mfsim::corpus::parse_id(id);
      REQUIRE(back.has_value());
      CHECK(back->path == name);
      CHECK(back->entry == 0);
    }
    CHECK(ids[0] == "a\\xff.eml");
    CHECK(ids[0] != ids[1]);
    CHECK(ids[2] == "m\\#1");
    CHECK(ids[3] == "back\\\\slash");
    CHECK(ids[5] == "x\\\\x41");
  }

  TEST_CASE("an mbox entry's id never equals a file's id") {
    CHECK(mfsim::corpus::mbox_entry_id("m", 1) != mfsim::corpus::path_id("m#1"));
    const auto entry = mfsim::corpus::parse_id("dir#x/m#12");
    CHECK_FALSE(entry.has_value());  // an unescaped # inside the path is not an id
    const auto parsed = mfsim::corpus::parse_id(mfsim::corpus::mbox_entry_id("dir#x/m", 12));
    REQUIRE(parsed.has_value());
    CHECK(parsed->path == "dir#x/m");
    CHECK(parsed->entry == 12);
    CHECK_FALSE(mfsim::corpus::parse_id("m#01").has_value());
    CHECK_FALSE(mfsim::corpus::parse_id("trailing\\").has_value());
  }

  TEST_CASE("an id as a terminal shows it names the same file") {
    // check's and diff's text show a tab as \t and U+009B as \u009b (terminal_text.h); copied
    // from there into `mfsim explain`, the id still reads back to the file's bytes.
    const std::string path = "dir/tab\tnl\ncr\rcsi\xc2\x9b.eml";
    std::string shown;
    mfsim::append_terminal_text(shown, mfsim::corpus::path_id(path));
    CHECK(shown == "dir/tab\\tnl\\ncr\\rcsi\\u009b.eml");
    const auto back = mfsim::corpus::parse_id(shown);
    REQUIRE(back.has_value());
    CHECK(back->path == path);
    CHECK_FALSE(mfsim::corpus::parse_id("a\\u0041").has_value());  // ASCII has its own form
    CHECK_FALSE(mfsim::corpus::parse_id("a\\ud800").has_value());  // no UTF-8 for a surrogate
  }

  // path_id looks for the first byte to escape eight at a time: every such byte at every offset
  // of a word, after plain words or none, is found where the escapes say.
  TEST_CASE("a byte to escape is found at any offset, and entry ids extend the file's id") {
    const std::pair<std::string, std::string> escapes[] = {{"\\", "\\\\"},
                                                           {"#", "\\#"},
                                                           {"\xff", "\\xff"},
                                                           {"\x80", "\\x80"},
                                                           {"\xc3\xa9", "\xc3\xa9"}};
    for (const auto& [raw, escaped] : escapes) {
      for (std::size_t before = 0; before <= 20; ++before) {
        for (const std::size_t after : {std::size_t{0}, std::size_t{3}, std::size_t{11}}) {
          const std::string path = std::string(before, 'a') + raw + std::string(after, 'b');
          const std::string id = mfsim::corpus::path_id(path);
          CHECK(id == std::string(before, 'a') + escaped + std::string(after, 'b'));
          const auto back = mfsim::corpus::parse_id(id);
          REQUIRE(back.has_value());
          CHECK(back->path == path);
        }
      }
    }
    const std::string path = "dir/#12/mail\xff.mbox";
    for (const std::size_t entry :
         {std::size_t{1}, std::size_t{907}, std::size_t{999'999'999'999'999'999}}) {
      const std::string id = mfsim::corpus::entry_id(mfsim::corpus::path_id(path), entry);
      CHECK(id == mfsim::corpus::mbox_entry_id(path, entry));
      CHECK(id == mfsim::corpus::path_id(path) + "#" + std::to_string(entry));
      const auto parsed = mfsim::corpus::parse_id(id);
      REQUIRE(parsed.has_value());
      CHECK(parsed->path == path);
      CHECK(parsed->entry == entry);
    }
    CHECK(mfsim::corpus::entry_id("m", SIZE_MAX) == "m#18446744073709551615");
  }
}

TEST_SUITE("repeated_names") {
  TEST_CASE("a name claimed again gets the marker and the next free number") {
    mfsim::corpus::repeated_names ids(mfsim::corpus::kRepeatedFolderMarker);
    CHECK(ids.claim("Inbox") == "Inbox");
    CHECK(ids.claim("Junk") == "Junk");
    CHECK(ids.claim("Inbox") == "Inbox%~2");
    CHECK(ids.claim("Inbox") == "Inbox%~3");
    CHECK(ids.claim("") == "");
    CHECK(ids.claim("") == "%~2");  // two folders whose names could not be read
    CHECK(ids.claim("Inbox%~2/Sub") == "Inbox%~2/Sub");
    // A name already suffixed (a child of a renamed folder, say) is suffixed again, not lost.
    CHECK(ids.claim("Inbox%~2/Sub") == "Inbox%~2/Sub%~2");
  }

  TEST_CASE("the markers are texts that escaping never writes into a name") {
    // path_id writes an escaping `\` only before `\`, `#` or `x`, so the second `x.eml` of an
    // archive (`x.eml\~2`) has no other entry's id, whatever that entry is named.
    const std::string second = mfsim::corpus::path_id("x.eml") + "\\~2";
    for (const std::string name : {"x.eml\\~2", "x.eml\\\\~2", "x.eml~2", "x.eml#~2"})
      CHECK(mfsim::corpus::path_id(name) != second);
    // Many claims of one name cost one set insert each (the next number is kept per name).
    mfsim::corpus::repeated_names many(mfsim::corpus::kRepeatedEntryMarker);
    std::string last;
    for (int k = 0; k < 20000; ++k) last = many.claim("x.eml");
    CHECK(last == "x.eml\\~20000");
  }
}

TEST_SUITE("terminal_text") {
  TEST_CASE("controls, DEL, C1, bidi overrides and invalid bytes are shown, not sent") {
    CHECK(mfsim::terminal_text("\x1b]0;owned\x07") == "\\x1b]0;owned\\x07");
    CHECK(mfsim::terminal_text("UCE\b\b\bMALICIOUS\r\n") == "UCE\\x08\\x08\\x08MALICIOUS\\r\\n");
    CHECK(mfsim::terminal_text("a\tb\x7f") == "a\\tb\\x7f");
    CHECK(mfsim::terminal_text("\xc2\x9b"
                               "2J") == "\\u009b2J");
    CHECK(mfsim::terminal_text("\xe2\x80\xae"
                               "txt.exe") == "\\u202etxt.exe");
    CHECK(mfsim::terminal_text("\x9b\xff") == "\\x9b\\xff");
    CHECK(mfsim::terminal_text("r\xc3\xa9sum\xc3\xa9 \xe2\x9c\x93") ==
          "r\xc3\xa9sum\xc3\xa9 \xe2\x9c\x93");
    CHECK(mfsim::terminal_text(std::string(500, 'a'), 200) == std::string(200, 'a') + "...");
  }
}

TEST_SUITE("json_nesting") {
  TEST_CASE("the offset of the first bracket past the budget; strings do not count") {
    CHECK(mfsim::json_nesting_exceeded(R"({"id":"a","rules":["x"]})") == std::string::npos);
    CHECK(mfsim::json_nesting_exceeded(std::string(64, '[') + std::string(64, ']')) ==
          std::string::npos);
    CHECK(mfsim::json_nesting_exceeded(std::string(1000000, '[')) == 64);
    CHECK(mfsim::json_nesting_exceeded(R"({"id":"[[[[[[[[\"[[[["})", 3) == std::string::npos);
  }
}

TEST_SUITE("regex_risk") {
  TEST_CASE("nested unbounded repetitions are found; safe patterns are not") {
    using mfsim::lint::nested_quantifier;
    CHECK(nested_quantifier(R"(^(\w+\s?)*$)") == std::optional<std::size_t>(1));
    CHECK(nested_quantifier("(.*)*z").has_value());
    CHECK(nested_quantifier("x(a+)+").has_value());
    CHECK(nested_quantifier("((ab)+c?)*").has_value());
    CHECK(nested_quantifier("(a{1,}b)+").has_value());
    CHECK_FALSE(nested_quantifier(R"(^[\w\s]*$)").has_value());
    CHECK_FALSE(nested_quantifier(R"((ab)*\d+)").has_value());
    CHECK_FALSE(nested_quantifier(R"(\(a+\)*)").has_value());  // escaped parentheses
    CHECK_FALSE(nested_quantifier(R"([(a+)]*)").has_value());  // inside a class
    CHECK_FALSE(nested_quantifier(R"((?>a+)*)").has_value());  // atomic group
    CHECK_FALSE(nested_quantifier(R"((a++)*)").has_value());   // possessive
    CHECK_FALSE(nested_quantifier(R"((a+){2})").has_value());  // bounded outer
    CHECK_FALSE(nested_quantifier(R"(SPAM|UCE)").has_value());
  }
}

TEST_SUITE("hostile_reading") {
  TEST_CASE("a mapped mbox truncated while it is read ends with one record saying so, no SIGBUS") {
    const temp_dir dir;
    const std::string path = dir.write("box.mbox", mbox_of(8, 200 * 1024));  // 1.6 MB: mapped
    mfsim::corpus::input_ref input{path, {}, false, std::nullopt, 0, 0, {true, true}};
    bool truncated = false;
    const auto records = read_one(input, [&] {
      if (!truncated) REQUIRE(::truncate(path.c_str(), 0) == 0);
      truncated = true;
    });
    // The messages read before the cut are whole (the reader holds a few hundred KiB ahead);
    // the one the file ended in says so, and nothing follows it.
    REQUIRE(records.size() >= 2);
    REQUIRE(records.size() < 8);
    CHECK(records[0].error.empty());
    CHECK(records[0].bytes.find("Subject: message 1") == 0);
    for (std::size_t k = 0; k + 1 < records.size(); ++k) CHECK(records[k].error.empty());
    CHECK(records.back().id == path + "#" + std::to_string(records.size()));
    CHECK(records.back().error.find("the file shrank while it was read") == 0);
  }

  TEST_CASE("every reader --jobs allows can hold a guarded mapping at once") {
    // Were the table full, a large mbox would be read whole and refused as too large, and
    // which one would depend on timing. Distinct fake ranges: the table only records them.
    std::vector<int> slots;
    for (std::size_t k = 0; k < 2 * mfsim::corpus::kMaxJobs; ++k) {
      const int slot =
          mfsim::corpus::guard_mapping(reinterpret_cast<const void*>((k + 1) << 20), 4096);
      REQUIRE(slot >= 0);
      slots.push_back(slot);
    }
    for (const int slot : slots) mfsim::corpus::unguard_mapping(slot);
  }

  TEST_CASE("a file the walk saw as regular but now a FIFO is an error record, not a hang") {
    const temp_dir dir;
    const std::string path = dir.path() + "/swapped.eml";
    REQUIRE(::mkfifo(path.c_str(), 0600) == 0);
    const auto records = read_one({path, {}, false, std::nullopt, 0, 0, {true, true}});
    REQUIRE(records.size() == 1);
    CHECK(records[0].error.find("not a regular file any more") == 0);
  }

  TEST_CASE("a file the walk saw as regular but now a symlink is not followed") {
    const temp_dir dir;
    const std::string target = dir.write("secret.eml", "Subject: x\n\nbody\n");
    const std::string path = dir.path() + "/planted.eml";
    REQUIRE(::symlink(target.c_str(), path.c_str()) == 0);
    const auto records = read_one({path, {}, false, std::nullopt, 0, 0, {true, true}});
    REQUIRE(records.size() == 1);
    CHECK(records[0].bytes.empty());
    CHECK(records[0].error.find("replaced by a symbolic link") != std::string::npos);
  }

  TEST_CASE("an mbox entry over --max-message-bytes is one record with an error; the others stay") {
    const temp_dir dir;
    const std::string path =
        dir.write("box.mbox", mbox_of(1, 100) + mbox_of(1, 2000) + mbox_of(1, 100));
    const std::size_t saved = mfsim::corpus::max_message_bytes();
    mfsim::corpus::set_max_message_bytes(1000);
    const auto records = read_one({path, {}, false, std::nullopt, 0, 0, {true, true}});
    mfsim::corpus::set_max_message_bytes(saved);
    REQUIRE(records.size() == 3);
    CHECK(records[0].error.empty());
    CHECK(records[1].bytes.empty());
    CHECK(records[1].error.find("holds more than --max-message-bytes (1000 bytes)") == 0);
    CHECK(records[2].error.empty());
    CHECK(records[2].bytes.find("Subject: message 1") == 0);
  }
}
