// The mbox reader that hands out views, and the stream reader over standard input, FIFOs and
// gzip (issue 16): both split exactly as the line-by-line copying reader they replace did,
// and the stream holds one message and a bounded buffer, never the whole mbox.
#include "corpus/mbox_stream.h"

#include <doctest/doctest.h>
#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cstdint>
#include <random>
#include <string>
#include <thread>
#include <vector>

#include "corpus/byte_stream.h"
#include "corpus/mbox_reader.h"
#include "corpus/message_source.h"
#include "tests/support/gzip_writer.h"
#include "tests/support/process.h"

namespace {

using mfsim::corpus::byte_stream;
using mfsim::corpus::mbox_reader;
using mfsim::corpus::mbox_stream;
using mfsim::test::gzip_of;

struct entry {
  std::string bytes;
  bool too_large = false;
  bool operator==(const entry&) const = default;
};

// The reader before issue 16, kept here as the reference: line by line, copying each line;
// with decision 391's envelope lines (judged by starts_mbox_message) and decision 392's empty
// lines before the first.
std::vector<entry> reference_split(std::string_view data, std::size_t max_bytes,
                                   bool more_follows) {
  const auto is_from_line = [&](std::size_t at) {
    if (data.compare(at, 5, "From ") != 0) return false;
    std::size_t k = at + 5;
    while (k < data.size() && (data[k] == ' ' || data[k] == '\t')) ++k;
    return k < data.size() && data[k] != ':' && data[k] != '\r' && data[k] != '\n';
  };
  const auto line_end = [&](std::size_t at) {
    const std::size_t nl = data.find('\n', at);
    return nl == std::string_view::npos ? data.size() : nl + 1;
  };
  if (data.substr(0, 3) == "\xef\xbb\xbf") data.remove_prefix(3);
  std::size_t lead = 0;
  while (lead < 256 && (data.substr(lead, 1) == "\n" || data.substr(lead, 2) == "\r\n"))
    lead += data[lead] == '\n' ? 1 : 2;
  if (lead <= 256 && is_from_line(lead)) data.remove_prefix(lead);
  std::vector<entry> out;
  std::size_t pos = 0;
  while (pos < data.size()) {
    entry e;
    if (is_from_line(pos)) pos = line_end(pos);
    bool previous_empty = false;
    while (pos < data.size()) {
      const std::size_t end = line_end(pos);
      const std::string_view line = data.substr(pos, end - pos);
      // An envelope line ends the message even right after its own (decision 391).
      if (is_from_line(pos) && (previous_empty || mfsim::corpus::starts_mbox_message(data, pos)))
        break;
      if (e.bytes.size() + line.size() > max_bytes) e.too_large = true;
      std::size_t k = 0;
      while (k < line.size() && line[k] == '>') ++k;
      const bool quoted = k > 0 && line.compare(k, 5, "From ") == 0;
      if (e.too_large)
        e.bytes.clear();
      else
        e.bytes.append(quoted ? line.substr(1) : line);
      previous_empty = line == "\n" || line == "\r\n";
      pos = end;
    }
    if (pos < data.size() || more_follows) {
      if (e.bytes.size() >= 4 && e.bytes.compare(e.bytes.size() - 4, 4, "\r\n\r\n") == 0)
        e.bytes.resize(e.bytes.size() - 2);
      else if (e.bytes.size() >= 2 && e.bytes.compare(e.bytes.size() - 2, 2, "\n\n") == 0)
        e.bytes.pop_back();
    }
    out.push_back(std::move(e));
  }
  return out;
}

std::vector<entry> view_split(std::string_view data, std::size_t max_bytes, bool more_follows) {
  std::vector<entry> out;
  mbox_reader reader(data, max_bytes, more_follows);
  std::string unquoted;
  for (std::string_view m; reader.next(m, unquoted);)
    out.push_back({std::string(m), reader.entry_too_large()});
  return out;
}

std::vector<entry> stream_split(std::string_view data, std::size_t max_bytes, std::size_t read_size,
                                std::size_t* peak = nullptr,
                                mfsim::corpus::kept_stream_buffer* kept = nullptr) {
  byte_stream source(data);
  mbox_stream stream(source, max_bytes, read_size, kept);
  std::vector<entry> out;
  std::string unquoted;
  for (std::string_view m; stream.next(m, unquoted);)
    out.push_back({std::string(m), stream.entry_too_large()});
  if (peak != nullptr) *peak = stream.buffer_peak();
  return out;
}

// Lines that test every rule of the splitter: envelopes with and without an empty line before
// them, "From :" fields, quoted From_ lines at every depth, CRLF and LF, lone CRs, lines of
// spaces, long lines, and no line end at the very end.
std::string tricky_mbox(std::mt19937& rng) {
  static const std::vector<std::string> pieces = {
      "From a@b Thu Mar 27 02:11:12 2025\n",
      "From a@b Thu Mar 27 02:11:12 2025\r\n",
      "\n",
      "\r\n",
      "\r\r\n",
      ">From quoted\n",
      ">>From quoted twice\r\n",
      ">From\n",
      "> From not quoted\n",
      "From : a field\n",
      "From \t \n",
      "From  x\n",
      "From:x\n",
      "Subject: s\n",
      "   \n",
      "F\n",
      ">\n",
      "body line\n",
      std::string(300, 'x') + "\n",
      "no line end",
  };
  std::string out = rng() % 4 == 0 ? "\xef\xbb\xbf" : "";
  out += "From first@example.com Thu Mar 27 02:11:12 2025\n";
  const std::size_t count = rng() % 60;
  for (std::size_t k = 0; k < count; ++k) out += pieces[rng() % pieces.size()];
  return out;
}

std::string numbered_mbox(std::size_t messages, std::size_t body_lines) {
  std::string out;
  for (std::size_t k = 0; k < messages; ++k) {
    out +=
        "From sender@example.com Thu Mar 27 02:11:12 2025\nSubject: " + std::to_string(k) + "\n\n";
    for (std::size_t l = 0; l < body_lines; ++l) out += "line " + std::to_string(l) + "\n";
    out += "\n";
  }
  return out;
}

}  // namespace

TEST_SUITE("mbox_stream") {
  TEST_CASE("find_line_of_interest finds the first LF before 'F' or '>', wherever it starts") {
    // Every start and end over random text dense in the three bytes: the SIMD loop (16 bytes
    // a step on SSE2) and the tail agree with one byte at a time.
    std::mt19937 rng(32);
    const std::string alphabet = "\nF>\rx";
    for (int round = 0; round < 40; ++round) {
      std::string text(200, ' ');
      for (char& c : text) c = alphabet[rng() % alphabet.size()];
      for (std::size_t from = 0; from < 70; ++from) {
        for (std::size_t to = from; to + 1 < text.size(); to += 7) {
          const char* p = text.data() + from;
          const char* last = text.data() + to;  // text[to] is readable, as the contract asks
          const char* want = last;
          for (const char* q = p; q < last; ++q) {
            if (*q == '\n' && (q[1] == 'F' || q[1] == '>')) {
              want = q;
              break;
            }
          }
          REQUIRE(mfsim::corpus::find_line_of_interest(p, last) == want);
        }
      }
    }
  }

  TEST_CASE("the view reader splits exactly as the copying reader did") {
    std::mt19937 rng(16);
    for (int round = 0; round < 3000; ++round) {
      const std::string data = tricky_mbox(rng);
      const std::size_t limit = round % 3 == 0 ? std::size_t(-1) : rng() % 400;
      const bool more_follows = round % 2 == 0;
      CAPTURE(data);
      CAPTURE(limit);
      REQUIRE(view_split(data, limit, more_follows) == reference_split(data, limit, more_follows));
    }
  }

  TEST_CASE("the stream reader splits as the whole-file reader, whatever its read size") {
    std::mt19937 rng(17);
    for (int round = 0; round < 2000; ++round) {
      const std::string data = tricky_mbox(rng);
      const std::size_t limit = round % 3 == 0 ? std::size_t(-1) : rng() % 400;
      const std::size_t read_size = 16 + rng() % 200;
      CAPTURE(data);
      CAPTURE(limit);
      CAPTURE(read_size);
      REQUIRE(stream_split(data, limit, read_size) == reference_split(data, limit, false));
    }
  }

  TEST_CASE("a message over the limit is walked over, not held") {
    // One message of 1 MB between two small ones, read 4 KiB at a time under a 10 KB limit.
    std::string data = numbered_mbox(1, 3);
    data += "From big@example.com Thu Mar 27 02:11:12 2025\nSubject: big\n\n";
    for (int k = 0; k < 20000; ++k)
      data += "a body line of the large message, number " + std::to_string(k) + "\n";
    data += "\n" + numbered_mbox(1, 3);
    data += "From long@example.com\n" + std::string(100000, 'y') + "\n\n";  // one long line
    data += numbered_mbox(1, 3);
    std::size_t peak = 0;
    const auto entries = stream_split(data, 10000, 4096, &peak);
    REQUIRE(entries == reference_split(data, 10000, false));
    REQUIRE(entries.size() == 5);
    CHECK(entries[1].too_large);
    CHECK(entries[3].too_large);
    CHECK(peak <= 10000 + 4 * 4096);
  }

  TEST_CASE("an envelope line longer than the limit that ends the stream still opens a message") {
    // Found by fuzz/mbox_fuzz.cc: the stream walked over the last line and gave no message,
    // where the whole-file reader gives an empty one.
    const std::string data = numbered_mbox(1, 3) + "From " + std::string(230, 'y');
    const auto entries = stream_split(data, 63, 83);
    REQUIRE(entries == reference_split(data, 63, false));
    REQUIRE(entries.size() == 2);
    CHECK(entries[1].bytes.empty());
    CHECK_FALSE(entries[1].too_large);
  }

  TEST_CASE("an empty first line of a message over the limit still comes before an envelope") {
    // Found by fuzz/mbox_fuzz.cc ("\r\nFrom \x00", limit 1): once over the limit, the stream
    // took the message's first byte for one whose line start had been dropped, missed the
    // envelope line after that empty line, and gave one message where the file reader gives
    // two.
    for (const std::string& data :
         {std::string("From x\n\r\nFrom \0", 15), std::string("From x\n\nFrom x"),
          std::string("From x\n\r\nFrom a@b\nBody\n"),
          "From first@example.com\n\nFrom x\n" + std::string(40, 'z') + "\n"}) {
      for (std::size_t read_size = 16; read_size < 48; ++read_size) {
        CAPTURE(data);
        CAPTURE(read_size);
        const auto expected = reference_split(data, 1, false);
        REQUIRE(expected.size() >= 2);
        CHECK(stream_split(data, 1, read_size) == expected);
      }
    }
  }

  TEST_CASE("a message that spans many reads is handed out whole") {
    const std::string data = numbered_mbox(40, 500);  // about 4 KB each
    std::size_t peak = 0;
    CHECK(stream_split(data, std::size_t(-1), 1000, &peak) ==
          reference_split(data, std::size_t(-1), false));
    CHECK(peak <= 2 * 8192);  // one message and a read, never the whole mbox
  }

  TEST_CASE("streams one after another reuse one kept buffer, and split as a fresh one does") {
    // Decision 339: a worker's large mbox files fault their buffer in once, not once each.
    mfsim::corpus::kept_stream_buffer kept;
    const std::string first = numbered_mbox(40, 500);  // about 4 KB a message
    std::size_t peak = 0;
    REQUIRE(stream_split(first, std::size_t(-1), 1000, &peak, &kept) ==
            reference_split(first, std::size_t(-1), false));
    REQUIRE(kept.bytes != nullptr);
    CHECK(kept.capacity == peak);
    const char* const buffer = kept.bytes.get();
    // A shorter mbox after it: the first one's bytes are still in the buffer, and must not show.
    std::mt19937 rng(339);
    for (int round = 0; round < 200; ++round) {
      const std::string data = tricky_mbox(rng);
      CAPTURE(data);
      REQUIRE(stream_split(data, std::size_t(-1), 1000, &peak, &kept) ==
              reference_split(data, std::size_t(-1), false));
      CHECK(peak <= kept.capacity);
    }
    CHECK(kept.bytes.get() == buffer);  // the same memory every time

    // A stream that starts from a large kept buffer reads and grows as a fresh one does: how
    // far it reads ahead, and the peak it reports, do not depend on what an earlier stream left.
    std::string long_message = "From long@example.com Thu Mar 27 02:11:12 2025\n\n";
    while (long_message.size() < (std::size_t{3} << 20))
      long_message += std::string(999, 'l') + "\n";
    REQUIRE(stream_split(long_message, std::size_t(-1), 1 << 16, &peak, &kept).size() == 1);
    REQUIRE(kept.capacity >= (std::size_t{3} << 20));
    const char* const large_buffer = kept.bytes.get();
    // Bytes read by the time each message is handed out, and the peak at the end.
    const auto reading = [&](mfsim::corpus::kept_stream_buffer* from) {
      byte_stream source(first);
      mbox_stream stream(source, std::size_t(-1), 1000, from);
      std::vector<std::uint64_t> read;
      std::string unquoted;
      for (std::string_view message; stream.next(message, unquoted);)
        read.push_back(source.raw_bytes());
      read.push_back(stream.buffer_peak());
      return read;
    };
    const auto fresh = reading(nullptr);
    REQUIRE(fresh.size() == 41);
    CHECK(fresh.front() < 3 * 4500);  // a message or two ahead, not the whole mbox
    CHECK(reading(&kept) == fresh);
    CHECK(kept.bytes.get() == large_buffer);

    // A buffer grown past kKeptBufferBytes for one message is given back, not kept.
    std::string large = "From big@example.com Thu Mar 27 02:11:12 2025\nSubject: big\n\n";
    while (large.size() <= mfsim::corpus::kKeptBufferBytes) large += std::string(1000, 'b') + "\n";
    REQUIRE(stream_split(large, std::size_t(-1), 1 << 16, &peak, &kept).size() == 1);
    CHECK(peak > mfsim::corpus::kKeptBufferBytes);
    CHECK(kept.capacity <= mfsim::corpus::kKeptBufferBytes);
  }

  TEST_CASE("a gzip mbox inflates as it is read; a truncated one marks only its last message") {
    std::string data;
    std::mt19937 rng(5);
    for (int k = 0; k < 30; ++k) {  // random bodies, so that half the stream is half the mbox
      data += "From a@example.com Thu Mar 27 02:11:12 2025\nSubject: x\n\n";
      for (int l = 0; l < 50; ++l) data += std::to_string(rng()) + std::to_string(rng()) + "\n";
      data += "\n";
    }
    const std::string compressed = gzip_of(data);
    byte_stream whole(compressed);
    mbox_stream stream(whole, std::size_t(-1), 512);
    std::string unquoted;
    std::size_t count = 0;
    for (std::string_view m; stream.next(m, unquoted);) ++count;
    CHECK(count == 30);
    CHECK(whole.error().empty());

    const std::string cut = compressed.substr(0, compressed.size() / 2);
    byte_stream truncated(cut);
    mbox_stream partial(truncated, std::size_t(-1), 512);
    std::vector<bool> ended;
    for (std::string_view m; partial.next(m, unquoted);) ended.push_back(partial.ended_in_last());
    REQUIRE(ended.size() > 2);
    CHECK(ended.back());
    CHECK(std::count(ended.begin(), ended.end(), true) == 1);
    CHECK(truncated.error() == "could not be fully decompressed: gzip stream is truncated");
  }

  TEST_CASE("a gzip mbox file and a FIFO give the records of the plain file") {
    mfsim::test::temp_dir dir;
    std::string data = numbered_mbox(300, 1000);  // about 2.7 MB: several batches on a FIFO
    data += "From q@example.com\nSubject: q\n\n>From quoted\n";
    const std::string plain = dir.write("plain.mbox", data);
    const std::string packed = dir.write("packed.mbox.gz", gzip_of(data));
    const auto read_all = [](const std::string& path, std::size_t* inputs = nullptr) {
      std::vector<std::string> out;
      mfsim::corpus::read_messages({path}, [&](const mfsim::corpus::corpus_message& m) {
        out.push_back(std::string(m.id.substr(m.id.find('#'))) + "|" + std::to_string(m.entry) +
                      "|" + std::string(m.bytes) + "|" + std::string(m.read_error));
      });
      if (inputs != nullptr) {
        *inputs = 0;
        mfsim::corpus::walk_inputs({path}, [&](mfsim::corpus::input_ref&&) { ++*inputs; });
      }
      return out;
    };
    const auto expected = read_all(plain);
    REQUIRE(expected.size() == 301);
    CHECK(expected.back() == "#301|301|Subject: q\n\nFrom quoted\n|");
    CHECK(read_all(packed) == expected);

    const std::string fifo = dir.path() + "/fifo";
    REQUIRE(::mkfifo(fifo.c_str(), 0600) == 0);
    std::thread writer([&] {
      const int fd = ::open(fifo.c_str(), O_WRONLY);
      for (std::size_t at = 0; at < data.size();) {
        const ssize_t n = ::write(fd, data.data() + at, data.size() - at);
        if (n <= 0) break;
        at += static_cast<std::size_t>(n);
      }
      ::close(fd);
    });
    // The walk hands the FIFO on in batches (read as they are walked), numbered as one file.
    std::vector<std::string> from_fifo;
    std::size_t batches = 0;
    std::uint64_t position = 0;
    mfsim::corpus::file_reader reader;
    std::string entry_buffer;
    mfsim::corpus::walk_inputs({fifo}, [&](mfsim::corpus::input_ref&& input) {
      ++batches;
      position = input.position;
      mfsim::corpus::read_input(
          input, reader, entry_buffer, [&](const mfsim::corpus::corpus_message& m) {
            from_fifo.push_back(std::string(m.id.substr(m.id.find('#'))) + "|" +
                                std::to_string(m.entry) + "|" + std::string(m.bytes) + "|" +
                                std::string(m.read_error));
          });
    });
    writer.join();
    CHECK(batches > 2);
    CHECK(position == 0);
    CHECK(from_fifo == expected);
  }
}
