// Where `mfsim run` writes records: standard output, or a file written under a temporary name
// and renamed into place only when the run completes.
#pragma once

#include <sys/types.h>

#include <cstdio>
#include <optional>
#include <string>
#include <string_view>

namespace mfsim::tools {

class output_file {
 public:
  output_file() = default;
  // An output opened and never closed (the run failed or stopped) leaves no temporary file.
  ~output_file();
  output_file(const output_file&) = delete;
  output_file& operator=(const output_file&) = delete;

  // `path` empty means standard output. A regular file (or a new name) is written as
  // PATH.tmp-XXXXXX (created exclusively) in the folder of PATH's real location, opened once
  // and used for every later step, with the mode, and where permitted the group, of the file it
  // replaces; a device or FIFO is written in place. Returns an error text, empty on success.
  std::string open(const std::string& path);
  // Whether `path` can be written: its temporary file is created and removed at once (an
  // existing device or FIFO is not opened). Returns open()'s error text, empty when it can.
  [[nodiscard]] static std::string probe(const std::string& path);
  // Buffered write; remembers a failure (closed pipe, full disk) instead of throwing.
  void write(const std::string& text);
  // True once a write failed: the run stops (nothing more can be written).
  [[nodiscard]] bool failed() const noexcept { return failed_; }
  // Completes the output: flushes, and renames the temporary file to PATH when `complete`;
  // when not complete (an interrupted run), keeps what was written as PATH.partial. PATH is
  // replaced only if it still is the file open() found there (or still absent): one put there
  // meanwhile (another command writing the same output, a symlink swapped in) is left, and the
  // close fails (decision 783).
  // Returns false when anything failed; `error` then says what.
  bool close(bool complete, std::string& error);
  [[nodiscard]] std::string final_name(bool complete) const;
  // The path as open() was given it (a symlink not followed), for messages and for a look at
  // what the file holds.
  [[nodiscard]] const std::string& path() const noexcept { return given_; }

 private:
  std::string open_in_place();
  std::string open_descriptor(int descriptor);
  // The temporary file renamed or removed: nothing left to remove.
  void temporary_gone();
  // Whether the name in folder_ still holds what open() found there.
  [[nodiscard]] bool target_unchanged() const;
  // The path as given, and where its links end when that is elsewhere, for messages: the user
  // knows the name they gave (decision 882).
  [[nodiscard]] std::string named() const;
  // The temporary file's path: PATH's folder as written, and temp_name_.
  [[nodiscard]] std::string temp_path() const;

  std::FILE* file_ = stdout;
  std::string given_;
  std::string path_;         // where given_'s links end: the file written
  int folder_ = -1;          // PATH's folder, opened once: every later step is relative to it
  std::string name_;         // PATH's last component, in folder_
  std::string temp_name_;    // the temporary file's, in folder_
  int temporary_slot_ = -1;  // where a signal that ends the process finds it to remove it
  bool found_ = false;       // what open() found at name_: whether a file, and which one
  dev_t found_device_ = 0;
  ino_t found_inode_ = 0;
  bool failed_ = false;
  int failure_errno_ = 0;  // the first failure's, for the message (later calls change errno)
  bool in_place_ = false;  // a device or FIFO: no temporary file, no rename
};

// The file an `-o` option names, "" for standard output: `-o -` is standard output, as the
// output guard has always taken it (decision 702).
[[nodiscard]] inline std::string output_path(const std::string& given) {
  return given == "-" ? std::string() : given;
}

// The descriptor a path names as the shell's (/dev/stdout, /dev/stderr, /dev/fd/N,
// /proc/self/fd/N), written through as it is: what it links to is a file the shell opened, maybe
// to append (`>> ci.log`), or a pipe, which no name in a folder can replace.
[[nodiscard]] std::optional<int> descriptor_number(std::string_view path);

// Where a chain of symlinks at `path` ends, followed one link at a time so that a link whose
// target does not exist yet still names it: the file an output_file opened on `path` writes.
[[nodiscard]] std::string link_target(std::string path);

// The name an interrupted run leaves its output under (output_file::close).
[[nodiscard]] inline std::string partial_name(const std::string& path) { return path + ".partial"; }

// Writes a command's whole output to standard output and flushes it. A failed write (a full
// disk, /dev/full) prints "mfsim COMMAND: writing the output failed" and gives kExitIoFailure;
// otherwise kExitOk.
[[nodiscard]] int write_standard_output(const char* command, std::string_view text);

}  // namespace mfsim::tools
