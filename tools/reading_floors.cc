#include "tools/reading_floors.h"

#include <dirent.h>
#include <fcntl.h>
#include <mimetic/mimetic.h>
#include <sys/resource.h>
#include <sys/stat.h>
#include <unistd.h>

#include <algorithm>
#include <cstdint>
#include <cstring>
#include <exception>
#include <functional>
#include <stop_token>
#include <string_view>
#include <thread>
#include <utility>

#include "corpus/huge_page_buffer.h"

namespace mfsim::tools::floors {
namespace {

constexpr std::size_t kChunk = std::size_t{2} << 20;         // the mbox reads, as mfsim's parts
constexpr std::size_t kLongestHeld = std::size_t{64} << 20;  // of one mbox entry
constexpr std::size_t kTail = 7;  // "\n\r\nFrom" minus its first byte: carried over
constexpr std::size_t kRun = 16;  // files a thread takes at a time (mfsim's workers: 16 inputs)

void walk(const std::string& path, bool named, std::vector<std::string>& out);

// The files under folder `path`, in name order. An entry is taken by the type its listing
// gives, as mfsim's walk takes it (decision 311), and stat'ed only where the file system gives
// none: an lstat per file cost the floor about 1.3 us a file, three times mfsim's whole walk,
// and made a floor that is timed as a process slower than it should be (decision 373).
void walk_folder(const std::string& path, std::vector<std::string>& out) {
  std::vector<std::pair<std::string, unsigned char>> entries;
  if (DIR* d = ::opendir(path.c_str())) {
    while (const dirent* e = ::readdir(d)) {
      const std::string_view name = e->d_name;
      if (name != "." && name != "..") entries.emplace_back(name, e->d_type);
    }
    ::closedir(d);
  }
  std::sort(entries.begin(), entries.end());
  const std::string prefix = !path.empty() && path.back() == '/' ? path : path + "/";
  for (const auto& [name, type] : entries) {
    if (type == DT_REG) {
      out.push_back(prefix + name);
    } else if (type == DT_DIR) {
      walk_folder(prefix + name, out);
    } else if (type == DT_UNKNOWN) {
      walk(prefix + name, false, out);
    }  // links, FIFOs, devices and sockets: not followed, not read, as lstat would find them
  }
}

// `path` when it is a regular file, the files under it when it is a folder. A path given by
// the user is followed if it is a link; one found in a folder is not.
void walk(const std::string& path, bool named, std::vector<std::string>& out) {
  struct stat st {};
  if ((named ? ::stat(path.c_str(), &st) : ::lstat(path.c_str(), &st)) != 0) return;
  if (S_ISREG(st.st_mode)) {
    out.push_back(path);
  } else if (S_ISDIR(st.st_mode)) {
    walk_folder(path, out);
  }
}

// The header block of a message that may start with an envelope line: mimetic would stop at
// that line, not a field; the fields start on the next one.
std::size_t after_envelope(const char* text, std::size_t size) {
  if (size < 5 || std::memcmp(text, "From ", 5) != 0) return 0;
  const void* lf = std::memchr(text, '\n', size);
  return lf != nullptr ? static_cast<std::size_t>(static_cast<const char*>(lf) - text) + 1 : size;
}

// One message's header block in [text, text + size): counted, and parsed when asked.
void header_block(const char* text, std::size_t size, totals& t, bool parse) {
  const std::size_t from = after_envelope(text, size);
  const std::size_t end = header_end(text + from, size - from);
  const std::size_t block = end != 0 ? end : size - from;
  ++t.messages;
  t.header_bytes += block;
  if (parse) {
    const int header_only = mimetic::imBody | mimetic::imChildParts | mimetic::imPreamble;
    mimetic::MimeEntity entity(text + from, text + from + block, header_only);
    t.items += entity.header().size();
  }
}

// Where the next envelope line starts after the one at `from`: after "\n\n" or "\n\r\n" and
// before "From ", or `size` when there is none in [from, size).
std::size_t next_envelope(const char* text, std::size_t from, std::size_t size) {
  const char* p = text + from;
  const char* end = text + size;
  while ((p = static_cast<const char*>(std::memchr(p, '\n', static_cast<std::size_t>(end - p)))) !=
         nullptr) {
    ++p;
    const char* line = p < end && *p == '\n'                          ? p + 1
                       : end - p >= 2 && p[0] == '\r' && p[1] == '\n' ? p + 2
                                                                      : nullptr;
    if (line != nullptr && end - line >= 5 && std::memcmp(line, "From ", 5) == 0)
      return static_cast<std::size_t>(line - text);
  }
  return size;
}

// Counts the envelope lines ("\n\nFrom " or "\n\r\nFrom ") whose first LF lies in
// [0, limit) of `text`; the pattern may run on to the end of `text`.
std::size_t count_envelopes(const char* text, std::size_t limit, std::size_t size) {
  std::size_t found = 0;
  std::size_t at = 0;
  while (at < limit) {
    const std::size_t next = next_envelope(text, at, size);
    if (next == size) break;
    // next_envelope found the line after the LF; count it only when that LF lies before limit.
    const std::size_t lf = text[next - 2] == '\r' ? next - 3 : next - 2;
    if (lf >= limit) break;
    ++found;
    at = next;
  }
  return found;
}

std::size_t size_of(int fd) {
  struct stat st {};
  return ::fstat(fd, &st) == 0 ? static_cast<std::size_t>(st.st_size) : 0;
}

// A thread's read buffer, kept from pass to pass (fresh pages would be timed with every pass)
// and grown in whole 2 MiB pages that may be huge pages, as mfsim's own read buffers are: on a
// virtual machine a 4 KiB page fault costs microseconds, and a floor that paid them for every
// new buffer page would flatter mfsim. Never zero-filled.
class kept_buffer {
 public:
  // At least `bytes`, the first `keep` bytes held so far kept.
  char* at_least(std::size_t bytes, std::size_t keep = 0) {
    if (bytes > size_) {
      const std::size_t grown = corpus::whole_huge_pages(std::max(bytes, size_ * 2));
      corpus::raw_buffer larger = corpus::huge_page_buffer(grown);
      if (keep != 0) std::memcpy(larger.get(), bytes_.get(), keep);
      bytes_ = std::move(larger);
      size_ = grown;
    }
    return bytes_.get();
  }
  [[nodiscard]] char* data() const noexcept { return bytes_.get(); }

 private:
  corpus::raw_buffer bytes_{nullptr, &std::free};
  std::size_t size_ = 0;
};

// Where the bytes of file offset `offset` go in a read buffer that starts on a page: at that
// offset's place within a page, as mfsim's reads put them (corpus/huge_page_buffer.h, kPageBytes).
std::size_t offset_in_page(std::uint64_t offset) {
  return static_cast<std::size_t>(offset % corpus::kPageBytes);
}
char* at_offset_place(char* buffer, std::uint64_t offset) {
  return buffer + offset_in_page(offset);
}

kept_buffer& thread_buffer() {
  static thread_local kept_buffer buffer;
  return buffer;
}

// One read of a whole file of `size` bytes into `buffer` (a byte more asked for, in case it
// grew): the bytes read, or -1.
ssize_t read_whole(int fd, std::size_t size, kept_buffer& buffer) {
  return ::read(fd, buffer.at_least(size + 1), size + 1);
}

// Counts in `t.items` the envelope lines of the mbox open as `fd` whose first LF lies in
// [begin, end), read in 2 MiB preads from `begin`, and up to kTail bytes past `end` (where such
// a line runs on); `t.bytes_read` counts the bytes of [begin, end) read.
void count_envelopes_in_range(int fd, std::uint64_t begin, std::uint64_t end, totals& t) {
  char* const buffer = thread_buffer().at_least(corpus::kPageBytes + kTail + kChunk);
  std::uint64_t next = begin;  // the file offset of the next read
  std::size_t kept = 0;        // bytes carried over, from next - kept
  for (;;) {
    const std::uint64_t base = next - kept;  // the file offset of text[0]
    char* const text = at_offset_place(buffer, base);
    const std::uint64_t stop = end + kTail;
    const std::uint64_t wanted = next < stop ? std::min<std::uint64_t>(kChunk, stop - next) : 0;
    const ssize_t n = wanted == 0 ? 0 : ::pread(fd, text + kept, wanted, static_cast<off_t>(next));
    const std::size_t size = kept + static_cast<std::size_t>(std::max<ssize_t>(n, 0));
    if (n > 0) {
      const auto got = static_cast<std::uint64_t>(n);
      t.bytes_read += std::min(next + got, end) - std::min(next, end);
      next += got;
    }
    // The LFs that can be judged now: those with kTail bytes after them, or all at the end.
    // Reads end kTail bytes past `end`, so no LF at or past `end` is judged here.
    const std::size_t limit = n <= 0 ? size : size > kTail ? size - kTail : 0;
    t.items += count_envelopes(text, limit, size);
    if (n <= 0 || base + limit >= end) return;
    kept = size - limit;  // at most kTail bytes
    std::memmove(at_offset_place(buffer, next - kept), text + limit, kept);
  }
}

// Runs `work(stop, k, totals of k)` for k in [0, threads), on the calling thread when there is
// one and on a thread each otherwise, and adds what each counted to `t`. A thread the system
// refuses (std::system_error, 1231) and what a thread throws (its buffer refused:
// std::bad_alloc, which left the thread and called std::terminate) reach the caller once the
// started threads are done, and `stop` asks those to end at their next run (1247).
using threads_work = std::function<void(std::stop_token, unsigned, totals&)>;
void on_threads(unsigned threads, totals& t, const threads_work& work) {
  std::vector<totals> each(threads);
  if (threads == 1) {
    work({}, 0, each[0]);
  } else {
    std::stop_source stop;
    const std::stop_token asked = stop.get_token();
    std::vector<std::exception_ptr> failed(threads);
    const auto guarded = [&](unsigned k) {
      try {
        work(asked, k, each[k]);
      } catch (...) {
        failed[k] = std::current_exception();
        stop.request_stop();
      }
    };
    {
      std::vector<std::jthread> running;  // joined as it goes, a thread refused or not
      running.reserve(threads);
      try {
        for (unsigned k = 0; k < threads; ++k) running.emplace_back(guarded, k);
      } catch (...) {
        stop.request_stop();
        throw;
      }
    }
    for (const std::exception_ptr& e : failed) {
      if (e) std::rethrow_exception(e);
    }
  }
  for (const totals& one : each) t += one;
}

}  // namespace

std::vector<std::string> list_files(const std::vector<std::string>& paths) {
  std::vector<std::string> files;
  for (const auto& p : paths) walk(p, true, files);
  return files;
}

std::size_t header_end(const char* text, std::size_t size) noexcept {
  const char* p = text;
  const char* end = text + size;
  if (size >= 1 && text[0] == '\n') return 1;
  if (size >= 2 && text[0] == '\r' && text[1] == '\n') return 2;
  while ((p = static_cast<const char*>(std::memchr(p, '\n', static_cast<std::size_t>(end - p)))) !=
         nullptr) {
    ++p;
    if (p < end && *p == '\n') return static_cast<std::size_t>(p + 1 - text);
    if (p + 1 < end && p[0] == '\r' && p[1] == '\n') return static_cast<std::size_t>(p + 2 - text);
  }
  return 0;
}

totals& totals::operator+=(const totals& other) noexcept {
  files += other.files;
  bytes_read += other.bytes_read;
  header_bytes += other.header_bytes;
  messages += other.messages;
  items += other.items;
  return *this;
}

void read_all(std::span<const std::string> files, totals& t) {
  kept_buffer& buffer = thread_buffer();
  for (const auto& f : files) {
    const int fd = ::open(f.c_str(), O_RDONLY | O_CLOEXEC);
    if (fd < 0) continue;
    const ssize_t n = read_whole(fd, size_of(fd), buffer);
    ::close(fd);
    if (n < 0) continue;
    ++t.files;
    ++t.messages;
    t.bytes_read += static_cast<std::size_t>(n);
    t.header_bytes += header_end(buffer.data(), static_cast<std::size_t>(n));
  }
}

void read_header_blocks(std::span<const std::string> files, totals& t, bool parse) {
  constexpr std::size_t kRead = std::size_t{16} << 10;
  kept_buffer& buffer = thread_buffer();
  for (const auto& f : files) {
    const int fd = ::open(f.c_str(), O_RDONLY | O_CLOEXEC);
    if (fd < 0) continue;
    std::size_t have = 0;
    std::size_t header = 0;
    for (;;) {
      const ssize_t n = ::read(fd, buffer.at_least(have + kRead, have) + have, kRead);
      if (n <= 0) break;
      have += static_cast<std::size_t>(n);
      header = header_end(buffer.data(), have);
      if (header != 0) break;
    }
    ::close(fd);
    ++t.files;
    t.bytes_read += have;
    header_block(buffer.data(), header != 0 ? header : have, t, parse);
  }
}

// The entries of an mbox, or the one message of another file, whose bytes are all in
// [text, text + size) (`more`: the file goes on): returns where the unfinished last entry starts.
std::size_t messages_in(const char* text, std::size_t size, bool more, totals& t, bool parse) {
  if (size < 5 || std::memcmp(text, "From ", 5) != 0) {
    if (!more) header_block(text, size, t, parse);  // an empty file is one (empty) message too
    return more ? 0 : size;
  }
  std::size_t start = 0;
  while (start < size) {
    const std::size_t next = next_envelope(text, start, size);
    if (next == size && more) break;  // the last entry may go on in the next read
    header_block(text + start, next - start, t, parse);
    start = next;
  }
  return start;
}

void read_messages(const std::vector<std::string>& files, totals& t, bool parse,
                   const std::atomic<bool>* stop) {
  kept_buffer& buffer = thread_buffer();
  for (const auto& f : files) {
    if (stop != nullptr && stop->load(std::memory_order_relaxed)) return;
    const int fd = ::open(f.c_str(), O_RDONLY | O_CLOEXEC);
    if (fd < 0) continue;
    ++t.files;
    const std::size_t size = size_of(fd);
    if (size < kChunk) {
      const ssize_t n = read_whole(fd, size, buffer);  // as the read-all floor reads
      ::close(fd);
      if (n < 0) continue;
      t.bytes_read += static_cast<std::size_t>(n);
      messages_in(buffer.data(), static_cast<std::size_t>(n), false, t, parse);
      continue;
    }
    // A large file (an mbox): 2 MiB reads, the unfinished last entry carried over. An entry
    // longer than kLongestHeld is counted from what was read of it and the rest read past, not
    // held: the floor's memory stays bounded whatever the file holds.
    std::size_t have = 0;
    std::uint64_t held_from = 0;  // the file offset of the bytes held (text[0])
    bool passing = false;         // in an entry counted already, looking for the next envelope line
    for (bool more = true; more;) {
      const std::size_t lead = offset_in_page(held_from);
      char* const text = buffer.at_least(lead + have + kChunk, lead + have) + lead;
      const ssize_t n = ::read(fd, text + have, kChunk);
      more = n > 0;
      if (more) {
        t.bytes_read += static_cast<std::size_t>(n);
        have += static_cast<std::size_t>(n);
      }
      std::size_t done = 0;
      if (passing) {
        done = next_envelope(text, 0, have);
        passing = done == have;
        // Keep the last bytes: an envelope pattern may run on into the next read.
        if (passing && more) done = have > kTail ? have - kTail : 0;
      }
      if (!passing) done += messages_in(text + done, have - done, more, t, parse);
      if (more && have - done >= kLongestHeld) {
        header_block(text + done, have - done, t, parse);
        passing = true;
        done = have - kTail;
      }
      held_from += done;
      std::memmove(at_offset_place(buffer.data(), held_from), text + done, have - done);
      have -= done;
    }
    ::close(fd);
  }
}

void share_files(const std::vector<std::string>& files, unsigned threads, const files_pass& pass,
                 totals& t) {
  if (threads <= 1) {
    pass(files, t);
    return;
  }
  std::atomic<std::size_t> next{0};
  on_threads(threads, t, [&](std::stop_token stop, unsigned, totals& each) {
    while (!stop.stop_requested()) {  // a thread refused: the started ones end their run (1247)
      const std::size_t first = next.fetch_add(kRun, std::memory_order_relaxed);
      if (first >= files.size()) return;
      pass(std::span<const std::string>(files).subspan(first, std::min(kRun, files.size() - first)),
           each);
    }
  });
}

void split_mbox(const std::string& file, totals& t, unsigned threads) {
  const int fd = ::open(file.c_str(), O_RDONLY | O_CLOEXEC);
  if (fd < 0) return;
  const std::uint64_t size = size_of(fd);
  const unsigned parts = std::max(threads, 1u);
  try {
    on_threads(parts, t, [&](std::stop_token, unsigned k, totals& each) {
      count_envelopes_in_range(fd, size * k / parts, size * (k + 1) / parts, each);
    });
  } catch (...) {  // a thread refused
    ::close(fd);
    throw;
  }
  ::close(fd);
  t.files = 1;
  if (t.bytes_read != 0) ++t.items;  // the first entry has no empty line before it
}

double cpu_seconds() {
  rusage r{};
  ::getrusage(RUSAGE_SELF, &r);
  const auto sec = [](const timeval& v) {
    return static_cast<double>(v.tv_sec) + static_cast<double>(v.tv_usec) / 1e6;
  };
  return sec(r.ru_utime) + sec(r.ru_stime);
}

}  // namespace mfsim::tools::floors
