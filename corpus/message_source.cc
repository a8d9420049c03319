// Walking paths, reading files and stdin, and splitting mbox files.
#include "corpus/message_source.h"

#include <dirent.h>
#include <sys/stat.h>

#include <algorithm>
#include <cerrno>
#include <cstring>

#include "corpus/mbox_reader.h"

namespace mfsim::corpus {
namespace {

bool stopped(const std::atomic<bool>* stop) {
  return stop != nullptr && stop->load(std::memory_order_relaxed);
}

bool is_directory(const std::string& path) {
  struct stat st {};
  return ::stat(path.c_str(), &st) == 0 && S_ISDIR(st.st_mode);
}

// A Maildir holds cur/, new/ and tmp/; tmp/ has messages still being written.
bool is_maildir(const std::string& prefix) {
  return is_directory(prefix + "cur") && is_directory(prefix + "new") &&
         is_directory(prefix + "tmp");
}

class walker {
 public:
  walker(const std::function<void(input_ref&&)>& sink, const std::atomic<bool>* stop)
      : sink_(sink), stop_(stop) {}

  void path(const std::string& p, bool top_level) {
    if (stopped(stop_)) return;
    if (p == "-" && top_level) {
      sink_({p, {}, true});
      return;
    }
    struct stat st {};
    // Inside a walk, lstat: a symlinked directory is not entered (no loops).
    const int rc = top_level ? ::stat(p.c_str(), &st) : ::lstat(p.c_str(), &st);
    if (rc != 0) {
      sink_({p, std::string("cannot stat: ") + std::strerror(errno), false});
      return;
    }
    if (!top_level && S_ISLNK(st.st_mode)) {
      struct stat target {};
      if (::stat(p.c_str(), &target) != 0) {
        sink_({p, std::string("broken symbolic link: ") + std::strerror(errno), false});
        return;
      }
      if (S_ISDIR(target.st_mode)) return;  // not followed: see walk_inputs
      st = target;
    }
    if (S_ISDIR(st.st_mode)) {
      directory(p);
    } else if (S_ISREG(st.st_mode)) {
      sink_({p, {}, false});
    } else if (top_level) {
      sink_({p, {}, true});  // a FIFO named on the command line (`<(zcat x.gz)`) is read too
    } else {
      sink_({p, "not a regular file (FIFO, socket or device): not read", false});
    }
  }

 private:
  void directory(const std::string& dir) {
    std::vector<std::string> names;
    DIR* d = ::opendir(dir.c_str());
    if (d == nullptr) {
      sink_({dir, std::string("cannot open directory: ") + std::strerror(errno), false});
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

  const std::function<void(input_ref&&)>& sink_;
  const std::atomic<bool>* stop_;
};

}  // namespace

void walk_inputs(const std::vector<std::string>& paths,
                 const std::function<void(input_ref&&)>& sink, const std::atomic<bool>* stop) {
  walker w(sink, stop);
  for (const auto& p : paths) w.path(p, true);
}

void read_input(const input_ref& input, file_reader& reader, std::string& entry,
                const std::function<void(const corpus_message&)>& sink,
                const std::atomic<bool>* stop) {
  if (!input.error.empty()) {
    sink({input.path, {}, input.error});
    return;
  }
  const std::string error = reader.read(input.path);
  const std::string_view data = reader.data();
  if (!error.empty() && data.empty()) {
    sink({input.path, {}, error});
    return;
  }
  // A partly read file (a truncated gzip) still yields what it holds, marked.
  if (!looks_like_mbox(data)) {
    sink({input.path, data, error});
    return;
  }
  mbox_reader mbox(data);
  int n = 0;
  while (!stopped(stop) && mbox.next(entry)) {
    const std::string id = input.path + "#" + std::to_string(++n);
    sink({id, entry, error});
    // The entry was copied out (From_ unquoting) and handled: what lies before the reader's
    // position is done with.
    reader.release_before(data.data() + mbox.position());
  }
}

void read_messages(const std::vector<std::string>& paths,
                   const std::function<void(const corpus_message&)>& sink,
                   const std::atomic<bool>* stop) {
  file_reader reader;
  std::string entry;
  walk_inputs(
      paths, [&](input_ref&& input) { read_input(input, reader, entry, sink, stop); }, stop);
}

}  // namespace mfsim::corpus
