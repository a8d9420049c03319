// Progress line: messages, megabytes, messages per second and, when the size is known, ETA.
#include "tools/progress.h"

#include <fmt/format.h>
#include <sys/ioctl.h>
#include <unistd.h>

#include <cstdio>
#include <filesystem>

#include "corpus/shard.h"

namespace mfsim::tools {

progress::progress(bool enabled, std::uint64_t total_bytes, std::FILE* out,
                   std::chrono::milliseconds interval)
    : enabled_(enabled),
      total_bytes_(total_bytes),
      out_(out),
      interval_(interval),
      start_(std::chrono::steady_clock::now()),
      last_draw_(start_) {}

void progress::add(std::uint64_t bytes) {
  if (!enabled_) return;
  ++messages_;
  bytes_ += bytes;
  const auto now = std::chrono::steady_clock::now();
  if (now - last_draw_ < interval_) return;
  last_draw_ = now;
  draw();
}

void progress::draw() {
  const double seconds =
      std::chrono::duration<double>(std::chrono::steady_clock::now() - start_).count();
  const double rate = seconds > 0 ? static_cast<double>(messages_) / seconds : 0;
  std::string line = fmt::format("\r{} messages, {:.1f} MB, {:.0f} msg/s", messages_,
                                 static_cast<double>(bytes_) / 1e6, rate);
  if (total_bytes_ > 0 && bytes_ > 0 && bytes_ <= total_bytes_) {
    const double remaining =
        seconds * static_cast<double>(total_bytes_ - bytes_) / static_cast<double>(bytes_);
    line += fmt::format(", {:.0f}%, ETA {:.0f} s",
                        100.0 * static_cast<double>(bytes_) / static_cast<double>(total_bytes_),
                        remaining);
  }
  line += "   ";
  std::fputs(line.c_str(), out_);
  std::fflush(out_);
  drawn_ = true;
}

void progress::clear() {
  if (!enabled_ || !drawn_) return;
  std::fputs("\r\033[K", out_);
  std::fflush(out_);
  drawn_ = false;
}

std::uint64_t total_input_bytes(const std::vector<std::string>& paths) {
  std::uint64_t total = 0;
  std::error_code ec;
  for (const auto& p : paths) {
    if (p == "-") continue;
    if (std::filesystem::is_regular_file(p, ec)) {
      total += std::filesystem::file_size(p, ec);
      continue;
    }
    for (auto it = std::filesystem::recursive_directory_iterator(p, ec);
         !ec && it != std::filesystem::recursive_directory_iterator(); it.increment(ec)) {
      if (it->is_regular_file(ec)) total += it->file_size(ec);
    }
  }
  return total;
}

progress corpus_progress(bool quiet, const std::vector<std::string>& paths,
                         const corpus::shard_selection* selection) {
  const bool shown = !quiet && ::isatty(STDERR_FILENO) != 0;
  const std::uint64_t total = !shown      ? 0
                              : selection ? selection->totals.bytes / selection->spec.count
                                          : total_input_bytes(paths);
  return progress(shown, total);
}

std::size_t terminal_columns(int fd) {
  if (::isatty(fd) == 0) return 0;
  winsize size{};
  if (::ioctl(fd, TIOCGWINSZ, &size) != 0) return 0;
  return size.ws_col;
}

}  // namespace mfsim::tools
