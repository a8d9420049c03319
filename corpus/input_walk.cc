// Walking the paths of a run: files as given, directories recursively in byte order, Maildirs,
// large mbox and PST files cut into parts, standard input and FIFOs (walk_inputs).
#include <dirent.h>
#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

#include <algorithm>
#include <cerrno>
#include <cstring>
#include <memory>
#include <optional>
#include <string_view>
#include <utility>

#include "corpus/containers.h"
#include "corpus/input_handles.h"
#include "corpus/input_names.h"
#include "corpus/mbox_parts.h"
#include "corpus/message_source.h"
#include "corpus/pst_reader.h"
#include "engine/ascii.h"

namespace mfsim::corpus {
namespace {

using detail::stopped;

bool is_directory(int dir_fd, const char* name) {
  struct stat st {};
  return ::fstatat(dir_fd, name, &st, 0) == 0 && S_ISDIR(st.st_mode);
}

// A directory entry as listed: its type and inode number from the listing (getdents).
struct listed_entry {
  std::string name;
  unsigned char type = DT_UNKNOWN;
  ino_t ino = 0;
};

// Appends the entries of the directory open as `fd` (but "." and "..") to `names`, read with
// getdents64 into `buffer`: no DIR stream, whose opening costs three system calls more per
// folder. Returns 0, or the errno of a listing that failed part way.
int list_directory(int fd, std::vector<char>& buffer, std::vector<listed_entry>& names) {
  buffer.resize(32 * 1024);
  for (;;) {
    const ssize_t got = ::getdents64(fd, buffer.data(), buffer.size());
    if (got == 0) return 0;
    if (got < 0) return errno;
    for (ssize_t at = 0; at < got;) {
      const auto* entry = reinterpret_cast<const struct dirent64*>(buffer.data() + at);
      const std::string_view name = entry->d_name;
      if (name != "." && name != "..")
        names.push_back({std::string(name), entry->d_type, entry->d_ino});
      at += entry->d_reclen;
    }
  }
}

std::string_view name_of(const listed_entry& entry) { return entry.name; }
std::string_view name_of(std::string_view name) { return name; }

// A Maildir holds cur/, new/ and tmp/; tmp/ has messages still being written. `names` is the
// directory's listing in byte order: only a folder that lists all three is stat'ed for them.
bool is_maildir(int dir_fd, const std::vector<listed_entry>& names) {
  const auto listed = [&](std::string_view name) {
    return std::binary_search(names.begin(), names.end(), name,
                              [](const auto& a, const auto& b) { return name_of(a) < name_of(b); });
  };
  for (const char* part : {"cur", "new", "tmp"}) {
    if (!listed(part)) return false;
  }
  return is_directory(dir_fd, "cur") && is_directory(dir_fd, "new") && is_directory(dir_fd, "tmp");
}

// True when a file's name says it holds one message (`.eml`, Outlook's `.msg`): the walk needs
// no size for it, since only an mbox or PST is cut into parts. One that holds an mbox anyway is
// read whole by one worker, with the same records (decision 311).
bool names_one_message(std::string_view name) {
  if (name.size() < 4) return false;
  const std::string_view extension = name.substr(name.size() - 4);
  return ascii_iequals(extension, ".eml") || ascii_iequals(extension, ".msg");
}

// True when the file at `path` starts with the PST signature. Opened as the walk saw it, by
// open_checked() (O_NONBLOCK, a regular file required): a FIFO or device put in its place since
// the walk's stat is not waited on here, nor read, and its input says what it is when read.
bool has_pst_signature(const std::string& path, open_expectation expect) {
  expect.regular = true;
  int fd = -1;
  struct stat st {};
  if (!open_checked(path, expect, fd, st).empty()) return false;
  char head[4] = {};
  const bool pst = ::pread(fd, head, sizeof head, 0) == 4 && is_pst(std::string_view(head, 4));
  ::close(fd);
  return pst;
}

// The regular files this process writes to through its standard output and error
// (`mfsim run corpus > corpus/out.jsonl`): the walk must not read its own output back.
class own_outputs {
 public:
  own_outputs() {
    for (const int fd : {STDOUT_FILENO, STDERR_FILENO}) {
      struct stat st {};
      if (::fstat(fd, &st) == 0 && S_ISREG(st.st_mode)) files_.push_back({st.st_dev, st.st_ino});
    }
  }
  [[nodiscard]] bool holds(const struct stat& st) const {
    return std::any_of(files_.begin(), files_.end(), [&](const auto& f) {
      return f.first == st.st_dev && f.second == st.st_ino;
    });
  }
  // Whether a listed entry with inode number `ino` (dirent::d_ino) may be one of them: then it
  // is stat'ed, for its device too.
  [[nodiscard]] bool may_hold(ino_t ino) const {
    return std::any_of(files_.begin(), files_.end(),
                       [&](const auto& f) { return f.second == ino; });
  }

 private:
  std::vector<std::pair<dev_t, ino_t>> files_;
};

class walker {
 public:
  walker(const std::function<void(input_ref&&)>& sink, const std::atomic<bool>* stop,
         const read_options& options)
      : sink_(sink), stop_(stop), options_(options) {}

  // A path named on the command line: links to it are followed.
  void top_level(const std::string& p) {
    if (stopped(stop_)) return;
    if (p == "-") {
      emit_stream(p);
      return;
    }
    struct stat st {};
    if (::stat(p.c_str(), &st) != 0) {
      emit({p, std::string("cannot stat: ") + std::strerror(errno), false});
      return;
    }
    if (S_ISDIR(st.st_mode)) {
      directory(p, nullptr, nullptr, false);
    } else if (S_ISREG(st.st_mode)) {
      regular_file(p, static_cast<std::size_t>(st.st_size), {true, false}, nullptr, false);
    } else {
      emit_stream(p);  // a FIFO named on the command line (`<(zcat x.gz)`) is read too
    }
  }

 private:
  // An entry of a walked directory, `p` = its path, its name from p[name_offset] on: looked up
  // in the open directory `dir` (or by its path when `dir` is null), never following a link,
  // so that a symlinked directory is not entered (no loops). `maildir_messages`: the entry is a
  // Maildir's cur/ or new/ (see directory()); `one_message`: it lies in one.
  void entry(const std::shared_ptr<const open_directory>& dir, const std::string& p,
             std::size_t name_offset, bool maildir_messages, bool one_message) {
    if (stopped(stop_)) return;
    const int at = dir != nullptr ? dir->fd() : AT_FDCWD;
    const char* name = dir != nullptr ? p.c_str() + name_offset : p.c_str();
    struct stat st {};
    if (::fstatat(at, name, &st, AT_SYMLINK_NOFOLLOW) != 0) {
      emit({p, std::string("cannot stat: ") + std::strerror(errno), false});
      return;
    }
    bool through_link = false;
    if (S_ISLNK(st.st_mode)) {
      through_link = true;
      struct stat target {};
      if (::fstatat(at, name, &target, 0) != 0) {
        emit({p, std::string("broken symbolic link: ") + std::strerror(errno), false});
        return;
      }
      if (S_ISDIR(target.st_mode)) return;  // not followed: see walk_inputs
      st = target;
    }
    if (S_ISDIR(st.st_mode)) {
      directory(p, dir.get(), name, maildir_messages);
    } else if (S_ISREG(st.st_mode) && own_outputs_.holds(st)) {
      return;  // mfsim's own output, redirected into the walked folder: not a message
    } else if (S_ISREG(st.st_mode)) {
      const open_expectation expect = dir != nullptr
                                          ? open_expectation{true, !through_link, at, name_offset}
                                          : open_expectation{true, !through_link};
      regular_file(p, static_cast<std::size_t>(st.st_size), expect, dir, one_message);
    } else {
      emit({p, "not a regular file (FIFO, socket or device): not read", false});
    }
  }

  // `dir` is opened by `name` in `parent` when it was found in a walked directory.
  // `maildir_messages`: it is a Maildir's cur/ or new/, whose files hold one message each.
  void directory(const std::string& dir, const open_directory* parent, const char* name,
                 bool maildir_messages) {
    constexpr int kFlags = O_RDONLY | O_DIRECTORY | O_CLOEXEC;
    const int fd = parent != nullptr ? ::openat(parent->fd(), name, kFlags | O_NOFOLLOW)
                                     : ::open(dir.c_str(), kFlags);
    if (fd < 0) {
      const int error = errno;
      emit({dir, std::string("cannot open directory: ") + std::strerror(error), false});
      return;
    }
    std::shared_ptr<const open_directory> handle = std::make_shared<const open_directory>(fd);
    std::vector<listed_entry> names;
    if (const int error = list_directory(fd, listing_buffer_, names); error != 0) {
      // What was listed before the error is still walked.
      emit({dir, std::string("cannot list directory: ") + std::strerror(error), false});
    }
    std::sort(names.begin(), names.end(),
              [](const listed_entry& a, const listed_entry& b) { return a.name < b.name; });
    // Decision 311: the files the listing calls regular are not stat'ed here unless their sizes
    // are needed (every size for shards; in a small folder, those of files that may be an mbox
    // or PST to cut into parts); the worker that opens one stats it anyway.
    const bool small_folder = names.size() < kStatEveryEntryBelow && !maildir_messages;
    const std::string prefix = (!dir.empty() && dir.back() == '/') ? dir : dir + "/";
    const bool maildir = is_maildir(handle->fd(), names);
    // Below kHeldDepth levels the entries are found by their paths again: the walk holds at
    // most that many directories open (besides those of inputs in flight), however deep the
    // tree.
    if (depth_ >= kHeldDepth) handle.reset();
    ++depth_;
    for (const listed_entry& listed : names) {
      if (const auto reason = not_a_message(names, listed, prefix, maildir)) {
        options_.skip(*reason);
        continue;
      }
      const bool size_needed =
          options_.stat_every_file || (small_folder && !names_one_message(listed.name));
      if (!size_needed && listed.type == DT_REG && !own_outputs_.may_hold(listed.ino)) {
        listed_regular_file(handle, prefix + listed.name, prefix.size(), maildir_messages);
      } else {
        entry(handle, prefix + listed.name, prefix.size(),
              maildir && (listed.name == "cur" || listed.name == "new"), maildir_messages);
      }
    }
    --depth_;
  }

  // Why a folder's entry is passed over (decision 394): a Maildir's tmp/, where deliveries are
  // still being written, and the files of the Maildir's own folder (only cur/, new/ and the
  // Maildir++ subfolders .NAME/ hold mail); desktop metadata anywhere.
  static std::optional<skip_reason> not_a_message(const std::vector<listed_entry>& names,
                                                  const listed_entry& listed,
                                                  const std::string& prefix, bool maildir) {
    const std::string_view name = listed.name;
    const auto beside = [&](std::string_view other) {
      return std::binary_search(
          names.begin(), names.end(), other,
          [](const auto& a, const auto& b) { return name_of(a) < name_of(b); });
    };
    if (is_desktop_metadata_name(name) || is_apple_double(name, beside))
      return skip_reason::desktop_metadata;
    if (!maildir || name == "cur" || name == "new") return std::nullopt;
    if (name == "tmp") return skip_reason::maildir_tmp;
    if (listed.type == DT_DIR) return std::nullopt;
    struct stat st {};
    const bool folder =
        listed.type == DT_UNKNOWN &&
        ::fstatat(AT_FDCWD, (prefix + listed.name).c_str(), &st, AT_SYMLINK_NOFOLLOW) == 0 &&
        S_ISDIR(st.st_mode);
    return folder ? std::nullopt : std::optional<skip_reason>(skip_reason::maildir_control);
  }

  // A regular file as the listing named it (not a link: d_type), not stat'ed: its size is left
  // 0, so it is one input whatever its size (a large mbox or PST is read whole by one worker,
  // with the same records), and the worker's open (O_NOFOLLOW, fstat) checks what it is.
  void listed_regular_file(const std::shared_ptr<const open_directory>& dir, const std::string& p,
                           std::size_t name_offset, bool one_message) {
    if (stopped(stop_)) return;
    const open_expectation expect = dir != nullptr
                                        ? open_expectation{true, true, dir->fd(), name_offset}
                                        : open_expectation{true, true};
    input_ref input{p, {}, false, std::nullopt, 0, 0, expect};
    input.directory = dir;
    input.one_message = one_message;
    emit(std::move(input));
  }

  // One input, or for a large PST one per run of its items. `one_message`: a Maildir's file.
  void regular_file(const std::string& p, std::size_t size, open_expectation expect,
                    const std::shared_ptr<const open_directory>& dir, bool one_message) {
    if (size >= options_.pst_split_bytes && has_pst_signature(p, expect)) {
      file_reader reader;
      const std::vector<pst_range> parts =
          reader.read(p, expect).empty() ? plan_pst_parts(reader.data(), options_.pst_part_items)
                                         : std::vector<pst_range>();
      if (parts.size() > 1) {
        // The parts share the file's bytes, so that shards weigh the file once.
        std::uint64_t left = size;
        for (std::size_t k = 0; k < parts.size(); ++k) {
          const std::uint64_t share = k + 1 == parts.size() ? left : size / parts.size();
          left -= share;
          emit({p, {}, false, parts[k], share, 0, expect});
        }
        return;
      }
    }
    if (!one_message && options_.mbox_part_bytes != 0 && size >= 2 * options_.mbox_part_bytes &&
        mbox_parts(p, size, expect, dir)) {
      return;
    }
    input_ref input{p, {}, false, std::nullopt, size, 0, expect};
    input.directory = dir;
    input.one_message = one_message;
    emit(std::move(input));
  }

  // A large mbox as parts that share one place in the walk (their messages are numbered as the
  // file's): false when it is not split.
  bool mbox_parts(const std::string& p, std::size_t size, open_expectation expect,
                  const std::shared_ptr<const open_directory>& dir) {
    const std::vector<std::uint64_t> starts = mbox_part_offsets(size, options_.mbox_part_bytes);
    if (starts.size() < 2 || !splittable_mbox(p, expect)) return false;
    const auto counts = std::make_shared<mbox_part_counts>(starts.size());
    const std::uint64_t position = next_position_++;
    for (std::size_t k = 0; k < starts.size(); ++k) {
      const bool last = k + 1 == starts.size();
      input_ref part{p, {}, false, std::nullopt, 0, position, expect};
      part.mbox_part = mbox_range{starts[k], last ? size : starts[k + 1], size, k, last, counts};
      part.size = part.mbox_part->end - part.mbox_part->begin;
      part.directory = dir;
      sink_(std::move(part));
    }
    return true;
  }

  // Standard input or a FIFO: one input per batch of its messages, all at one place in the
  // walk, for as long as the batch just read (by the sink, on this thread) leaves more.
  void emit_stream(const std::string& p) {
    const auto stream = std::make_shared<stream_input>();
    const std::uint64_t position = next_position_++;
    do {
      input_ref input{p, {}, true};
      input.position = position;
      input.stream = stream;
      sink_(std::move(input));
    } while (stream->more() && !stopped(stop_));
  }

  // Every input gets its place in the walk, counted over all of them.
  void emit(input_ref&& input) {
    input.position = next_position_++;
    sink_(std::move(input));
  }

  std::vector<char> listing_buffer_;  // list_directory's, reused folder after folder
  const std::function<void(input_ref&&)>& sink_;
  const std::atomic<bool>* stop_;
  std::uint64_t next_position_ = 0;
  static constexpr int kHeldDepth = 32;  // directories the walk holds open at once
  // A folder with fewer entries has its entries stat'ed (its large files are still split),
  // except a Maildir's messages and files named as one message.
  static constexpr std::size_t kStatEveryEntryBelow = 64;
  int depth_ = 0;  // directories open above the current one
  const read_options& options_;
  const own_outputs own_outputs_;
};

}  // namespace

void walk_inputs(const std::vector<std::string>& paths,
                 const std::function<void(input_ref&&)>& sink, const std::atomic<bool>* stop,
                 const read_options& options) {
  walker w(sink, stop, options);
  for (const auto& p : paths) w.top_level(p);
}

}  // namespace mfsim::corpus
