// Output with temporary-file-and-rename semantics, so a reader never sees half a result.
#include "tools/output_file.h"

#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cerrno>
#include <charconv>
#include <climits>
#include <cstring>
#include <random>

#include "engine/terminal_text.h"
#include "pipeline/stop_signals.h"
#include "tools/commands.h"
#include "tools/temporary_outputs.h"

namespace mfsim::tools {

std::optional<int> descriptor_number(std::string_view path) {
  if (path == "/dev/stdout") return STDOUT_FILENO;
  if (path == "/dev/stderr") return STDERR_FILENO;
  for (const std::string_view folder : {"/dev/fd/", "/proc/self/fd/", "/proc/thread-self/fd/"}) {
    if (!path.starts_with(folder) || path.size() == folder.size()) continue;
    int number = 0;
    const std::string_view digits = path.substr(folder.size());
    const auto [end, error] = std::from_chars(digits.data(), digits.data() + digits.size(), number);
    if (error == std::errc() && end == digits.data() + digits.size()) return number;
  }
  return std::nullopt;
}

// realpath() fails on a link whose target does not exist yet. At most 40 links, as Linux
// follows; a longer chain is left to open() to refuse. A descriptor's name is where it ends:
// what it links to is the file the shell opened, which is written through the descriptor.
std::string link_target(std::string path) {
  for (int links = 0; links < 40 && !descriptor_number(path); ++links) {
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

namespace {

// `given` as the user typed it, and where its links end (`target`) when that is elsewhere.
std::string named_path(const std::string& given, const std::string& target) {
  std::string text = terminal_text(given);
  if (target != given) text += " (a link to " + terminal_text(target) + ")";
  return text;
}

// A temporary name beside `name`: `name.tmp-` and six random letters or digits.
std::string temporary_name(const std::string& name, std::mt19937_64& random) {
  constexpr std::string_view kLetters =
      "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789";
  std::string out = name + ".tmp-";
  for (int k = 0; k < 6; ++k) out += kLetters[random() % kLetters.size()];
  return out;
}

// Gives the new file `fd`, made in `folder`, the permissions of the file it replaces (`was`),
// and its group where the user may (a member of it): a CI output kept 0640 for a group stays so
// (decision 780). Where the group cannot be kept, the group's permissions are those both files
// would give, so that the new group never gets more than the old one had. The owner is kept
// where the process may (root) and the owner could have replaced the file anyway (a folder
// without the sticky bit, or theirs): root's run over a user's 0600 output leaves it the user's.
// A file of another owner only restricts: its bits beyond a new file's (a 0666 file planted in
// /tmp) are not given to this user's output, which its planter could then rewrite (decision 840).
void keep_permissions(int fd, int folder, const struct stat& was) {
  struct stat made {};
  if (::fstat(fd, &made) != 0) return;
  mode_t mode = was.st_mode & 0777;
  bool owner_kept = made.st_uid == was.st_uid;
  struct stat dir {};
  if (!owner_kept && ::fstat(folder, &dir) == 0 &&
      ((dir.st_mode & S_ISVTX) == 0 || dir.st_uid == was.st_uid))
    owner_kept = ::fchown(fd, was.st_uid, static_cast<gid_t>(-1)) == 0;
  if (!owner_kept) mode &= made.st_mode & 0777;
  struct stat now {};
  if (::fchown(fd, static_cast<uid_t>(-1), was.st_gid) != 0 && ::fstat(fd, &now) == 0 &&
      now.st_gid != was.st_gid)
    mode &= ~S_IRWXG | (now.st_mode & S_IRWXG);
  ::fchmod(fd, mode);
}

}  // namespace

std::string output_file::named() const { return named_path(given_, path_); }

std::string output_file::temp_path() const {
  return path_.substr(0, path_.size() - name_.size()) + temp_name_;
}

std::string output_file::open(const std::string& path) {
  given_ = path;
  path_ = path;
  if (path.empty()) return {};
  // A symlink is followed, so the link itself stays a link, and its target is written under a
  // temporary name like any file, also when it does not exist yet (written in place, an
  // interrupted run left half an output under the final name).
  path_ = link_target(path);
  // /dev/stdout, /dev/fd/N: the descriptor the shell opened, written as it is, so that
  // `-o /dev/stdout >> ci.log` appends and `| next` writes to the pipe (decision 841).
  if (const std::optional<int> descriptor = descriptor_number(path_))
    return open_descriptor(*descriptor);
  struct stat st {};
  // A device or FIFO (/dev/null, a named pipe) is written in place: renaming a file over it
  // would replace the device node.
  if (::stat(path_.c_str(), &st) == 0 && !S_ISREG(st.st_mode)) return open_in_place();
  // The folder is opened once and the name resolved in it from then on: a symlink swapped in for
  // a folder of the path, or for the file, after this moment redirects nothing (decision 782).
  const std::size_t slash = path_.rfind('/');
  const std::string folder = slash == std::string::npos ? "." : path_.substr(0, slash + 1);
  name_ = slash == std::string::npos ? path_ : path_.substr(slash + 1);
  // Named as the user gave it: "PATH.tmp-XXXXXX" read as a name mfsim made up, not theirs.
  const auto cannot_create = [&](int error) {
    return "cannot create " + named() +
           " (written as a temporary file in its folder first): " + std::strerror(error);
  };
  folder_ = ::open(folder.c_str(), O_RDONLY | O_DIRECTORY | O_CLOEXEC);
  if (folder_ < 0) return cannot_create(errno);
  struct stat was {};
  found_ = ::fstatat(folder_, name_.c_str(), &was, AT_SYMLINK_NOFOLLOW) == 0;
  if (found_ && !S_ISREG(was.st_mode)) {
    return "cannot write " + named() +
           ": it changed while it was opened (it is no longer a regular file)";
  }
  // In a sticky folder (/tmp) only the file's owner, the folder's or root may rename over it:
  // said now, before the run, not by the rename after it (decision 844).
  struct stat dir {};
  if (found_ && ::geteuid() != 0 && was.st_uid != ::geteuid() && ::fstat(folder_, &dir) == 0 &&
      (dir.st_mode & S_ISVTX) != 0 && dir.st_uid != ::geteuid()) {
    return "cannot replace " + named() +
           ": it is another user's file in a folder with the sticky bit, where only its owner "
           "may replace it: " +
           std::strerror(EPERM);
  }
  found_device_ = was.st_dev;
  found_inode_ = was.st_ino;
  // Created exclusively (O_EXCL with O_NOFOLLOW: a file or symlink planted under that name is
  // never followed), in PATH's folder so that the rename stays atomic; 0666 less the umask, as
  // any new file, unless PATH's own permissions are kept.
  std::mt19937_64 random(std::random_device{}());
  int fd = -1;
  // No signal between the file's creation and the moment a signal would remove it (885).
  const pipeline::signals_blocked creating;
  for (int attempt = 0; fd < 0 && attempt < 100; ++attempt) {
    temp_name_ = temporary_name(name_, random);
    fd = ::openat(folder_, temp_name_.c_str(), O_WRONLY | O_CREAT | O_EXCL | O_NOFOLLOW | O_CLOEXEC,
                  0666);
    if (fd < 0 && errno != EEXIST) break;
  }
  if (fd < 0) {
    const int error = errno;
    temp_name_.clear();
    return cannot_create(error);
  }
  // A signal that ends the process from now on removes it first (decision 885).
  temporary_slot_ = remember_temporary(folder_, temp_name_);
  if (found_) keep_permissions(fd, folder_, was);
  file_ = ::fdopen(fd, "wb");
  if (file_ == nullptr) {
    const std::string why =
        "cannot write " + terminal_text(temp_path()) + ": " + std::strerror(errno);
    ::close(fd);
    ::unlinkat(folder_, temp_name_.c_str(), 0);
    temporary_gone();
    file_ = stdout;
    return why;
  }
  return {};
}

std::string output_file::probe(const std::string& path) {
  if (path.empty()) return {};
  const std::string target = link_target(path);
  // A descriptor is written as it is, as standard output; one not open fails now.
  if (const std::optional<int> descriptor = descriptor_number(target)) {
    const int flags = ::fcntl(*descriptor, F_GETFL);
    if (flags >= 0 && (flags & O_ACCMODE) != O_RDONLY) return {};
    return "cannot write " + named_path(path, target) + ": " +
           std::strerror(flags < 0 ? errno : EBADF);
  }
  struct stat st {};
  const bool exists = ::stat(target.c_str(), &st) == 0;
  if (exists && S_ISDIR(st.st_mode))
    return "cannot write " + named_path(path, target) + ": " + std::strerror(EISDIR);
  if (exists && !S_ISREG(st.st_mode)) return {};  // a device or FIFO: opened in place
  output_file file;
  return file.open(path);  // the destructor removes the temporary file
}

bool output_file::target_unchanged() const {
  struct stat now {};
  const bool exists = ::fstatat(folder_, name_.c_str(), &now, AT_SYMLINK_NOFOLLOW) == 0;
  if (exists != found_) return false;
  return !exists || (now.st_dev == found_device_ && now.st_ino == found_inode_);
}

output_file::~output_file() {
  if (file_ != stdout && file_ != nullptr) std::fclose(file_);
  if (folder_ >= 0 && !temp_name_.empty()) ::unlinkat(folder_, temp_name_.c_str(), 0);
  temporary_gone();
  if (folder_ >= 0) ::close(folder_);
}

void output_file::temporary_gone() {
  forget_temporary(temporary_slot_);
  temporary_slot_ = -1;
  temp_name_.clear();
}

std::string output_file::open_descriptor(int descriptor) {
  const int fd = ::fcntl(descriptor, F_DUPFD_CLOEXEC, 0);
  file_ = fd < 0 ? nullptr : ::fdopen(fd, "wb");
  if (file_ == nullptr) {
    const int error = errno;
    if (fd >= 0) ::close(fd);
    file_ = stdout;
    return "cannot write " + named() + ": " + std::strerror(error);
  }
  in_place_ = true;
  return {};
}

std::string output_file::open_in_place() {
  file_ = std::fopen(path_.c_str(), "wb");
  if (file_ == nullptr) {
    file_ = stdout;
    return "cannot open " + named() + ": " + std::strerror(errno);
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
  if (std::fclose(file_) != 0 && !failed_) {
    failed_ = true;
    failure_errno_ = errno;
  }
  file_ = stdout;
  // The reason (a full disk, `ulimit -f`'s "File too large") is what the user acts on.
  const std::string reason =
      failure_errno_ != 0 ? std::string(": ") + std::strerror(failure_errno_) : std::string();
  if (in_place_) {
    if (failed_) error = "writing " + named() + " failed" + reason;
    return !failed_;
  }
  if (failed_) {
    error = "writing " + terminal_text(temp_path()) + " failed" + reason + "; " + named() +
            " was not written";
    return false;
  }
  const std::string target = final_name(complete);
  // Another command's output written there meanwhile is not silently replaced (decision 783);
  // the moment between this look and the rename is the one left (docs/reliability.md).
  if (complete && !target_unchanged()) {
    error = named() +
            " was replaced by another process while this command wrote it (another command "
            "writing the same output?); it was left as it is, and this output was not written";
    return false;
  }
  const std::string target_name = complete ? name_ : partial_name(name_);
  if (::renameat(folder_, temp_name_.c_str(), folder_, target_name.c_str()) != 0) {
    error = "cannot rename " + terminal_text(temp_path()) + " to " +
            (complete ? named() : terminal_text(target)) + ": " + std::strerror(errno);
    return false;
  }
  temporary_gone();  // renamed: nothing left to remove
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
