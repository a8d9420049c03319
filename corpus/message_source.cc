// Walking paths, reading files and stdin, and splitting mbox files.
#include "corpus/message_source.h"

#include <dirent.h>
#include <sys/stat.h>

#include <algorithm>
#include <cerrno>
#include <cstring>

#include "corpus/file_reader.h"
#include "corpus/mbox_reader.h"

namespace mfsim::corpus {
namespace {

bool is_directory(const std::string& path) {
  struct stat st {};
  return ::stat(path.c_str(), &st) == 0 && S_ISDIR(st.st_mode);
}

// A Maildir holds cur/, new/ and tmp/; tmp/ has messages still being written.
bool is_maildir(const std::string& prefix) {
  return is_directory(prefix + "cur") && is_directory(prefix + "new") && is_directory(prefix + "tmp");
}

class walker {
 public:
  walker(const std::function<void(const corpus_message&)>& sink, const std::atomic<bool>* stop)
      : sink_(sink), stop_(stop) {}

  void path(const std::string& p, bool top_level) {
    if (stopped()) return;
    if (p == "-" && top_level) {
      emit_data("-", reader_.read(p));
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
      emit_data(p, reader_.read(p));  // a FIFO named on the command line is read too
    } else {
      emit_error(p, "not a regular file (FIFO, socket or device): not read");
    }
  }

 private:
  [[nodiscard]] bool stopped() const { return stop_ != nullptr && stop_->load(std::memory_order_relaxed); }

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
    const bool maildir = is_maildir(prefix);
    for (const auto& name : names) {
      if (maildir && name == "tmp") continue;
      path(prefix + name, false);
    }
  }

  void emit_data(const std::string& id, const std::string& error) {
    const std::string_view data = reader_.data();
    if (!error.empty() && data.empty()) {
      emit_error(id, error);
      return;
    }
    // A partly read file (a truncated gzip) still yields what it holds, marked.
    if (!looks_like_mbox(data)) {
      sink_({id, data, error});
      return;
    }
    mbox_reader reader(data);
    int n = 0;
    while (!stopped() && reader.next(entry_)) {
      const std::string entry_id = id + "#" + std::to_string(++n);
      sink_({entry_id, entry_, error});
    }
  }

  void emit_error(const std::string& id, const std::string& error) { sink_({id, {}, error}); }

  const std::function<void(const corpus_message&)>& sink_;
  const std::atomic<bool>* stop_;
  file_reader reader_;
  std::string entry_;
};

}  // namespace

void read_messages(const std::vector<std::string>& paths,
                   const std::function<void(const corpus_message&)>& sink,
                   const std::atomic<bool>* stop) {
  walker w(sink, stop);
  for (const auto& p : paths) w.path(p, true);
}

}  // namespace mfsim::corpus
