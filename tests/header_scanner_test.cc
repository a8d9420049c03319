// Tests of the header scanner: line ends, folding, damage flags and limits.
#include "engine/mail/header_scanner.h"

#include <doctest/doctest.h>

#include <cstdint>
#include <cstring>
#include <filesystem>
#include <fstream>
#include <iterator>
#include <memory>
#include <random>
#include <string>
#include <string_view>
#include <vector>

#include "tests/support/build_paths.h"

namespace mail = mfsim::mail;
using namespace std::string_view_literals;

namespace {

mail::header_block scan(std::string_view message, const mail::scan_limits& limits = {}) {
  mail::header_block block;
  mail::scan_headers(message, limits, block);
  return block;
}

std::string unfolded(std::string_view raw) {
  std::string out;
  mail::unfold_value(raw, out);
  return out;
}

bool has(const mail::header_block& block, std::uint32_t flag) { return (block.flags & flag) != 0; }

std::vector<std::string_view> names_of(std::uint32_t flags) {
  std::vector<std::string_view> names;
  mail::flag_names(flags, names);
  return names;
}

// Every view lies inside the message and the offsets are ordered.
void check_invariants(std::string_view message, const mail::header_block& block) {
  CHECK(block.header_end <= block.body_offset);
  CHECK(block.body_offset <= message.size());
  const char* begin = message.data();
  const char* end = message.data() + message.size();
  for (const mail::header_field& field : block.fields) {
    CHECK(!field.name.empty());
    CHECK(field.name.data() >= begin);
    CHECK(field.raw_value.data() + field.raw_value.size() <= end);
    CHECK(field.raw_value.data() + field.raw_value.size() <= message.data() + block.header_end);
  }
}

// A heap block of exactly the message's size, so that AddressSanitizer sees any read past
// the end (a std::string may have spare capacity there).
std::unique_ptr<char[]> exact_copy(std::string_view bytes) {
  auto copy = std::make_unique<char[]>(bytes.size());
  if (!bytes.empty()) std::memcpy(copy.get(), bytes.data(), bytes.size());
  return copy;
}

// The two scans of one message agree: the same flags, offsets and field views.
void check_same_as_line_by_line(std::string_view message, const mail::scan_limits& limits) {
  mail::header_block at_once;
  mail::header_block by_line;
  mail::scan_headers(message, limits, at_once);
  mail::scan_headers_line_by_line(message, limits, by_line);
  CHECK(at_once.flags == by_line.flags);
  CHECK(at_once.header_end == by_line.header_end);
  CHECK(at_once.body_offset == by_line.body_offset);
  REQUIRE(at_once.fields.size() == by_line.fields.size());
  for (std::size_t i = 0; i < at_once.fields.size(); ++i) {
    const auto same_view = [](std::string_view a, std::string_view b) {
      return a.data() == b.data() && a.size() == b.size();
    };
    CHECK(same_view(at_once.fields[i].name, by_line.fields[i].name));
    CHECK(same_view(at_once.fields[i].raw_value, by_line.fields[i].raw_value));
  }
}

// One random header line: a field, a continuation (SP or TAB first), now and then a stray line
// or an empty one, with NUL and 8-bit bytes now and then, ended in the message's line style
// mostly and in another one (or none, at the end) sometimes.
void add_random_line(std::mt19937& rng, std::string_view style, std::string& message) {
  const auto roll = [&rng](unsigned n) { return static_cast<unsigned>(rng() % n); };
  const unsigned kind = roll(20);
  if (kind < 6) {
    message += "X-F" + std::to_string(roll(5)) + (roll(8) == 0 ? " :" : ":");
  } else if (kind < 17) {
    message += roll(4) == 0 ? '\t' : ' ';
  } else if (kind < 19) {
    message += "stray";
  }
  if (kind != 19) {
    const unsigned length = roll(90);
    for (unsigned i = 0; i < length; ++i) {
      const unsigned byte = roll(200);
      message += byte == 0   ? '\0'
                 : byte == 1 ? '\xC3'
                 : byte == 2 ? ' '
                             : 'a' + static_cast<char>(byte % 26);
    }
  }
  const std::string_view endings[] = {"\r\n", "\n", "\r"};
  message += roll(25) == 0 ? endings[roll(3)] : style;
}

}  // namespace

TEST_SUITE("header_scanner") {
  TEST_CASE("a CRLF message yields its fields, the header end and the body offset") {
    const std::string_view message = "From: a@b.c\r\nSubject: hi\r\n\r\nbody\r\n";
    const auto block = scan(message);
    REQUIRE(block.fields.size() == 2);
    CHECK(block.fields[0].name == "From");
    CHECK(block.fields[0].raw_value == " a@b.c");
    CHECK(block.fields[1].name == "Subject");
    CHECK(block.fields[1].raw_value == " hi");
    CHECK(block.header_end == message.find("\r\n\r\n") + 2);
    CHECK(message.substr(block.body_offset) == "body\r\n");
    CHECK(block.flags == mail::flag_none);
  }

  TEST_CASE("LF line ends are read like CRLF") {
    const std::string_view message = "From: a@b.c\nSubject: hi\n\nbody\n";
    const auto block = scan(message);
    REQUIRE(block.fields.size() == 2);
    CHECK(block.fields[1].raw_value == " hi");
    CHECK(block.header_end == message.find("\n\n") + 1);
    CHECK(message.substr(block.body_offset) == "body\n");
    CHECK(block.flags == mail::flag_none);
  }

  TEST_CASE("a bare CR ends a line and is flagged") {
    const std::string_view message = "From: a@b.c\rSubject: hi\r\rbody";
    const auto block = scan(message);
    REQUIRE(block.fields.size() == 2);
    CHECK(block.fields[0].raw_value == " a@b.c");
    CHECK(block.fields[1].raw_value == " hi");
    CHECK(message.substr(block.body_offset) == "body");
    CHECK(block.flags == mail::flag_bare_cr);
  }

  TEST_CASE("a bare CR in the body is not flagged") {
    const auto block = scan("A: 1\r\n\r\nbody\rmore\r\n");
    CHECK(block.flags == mail::flag_none);
  }

  TEST_CASE("CRLF and bare LF line ends in one header are flagged as mixed") {
    const auto block = scan("A: 1\r\nB: 2\nC: 3\r\n\r\nbody");
    CHECK(block.fields.size() == 3);
    CHECK(block.flags == mail::flag_mixed_line_endings);
  }

  TEST_CASE("an LF separator after a CRLF header counts as a mixed line end") {
    const std::string_view message = "A: 1\r\nB: 2\r\n\nbody";
    const auto block = scan(message);
    CHECK(block.flags == mail::flag_mixed_line_endings);
    CHECK(message.substr(block.body_offset) == "body");
  }

  TEST_CASE("CRLF in the header and LF in the body are not mixed line ends") {
    const auto block = scan("A: 1\r\n\r\nline\nline\n");
    CHECK(block.flags == mail::flag_none);
  }

  TEST_CASE("the separator's line end decides the body offset") {
    CHECK(scan("A: 1\r\n\r\nX").body_offset == 8);
    CHECK(scan("A: 1\n\nX").body_offset == 6);
    CHECK(scan("A: 1\r\rX").body_offset == 6);
    CHECK(scan("A: 1\n\r\nX").body_offset == 7);
    CHECK(scan("A: 1\r\n\r\n").body_offset == 8);
  }

  TEST_CASE("folded lines belong to the previous field, line breaks included") {
    const std::string_view message = "Subject: one\r\n two\r\n\tthree\r\nTo: x\n  y\n\nbody";
    const auto block = scan(message);
    REQUIRE(block.fields.size() == 2);
    CHECK(block.fields[0].raw_value == " one\r\n two\r\n\tthree");
    CHECK(block.fields[1].raw_value == " x\n  y");
    CHECK(unfolded(block.fields[0].raw_value) == "one two\tthree");
    CHECK(unfolded(block.fields[1].raw_value) == "x  y");
    CHECK(has(block, mail::flag_mixed_line_endings));
  }

  TEST_CASE("a whitespace-only line is a continuation, not the separator") {
    const std::string_view message = "A: 1\n \nB: 2\n\nbody";
    const auto block = scan(message);
    REQUIRE(block.fields.size() == 2);
    CHECK(block.fields[0].raw_value == " 1\n ");
    CHECK(message.substr(block.body_offset) == "body");
  }

  TEST_CASE("repeated headers are all kept in message order") {
    const auto block = scan("Received: one\nX: a\nReceived: two\nreceived: three\n\n");
    REQUIRE(block.fields.size() == 4);
    CHECK(block.fields[0].raw_value == " one");
    CHECK(block.fields[2].raw_value == " two");
    CHECK(block.fields[3].raw_value == " three");
    CHECK(block.fields[3].name == "received");
  }

  TEST_CASE("header names compare without regard to ASCII case") {
    CHECK(mail::header_name_equals("Content-Type", "content-TYPE"));
    CHECK(mail::header_name_equals("", ""));
    CHECK_FALSE(mail::header_name_equals("From", "Fro"));
    CHECK_FALSE(mail::header_name_equals("X-A", "X_A"));
    CHECK_FALSE(mail::header_name_equals("\xC3\xA9", "\xC3\x89"));  // only ASCII folds
  }

  TEST_CASE("names keep their case as written") {
    const auto block = scan("cOnTeNt-TyPe: text/plain\n\n");
    REQUIRE(block.fields.size() == 1);
    CHECK(block.fields[0].name == "cOnTeNt-TyPe");
  }

  TEST_CASE("spaces and tabs before the colon are not part of the name") {
    const auto block = scan("From : a@b.c\nTo\t \t: x\n\n");
    REQUIRE(block.fields.size() == 2);
    CHECK(block.fields[0].name == "From");
    CHECK(block.fields[0].raw_value == " a@b.c");
    CHECK(block.fields[1].name == "To");
    CHECK(block.flags == mail::flag_none);
  }

  TEST_CASE("a name must be non-empty printable ASCII without spaces") {
    for (const std::string_view line : {": no name"sv, " : indented"sv, "Na me: x"sv,
                                        "N\xC3\xA9: x"sv, "N\x01: x"sv, "no colon at all"sv}) {
      CAPTURE(line);
      const std::string message = "A: 1\n" + std::string(line) + "\nB: 2\n\nbody";
      const auto block = scan(message);
      const bool continuation = line.front() == ' ';
      CHECK(block.fields.size() == 2);
      CHECK(has(block, mail::flag_malformed_line) == !continuation);
    }
  }

  TEST_CASE("a value may be empty, and keeps its leading whitespace") {
    const auto block = scan("A:\nB:   x  \n\n");
    REQUIRE(block.fields.size() == 2);
    CHECK(block.fields[0].raw_value.empty());
    CHECK(block.fields[1].raw_value == "   x  ");
  }

  TEST_CASE("a leading mbox From line is skipped and flagged") {
    const std::string_view message =
        "From someone@example.com Thu Aug 22 12:00:00 2002\nFrom: a@b.c\n\nbody";
    const auto block = scan(message);
    REQUIRE(block.fields.size() == 1);
    CHECK(block.fields[0].name == "From");
    CHECK(block.flags == mail::flag_mbox_from_line);
    CHECK(message.substr(block.body_offset) == "body");
  }

  TEST_CASE("From with a space before the colon is a field, not an mbox line") {
    for (const std::string_view message : {"From : a@b.c\n\n"sv, "From \t : a@b.c\n\n"sv}) {
      const auto block = scan(message);
      REQUIRE(block.fields.size() == 1);
      CHECK(block.fields[0].name == "From");
      CHECK_FALSE(has(block, mail::flag_mbox_from_line));
    }
  }

  TEST_CASE("From with the colon right after it is a field, not an mbox line") {
    const auto block = scan("From: a@b.c\n\n");
    REQUIRE(block.fields.size() == 1);
    CHECK(block.flags == mail::flag_none);
  }

  TEST_CASE("only a leading From line is an mbox line") {
    const auto block = scan("A: 1\nFrom x@y Thu Aug 22 12:00:00 2002\nB: 2\n\n");
    CHECK(block.fields.size() == 2);
    CHECK(has(block, mail::flag_malformed_line));
    CHECK_FALSE(has(block, mail::flag_mbox_from_line));
  }

  TEST_CASE("a UTF-8 byte order mark at the start is skipped") {
    const auto block = scan(
        "\xEF\xBB\xBF"
        "From: a@b.c\n\nbody");
    REQUIRE(block.fields.size() == 1);
    CHECK(block.fields[0].name == "From");
    CHECK(block.flags == mail::flag_none);
  }

  TEST_CASE("a byte order mark may precede the mbox From line") {
    const auto block = scan(
        "\xEF\xBB\xBF"
        "From x@y Sat Jan  1 00:00:00 2000\nSubject: s\n\n");
    REQUIRE(block.fields.size() == 1);
    CHECK(block.flags == mail::flag_mbox_from_line);
  }

  TEST_CASE("an empty input is flagged as an empty message") {
    const auto block = scan("");
    CHECK(block.fields.empty());
    CHECK(block.flags == mail::flag_empty_message);
    CHECK(block.header_end == 0);
    CHECK(block.body_offset == 0);
  }

  TEST_CASE("a message that starts with the empty line has an empty header") {
    const std::string_view message = "\r\nFrom: a@b.c\r\n\r\nbody";
    const auto block = scan(message);
    CHECK(block.fields.empty());
    CHECK(block.flags == mail::flag_empty_header);
    CHECK(block.header_end == 0);
    CHECK(block.body_offset == 2);
  }

  TEST_CASE("a first line that is a continuation is ignored and flagged") {
    const std::string_view message = "   \n\tmore\nFrom: a@b.c\n  folded\n\nbody";
    const auto block = scan(message);
    REQUIRE(block.fields.size() == 1);
    CHECK(block.fields[0].raw_value == " a@b.c\n  folded");
    CHECK(block.flags == mail::flag_leading_continuation);
  }

  TEST_CASE("a stray line is skipped and flagged when a separator follows") {
    const std::string_view message = "A: 1\nthis is no field\n folded stray\nB: 2\n\nbody\n";
    const auto block = scan(message);
    REQUIRE(block.fields.size() == 2);
    CHECK(block.fields[0].raw_value == " 1");
    CHECK(block.fields[1].name == "B");
    CHECK(block.flags == mail::flag_malformed_line);
    CHECK(message.substr(block.body_offset) == "body\n");
  }

  TEST_CASE("without any empty line the header ends at the first line that is no field") {
    const std::string_view message = "From: a@b.c\nSubject: s\nnot a field\nB: 2\n";
    const auto block = scan(message);
    REQUIRE(block.fields.size() == 2);
    CHECK(block.flags == mail::flag_no_separator);
    CHECK(block.header_end == message.find("not a field"));
    CHECK(block.body_offset == block.header_end);
  }

  TEST_CASE("a message without fields or empty line is all body") {
    const std::string_view message = "just text\r\nmore text\r\n";
    const auto block = scan(message);
    CHECK(block.fields.empty());
    CHECK(block.flags == mail::flag_no_separator);
    CHECK(block.body_offset == 0);
  }

  TEST_CASE("a message made only of header lines is all header") {
    for (const std::string_view message : {"A: 1\nB: 2\n"sv, "A: 1\nB: 2"sv, "A: 1\r\n x"sv}) {
      const auto block = scan(message);
      CHECK(block.flags == mail::flag_no_separator);
      CHECK(block.header_end == message.size());
      CHECK(block.body_offset == message.size());
    }
    const auto block = scan("A: 1\nB: 2");
    REQUIRE(block.fields.size() == 2);
    CHECK(block.fields[1].raw_value == " 2");
  }

  TEST_CASE("8-bit bytes are flagged in the header but not in the body") {
    CHECK(scan("Subject: caf\xC3\xA9\n\n").flags == mail::flag_eight_bit);
    CHECK(scan("Subject: a\n \xFF\n\n").flags == mail::flag_eight_bit);
    CHECK(scan("Subject: 0123456789abcdef0123456789\xA0\n\n").flags == mail::flag_eight_bit);
    CHECK(scan("Subject: cafe\n\n\xC3\xA9").flags == mail::flag_none);
  }

  TEST_CASE("a NUL byte in the header is flagged and scanning goes on") {
    const std::string message("A: x\0y\nB: 2\n\nbody\0", 18);
    const auto block = scan(message);
    REQUIRE(block.fields.size() == 2);
    CHECK(block.fields[0].raw_value.size() == 4);
    CHECK(block.flags == mail::flag_nul_byte);
    CHECK(unfolded(block.fields[0].raw_value) == "xy");
  }

  TEST_CASE("a NUL byte only in the body is not flagged") {
    const std::string message("A: x\n\nbo\0dy", 11);
    CHECK(scan(message).flags == mail::flag_none);
  }

  TEST_CASE("views point into the message bytes") {
    const std::string message = "Subject: hello\n world\n\nbody";
    const auto block = scan(message);
    REQUIRE(block.fields.size() == 1);
    CHECK(block.fields[0].name.data() == message.data());
    CHECK(block.fields[0].raw_value.data() == message.data() + 8);
  }

  TEST_CASE("the block is cleared before each scan") {
    mail::header_block block;
    mail::scan_headers("A: 1\nB: 2\n\xFF: x\n\n", {}, block);
    CHECK(block.fields.size() == 2);
    mail::scan_headers("C: 3\n\n", {}, block);
    REQUIRE(block.fields.size() == 1);
    CHECK(block.fields[0].name == "C");
    CHECK(block.flags == mail::flag_none);
  }

  TEST_CASE("flag names are listed in bit order and appended") {
    CHECK(names_of(mail::flag_none).empty());
    CHECK(names_of(mail::flag_bare_cr | mail::flag_no_separator) ==
          std::vector<std::string_view>{"no_separator", "bare_cr"});
    const std::vector<std::string_view> all = {"no_separator",
                                               "bare_cr",
                                               "nul_byte",
                                               "line_too_long",
                                               "header_too_large",
                                               "too_many_fields",
                                               "leading_continuation",
                                               "malformed_line",
                                               "empty_header",
                                               "eight_bit",
                                               "mixed_line_endings",
                                               "mbox_from_line",
                                               "empty_message",
                                               "body_truncated",
                                               "body_unreadable",
                                               "no_transport_headers",
                                               "duplicate_mime_field"};
    CHECK(names_of(0xFFFFFFFFu) == all);
    std::vector<std::string_view> names = {"kept"};
    mail::flag_names(mail::flag_empty_message, names);
    CHECK(names == std::vector<std::string_view>{"kept", "empty_message"});
  }

  TEST_CASE("unfolding drops exactly the CR, LF and NUL bytes inside the trimmed value") {
    // Byte by byte, the way unfolding is defined: what the many-bytes-a-step search must give.
    // A CR before a byte that is no line break and no blank is a blank (decision 1206).
    const auto reference = [](std::string_view raw) {
      const auto trimmed = [](char c) {
        return c == ' ' || c == '\t' || c == '\r' || c == '\n' || c == '\0';
      };
      std::size_t begin = 0;
      std::size_t end = raw.size();
      while (begin < end && trimmed(raw[begin])) ++begin;
      while (end > begin && trimmed(raw[end - 1])) --end;
      std::string out;
      for (std::size_t i = begin; i < end; ++i) {
        if (raw[i] != '\r' && raw[i] != '\n' && raw[i] != '\0') out += raw[i];
        if (raw[i] == '\r' && i + 1 < end && raw[i + 1] != '\r' && raw[i + 1] != '\n' &&
            raw[i + 1] != ' ' && raw[i + 1] != '\t')
          out += ' ';
      }
      return out;
    };
    const std::string_view alphabet("ab \t\r\n\0\x01\x1f\x7f\x80\xff", 12);
    std::mt19937 rng(4344);
    for (int round = 0; round < 3000; ++round) {
      std::string raw(rng() % 120, 'x');
      for (char& c : raw) {
        if (rng() % 3 == 0) c = alphabet[rng() % alphabet.size()];
      }
      CHECK(unfolded(raw) == reference(raw));
    }
  }

  TEST_CASE("unfolding removes line breaks and NUL bytes and trims the ends") {
    CHECK(unfolded(" one\r\n two\r\n\tthree ") == "one two\tthree");
    CHECK(unfolded("a\rb\nc") == "a bc");
    CHECK(unfolded(std::string_view("\t x\0y \0", 7)) == "xy");
    CHECK(unfolded(" \r\n \t") == "");
    CHECK(unfolded("") == "");
    std::string out = "kept:";
    mail::unfold_value(" v ", out);
    CHECK(out == "kept:v");
  }

  TEST_CASE("the header block is bounded by max_header_bytes") {
    mail::scan_limits limits;
    limits.max_header_bytes = 12;
    const std::string_view message = "A: 1\nB: 2\nC: 3\n\nbody";
    const auto block = scan(message, limits);
    REQUIRE(block.fields.size() == 2);
    CHECK(block.flags == mail::flag_header_too_large);
    CHECK(block.header_end == 10);
    CHECK(block.body_offset == 10);
  }

  TEST_CASE("a header that fills max_header_bytes exactly is not cut") {
    mail::scan_limits limits;
    limits.max_header_bytes = 10;
    const auto block = scan("A: 1\r\nB: 2\n\nbody", limits);
    CHECK(block.fields.size() == 1);
    CHECK(has(block, mail::flag_header_too_large));
    limits.max_header_bytes = 11;
    CHECK(scan("A: 1\r\nB: 2\n\nbody", limits).fields.size() == 2);
    CHECK_FALSE(has(scan("A: 1\r\nB: 2\n\nbody", limits), mail::flag_header_too_large));
    limits.max_header_bytes = 0;
    CHECK(scan("\nbody", limits).flags == mail::flag_empty_header);
    CHECK(scan("A: 1\n\n", limits).flags == mail::flag_header_too_large);
  }

  TEST_CASE("a CRLF straddling the max_header_bytes limit cuts the line") {
    mail::scan_limits limits;
    limits.max_header_bytes = 5;  // "A: 1\r" fits, its LF does not
    const auto block = scan("A: 1\r\n\r\n", limits);
    CHECK(block.fields.empty());
    CHECK(block.flags == mail::flag_header_too_large);
  }

  TEST_CASE("a line longer than max_line_bytes is kept and flagged") {
    mail::scan_limits limits;
    limits.max_line_bytes = 8;
    const auto block = scan("A: 12345\nB: 123456\n\n", limits);
    REQUIRE(block.fields.size() == 2);
    CHECK(block.fields[1].raw_value == " 123456");
    CHECK(block.flags == mail::flag_line_too_long);
    CHECK(scan("A: 12345\n\n", limits).flags == mail::flag_none);
  }

  TEST_CASE("fields past max_fields are dropped with their continuations and flagged") {
    mail::scan_limits limits;
    limits.max_fields = 2;
    const std::string_view message = "A: 1\nB: 2\nC: 3\n folded\nD: 4\n\nbody";
    const auto block = scan(message, limits);
    REQUIRE(block.fields.size() == 2);
    CHECK(block.fields[1].raw_value == " 2");
    CHECK(block.flags == mail::flag_too_many_fields);
    CHECK(message.substr(block.body_offset) == "body");
  }

  // That these shapes take linear time is measured by bench/hostile_shapes_bench.cc (fitted
  // complexity), not timed here.
  TEST_CASE("is bounded: a 1 MB header is cut at the default limit") {
    std::string message;
    while (message.size() < (1u << 20) + 4096) message += "X-Filler: 0123456789abcdef\r\n";
    message += "\r\nbody";
    mail::scan_limits limits;
    limits.max_fields = 1u << 20;
    mail::header_block block;
    mail::scan_headers(message, limits, block);
    CHECK(block.flags == mail::flag_header_too_large);
    CHECK(block.body_offset <= (1u << 20));
    CHECK(block.body_offset > (1u << 20) - 64);
    CHECK(block.fields.size() == block.body_offset / 28);
    check_invariants(message, block);
  }

  TEST_CASE("is bounded: a 100 KB line is kept and flagged") {
    const std::string message = "Subject: " + std::string(100 * 1024, 'x') + "\r\nTo: y\r\n\r\nb";
    const auto block = scan(message);
    REQUIRE(block.fields.size() == 2);
    CHECK(block.fields[0].raw_value.size() == 100 * 1024 + 1);
    CHECK(block.flags == mail::flag_line_too_long);
  }

  TEST_CASE("is bounded: 50,000 fields with small limits") {
    std::string message;
    for (int i = 0; i < 50000; ++i) message += "X-N: " + std::to_string(i) + "\n";
    message += "\nbody";
    mail::scan_limits limits;
    limits.max_fields = 1000;
    mail::header_block block;
    mail::scan_headers(message, limits, block);
    CHECK(block.fields.size() == 1000);
    CHECK(block.flags == mail::flag_too_many_fields);
    CHECK(message.substr(block.body_offset) == "body");
    limits.max_header_bytes = 64 * 1024;
    mail::scan_headers(message, limits, block);
    CHECK(block.fields.size() == 1000);
    CHECK(block.flags == (mail::flag_too_many_fields | mail::flag_header_too_large));
  }

  TEST_CASE("is bounded: lines ended by bare CRs are each a field") {
    std::string message;
    for (int i = 0; i < 100000; ++i) message += "A: 1\r";
    message += "\n";
    mail::scan_limits limits;
    limits.max_fields = 1u << 20;
    mail::header_block block;
    mail::scan_headers(message, limits, block);
    CHECK(block.fields.size() == 100000);
    CHECK(has(block, mail::flag_bare_cr));
  }

  TEST_CASE("is bounded: many stray lines need one look-ahead") {
    std::string message = "A: 1\n";
    for (int i = 0; i < 100000; ++i) message += "stray\n";
    message += "\nbody";
    mail::header_block block;
    mail::scan_headers(message, {}, block);
    CHECK(block.fields.size() == 1);
    CHECK(block.flags == mail::flag_malformed_line);
  }

  TEST_CASE("folded fields taken at once give what a scan line by line gives") {
    std::mt19937 rng(365);
    for (int round = 0; round < 4000; ++round) {
      const std::string_view style = round % 3 == 0 ? "\n" : "\r\n";
      std::string bytes = round % 17 == 0 ? "From someone\n" : "";
      const auto lines = static_cast<unsigned>(rng() % 40);
      for (unsigned i = 0; i < lines; ++i) add_random_line(rng, style, bytes);
      if (rng() % 4 != 0) bytes += std::string(style) + "body\r\n";
      if (rng() % 8 == 0) bytes.resize(bytes.size() - rng() % (bytes.size() + 1));  // cut anywhere
      const auto copy = exact_copy(bytes);
      const std::string_view message(copy.get(), bytes.size());
      mail::scan_limits limits;
      if (round % 4 == 1) {
        limits.max_header_bytes = rng() % 600;
        limits.max_line_bytes = rng() % 200;
        limits.max_fields = rng() % 20;
      }
      check_same_as_line_by_line(message, limits);
    }
  }

  TEST_CASE(
      "a folded value spans its continuation lines, and damage in them is flagged as before") {
    const std::string_view folded = "A: 1\r\n 2\r\n\t3\r\nB: 4\r\n\r\nbody";
    const mail::header_block block = scan(folded);
    REQUIRE(block.fields.size() == 2);
    CHECK(block.fields[0].raw_value == " 1\r\n 2\r\n\t3");
    CHECK(block.flags == mail::flag_none);
    check_same_as_line_by_line(folded, {});
    // A NUL, a bare LF, a bare CR or a long line in the folds: the lines are taken one by one,
    // and flagged as they always were.
    for (const std::string_view message :
         {"A: 1\r\n 2\0\r\n 3\r\n\r\n"sv, "A: 1\r\n 2\n 3\r\n\r\n"sv, "A: 1\r\n 2\r 3\r\n\r\n"sv,
          "A: 1\n 2\r\n 3\n\n"sv, "A: 1\r\n 2\xC3\xA9\r\n 3\r\n\r\n"sv}) {
      check_same_as_line_by_line(message, {});
      CHECK(scan(message).flags != mail::flag_none);
    }
    mail::scan_limits short_lines;
    short_lines.max_line_bytes = 3;
    CHECK(has(scan("A: 1\r\n 2\r\n 3456\r\n\r\n", short_lines), mail::flag_line_too_long));
    check_same_as_line_by_line("A: 1\r\n 2\r\n 3456\r\n\r\n", short_lines);
  }

  TEST_CASE("a whole field taken at once leaves the flags its lines give one at a time") {
    // The field after a bare CR is the first of LF style: the CRLF line after it mixes styles.
    const std::string_view after_bare_cr = "A: 1\rB: 2\nC: 3\r\n\r\nbody";
    CHECK(has(scan(after_bare_cr), mail::flag_mixed_line_endings));
    CHECK(has(scan(after_bare_cr), mail::flag_bare_cr));
    check_same_as_line_by_line(after_bare_cr, {});
    // Fields the search from the colon must leave to the line by line scan: a line break of the
    // other style, a NUL or an 8-bit byte in the first line or the name, no colon; and two the
    // search takes: SP and TAB before the colon, an empty value.
    for (const std::string_view message :
         {"A: 1\r\nB: 2\n 3\r\n\r\n"sv, "A: 1\nB: 2\r\n\n"sv, "A: 1\r\nB: 2\0\r\n\r\n"sv,
          "A: 1\r\nB\xC3\xA9: 2\r\n\r\n"sv, "A: 1\r\nB: \xC3\xA9\r\n\r\n"sv,
          "A: 1\r\nB 2\r\n\r\n"sv, "A: 1\r\nB \t: 2\r\n\r\n"sv, "A: 1\r\nB:\r\n\r\n"sv}) {
      check_same_as_line_by_line(message, {});
    }
    // Limits: a field longer than a line may be, past the window, past the number of fields.
    mail::scan_limits tight;
    tight.max_line_bytes = 6;
    CHECK_FALSE(has(scan("A: 1\r\nB: 23\r\n 4\r\n\r\n", tight), mail::flag_line_too_long));
    CHECK(has(scan("A: 1\r\nB: 2345\r\n\r\n", tight), mail::flag_line_too_long));
    check_same_as_line_by_line("A: 1\r\nB: 2345\r\n\r\n", tight);
    tight.max_header_bytes = 12;
    CHECK(has(scan("A: 1\r\nB: 23\r\n\r\n", tight), mail::flag_header_too_large));
    check_same_as_line_by_line("A: 1\r\nB: 23\r\n\r\n", tight);
    tight = {};
    tight.max_fields = 1;
    const std::string_view two_fields = "A: 1\r\nB: 2\r\n 3\r\n\r\n";
    CHECK(has(scan(two_fields, tight), mail::flag_too_many_fields));
    CHECK(scan(two_fields, tight).fields.size() == 1);
    check_same_as_line_by_line(two_fields, tight);
  }

  TEST_CASE("every message of up to six bytes that matter scans the same at once and by line") {
    // A name byte, the colon, SP, TAB, CR, LF, NUL and an 8-bit byte: every way a line can
    // start, end, fold or be damaged, under the default limits and limits of a few bytes.
    const std::string_view alphabet("A: \t\r\n\0\xC3", 8);
    std::vector<mail::scan_limits> limits(4);
    limits[1].max_line_bytes = 3;
    limits[2].max_header_bytes = 5;
    limits[3].max_fields = 1;
    std::size_t messages = 0;
    for (std::size_t length = 0; length <= 6; ++length) {
      std::vector<std::size_t> digits(length, 0);
      for (bool more = true; more; ++messages) {
        std::string bytes(length, ' ');
        for (std::size_t i = 0; i < length; ++i) bytes[i] = alphabet[digits[i]];
        const auto copy = exact_copy(bytes);
        for (const mail::scan_limits& limit : limits) {
          check_same_as_line_by_line(std::string_view(copy.get(), length), limit);
        }
        // The next message: count up in base 8, the last byte fastest.
        std::size_t at = length;
        while (at > 0 && ++digits[at - 1] == alphabet.size()) digits[--at] = 0;
        more = at > 0;
      }
    }
    CHECK(messages == 299593);  // 8^0 + 8^1 + ... + 8^6
  }

  TEST_CASE("the bundled samples scan the same at once and line by line") {
    std::size_t files = 0;
    for (const auto& entry :
         std::filesystem::directory_iterator(mfsim::test::source_dir() + "/corpus/samples")) {
      if (!entry.is_regular_file()) continue;
      std::ifstream in(entry.path(), std::ios::binary);
      const std::string bytes((std::istreambuf_iterator<char>(in)),
                              std::istreambuf_iterator<char>());
      check_same_as_line_by_line(bytes, {});
      ++files;
    }
    CHECK(files >= 10);
  }

  TEST_CASE("random messages keep every view inside the buffer") {
    // A small alphabet makes line ends, colons, folds and bad bytes frequent.
    const std::string_view alphabet =
        "ab: \t\r\n\r\n\0\xFF"
        "From "sv;
    std::mt19937 rng(20240601);
    std::uniform_int_distribution<std::size_t> pick(0, alphabet.size() - 1);
    std::uniform_int_distribution<std::size_t> length(0, 200);
    std::uniform_int_distribution<std::size_t> small(0, 40);
    mail::header_block block;
    std::string value;
    for (int round = 0; round < 3000; ++round) {
      std::string bytes(length(rng), ' ');
      for (char& c : bytes) c = alphabet[pick(rng)];
      const auto copy = exact_copy(bytes);
      const std::string_view message(copy.get(), bytes.size());
      mail::scan_limits limits;
      if (round % 2 == 1) {
        limits.max_header_bytes = small(rng);
        limits.max_line_bytes = small(rng);
        limits.max_fields = small(rng) / 4;
      }
      mail::scan_headers(message, limits, block);
      check_invariants(message, block);
      CHECK(block.fields.size() <= limits.max_fields);
      if (!has(block, mail::flag_mbox_from_line)) {
        CHECK(block.header_end <= limits.max_header_bytes);
      }
      for (const mail::header_field& field : block.fields) {
        value.clear();
        mail::unfold_value(field.raw_value, value);
        CHECK(value.find_first_of(std::string_view("\r\n\0", 3)) == std::string::npos);
      }
    }
  }
}
