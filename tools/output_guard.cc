// Comparing output paths with inputs by real path and by device and inode.
#include "tools/output_guard.h"

#include <fmt/format.h>
#include <sys/stat.h>
#include <sys/sysmacros.h>
#include <unistd.h>

#include <algorithm>
#include <cstdlib>
#include <optional>

#include "engine/directory/load_directory.h"
#include "engine/terminal_text.h"
#include "tools/messages.h"
#include "tools/output_file.h"

namespace mfsim::tools {
namespace {

std::optional<std::string> real_path(const std::string& path) {
  char* resolved = ::realpath(path.c_str(), nullptr);
  if (resolved == nullptr) return std::nullopt;
  std::string out = resolved;
  std::free(resolved);
  return out;
}

// Where `output` is or would be created: its real path, or its real folder plus its name.
std::optional<std::string> resolved_output(const std::string& output) {
  if (auto existing = real_path(output)) return existing;
  const std::size_t slash = output.rfind('/');
  const std::string folder = slash == std::string::npos ? "." : output.substr(0, slash + 1);
  const std::string name = slash == std::string::npos ? output : output.substr(slash + 1);
  auto real_folder = real_path(folder);
  if (!real_folder) return std::nullopt;  // opening it will fail and say why
  return *real_folder + (real_folder->back() == '/' ? "" : "/") + name;
}

bool same_file(const struct stat& a, const struct stat& b) {
  return a.st_dev == b.st_dev && a.st_ino == b.st_ino;
}

bool is_null_device(const struct stat& file) {
  struct stat null_device {};
  return ::stat("/dev/null", &null_device) == 0 && same_file(file, null_device);
}

bool is_inside(const std::string& path, const std::string& folder) {
  if (folder == "/") return true;
  return path.size() > folder.size() && path.compare(0, folder.size(), folder) == 0 &&
         path[folder.size()] == '/';
}

}  // namespace

std::string output_conflict(const std::string& option, const std::string& output,
                            const command_inputs& inputs) {
  if (output.empty() || output == "-") return {};
  // What is written: the end of a chain of symlinks, also one whose target does not exist yet
  // (output_file follows it), and, if the run is interrupted, that name with .partial.
  const std::string target = link_target(output);
  struct stat out_st {};
  const bool exists = ::stat(target.c_str(), &out_st) == 0;
  if (exists && !S_ISREG(out_st.st_mode) && !S_ISDIR(out_st.st_mode))
    return {};  // /dev/null, FIFOs
  struct stat partial_st {};
  const bool partial_exists = ::stat(partial_name(target).c_str(), &partial_st) == 0;
  const std::optional<std::string> where = resolved_output(target);
  const auto refuse = [&](const std::string& input, const char* why) {
    return terminal_text(option + " " + output) + ": " + why + " " + terminal_text(input) +
           "; refusing to write there (choose a path outside the inputs)";
  };
  const auto check = [&](const std::string& input, bool walked) -> std::string {
    struct stat in_st {};
    // `-` reads standard input, which may be a file redirected in (`- < message.eml`): the
    // output must not replace that file either (decision 721).
    const bool standard_input = input == "-";
    if (standard_input ? ::fstat(STDIN_FILENO, &in_st) != 0 || !S_ISREG(in_st.st_mode)
                       : ::stat(input.c_str(), &in_st) != 0)
      return {};
    const std::string named = standard_input ? "read from standard input" : input;
    if (exists && same_file(out_st, in_st)) return refuse(named, "is the input");
    if (partial_exists && same_file(partial_st, in_st))
      return refuse(named, "would leave an interrupted run's records over the input");
    if (!walked || !S_ISDIR(in_st.st_mode) || !where) return {};
    const std::optional<std::string> folder = real_path(input);
    if (folder && is_inside(*where, *folder))
      return refuse(input, "would be read back by the walk of");
    return {};
  };
  for (const auto& p : inputs.walked) {
    if (std::string e = check(p, true); !e.empty()) return e;
  }
  for (const auto& p : inputs.files) {
    if (std::string e = check(p, false); !e.empty()) return e;
  }
  return {};
}

namespace {

// The file an output writes into, where one exists: the file the shell opened for standard output
// (`-o` not given, or `-`; diff's and check's kStandardOutput) or for a descriptor (/dev/stdout,
// /dev/fd/N), the file at the end of a path's links.
struct written {
  struct stat file;
  bool in_place;  // written into as it is: not a regular file replaced by a rename
  bool terminal;  // a terminal, where a person reads one output after the other
};

// Whether `st`, a path's file, is a terminal, told by its device number alone: opening a device
// only to ask may change it (a tape rewinds on close, a serial line raises DTR, a watchdog starts
// counting down, /dev/ptmx makes a new terminal), so it is not opened (decision 994). Terminals
// are the controlling terminal /dev/tty, the pseudo-terminals /dev/pts/N (Unix98 slave majors
// 136-143), and the device of a standard descriptor that is a terminal (a console, a serial
// line this process was started on).
bool is_terminal_device(const struct stat& st) {
  if (!S_ISCHR(st.st_mode)) return false;
  constexpr unsigned int kControllingTerminalMajor = 5;
  constexpr unsigned int kFirstPtySlaveMajor = 136;
  constexpr unsigned int kLastPtySlaveMajor = 143;
  const unsigned int device_major = major(st.st_rdev);
  if (st.st_rdev == makedev(kControllingTerminalMajor, 0)) return true;
  if (device_major >= kFirstPtySlaveMajor && device_major <= kLastPtySlaveMajor) return true;
  for (const int fd : {STDIN_FILENO, STDOUT_FILENO, STDERR_FILENO}) {
    struct stat standard {};
    if (::isatty(fd) != 0 && ::fstat(fd, &standard) == 0 && S_ISCHR(standard.st_mode) &&
        standard.st_rdev == st.st_rdev)
      return true;
  }
  return false;
}

std::optional<written> written_file(const std::string& option, const std::string& path) {
  const bool standard_output = path.empty() && (option == "-o" || option == kStandardOutput);
  if (path == "-" || (path.empty() && !standard_output)) return std::nullopt;
  const std::optional<int> descriptor =
      path.empty() ? std::optional<int>(STDOUT_FILENO) : descriptor_number(link_target(path));
  struct stat st {};
  if (descriptor ? ::fstat(*descriptor, &st) != 0 : ::stat(path.c_str(), &st) != 0)
    return std::nullopt;
  const bool terminal = descriptor ? ::isatty(*descriptor) != 0 : is_terminal_device(st);
  return written{st, descriptor.has_value() || !S_ISREG(st.st_mode), terminal};
}

// Where two outputs never conflict: the null device discards both, and a terminal shows one after
// the other to the person reading it, as it shows mfsim's standard error (decision 989).
bool never_conflicts(const std::optional<written>& output) {
  return output && (output->terminal || is_null_device(output->file));
}

// Whether outputs `a` and `b` write the same file: the same name (also one not created yet), or,
// by any two names, the same device and inode where one of them is written in place (`-o
// /dev/stdout --report /dev/fd/1`, `--report page.html > page.html`). Two regular files are
// each written under a temporary name and renamed: hard links of one file are two outputs that
// never meet (decision 887). Outputs discarded in the null device, or shown on a terminal, do not
// mix.
bool same_output(const std::pair<std::string, std::string>& a,
                 const std::pair<std::string, std::string>& b) {
  const std::optional<written> file_a = written_file(a.first, a.second);
  const std::optional<written> file_b = written_file(b.first, b.second);
  if (never_conflicts(file_a) || never_conflicts(file_b)) return false;
  if (!a.second.empty() && !b.second.empty()) {
    const auto where = resolved_output(link_target(a.second));
    if (where && where == resolved_output(link_target(b.second))) return true;
  }
  return file_a && file_b && (file_a->in_place || file_b->in_place) &&
         same_file(file_a->file, file_b->file);
}

// An output as the user gave it, for messages: standard output where `-o` was not given.
std::string given_output(const std::pair<std::string, std::string>& output) {
  if (output.first == kStandardOutput) return output.first;
  return output.second.empty() ? output.first + " (standard output)"
                               : output.first + " " + output.second;
}

}  // namespace

std::string outputs_conflict(const std::vector<std::pair<std::string, std::string>>& outputs,
                             const command_inputs& inputs) {
  for (std::size_t k = 0; k < outputs.size(); ++k) {
    const auto& [option, path] = outputs[k];
    if (std::string e = output_conflict(option, path, inputs); !e.empty()) return e;
    for (std::size_t j = 0; j < k; ++j) {
      if (!same_output(outputs[j], outputs[k])) continue;
      // Records and a page in one file or stream: neither could be read (decision 881).
      return terminal_text(given_output(outputs[k])) + ": is the same file as " +
             terminal_text(given_output(outputs[j])) + "; refusing to write both there";
    }
  }
  return {};
}

bool names_null_device(const std::string& path) {
  struct stat file {};
  return ::stat(path.c_str(), &file) == 0 && is_null_device(file);
}

void add_evaluation_files(const std::string& manifest, const std::string& mailbox_state,
                          const std::vector<std::string>& directory, command_inputs& inputs) {
  if (!manifest.empty()) inputs.files.push_back(manifest);
  if (!mailbox_state.empty() && mailbox_state != "recorded") inputs.files.push_back(mailbox_state);
  for (const auto& spec : directory)
    inputs.files.push_back(directory::split_directory_spec(spec).path);
}

bool refuse_conflicting_outputs(const char* command,
                                const std::vector<std::pair<std::string, std::string>>& outputs,
                                const command_inputs& inputs) {
  const std::string error = outputs_conflict(outputs, inputs);
  if (error.empty()) return false;
  tell("mfsim {}: {}\n", command, error);
  return true;
}

bool refuse_uncreatable_outputs(const char* command,
                                const std::vector<std::pair<std::string, std::string>>& outputs) {
  // A folder that is missing or read-only fails now, not after the whole run (decision 781).
  for (const auto& [option, path] : outputs) {
    if (path == "-") continue;
    if (const std::string why = output_file::probe(path); !why.empty()) {
      tell("mfsim {}: {}: {}\n", command, option, why);
      return true;
    }
  }
  return false;
}

bool open_before_run(const char* command, const char* option, const std::string& path,
                     output_file& file) {
  if (path.empty()) return true;
  const std::string error = file.open(path);
  if (error.empty()) return true;
  tell("mfsim {}: {}: {}\n", command, option, error);
  return false;
}

}  // namespace mfsim::tools
