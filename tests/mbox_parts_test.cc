// A large mbox read in parts by several workers (issue 16): the cut points are where the
// whole-file reader splits, and the messages, their ids and their order do not change.
#include "corpus/mbox_parts.h"

#include <doctest/doctest.h>

#include <cstdint>
#include <random>
#include <string>
#include <vector>

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
      {path},
      [&](const corpus_message& m) {
        out.push_back(
            {std::string(m.id), std::string(m.bytes), std::string(m.read_error), m.entry});
      },
      nullptr, read);
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
    for (const std::uint64_t part_bytes : {512u, 4096u, 65536u}) {
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

  TEST_CASE("cut points start messages; a non-mbox or gzip file is not cut") {
    temp_dir dir;
    const std::string data = generated_mbox(200, 5);
    const std::string path = dir.write("m.mbox", data);
    const auto starts = mfsim::corpus::plan_mbox_split(path, data.size(), 1024);
    REQUIRE(starts.size() > 2);
    CHECK(starts.front() == 0);
    for (const auto s : starts) CHECK(mfsim::corpus::starts_mbox_message(data, s));
    const std::string eml = dir.write("m.eml", "Subject: x\n\n" + data);
    CHECK(mfsim::corpus::plan_mbox_split(eml, data.size() + 12, 1024).empty());
  }

  TEST_CASE("workers sharing an mbox keep the records in order") {
    temp_dir dir;
    const std::string path = dir.write("big.mbox", generated_mbox(600, 29));
    const auto whole = read_all(path, 0);
    struct worker {};
    for (const std::size_t jobs : {2u, 3u, 5u}) {
      mfsim::pipeline::per_worker<worker> workers(jobs);
      mfsim::pipeline::message_stages<message_copy, worker> stages;
      stages.process = [](worker&, const corpus_message& m, message_copy& r) {
        r = {std::string(m.id), std::string(m.bytes), std::string(m.read_error), m.entry};
      };
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
