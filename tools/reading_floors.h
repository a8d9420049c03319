// The least work a corpus run can do over the same files: the floors `mfsim bench` and
// bench/mfsim_read_floor time mfsim against. Line ends are found with memchr: glibc's memmem
// with a 2- to 4-byte needle costs more than the read itself and would flatter mfsim.
#pragma once

#include <atomic>
#include <cstddef>
#include <functional>
#include <span>
#include <string>
#include <vector>

namespace mfsim::tools::floors {

// What one pass over the files did.
struct totals {
  std::size_t files = 0;
  std::size_t bytes_read = 0;
  std::size_t header_bytes = 0;  // header blocks, up to and with their empty line
  std::size_t messages = 0;      // header blocks found: one per file, one per mbox entry
  std::size_t items = 0;         // mimetic: header fields parsed

  totals& operator+=(const totals& other) noexcept;
};

// The regular files under `paths` (directories walked, entries sorted by byte order; links to
// directories not followed), as listed before any clock starts.
[[nodiscard]] std::vector<std::string> list_files(const std::vector<std::string>& paths);

// Offset just past the empty line that ends the header block starting at `text`, or 0.
[[nodiscard]] std::size_t header_end(const char* text, std::size_t size) noexcept;

// Per file: open, one read of the whole file, memchr for the end of the header block, close.
void read_all(std::span<const std::string> files, totals& t);

// Per file: 16 KiB reads until the end of the header block. With `parse`, mimetic then parses
// the block (from the line after an mbox envelope line, where mimetic would stop).
void read_header_blocks(std::span<const std::string> files, totals& t, bool parse);

// Runs `pass` over `files` on `threads` threads that take runs of 16 files in turn, as mfsim's
// workers take runs of inputs, and adds what each did to `t`: how far reading alone scales on
// this machine, beside `mfsim run --jobs`. One thread: `pass` over all of them on this thread.
// A thread the system refuses (std::system_error, 1231), or what `pass` throws on one, reaches
// the caller once the started threads have ended the run each was on (1247).
using files_pass = std::function<void(std::span<const std::string>, totals&)>;
void share_files(const std::vector<std::string>& files, unsigned threads, const files_pass& pass,
                 totals& t);

// Per file, every message: the whole file read (in 2 MiB reads), each mbox entry's envelope
// line and header end found; with `parse`, mimetic parses each header block. A file that does
// not start with an envelope line is one message. What `mfsim bench` compares with. Once
// `*stop` is true no further file is opened.
void read_messages(const std::vector<std::string>& files, totals& t, bool parse,
                   const std::atomic<bool>* stop = nullptr);

// One mbox in 2 MiB reads, memchr for every envelope line; `items` counts the entries. With
// more than one thread, each reads its own 1/threads of the file's bytes (and the few bytes past
// it where an envelope line can run on), as mfsim's workers read parts of one large mbox. A
// thread refused: as share_files.
void split_mbox(const std::string& file, totals& t, unsigned threads = 1);

// CPU seconds (user + system) this process has used.
[[nodiscard]] double cpu_seconds();

}  // namespace mfsim::tools::floors
