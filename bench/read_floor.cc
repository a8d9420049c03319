// mfsim_read_floor: the least work a corpus run can do on the same files, timed the way
// bench/run_scaling.py times `mfsim run` (wall and CPU seconds), so that mfsim's figures are
// read against floors measured in the same run.
//
//   mfsim_read_floor read-all    PATH...   open, one read of the whole file, memchr for the end
//                                          of the header block, close
//   mfsim_read_floor header-only PATH...   16 KiB reads until the end of the header block
//   mfsim_read_floor mimetic     PATH...   header-only reads, then mimetic parses the block
//                                          (from the line after an mbox envelope line)
//   mfsim_read_floor mbox        FILE      16 MiB reads, memchr for every envelope line
//
// Directories are walked (sorted) before the clock starts. Line ends are found with memchr:
// glibc's memmem with a short needle costs more than the read itself.
#include <dirent.h>
#include <fcntl.h>
#include <mimetic/mimetic.h>
#include <sys/resource.h>
#include <sys/stat.h>
#include <unistd.h>

#include <algorithm>
#include <chrono>
#include <cstdio>
#include <cstring>
#include <memory>
#include <string>
#include <string_view>
#include <vector>

namespace {

void walk(const std::string& path, std::vector<std::string>& out) {
  struct stat st {};
  if (::stat(path.c_str(), &st) != 0) return;
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
  for (const auto& name : names) walk(path + "/" + name, out);
}

// Offset just past the empty line that ends the header block, or 0 when `text` has none.
std::size_t header_end(const char* text, std::size_t size) {
  const char* p = text;
  const char* end = text + size;
  while ((p = static_cast<const char*>(std::memchr(p, '\n', static_cast<std::size_t>(end - p)))) !=
         nullptr) {
    ++p;
    if (p < end && *p == '\n') return static_cast<std::size_t>(p + 1 - text);
    if (p + 1 < end && p[0] == '\r' && p[1] == '\n') return static_cast<std::size_t>(p + 2 - text);
  }
  return 0;
}

struct totals {
  std::size_t files = 0;
  std::size_t bytes_read = 0;
  std::size_t header_bytes = 0;
  std::size_t items = 0;  // mimetic fields, mbox entries
};

// Reads only as far as the header block, 16 KiB at a time; returns the bytes read.
std::size_t read_head(int fd, std::vector<char>& buffer, std::size_t& header) {
  constexpr std::size_t kChunk = std::size_t{16} << 10;
  std::size_t have = 0;
  for (;;) {
    if (buffer.size() < have + kChunk) buffer.resize(std::max(buffer.size() * 2, have + kChunk));
    const ssize_t n = ::read(fd, buffer.data() + have, kChunk);
    if (n <= 0) break;
    have += static_cast<std::size_t>(n);
    header = header_end(buffer.data(), have);
    if (header != 0) break;
  }
  return have;
}

void read_all_files(const std::vector<std::string>& files, totals& t) {
  std::vector<char> buffer;
  for (const auto& f : files) {
    const int fd = ::open(f.c_str(), O_RDONLY | O_CLOEXEC);
    if (fd < 0) continue;
    struct stat st {};
    ::fstat(fd, &st);
    const auto size = static_cast<std::size_t>(st.st_size);
    if (buffer.size() < size + 1) buffer.resize(size + 1);
    const ssize_t n = ::read(fd, buffer.data(), size + 1);
    ::close(fd);
    if (n < 0) continue;
    ++t.files;
    t.bytes_read += static_cast<std::size_t>(n);
    t.header_bytes += header_end(buffer.data(), static_cast<std::size_t>(n));
  }
}

void read_header_blocks(const std::vector<std::string>& files, totals& t, bool parse) {
  std::vector<char> buffer;
  const int header_only = mimetic::imBody | mimetic::imChildParts | mimetic::imPreamble;
  for (const auto& f : files) {
    const int fd = ::open(f.c_str(), O_RDONLY | O_CLOEXEC);
    if (fd < 0) continue;
    std::size_t header = 0;
    const std::size_t have = read_head(fd, buffer, header);
    ::close(fd);
    ++t.files;
    t.bytes_read += have;
    t.header_bytes += header;
    if (parse) {
      const std::size_t block = header != 0 ? header : have;
      // A file that starts with an mbox envelope line (the SpamAssassin corpus): mimetic would
      // stop at that line, not a field; its fields start on the next one.
      std::size_t from = 0;
      if (block >= 5 && std::memcmp(buffer.data(), "From ", 5) == 0) {
        const void* lf = std::memchr(buffer.data(), '\n', block);
        from = lf != nullptr
                   ? static_cast<std::size_t>(static_cast<const char*>(lf) - buffer.data()) + 1
                   : block;
      }
      mimetic::MimeEntity entity(buffer.data() + from, buffer.data() + block, header_only);
      t.items += entity.header().size();
    }
  }
}

// Counts the envelope lines ("\n\nFrom " or "\n\r\nFrom ") whose first LF lies in
// [0, limit) of `text`; the pattern may run on to the end of `text`.
std::size_t count_envelopes(const char* text, std::size_t limit, std::size_t size) {
  std::size_t found = 0;
  const char* p = text;
  const char* stop = text + limit;
  const char* end = text + size;
  while (p < stop && (p = static_cast<const char*>(
                          std::memchr(p, '\n', static_cast<std::size_t>(stop - p)))) != nullptr) {
    ++p;
    const char* line = p < end && *p == '\n'                          ? p + 1
                       : end - p >= 2 && p[0] == '\r' && p[1] == '\n' ? p + 2
                                                                      : nullptr;
    if (line != nullptr && end - line >= 5 && std::memcmp(line, "From ", 5) == 0) ++found;
  }
  return found;
}

// An mbox in 16 MiB reads: envelope lines start the file or follow an empty line.
void split_mbox(const std::string& file, totals& t) {
  constexpr std::size_t kChunk = std::size_t{16} << 20;
  constexpr std::size_t kTail = 7;  // "\n\r\nFrom" minus its first byte: carried over
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

}  // namespace

int main(int argc, char** argv) {
  if (argc < 3) {
    std::fprintf(stderr, "usage: %s read-all|header-only|mimetic|mbox PATH...\n", argv[0]);
    return 2;
  }
  const std::string mode = argv[1];
  std::vector<std::string> files;
  for (int k = 2; k < argc; ++k) walk(argv[k], files);
  totals t;
  const auto start = std::chrono::steady_clock::now();
  const double cpu_start = cpu_seconds();
  if (mode == "read-all") {
    read_all_files(files, t);
  } else if (mode == "header-only") {
    read_header_blocks(files, t, false);
  } else if (mode == "mimetic") {
    read_header_blocks(files, t, true);
  } else if (mode == "mbox" && files.size() == 1) {
    split_mbox(files.front(), t);
  } else {
    std::fprintf(stderr, "unknown mode or not one mbox file: %s\n", mode.c_str());
    return 2;
  }
  const double wall =
      std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
  std::printf(
      "{\"mode\": \"%s\", \"wall_s\": %.6f, \"cpu_s\": %.6f, \"files\": %zu, \"bytes_read\": %zu, "
      "\"header_bytes\": %zu, \"items\": %zu}\n",
      mode.c_str(), wall, cpu_seconds() - cpu_start, t.files, t.bytes_read, t.header_bytes,
      t.items);
  return 0;
}
