// Output with temporary-file-and-rename semantics, so a reader never sees half a result.
#include "tools/output_file.h"

#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cerrno>
#include <climits>
#include <cstring>

#include "engine/terminal_text.h"
#include "tools/commands.h"

namespace mfsim::tools {

// realpath() fails on a link whose target does not exist yet. At most 40 links, as Linux
// follows; a longer chain is left to open() to refuse.
std::string link_target(std::string path) {
  for (int links = 0; links < 40; ++links) {
    struct stat st {};
    if (::lstat(path.c_str(), &st) != 0 || !S_ISLNK(st.st_mode)) break;
    std::string target(static_cast<std::size_t>(PATH_MAX), '\0');
    const ssize_t n = ::readlink(path.c_str(), target.data(), target.size());
    if (n <= 0 || static_cast<std::size_t>(n) >= target.size()) break;
    target.resize(static_cast<std::size_t>(n));
    if (target.front() != '/') {
      const std::size_t slash = path.rfind('/');
      if (slash != std::string::npos) target.insert(0, path.substr(0, slash + 1));
    }
    path = std::move(target);
  }
  return path;
}

std::string output_file::open(const std::string& path) {
  path_ = path;
  if (path.empty()) return {};
  // A symlink is followed, so the link itself stays a link, and its target is written under a
  // temporary name like any file, also when it does not exist yet (written in place, an
  // interrupted run left half an output under the final name).
  path_ = link_target(path);
  struct stat st {};
  // A device or FIFO (/dev/null, a named pipe) is written in place: renaming a file over it
  // would replace the device node.
  if (::stat(path_.c_str(), &st) == 0 && !S_ISREG(st.st_mode)) return open_in_place();
  // Created exclusively under a fresh random name (mkstemp: O_CREAT | O_EXCL, so a symlink
  // planted under that name is never followed), in PATH's folder so the rename stays atomic.
  temp_path_ = path_ + ".tmp-XXXXXX";
  const int fd = ::mkostemp(temp_path_.data(), O_CLOEXEC);
  // Named as the user gave it: "PATH.tmp-XXXXXX" read as a name mfsim made up, not theirs.
  if (fd < 0) {
    return "cannot create " + terminal_text(path_) +
           " (written as a temporary file in its folder first): " + std::strerror(errno);
  }
  const mode_t mask = ::umask(0);  // mkstemp makes 0600; an output is readable as any new file
  ::umask(mask);
  ::fchmod(fd, 0666 & ~mask);
  file_ = ::fdopen(fd, "wb");
  if (file_ == nullptr) {
    const int error = errno;
    ::close(fd);
    ::unlink(temp_path_.c_str());
    file_ = stdout;
    return "cannot write " + terminal_text(temp_path_) + ": " + std::strerror(error);
  }
  return {};
}

output_file::~output_file() {
  if (file_ == stdout || file_ == nullptr) return;
  std::fclose(file_);
  if (!in_place_ && !temp_path_.empty()) ::unlink(temp_path_.c_str());
}

std::string output_file::open_in_place() {
  file_ = std::fopen(path_.c_str(), "wb");
  if (file_ == nullptr) {
    file_ = stdout;
    return "cannot open " + terminal_text(path_) + ": " + std::strerror(errno);
  }
  in_place_ = true;
  return {};
}

void output_file::write(const std::string& text) {
  if (text.empty() || failed_) return;
  if (std::fwrite(text.data(), 1, text.size(), file_) != text.size()) {
    failed_ = true;
    failure_errno_ = errno;
  }
}

std::string output_file::final_name(bool complete) const {
  return complete || in_place_ ? path_ : partial_name(path_);  // a device has no .partial
}

bool output_file::close(bool complete, std::string& error) {
  if (std::fflush(file_) != 0 && !failed_) {
    failed_ = true;
    failure_errno_ = errno;
  }
  if (path_.empty()) {
    if (failed_)
      error = std::string("writing standard output failed: ") + std::strerror(failure_errno_);
    return !failed_;
  }
  if (std::fclose(file_) != 0) failed_ = true;
  file_ = stdout;
  if (in_place_) {
    if (failed_) error = "writing " + terminal_text(path_) + " failed";
    return !failed_;
  }
  if (failed_) {
    error = "writing " + terminal_text(temp_path_) + " failed; " + terminal_text(path_) +
            " was not written";
    return false;
  }
  const std::string target = final_name(complete);
  if (std::rename(temp_path_.c_str(), target.c_str()) != 0) {
    error = "cannot rename " + terminal_text(temp_path_) + " to " + terminal_text(target) + ": " +
            std::strerror(errno);
    return false;
  }
  return true;
}

int write_standard_output(const char* command, std::string_view text) {
  if (std::fwrite(text.data(), 1, text.size(), stdout) != text.size() || std::fflush(stdout) != 0) {
    std::fprintf(stderr, "mfsim %s: writing the output failed\n", command);
    return kExitIoFailure;
  }
  return kExitOk;
}

}  // namespace mfsim::tools
