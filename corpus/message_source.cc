// Walking paths, reading files and stdin, and splitting mbox files.
#include "corpus/message_source.h"

#include <dirent.h>
#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

#include <algorithm>
#include <cerrno>
#include <cstring>

#include "corpus/mbox_reader.h"

namespace mfsim::corpus {
namespace {

// Reads a whole file descriptor into `out`; returns an error text, empty on success.
std::string read_all(int fd, std::string& out) {
  out.clear();
  char chunk[1 << 16];
  for (;;) {
    const ssize_t n = ::read(fd, chunk, sizeof chunk);
    if (n == 0) return {};
    if (n < 0) {
      if (errno == EINTR) continue;
      return std::string("cannot read: ") + std::strerror(errno);
    }
    out.append(chunk, static_cast<std::size_t>(n));
  }
}

std::string read_file(const std::string& path, std::string& out) {
  const int fd = ::open(path.c_str(), O_RDONLY | O_CLOEXEC);
  if (fd < 0) return std::string("cannot open: ") + std::strerror(errno);
  std::string error = read_all(fd, out);
  ::close(fd);
  return error;
}

class walker {
 public:
  explicit walker(const std::function<void(const corpus_message&)>& sink) : sink_(sink) {}

  void path(const std::string& p, bool top_level) {
    if (p == "-" && top_level) {
      emit_data("-", read_all(STDIN_FILENO, buffer_));
      return;
    }
    struct stat st {};
    // Inside a walk, lstat: a symlinked directory is not entered (no loops).
    const int rc = top_level ? ::stat(p.c_str(), &st) : ::lstat(p.c_str(), &st);
    if (rc != 0) {
      emit_error(p, std::string("cannot stat: ") + std::strerror(errno));
      return;
    }
    if (!top_level && S_ISLNK(st.st_mode)) {
      struct stat target {};
      if (::stat(p.c_str(), &target) != 0) {
        emit_error(p, std::string("broken symbolic link: ") + std::strerror(errno));
        return;
      }
      if (S_ISDIR(target.st_mode)) return;  // not followed: see read_messages
      st = target;
    }
    if (S_ISDIR(st.st_mode)) {
      directory(p);
    } else if (S_ISREG(st.st_mode) || top_level) {
      emit_data(p, read_file(p, buffer_));  // a FIFO named on the command line is read too
    } else {
      emit_error(p, "not a regular file (FIFO, socket or device): not read");
    }
  }

 private:
  void directory(const std::string& dir) {
    std::vector<std::string> names;
    DIR* d = ::opendir(dir.c_str());
    if (d == nullptr) {
      emit_error(dir, std::string("cannot open directory: ") + std::strerror(errno));
      return;
    }
    while (const dirent* e = ::readdir(d)) {
      const std::string_view name = e->d_name;
      if (name != "." && name != "..") names.emplace_back(name);
    }
    ::closedir(d);
    std::sort(names.begin(), names.end());
    const std::string prefix = (!dir.empty() && dir.back() == '/') ? dir : dir + "/";
    for (const auto& name : names) path(prefix + name, false);
  }

  void emit_data(const std::string& id, const std::string& error) {
    if (!error.empty()) {
      emit_error(id, error);
      return;
    }
    if (!looks_like_mbox(buffer_)) {
      sink_({id, buffer_, {}});
      return;
    }
    mbox_reader reader(buffer_);
    int n = 0;
    while (reader.next(entry_)) {
      const std::string entry_id = id + "#" + std::to_string(++n);
      sink_({entry_id, entry_, {}});
    }
  }

  void emit_error(const std::string& id, const std::string& error) { sink_({id, {}, error}); }

  const std::function<void(const corpus_message&)>& sink_;
  std::string buffer_;
  std::string entry_;
};

}  // namespace

void read_messages(const std::vector<std::string>& paths,
                   const std::function<void(const corpus_message&)>& sink) {
  walker w(sink);
  for (const auto& p : paths) w.path(p, true);
}

}  // namespace mfsim::corpus
