// Reading only the header block (issue 16): mail::header_block_extent() agrees with
// scan_headers() on every prefix, and a corpus run that reads only header blocks gives the
// same records, byte for byte, as one that reads every file whole.
#include <doctest/doctest.h>
#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

#include <algorithm>
#include <cstdint>
#include <filesystem>
#include <functional>
#include <memory>
#include <random>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "corpus/head_read_batch.h"
#include "corpus/huge_page_buffer.h"
#include "corpus/input_handles.h"
#include "corpus/message_source.h"
#include "engine/compile/message_reads.h"
#include "engine/engine.h"
#include "engine/mail/header_extent.h"
#include "engine/mail/header_scanner.h"
#include "engine/report/jsonl_writer.h"
#include "engine/rules/load_native.h"
#include "engine/rules/presets.h"
#include "tests/support/build_paths.h"
#include "tests/support/corpora.h"
#include "tests/support/gzip_writer.h"
#include "tests/support/process.h"

namespace {

namespace mail = mfsim::mail;
using mfsim::test::temp_dir;

bool same_scan(std::string_view a_text, const mail::header_block& a, std::string_view b_text,
               const mail::header_block& b) {
  if (a.flags != b.flags || a.header_end != b.header_end || a.body_offset != b.body_offset ||
      a.fields.size() != b.fields.size()) {
    return false;
  }
  for (std::size_t k = 0; k < a.fields.size(); ++k) {
    // Same bytes at the same offsets of each text.
    if (a.fields[k].name != b.fields[k].name || a.fields[k].raw_value != b.fields[k].raw_value ||
        a.fields[k].raw_value.data() - a_text.data() !=
            b.fields[k].raw_value.data() - b_text.data()) {
      return false;
    }
  }
  return true;
}

// Checks every prefix of `message`: where header_block_extent() says the prefix is enough,
// scan_headers() over it gives what it gives over the whole message. Returns how many
// prefixes were enough.
std::size_t check_prefixes(const std::string& message, const mail::scan_limits& limits) {
  mail::header_block whole;
  mail::scan_headers(message, limits, whole);
  std::size_t enough = 0;
  for (std::size_t n = 0; n <= message.size(); ++n) {
    const std::string prefix = message.substr(0, n);  // its own copy: no byte past n readable
    const std::size_t extent = mail::header_block_extent(prefix, limits.max_header_bytes);
    if (extent == 0) continue;
    ++enough;
    INFO("message: " << message << "\nprefix length: " << n);
    REQUIRE(extent <= n);
    mail::header_block part;
    mail::scan_headers(prefix, limits, part);
    REQUIRE(same_scan(prefix, part, message, whole));
  }
  return enough;
}

// Random messages built from the pieces that steer the scanner.
std::string random_message(std::mt19937& rng) {
  static const std::vector<std::string> pieces = {
      "Subject: hi", "X-A: b",   "\r\n",         "\n",       "\r",   " folded",
      "\t",          "From x@y", "From :",       "bad line", "a\0b", ":",
      "\xc3\xa9",    "From ",    "\xEF\xBB\xBF", "X:",       "  ",   "body"};
  std::string out;
  const std::size_t count = rng() % 14;
  for (std::size_t k = 0; k < count; ++k) out += pieces[rng() % pieces.size()];
  return out;
}

// The records of a run over `paths`: reading whole, or only header blocks.
std::string records(const mfsim::plan& p, const std::vector<std::string>& paths,
                    bool header_block_only, std::uint64_t* bytes_read = nullptr) {
  mfsim::corpus::read_options read;
  read.header_block_only = header_block_only;
  mfsim::scratch s;
  std::string out;
  mfsim::corpus::read_messages(
      paths,
      [&](const mfsim::corpus::corpus_message& m) {
        if (bytes_read != nullptr) *bytes_read += m.bytes.size();
        mfsim::outcome copy = mfsim::evaluate(p, mfsim::message_prefix{m.bytes, m.whole_size()},
                                              mfsim::run_options{}, s);
        if (!m.read_error.empty()) copy.error = m.read_error;
        mfsim::report::append_record(out, m.id, copy, p);
      },
      nullptr, read);
  return out;
}

// The records of a run that begins the header reads of a run of inputs at a time in one
// head_read_batch, as a worker does (runs of 5: the batch's slots are reused); `started`
// counts the reads the batch began.
std::string batched_records(const mfsim::plan& p, const std::vector<std::string>& paths,
                            std::size_t& started) {
  namespace corpus = mfsim::corpus;
  corpus::read_options read;
  read.header_block_only = true;
  read.size_needed = false;
  read.stat_every_file = false;  // folders of 64 entries and more: sizes unknown
  std::vector<corpus::input_ref> inputs;
  corpus::walk_inputs(
      paths, [&](corpus::input_ref&& input) { inputs.push_back(std::move(input)); }, nullptr, read);
  corpus::file_reader reader;
  corpus::head_read_batch batch;
  std::string entry;
  mfsim::scratch s;
  std::string out;
  const auto record = [&](const corpus::corpus_message& m) {
    mfsim::outcome copy =
        mfsim::evaluate(p, mfsim::message_prefix{m.bytes, m.whole_size()}, mfsim::run_options{}, s);
    if (!m.read_error.empty()) copy.error = m.read_error;
    mfsim::report::append_record(out, m.id, copy, p);
  };
  for (std::size_t first = 0; first < inputs.size(); first += 5) {
    const std::size_t end = std::min(inputs.size(), first + 5);
    for (std::size_t k = first; k < end; ++k) started += start_head_read(inputs[k], batch, read);
    for (std::size_t k = first; k < end; ++k)
      corpus::read_input(inputs[k], reader, entry, record, nullptr, read, &batch);
  }
  return out;
}

// Header conditions and the Area 1 stage, without a size condition: a batch of header reads
// need not know sizes.
constexpr std::string_view kSizelessPlan = R"(mfsim: 1
name: header-only
transport_rules:
  - Name: words
    HeaderContainsMessageHeader: X-Tag
    HeaderContainsWords: urgent
    SetSCL: 9
  - Name: subject
    SubjectMatchesPatterns: 'invoice [0-9]+'
    Quarantine: true
)";

// kSizelessPlan and a size condition: everything a header-only read must still get right.
const std::string kHeaderPlan =
    std::string(kSizelessPlan) + "  - Name: big\n    MessageSizeOver: 20 KB\n    SetSCL: 6\n";

// Messages whose header blocks end before, at and after the first read's 16 KiB, and in
// files large enough to be mapped when read whole.
void write_generated(const temp_dir& dir) {
  const std::string body(64 * 1024, 'b');
  dir.write("g/01-small.eml", "Subject: invoice 42\nX-Tag: urgent\n\nshort body\n");
  dir.write("g/02-big-body.eml", "Subject: hello\r\nX-Tag: calm\r\n\r\n" + body + body + body +
                                     body + body);  // 320 KiB: mapped when read whole
  std::string long_header = "Subject: long\r\n";
  while (long_header.size() < 40 * 1024)
    long_header += "X-Filler: " + std::string(70, 'f') + "\r\n";
  dir.write("g/03-long-header.eml", long_header + "X-Tag: urgent\r\n\r\n" + body);
  std::string edge = "Subject: edge\n";
  edge += "X-Pad: " + std::string(16 * 1024 - edge.size() - 8 - 1, 'p') + "\n";
  dir.write("g/04-separator-at-16k.eml", edge + "\r\n" + body);
  dir.write("g/05-no-separator.eml", "Subject: none\nX-Tag: urgent\n" + body);
  dir.write("g/06-empty.eml", "");
  dir.write("g/07-bare-cr.eml", "Subject: cr\rX-Tag: urgent\r\rbody\r");
  dir.write("g/08-gzip.eml.gz",
            mfsim::test::gzip_of("Subject: invoice 7\nX-Tag: urgent\n\n" + body));
  dir.write("g/09-mbox",
            "From a@b Thu Mar 27 02:11:12 2025\nSubject: invoice 1\n\nx\n\n"
            "From a@b Thu Mar 27 02:11:13 2025\nSubject: two\n\n" +
                body + "\n");
  dir.write("g/10-malformed-then-separator.eml",
            "Subject: m\nnot a field\nX-Tag: urgent\n\n" + body);
  std::string huge_header = "Subject: huge\n";
  while (huge_header.size() < (std::size_t{1} << 20) + 4096)
    huge_header += "X-Filler: " + std::string(100, 'h') + "\n";
  dir.write("g/11-header-over-limit.eml", huge_header + "\n" + body);
  dir.write("g/12-tiny", "Sub");
  dir.write("g/13-tiny-gzip-magic", "\x1f\x8b");
}

}  // namespace

TEST_SUITE("header_only_reading") {
  TEST_CASE("header_block_extent: every prefix it calls enough scans like the whole message") {
    const mail::scan_limits limits;
    const std::vector<std::string> messages = {
        "Subject: a\r\nX: b\r\n\r\nbody",
        "Subject: a\nX: b\n\nbody",
        "Subject: a\rX: b\r\rbody",
        "Subject: a\r\n folded\r\n\tmore\r\n\r\n",
        "\r\nbody only",
        "\nbody only",
        "From x@y Thu\nSubject: a\n\nb",
        "\xEF\xBB\xBF"
        "From x@y Thu\r\nSubject: a\r\n\r\nb",
        "From : x@y\nSubject: a\n\nb",
        "Subject: a\nstray line\nX: b\n\nbody",
        "Subject: a\nstray line without separator\nX: b\nbody",
        "Subject: a\nX: b",
        "Subject: a\r",
        "Subject: a\r\n\r",
        "Subject: a\n\r\n",
        "Subject: a\n\r",
        std::string("Subject: a\0b\n\nbody", 19),
        "Subject: \xc3\xa9\r\nX: b\n\nmixed",
    };
    std::size_t enough = 0;
    for (const auto& m : messages) enough += check_prefixes(m, limits);
    CHECK(enough > 0);
    // A small header window: blocks longer than it are never cut short.
    const mail::scan_limits tiny{16, 64, 8};
    for (const auto& m : messages) check_prefixes(m, tiny);
    CHECK(mail::header_block_extent("Subject: a\nX: bbbbbbbbbbbbbbbbbbbbbbbb\n\n", 16) == 0);
    std::mt19937 rng(16);
    for (int k = 0; k < 3000; ++k) {
      check_prefixes(random_message(rng), limits);
      check_prefixes(random_message(rng), tiny);
    }
  }

  TEST_CASE("the plan says what it reads") {
    using kind = mfsim::rules::condition_kind;
    CHECK(mfsim::condition_reads(kind::header_contains_words).header_block_only());
    CHECK(mfsim::condition_reads(kind::message_size_over).size);
    CHECK(mfsim::condition_reads(kind::message_size_over).header_block_only());
    CHECK_FALSE(mfsim::condition_reads(kind::subject_or_body_contains_words).header_block_only());
    CHECK(mfsim::condition_reads(kind::attachment_extension_matches_words).attachments);
    const auto uc4 = mfsim::compile(*mfsim::rules::load_preset("uc4"));
    CHECK(mfsim::reads_of(*uc4).header_block_only());
    const auto body = mfsim::compile(mfsim::rules::load_rule_set_yaml(
        "mfsim: 1\nname: b\ntransport_rules:\n  - Name: w\n    SubjectOrBodyContainsWords: "
        "wire\n    SetSCL: 9\n",
        "body.yaml"));
    CHECK(mfsim::reads_of(*body).body);
    CHECK_FALSE(mfsim::reads_of(*body).header_block_only());
  }

  TEST_CASE("a header-only run reads less and writes the same records") {
    temp_dir dir;
    write_generated(dir);
    const auto plan = mfsim::compile(mfsim::rules::load_rule_set_yaml(kHeaderPlan, "plan.yaml"));
    REQUIRE(mfsim::reads_of(*plan).header_block_only());
    const std::vector<std::string> paths = {dir.path() + "/g",
                                            mfsim::test::source_dir() + "/corpus/samples"};
    std::uint64_t whole_bytes = 0, head_bytes = 0;
    const std::string whole = records(*plan, paths, false, &whole_bytes);
    const std::string head = records(*plan, paths, true, &head_bytes);
    CHECK(whole == head);
    CHECK(whole.find("\"big\"") != std::string::npos);  // the size rule fired on a cut read
    // The 320 KiB body alone is not read (headers over the limit are still read whole).
    CHECK(head_bytes + 300 * 1024 < whole_bytes);
    const auto uc4 = mfsim::compile(*mfsim::rules::load_preset("uc4"));
    CHECK(records(*uc4, paths, false) == records(*uc4, paths, true));
  }

  TEST_CASE("a header read trusts the walk's size only while the reads agree with it") {
    temp_dir dir;
    const std::string header = "Subject: sized\nX-Tag: urgent\n\n";
    const std::string message = header + std::string(40 * 1024, 'b');
    const std::string path = dir.write("sized.eml", message);
    const auto is_mbox = [](std::string_view bytes) { return bytes.substr(0, 5) == "From "; };
    const mfsim::corpus::open_expectation regular{true, true};
    mfsim::corpus::file_reader reader;
    // The size the walk saw: only the header block's first read is needed.
    CHECK(reader.read_head(path, regular, message.size(), 1 << 20, is_mbox).empty());
    CHECK(reader.data().substr(0, header.size()) == header);
    CHECK(reader.data().size() < message.size());
    CHECK(reader.whole_size() == message.size());
    // A walk that saw it smaller (it grew since): the file's own size counts.
    CHECK(reader.read_head(path, regular, 100, 1 << 20, is_mbox).empty());
    CHECK(reader.whole_size() == message.size());
    // Larger (it shrank since), for a file read to its end: likewise.
    const std::string small = dir.write("small.eml", header + "body\n");
    CHECK(reader.read_head(small, regular, 3 * small.size(), 1 << 20, is_mbox).empty());
    CHECK(reader.data() == header + "body\n");
    CHECK(reader.whole_size() == header.size() + 5);
    // Replaced by a FIFO since the walk: an error, not an empty message or a hang.
    const std::string fifo = dir.path() + "/fifo.eml";
    REQUIRE(::mkfifo(fifo.c_str(), 0600) == 0);
    CHECK(reader.read_head(fifo, regular, message.size(), 1 << 20, is_mbox)
              .find("not a regular file any more") == 0);
  }

  TEST_CASE("a small file to read whole is read on from its first bytes, as a whole read") {
    // An mbox or gzip file under kMapThreshold is read on to its end through the descriptor
    // that read its first bytes (decision 369); sizes that disagree, and larger files, are read
    // whole from the start. Either way the bytes are read()'s.
    namespace corpus = mfsim::corpus;
    temp_dir dir;
    const auto read_whole = [](std::string_view bytes) {
      return bytes.substr(0, 5) == "From " || corpus::is_gzip(bytes);
    };
    const corpus::open_expectation regular{true, true};
    std::mt19937 random(369);
    std::string text = "From a@b Thu\nSubject: 1\n\n";
    while (text.size() < 100 * 1024) text += std::to_string(random()) + (random() % 9 ? " " : "\n");
    const std::string mbox = dir.write("box", text + "\nFrom c@d Fri\nSubject: 2\n\ny\n");
    const std::string gz = dir.write("box.gz", mfsim::test::gzip_of(text));
    REQUIRE(mfsim::test::gzip_of(text).size() > corpus::kHeadFirstRead);
    std::string large_text = text;
    while (large_text.size() <= corpus::kMapThreshold) large_text += text;
    const std::string large = dir.write("large", large_text);
    corpus::file_reader reader, plain;
    // `read(path, walked)` reads into `reader`, for each file and walked size, and returns its
    // error: the bytes must be plain read()'s.
    const auto each_file_and_size = [&](const auto& read) {
      for (const std::string& path : {mbox, gz, large}) {
        CAPTURE(path);
        REQUIRE(plain.read(path, regular).empty());
        const std::uint64_t size = std::filesystem::file_size(path);
        for (const std::uint64_t walked : {size, size - 100, size + 100, std::uint64_t{0}}) {
          CAPTURE(walked);
          CHECK(read(path, walked).empty());
          CHECK(reader.data() == plain.data());
        }
      }
    };
    each_file_and_size([&](const std::string& path, std::uint64_t walked) {
      return reader.read_head(path, regular, walked, 1 << 20, read_whole);
    });
    corpus::head_read_batch batch;
    if (!batch.start(&mbox, -1, nullptr, mbox.c_str(), true)) {
      MESSAGE("io_uring is not available here: the batch's reads are not checked");
      return;
    }
    corpus::started_head* probe = batch.take(&mbox);
    REQUIRE(probe != nullptr);
    batch.finish(*probe);
    each_file_and_size([&](const std::string& path, std::uint64_t walked) {
      REQUIRE(batch.start(&path, -1, nullptr, path.c_str(), true));
      corpus::started_head* head = batch.take(&path);
      REQUIRE(head != nullptr);
      return reader.read_started_head(batch, *head, path, regular, walked, 1 << 20, read_whole);
    });
    // Read on, not opened again: removed once its first read is taken, it still reads whole,
    // sized up to kMapThreshold, not sized up to 64 KiB.
    const std::string sized_text = text, unsized_text = text.substr(0, 60 * 1024);
    for (const auto& [copied, walked] : {std::pair{sized_text, std::uint64_t{text.size()}},
                                         std::pair{unsized_text, std::uint64_t{0}}}) {
      const std::string copy = dir.write("copy", copied);
      REQUIRE(batch.start(&copy, -1, nullptr, copy.c_str(), true));
      corpus::started_head* head = batch.take(&copy);
      REQUIRE(head != nullptr);
      REQUIRE(::unlink(copy.c_str()) == 0);
      CHECK(reader.read_started_head(batch, *head, copy, regular, walked, 1 << 20, read_whole)
                .empty());
      CHECK(reader.data() == copied);
    }
  }

  TEST_CASE("a batch of header reads writes the records a run reading files whole writes") {
    temp_dir dir;
    write_generated(dir);
    // 64 entries and more: the walk leaves the sizes unknown, as in a large corpus folder.
    for (int k = 0; k < 64; ++k)
      dir.write("g/filler-" + std::to_string(k) + ".eml",
                "Subject: invoice " + std::to_string(k) + "\n\nbody\n");
    // Below the 32 directories the walk holds open, files are opened by their whole path.
    std::string deep = "g/deep/";
    for (int level = 0; level < 40; ++level) {
      deep += "d" + std::to_string(level) + "/";
      if (level % 10 == 9) dir.write(deep + "m.eml", "Subject: invoice 9\nX-Tag: urgent\n\nx\n");
    }
    const std::vector<std::string> paths = {dir.path() + "/g",
                                            mfsim::test::source_dir() + "/corpus/samples"};
    const auto sizeless =
        mfsim::compile(mfsim::rules::load_rule_set_yaml(kSizelessPlan, "plan.yaml"));
    const auto uc4 = mfsim::compile(*mfsim::rules::load_preset("uc4"));
    for (const mfsim::plan* plan : {sizeless.get(), uc4.get()}) {
      REQUIRE_FALSE(mfsim::reads_of(*plan).size);
      std::size_t started = 0;
      CHECK(batched_records(*plan, paths, started) == records(*plan, paths, false));
      if (started == 0) MESSAGE("io_uring is not available here: every file was read as before");
    }
  }

  TEST_CASE("a batch's read gives what read_head gives, and leaves the unusual to read_head") {
    namespace corpus = mfsim::corpus;
    temp_dir dir;
    const auto is_mbox = [](std::string_view bytes) { return bytes.substr(0, 5) == "From "; };
    const corpus::open_expectation regular{true, true};
    corpus::head_read_batch batch;
    corpus::file_reader reader;
    corpus::file_reader plain;
    {
      const std::string probe_path = dir.write("probe.eml", "Subject: p\n\n");
      if (!batch.start(&probe_path, -1, nullptr, probe_path.c_str(), true)) {
        MESSAGE("io_uring is not available here: nothing to check");
        return;
      }
      corpus::started_head* head = batch.take(&probe_path);
      REQUIRE(head != nullptr);
      // A read from offset 0 lands on a page's start (decision 362).
      CHECK(reinterpret_cast<std::uintptr_t>(head->bytes) % corpus::kPageBytes == 0);
      CHECK(
          reader.read_started_head(batch, *head, probe_path, regular, 0, 1 << 20, is_mbox).empty());
      CHECK(reader.data() == "Subject: p\n\n");
    }
    // Begins and takes one read; returns read_started_head's error.
    const auto batched = [&](const std::string& path, std::uint64_t walked_size,
                             const std::function<void()>& before_take = {}) {
      REQUIRE(batch.start(&path, -1, nullptr, path.c_str(), true));
      if (before_take) before_take();
      corpus::started_head* head = batch.take(&path);
      REQUIRE(head != nullptr);
      return reader.read_started_head(batch, *head, path, regular, walked_size, 1 << 20, is_mbox);
    };
    std::string long_header = "Subject: long\r\n";
    while (long_header.size() < 40 * 1024) long_header += "X-F: " + std::string(70, 'f') + "\r\n";
    const std::string body(64 * 1024, 'b');
    const std::string long_path = dir.write("long.eml", long_header + "\r\n" + body);
    // A header block longer than the first read: read on through the batch.
    CHECK(batched(long_path, 0).empty());
    CHECK(plain.read_head(long_path, regular, 0, 1 << 20, is_mbox).empty());
    CHECK(reader.data() == plain.data());
    // Read on in the reader's own buffer, which starts on a page too.
    CHECK(reinterpret_cast<std::uintptr_t>(reader.data().data()) % corpus::kPageBytes == 0);
    CHECK(reader.data().size() < long_header.size() + body.size());
    CHECK(reader.whole_size() == reader.data().size());  // its size was not looked up
    // With the walk's size: that size, as read_head gives it.
    CHECK(batched(long_path, long_header.size() + 2 + body.size()).empty());
    CHECK(reader.whole_size() == long_header.size() + 2 + body.size());
    // Over --max-message-bytes: the probe says so without a stat.
    const std::size_t saved = corpus::max_message_bytes();
    corpus::set_max_message_bytes(50 * 1024);
    CHECK(batched(long_path, 0) == corpus::too_large_error("holds"));
    CHECK(reader.data().empty());
    corpus::set_max_message_bytes(saved);
    // An mbox is read whole, as read_head reads it.
    const std::string mbox = dir.write("box", "From a@b Thu\nSubject: 1\n\nx\n" + body);
    CHECK(batched(mbox, 0).empty());
    CHECK(plain.read(mbox, regular).empty());
    CHECK(reader.data() == plain.data());
    // One whole in the first read is not opened again: removed once its read is taken, it
    // still reads, both messages.
    const std::string small_box_text =
        "From a@b Thu\nSubject: 1\n\nx\n\nFrom c@d Fri\nSubject: 2\n\ny\n";
    const std::string small_box = dir.write("small-box", small_box_text);
    REQUIRE(batch.start(&small_box, -1, nullptr, small_box.c_str(), true));
    corpus::started_head* small_head = batch.take(&small_box);  // waits for its read
    REQUIRE(small_head != nullptr);
    REQUIRE(::unlink(small_box.c_str()) == 0);
    CHECK(reader.read_started_head(batch, *small_head, small_box, regular, 0, 1 << 20, is_mbox)
              .empty());
    CHECK(reader.data() == small_box_text);
    // Removed before the open was issued: read_head's error.
    const std::string gone = dir.write("gone.eml", "Subject: g\n\n");
    CHECK(batched(gone, 0, [&] { ::unlink(gone.c_str()); }).find("cannot open: ") == 0);
    // A FIFO put in its place: not an empty message.
    const std::string fifo = dir.path() + "/fifo.eml";
    REQUIRE(::mkfifo(fifo.c_str(), 0600) == 0);
    CHECK(batched(fifo, 0).find("not a regular file any more") == 0);
    // Even with bytes waiting in it: not read as a message.
    const int writer = ::open(fifo.c_str(), O_RDWR | O_NONBLOCK);
    REQUIRE(writer >= 0);
    REQUIRE(::write(writer, "Subject: f\n\n", 13) == 13);
    CHECK(batched(fifo, 0).find("not a regular file any more") == 0);
    ::close(writer);
    // An empty file is one empty message.
    const std::string empty = dir.write("empty.eml", "");
    CHECK(batched(empty, 0).empty());
    CHECK(reader.data().empty());
    // Reads never taken (their input skipped) are given up when a later one is taken, and
    // their slots serve again.
    std::vector<std::string> names;
    for (unsigned k = 0; k <= corpus::head_read_batch::kSlots; ++k)
      names.push_back(dir.write("n" + std::to_string(k) + ".eml", "Subject: n\n\n"));
    for (unsigned k = 0; k < corpus::head_read_batch::kSlots; ++k)
      CHECK(batch.start(&names[k], -1, nullptr, names[k].c_str(), true));
    CHECK_FALSE(
        batch.start(&names.back(), -1, nullptr, names.back().c_str(), true));  // every slot taken
    corpus::started_head* last = batch.take(&names[corpus::head_read_batch::kSlots - 1]);
    REQUIRE(last != nullptr);
    CHECK(reader
              .read_started_head(batch, *last, names[corpus::head_read_batch::kSlots - 1], regular,
                                 0, 1 << 20, is_mbox)
              .empty());
    CHECK(batch.take(&names[0]) == nullptr);  // given up
    CHECK(batched(names.back(), 0).empty());
    CHECK(reader.data() == "Subject: n\n\n");
    // A key started again (an input's place serving a later input) names the later read.
    const std::string first = dir.write("first.eml", "Subject: first\n\n");
    const std::string second = dir.write("second.eml", "Subject: second\n\n");
    const int key = 0;
    // The later read in a lower slot than the earlier one: freed by a read taken in between.
    CHECK(batch.start(&names[0], -1, nullptr, names[0].c_str(), true));
    CHECK(batch.start(&key, -1, nullptr, first.c_str(), true));
    corpus::started_head* between = batch.take(&names[0]);
    REQUIRE(between != nullptr);
    batch.finish(*between);
    CHECK(batch.start(&key, -1, nullptr, second.c_str(), true));
    corpus::started_head* later = batch.take(&key);
    REQUIRE(later != nullptr);
    CHECK(reader.read_started_head(batch, *later, second, regular, 0, 1 << 20, is_mbox).empty());
    CHECK(reader.data() == "Subject: second\n\n");
    CHECK(batch.take(&key) == nullptr);
    // The open is issued at take(), and the name it was started with may be gone by then (a
    // pipeline that failed frees its inputs before their reads are issued): the batch opens
    // its own copy of the name, relative to the directory it holds open.
    const int folder_fd = ::open(dir.path().c_str(), O_RDONLY | O_DIRECTORY | O_CLOEXEC);
    REQUIRE(folder_fd >= 0);
    auto folder = std::make_shared<const corpus::open_directory>(folder_fd);
    const std::weak_ptr<const corpus::open_directory> held = folder;
    const auto read_in_folder = [&](const std::string& file) {
      std::string name(std::string_view(file).substr(dir.path().size() + 1));
      REQUIRE(batch.start(&key, folder_fd, folder, name, true));
      name.assign(name.size(), 'z');  // the same buffer, another name
      corpus::started_head* head = batch.take(&key);
      REQUIRE(head != nullptr);
      CHECK(head->open_result == 0);
      return reader.read_started_head(batch, *head, file, regular, 0, 1 << 20, is_mbox);
    };
    CHECK(read_in_folder(first).empty());
    CHECK(reader.data() == "Subject: first\n\n");
    // The files of one folder share the batch's copy: its count is shared with the walking
    // thread, which changes it for every file, so a worker leaves it alone (decision 357).
    const long shared_by = folder.use_count();
    CHECK(shared_by == 2);  // the walk's and the batch's
    CHECK(read_in_folder(second).empty());
    CHECK(reader.data() == "Subject: second\n\n");
    CHECK(folder.use_count() == shared_by);
    folder.reset();  // the walk is done with the folder; its last file is finished
    CHECK_FALSE(held.expired());
    // A file of another directory (the working directory here): the batch lets go of it.
    CHECK(batched(names.back(), 0).empty());
    CHECK(held.expired());
    // A read started and not yet issued holds its folder open when nothing else does.
    const int again_fd = ::open(dir.path().c_str(), O_RDONLY | O_DIRECTORY | O_CLOEXEC);
    REQUIRE(again_fd >= 0);
    auto again = std::make_shared<const corpus::open_directory>(again_fd);
    const std::weak_ptr<const corpus::open_directory> in_flight = again;
    REQUIRE(batch.start(&key, again_fd, again, "second.eml", true));
    again.reset();
    CHECK_FALSE(in_flight.expired());
    corpus::started_head* head = batch.take(&key);
    REQUIRE(head != nullptr);
    CHECK(head->open_result == 0);
    CHECK(reader.read_started_head(batch, *head, second, regular, 0, 1 << 20, is_mbox).empty());
    CHECK(reader.data() == "Subject: second\n\n");
  }
}

TEST_SUITE("corpora") {
  TEST_CASE("header-only and whole reads give the same records over the public corpora") {
    const auto uc4 = mfsim::compile(*mfsim::rules::load_preset("uc4"));
    const auto plan = mfsim::compile(mfsim::rules::load_rule_set_yaml(kHeaderPlan, "plan.yaml"));
    for (const char* name : {"phishing_pot", "spamassassin", "torture", "outlook"}) {
      const auto dir = mfsim::test::corpus_dir(name);
      if (!dir) return;
      INFO("corpus " << name);
      const std::vector<std::string> paths = {dir->string()};
      CHECK(records(*uc4, paths, false) == records(*uc4, paths, true));
      CHECK(records(*plan, paths, false) == records(*plan, paths, true));
    }
  }
}
