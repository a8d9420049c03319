// The floors benchmarks time mfsim against (tools/reading_floors.h): shared across threads they
// count what one thread counts, so that a floor's speed-up on J threads is the same work done
// faster. The mbox floor cuts the file at byte offsets, so its threads' counts must meet exactly
// at every cut, wherever the cut falls in an envelope line.
#include "tools/reading_floors.h"

#include <doctest/doctest.h>
#include <sys/resource.h>
#include <sys/wait.h>
#include <unistd.h>

#include <atomic>
#include <chrono>
#include <cstddef>
#include <fstream>
#include <new>
#include <random>
#include <string>
#include <system_error>
#include <thread>
#include <vector>

#include "tests/support/process.h"
#include "tests/support/sanitizers.h"

namespace floors = mfsim::tools::floors;

namespace {

// An mbox of `count` messages with bodies of random lengths, LF or CRLF line ends: the cuts of
// split_mbox fall anywhere, and some in the middle of "\n\nFrom " or "\n\r\nFrom ".
std::string make_mbox(std::size_t count, bool crlf, unsigned seed) {
  const std::string eol = crlf ? "\r\n" : "\n";
  std::mt19937 random(seed);
  std::uniform_int_distribution<int> body_lines(0, 40);
  std::string out;
  for (std::size_t k = 0; k < count; ++k) {
    out += "From sender@example.com Thu Jan  1 00:00:00 2026" + eol;
    out += "Subject: message " + std::to_string(k) + eol + eol;
    for (int line = body_lines(random); line > 0; --line) out += "body line " + eol;
    // A body line that starts with "From " only after a non-empty line: not an envelope line.
    out += "text" + eol + "From the desk of nobody" + eol;
    out += eol;
  }
  return out;
}

// The bytes of address space this process has mapped (/proc/self/statm's first field).
std::size_t mapped_bytes() {
  std::ifstream statm("/proc/self/statm");
  std::size_t pages = 0;
  statm >> pages;
  return pages * static_cast<std::size_t>(::sysconf(_SC_PAGESIZE));
}

// The exit status of a child process that runs `body`, or 100 + the signal that ended it: an
// exception that left a thread ended the process with SIGABRT.
int exit_of_child(int (*body)()) {
  const pid_t child = ::fork();
  REQUIRE(child >= 0);
  if (child == 0) ::_exit(body());
  int status = 0;
  REQUIRE(::waitpid(child, &status, 0) == child);
  return WIFEXITED(status) ? WEXITSTATUS(status) : 100 + WTERMSIG(status);
}

// Shares 256 runs of 16 names on `threads` threads, each run taking 5 ms and the `throw_at`th
// run started (0: none) throwing std::bad_alloc. 3: a thread refused; 4: the std::bad_alloc; 7 or
// 8: the same after all 256 runs (the threads started were not stopped); 0: no exception.
constexpr std::size_t kRuns = 256;
int share_slow_runs(unsigned threads, std::size_t throw_at) {
  static std::atomic<std::size_t> runs{0};
  static std::size_t throwing_at = 0;
  throwing_at = throw_at;
  const std::vector<std::string> names(kRuns * 16, "never-opened.eml");
  const int all_read = 4;
  try {
    floors::totals t;
    floors::share_files(
        names, threads,
        [](std::span<const std::string> run, floors::totals& each) {
          if (runs.fetch_add(1) + 1 == throwing_at) throw std::bad_alloc();
          std::this_thread::sleep_for(std::chrono::milliseconds(5));
          each.files += run.size();
        },
        t);
  } catch (const std::system_error&) {
    return runs.load() < kRuns ? 3 : 3 + all_read;
  } catch (const std::bad_alloc&) {
    return runs.load() < kRuns ? 4 : 4 + all_read;
  } catch (...) {
    return 5;
  }
  return 0;
}

floors::totals split(const std::string& path, unsigned threads) {
  floors::totals t;
  floors::split_mbox(path, t, threads);
  return t;
}

}  // namespace

TEST_SUITE("reading_floors") {
  TEST_CASE("the mbox floor counts every entry once, whatever the number of threads") {
    const mfsim::test::temp_dir dir;
    for (const bool crlf : {false, true}) {
      const std::string bytes = make_mbox(200, crlf, crlf ? 7u : 11u);
      const std::string path = dir.write(crlf ? "crlf.mbox" : "lf.mbox", bytes);
      for (unsigned threads = 1; threads <= 40; ++threads) {
        CAPTURE(crlf);
        CAPTURE(threads);
        const floors::totals t = split(path, threads);
        CHECK(t.items == 200);
        CHECK(t.bytes_read == bytes.size());
        CHECK(t.files == 1);
      }
    }
    // More threads than bytes, and an empty file.
    CHECK(split(dir.write("tiny.mbox", "From a\n\nx\n"), 64).items == 1);
    CHECK(split(dir.write("empty.mbox", ""), 3).items == 0);
  }

  TEST_CASE("two threads meet exactly wherever the cut falls around an envelope line") {
    const mfsim::test::temp_dir dir;
    for (const std::string eol : {"\n", "\r\n"}) {
      const std::string second = "From b@example.com Thu Jan  1 00:00:00 2026" + eol +
                                 "Subject: two" + eol + eol + "body" + eol;
      // The first entry grows a byte at a time: the cut, half the file, moves across the empty
      // line and the envelope line that starts the second entry, a byte every two steps.
      for (std::size_t pad = 0; pad < 2 * second.size() + 16; ++pad) {
        const std::string first = "From a@example.com Thu Jan  1 00:00:00 2026" + eol +
                                  "Subject: one" + eol + eol + std::string(pad, 'x') + eol + eol;
        const std::string path = dir.write("cut.mbox", first + second);
        CAPTURE(pad);
        const floors::totals t = split(path, 2);
        CHECK(t.items == 2);
        CHECK(t.bytes_read == first.size() + second.size());
      }
    }
  }

  TEST_CASE("the floors list the regular files, sorted, without following a link") {
    // Entries are taken by the type their listing gives (decision 373): the same list as when
    // each was stat'ed, links to files and to folders skipped, a FIFO never opened.
    const mfsim::test::temp_dir dir;
    const std::string b = dir.write("in/b.eml", "Subject: b\n\nx\n");
    const std::string a = dir.write("in/a.eml", "Subject: a\n\nx\n");
    const std::string nested = dir.write("in/sub/c.eml", "Subject: c\n\nx\n");
    const std::string outside = dir.write("elsewhere/d.eml", "Subject: d\n\nx\n");
    const std::string root = dir.path() + "/in";
    REQUIRE(mfsim::test::run_shell("ln -s '" + outside + "' '" + root + "/link.eml' && ln -s '" +
                                   dir.path() + "/elsewhere' '" + root +
                                   "/linked-folder' && mkfifo '" + root + "/fifo'")
                .exit_code == 0);
    CHECK(floors::list_files({root}) == std::vector<std::string>{a, b, nested});
    // A path given by name is followed, as `mfsim run` follows it.
    CHECK(floors::list_files({root + "/link.eml"}) == std::vector<std::string>{root + "/link.eml"});
    CHECK(floors::list_files({root + "/linked-folder"}) ==
          std::vector<std::string>{root + "/linked-folder/d.eml"});
  }

  TEST_CASE("the file floors shared across threads count what one thread counts") {
    const mfsim::test::temp_dir dir;
    std::vector<std::string> files;
    for (int k = 0; k < 100; ++k) {
      const std::string headers = "Subject: " + std::to_string(k) + "\r\nX-Pad: " +
                                  std::string(static_cast<std::size_t>(k) * 700, 'p') + "\r\n\r\n";
      const std::string name = std::to_string(1000 + k) + ".eml";
      files.push_back(dir.write(name, headers + "body\r\n"));
    }
    floors::totals one;
    floors::totals three;
    floors::share_files(files, 1, floors::read_all, one);
    floors::share_files(files, 3, floors::read_all, three);
    CHECK(one.files == 100);
    CHECK(three.files == one.files);
    CHECK(three.bytes_read == one.bytes_read);
    CHECK(three.header_bytes == one.header_bytes);
    const auto header_only = [](std::span<const std::string> run, floors::totals& t) {
      floors::read_header_blocks(run, t, false);
    };
    floors::totals blocks_one;
    floors::totals blocks_four;
    floors::share_files(files, 1, header_only, blocks_one);
    floors::share_files(files, 4, header_only, blocks_four);
    CHECK(blocks_one.header_bytes == one.header_bytes);
    CHECK(blocks_four.header_bytes == one.header_bytes);
    CHECK(blocks_four.messages == 100);
  }

  TEST_CASE("a thread the system refuses reaches the caller, the threads started stopped") {
    // Decision 1231: the floors started a thread per share and, when the system refused one
    // after the first (no room for its stack under ulimit -v), the started ones were destroyed
    // unjoined: std::terminate, mfsim_read_floor aborted. A child process with room for a few
    // stacks asks for 1024 threads; the refusal must reach it as an exception, and the threads
    // started stop at their next run of files rather than read all of them (decision 1247).
    if (mfsim::test::kBuiltWithAsan || mfsim::test::kBuiltWithTsan) return;
    CHECK(exit_of_child([] {
            const rlim_t room = mapped_bytes() + (std::size_t{48} << 20);
            const rlimit limit{room, room};
            return ::setrlimit(RLIMIT_AS, &limit) == 0 ? share_slow_runs(1024, 0) : 6;
          }) == 3);
  }

  TEST_CASE("what a floor's thread throws reaches the caller, the other threads stopped") {
    // Decision 1247: a thread's read buffer refused (std::bad_alloc: `ulimit -v 150000;
    // mfsim_read_floor --threads 1024 read-all DIR`) left its thread, and std::terminate
    // aborted the process. It reaches the caller once the others have ended their run.
    if (mfsim::test::kBuiltWithAsan || mfsim::test::kBuiltWithTsan) return;
    CHECK(exit_of_child([] { return share_slow_runs(4, 1); }) == 4);
  }
}
