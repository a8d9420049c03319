#include "tools/reading_floors.h"

#include <dirent.h>
#include <fcntl.h>
#include <mimetic/mimetic.h>
#include <sys/resource.h>
#include <sys/stat.h>
#include <unistd.h>

#include <algorithm>
#include <cstring>
#include <string_view>

namespace mfsim::tools::floors {
namespace {

constexpr std::size_t kChunk = std::size_t{16} << 20;        // the mbox reads
constexpr std::size_t kLongestHeld = std::size_t{64} << 20;  // of one mbox entry
constexpr std::size_t kTail = 7;  // "\n\r\nFrom" minus its first byte: carried over

void walk(const std::string& path, bool named, std::vector<std::string>& out) {
  struct stat st {};
  if ((named ? ::stat(path.c_str(), &st) : ::lstat(path.c_str(), &st)) != 0) return;
  if (S_ISREG(st.st_mode)) {
    out.push_back(path);
    return;
  }
  if (!S_ISDIR(st.st_mode)) return;
  std::vector<std::string> names;
  if (DIR* d = ::opendir(path.c_str())) {
    while (const dirent* e = ::readdir(d)) {
      const std::string_view name = e->d_name;
      if (name != "." && name != "..") names.emplace_back(name);
    }
    ::closedir(d);
  }
  std::sort(names.begin(), names.end());
  const std::string prefix = !path.empty() && path.back() == '/' ? path : path + "/";
  for (const auto& name : names) walk(prefix + name, false, out);
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

// One read of a whole file of `size` bytes into `buffer` (a byte more asked for, in case it
// grew): the bytes read, or -1.
ssize_t read_whole(int fd, std::size_t size, std::vector<char>& buffer) {
  if (buffer.size() < size + 1) buffer.resize(std::max(size + 1, buffer.size() * 2));
  return ::read(fd, buffer.data(), size + 1);
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

void read_all(const std::vector<std::string>& files, totals& t) {
  std::vector<char> buffer;
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

void read_header_blocks(const std::vector<std::string>& files, totals& t, bool parse) {
  constexpr std::size_t kRead = std::size_t{16} << 10;
  std::vector<char> buffer;
  for (const auto& f : files) {
    const int fd = ::open(f.c_str(), O_RDONLY | O_CLOEXEC);
    if (fd < 0) continue;
    std::size_t have = 0;
    std::size_t header = 0;
    for (;;) {
      if (buffer.size() < have + kRead) buffer.resize(std::max(buffer.size() * 2, have + kRead));
      const ssize_t n = ::read(fd, buffer.data() + have, kRead);
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
  // Kept from pass to pass: a fresh buffer's page faults would be timed with every pass.
  static thread_local std::vector<char> buffer;
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
    // A large file (an mbox): 16 MiB reads, the unfinished last entry carried over. An entry
    // longer than kLongestHeld is counted from what was read of it and the rest read past, not
    // held: the floor's memory stays bounded whatever the file holds.
    std::size_t have = 0;
    bool passing = false;  // in an entry counted already, looking for the next envelope line
    for (bool more = true; more;) {
      if (buffer.size() < have + kChunk) buffer.resize(have + kChunk);
      const ssize_t n = ::read(fd, buffer.data() + have, kChunk);
      more = n > 0;
      if (more) {
        t.bytes_read += static_cast<std::size_t>(n);
        have += static_cast<std::size_t>(n);
      }
      std::size_t done = 0;
      if (passing) {
        done = next_envelope(buffer.data(), 0, have);
        passing = done == have;
        // Keep the last bytes: an envelope pattern may run on into the next read.
        if (passing && more) done = have > kTail ? have - kTail : 0;
      }
      if (!passing) done += messages_in(buffer.data() + done, have - done, more, t, parse);
      if (more && have - done >= kLongestHeld) {
        header_block(buffer.data() + done, have - done, t, parse);
        passing = true;
        done = have - kTail;
      }
      std::memmove(buffer.data(), buffer.data() + done, have - done);
      have -= done;
    }
    ::close(fd);
  }
}

void split_mbox(const std::string& file, totals& t) {
  const int fd = ::open(file.c_str(), O_RDONLY | O_CLOEXEC);
  if (fd < 0) return;
  std::vector<char> buffer(kChunk + kTail);
  std::size_t kept = 0;
  for (;;) {
    const ssize_t n = ::read(fd, buffer.data() + kept, kChunk);
    if (n <= 0) {
      t.items += count_envelopes(buffer.data(), kept, kept);
      break;
    }
    t.bytes_read += static_cast<std::size_t>(n);
    const std::size_t size = kept + static_cast<std::size_t>(n);
    const std::size_t limit = size > kTail ? size - kTail : 0;
    t.items += count_envelopes(buffer.data(), limit, size);
    kept = size - limit;
    std::memmove(buffer.data(), buffer.data() + limit, kept);
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
