// A large mbox read in parts by several workers (issue 16): each part's worker finds where its
// messages start and end, and the messages, their ids and their order do not change.
#include "corpus/mbox_parts.h"

#include <doctest/doctest.h>
#include <unistd.h>

#include <algorithm>
#include <cstddef>
#include <cstdint>
#include <memory>
#include <optional>
#include <random>
#include <string>
#include <thread>
#include <vector>

#include "corpus/huge_page_buffer.h"
#include "corpus/mbox_reader.h"
#include "corpus/message_source.h"
#include "pipeline/evaluate_corpus.h"
#include "tests/support/process.h"

namespace {

using mfsim::corpus::corpus_message;
using mfsim::test::temp_dir;

// An mbox of `count` messages that stresses the splitting: CRLF and LF entries, quoted and
// unquoted From lines inside bodies, "From :" fields, empty bodies and one large entry.
std::string generated_mbox(std::size_t count, std::uint32_t seed) {
  std::mt19937 rng(seed);
  std::string out;
  for (std::size_t k = 0; k < count; ++k) {
    const bool crlf = rng() % 3 == 0;
    const std::string eol = crlf ? "\r\n" : "\n";
    out += "From sender" + std::to_string(k) + "@example.com Thu Mar 27 02:11:12 2025" + eol;
    out += "Subject: message " + std::to_string(k) + eol;
    if (rng() % 5 == 0) out += "From : odd@example.com" + eol;
    out += eol;
    const std::size_t lines = rng() % 40;
    for (std::size_t l = 0; l < lines; ++l) {
      switch (rng() % 6) {
        case 0: out += ">From quoted" + eol; break;
        case 1: out += "From inside a paragraph" + eol; break;
        case 2: out += eol; break;
        default: out += std::string(rng() % 120, 'x') + eol; break;
      }
    }
    if (k == count / 2) out += std::string(20000, 'L') + eol;  // spans several parts
    out += eol;
  }
  return out;
}

struct message_copy {
  std::string id;
  std::string bytes;
  std::string error;
  std::uint64_t entry = 0;
  bool operator==(const message_copy&) const = default;
};

message_copy copy_of(const corpus_message& m) {
  return {std::string(m.id), std::string(m.bytes), std::string(m.read_error), m.entry};
}

std::vector<message_copy> read_all(const std::string& path, std::uint64_t part_bytes,
                                   std::size_t* inputs = nullptr) {
  mfsim::corpus::read_options read;
  read.mbox_part_bytes = part_bytes;
  if (inputs != nullptr) {
    *inputs = 0;
    mfsim::corpus::walk_inputs(
        {path}, [&](mfsim::corpus::input_ref&&) { ++*inputs; }, nullptr, read);
  }
  std::vector<message_copy> out;
  mfsim::corpus::read_messages(
      {path}, [&](const corpus_message& m) { out.push_back(copy_of(m)); }, nullptr, read);
  return out;
}

}  // namespace

TEST_SUITE("mbox_parts") {
  TEST_CASE("counting messages with memchr agrees with the reader") {
    std::mt19937 rng(3);
    const std::vector<std::string> pieces = {"From a", "From ",   "From :", "\n", "\r\n",
                                             "\r",     ">From x", "x",      " ",  "\t"};
    for (int k = 0; k < 5000; ++k) {
      std::string data = "From first\n";
      const std::size_t count = rng() % 24;
      for (std::size_t p = 0; p < count; ++p) data += pieces[rng() % pieces.size()];
      mfsim::corpus::mbox_reader reader(data);
      std::size_t messages = 0;
      while (reader.skip()) ++messages;
      INFO("data: " << data);
      CHECK(mfsim::corpus::count_mbox_messages(data) == messages);
    }
  }

  TEST_CASE("parts give the same messages, ids and numbers as the whole file") {
    temp_dir dir;
    const std::string path = dir.write("big.mbox", generated_mbox(400, 11));
    const auto whole = read_all(path, 0);
    // A "From " body line after an empty line starts a message too: more than 400.
    REQUIRE(whole.size() >= 400);
    for (const std::uint64_t part_bytes : {97u, 512u, 4096u, 65536u}) {
      std::size_t inputs = 0;
      const auto parts = read_all(path, part_bytes, &inputs);
      INFO("part bytes " << part_bytes);
      CHECK(inputs > 1);
      CHECK(parts == whole);
    }
    // Too small to split: one input.
    std::size_t inputs = 0;
    CHECK(read_all(path, 1u << 30, &inputs) == whole);
    CHECK(inputs == 1);
  }

  TEST_CASE("each part starts a message where the part before it ends") {
    temp_dir dir;
    const std::string data = generated_mbox(200, 5);
    const std::string path = dir.write("m.mbox", data);
    for (const std::uint64_t part_bytes : {97u, 300u, 1024u, 4096u}) {
      const auto offsets = mfsim::corpus::mbox_part_offsets(data.size(), part_bytes);
      REQUIRE(offsets.size() > 2);
      auto counts = std::make_shared<mfsim::corpus::mbox_part_counts>(offsets.size());
      std::uint64_t covered = 0;
      std::size_t empty = 0;
      mfsim::corpus::mbox_part_bytes part;  // reused, as a worker does
      for (std::size_t k = 0; k < offsets.size(); ++k) {
        const bool last = k + 1 == offsets.size();
        const mfsim::corpus::mbox_range range{
            offsets[k], last ? data.size() : offsets[k + 1], data.size(), k, last, counts};
        REQUIRE(part.read(path, {}, range).empty());
        if (part.empty()) {
          ++empty;
          continue;
        }
        INFO("part bytes " << part_bytes << ", part " << k);
        REQUIRE(part.intact());
        CHECK(mfsim::corpus::starts_mbox_message(data, covered));
        CHECK(data.compare(covered, part.part().size(), part.part()) == 0);
        // Each byte lies at its file offset's place within a page, as the part's reads put it
        // (decision 362: a copy 1-31 bytes off a page's alignment runs up to 4x slower).
        CHECK(reinterpret_cast<std::uintptr_t>(part.part().data()) % mfsim::corpus::kPageBytes ==
              covered % mfsim::corpus::kPageBytes);
        covered += part.part().size();
        CHECK(part.ends_file() == (covered == data.size()));
      }
      CHECK(covered == data.size());
      // The 20,000-byte line spans parts of 4 KiB and less: no message starts in some of them.
      if (part_bytes < 20000) CHECK(empty > 0);
    }
  }

  TEST_CASE("parts published out of order number the later parts as the whole file would") {
    mfsim::corpus::mbox_part_counts counts(4);
    CHECK(counts.messages_before(0, nullptr) == 0);
    counts.publish(2, 5);
    counts.publish(0, 3);
    CHECK(counts.messages_before(1, nullptr) == 3);
    // Part 3 waits for part 1 (when it asks first), published by another worker.
    std::optional<std::uint64_t> before_last;
    std::thread waiting([&] { before_last = counts.messages_before(3, nullptr); });
    counts.publish(1, 7);
    waiting.join();
    CHECK(before_last == 15);
    CHECK(counts.messages_before(2, nullptr) == 10);
    counts.publish(3, 1);
    CHECK(counts.messages_before(4, nullptr) == 16);
  }

  TEST_CASE("only a plain mbox that starts with its envelope line is split") {
    temp_dir dir;
    const std::string data = generated_mbox(50, 7);
    CHECK(mfsim::corpus::splittable_mbox(dir.write("m.mbox", data)));
    CHECK_FALSE(mfsim::corpus::splittable_mbox(dir.write("m.eml", "Subject: x\n\n" + data)));
    CHECK_FALSE(mfsim::corpus::splittable_mbox(dir.write("bom.mbox", "\xef\xbb\xbf" + data)));
    CHECK_FALSE(mfsim::corpus::splittable_mbox(dir.write("m.gz", "\x1f\x8b\x08" + data)));
    CHECK_FALSE(mfsim::corpus::splittable_mbox(dir.path() + "/missing.mbox"));
    CHECK(mfsim::corpus::mbox_part_offsets(1000, 600).empty());
    CHECK(mfsim::corpus::mbox_part_offsets(1000, 0).empty());
    CHECK(mfsim::corpus::mbox_part_offsets(1000, 400) == std::vector<std::uint64_t>{0, 400});
    CHECK(mfsim::corpus::mbox_part_offsets(1201, 400) == std::vector<std::uint64_t>{0, 400, 800});
  }

  TEST_CASE("a long From line at a part's edge is judged alike by both parts") {
    // Envelope-like lines longer than a part's look at them, where parts begin and end at
    // every offset: the messages never change.
    std::string data;
    for (int k = 0; k < 30; ++k) {
      data += "From a" + std::to_string(k) + "\nSubject: s\n\nbody\n\n";
      data += "From " + std::string(static_cast<std::size_t>(200 + 13 * k), ' ') + "x\n\n";
      data += "From " + std::string(static_cast<std::size_t>(40 * k), 'y') + "\r\n\r\n";
    }
    temp_dir dir;
    const std::string path = dir.write("edge.mbox", data);
    const auto whole = read_all(path, 0);
    for (std::uint64_t part_bytes = 40; part_bytes < 900; part_bytes += 29) {
      INFO("part bytes " << part_bytes);
      CHECK(read_all(path, part_bytes) == whole);
    }
    // A line longer than a part reads past its end at first (64 KiB): the part that ends
    // before it and the part that starts in it must still agree.
    std::string wide = generated_mbox(300, 17);
    const std::size_t edge = wide.size();
    wide += "From " + std::string(std::size_t{100} << 10, ' ') + "x\n\n" + generated_mbox(300, 19);
    const std::string wide_path = dir.write("wide.mbox", wide);
    const auto wide_whole = read_all(wide_path, 0);
    for (const std::uint64_t part_bytes : {edge - 7, edge - 40, edge / 2 + 1, edge / 3 + 5}) {
      INFO("part bytes " << part_bytes);
      CHECK(read_all(wide_path, part_bytes) == wide_whole);
    }
  }

  TEST_CASE("the parts of an mbox cut short after the walk say so, one record each") {
    temp_dir dir;
    const std::string data = generated_mbox(200, 23);
    const std::string path = dir.write("cut.mbox", data);
    const auto whole = read_all(path, 0);
    mfsim::corpus::read_options read;
    read.mbox_part_bytes = 1024;
    std::vector<mfsim::corpus::input_ref> parts;
    mfsim::corpus::walk_inputs(
        {path}, [&](mfsim::corpus::input_ref&& in) { parts.push_back(std::move(in)); }, nullptr,
        read);
    REQUIRE(parts.size() > 8);
    REQUIRE(::truncate(path.c_str(), static_cast<off_t>(data.size() / 2)) == 0);
    mfsim::corpus::file_reader reader;
    std::string entry;
    std::vector<message_copy> got;
    for (const auto& part : parts) {
      mfsim::corpus::read_input(
          part, reader, entry, [&](const corpus_message& m) { got.push_back(copy_of(m)); }, nullptr,
          read);
    }
    // The messages before the cut are the whole file's; from the part the file now ends in on,
    // each part is one record saying the mbox changed.
    std::size_t whole_ones = 0;
    while (whole_ones < got.size() && got[whole_ones].error.empty()) ++whole_ones;
    REQUIRE(whole_ones > 0);
    REQUIRE(whole_ones < whole.size());
    CHECK(std::equal(got.begin(), got.begin() + static_cast<std::ptrdiff_t>(whole_ones),
                     whole.begin()));
    REQUIRE(got.size() > whole_ones);
    for (std::size_t k = whole_ones; k < got.size(); ++k) {
      CHECK(got[k].id.find(path + "#part") == 0);
      CHECK(got[k].error.find("the mbox changed since it was walked") == 0);
      CHECK(got[k].bytes.empty());
    }
  }

  TEST_CASE("workers sharing an mbox keep the records in order") {
    temp_dir dir;
    const std::string path = dir.write("big.mbox", generated_mbox(600, 29));
    const auto whole = read_all(path, 0);
    struct worker {};
    for (const std::size_t jobs : {2u, 3u, 5u}) {
      mfsim::pipeline::per_worker<worker> workers(jobs);
      mfsim::pipeline::message_stages<message_copy, worker> stages;
      stages.process = [](worker&, const corpus_message& m, message_copy& r) { r = copy_of(m); };
      std::vector<message_copy> got;
      stages.consume = [&](message_copy& r) { got.push_back(std::move(r)); };
      mfsim::corpus::read_options read;
      read.mbox_part_bytes = 2048;
      mfsim::pipeline::evaluate_corpus({path}, read, workers, stages);
      INFO("jobs " << jobs);
      CHECK(got == whole);
    }
  }
}
