// Output with temporary-file-and-rename semantics, so a reader never sees half a result.
#include "tools/output_file.h"

#include <unistd.h>

#include <cerrno>
#include <cstring>

namespace mfsim::tools {

std::string output_file::open(const std::string& path) {
  path_ = path;
  if (path.empty()) return {};
  temp_path_ = path + ".tmp-" + std::to_string(::getpid());
  file_ = std::fopen(temp_path_.c_str(), "wb");
  if (file_ == nullptr) {
    file_ = stdout;
    return "cannot create " + temp_path_ + ": " + std::strerror(errno);
  }
  return {};
}

void output_file::write(const std::string& text) {
  if (text.empty() || failed_) return;
  if (std::fwrite(text.data(), 1, text.size(), file_) != text.size()) failed_ = true;
}

std::string output_file::final_name(bool complete) const {
  return complete ? path_ : path_ + ".partial";
}

bool output_file::close(bool complete, std::string& error) {
  if (std::fflush(file_) != 0) failed_ = true;
  if (path_.empty()) {
    if (failed_) error = std::string("writing standard output failed: ") + std::strerror(errno);
    return !failed_;
  }
  if (std::fclose(file_) != 0) failed_ = true;
  file_ = stdout;
  if (failed_) {
    error = "writing " + temp_path_ + " failed; " + path_ + " was not written";
    return false;
  }
  const std::string target = final_name(complete);
  if (std::rename(temp_path_.c_str(), target.c_str()) != 0) {
    error = "cannot rename " + temp_path_ + " to " + target + ": " + std::strerror(errno);
    return false;
  }
  return true;
}

}  // namespace mfsim::tools
