// mbox splitting and From_ unquoting.
#include "corpus/mbox_reader.h"

#include <cstring>

namespace mfsim::corpus {
namespace {

constexpr std::string_view kBom = "\xef\xbb\xbf";

// "From " opens an envelope line; "From :" is a header field with a space before its colon
// (phishing_pot's sample-400.eml starts that way), not an envelope.
bool is_from_line(std::string_view data, std::size_t at) noexcept {
  if (data.compare(at, 5, "From ") != 0) return false;
  std::size_t k = at + 5;
  while (k < data.size() && (data[k] == ' ' || data[k] == '\t')) ++k;
  return k < data.size() && data[k] != ':' && data[k] != '\r' && data[k] != '\n';
}

// Offset just past the line starting at `at` (its line end included).
std::size_t line_end(std::string_view data, std::size_t at) noexcept {
  const std::size_t nl = data.find('\n', at);
  return nl == std::string_view::npos ? data.size() : nl + 1;
}

bool is_empty_line(std::string_view line) noexcept { return line == "\n" || line == "\r\n"; }

// ">From ", ">>From ": a quoted From_ line.
bool is_quoted_from(std::string_view line) noexcept {
  std::size_t k = 0;
  while (k < line.size() && line[k] == '>') ++k;
  return k > 0 && line.compare(k, 5, "From ") == 0;
}

}  // namespace

bool looks_like_mbox(std::string_view data) noexcept {
  if (data.substr(0, kBom.size()) == kBom) data.remove_prefix(kBom.size());
  return is_from_line(data, 0);
}

bool starts_mbox_message(std::string_view data, std::size_t at) noexcept {
  if (at >= data.size() || !is_from_line(data, at)) return false;
  if (at == 0) return true;
  // The line before is "\n" (a LF ending the line before it, or the data's start) or "\r\n".
  if (data[at - 1] != '\n') return false;
  if (at >= 2 && data[at - 2] == '\n') return true;
  if (at == 1) return true;
  return data[at - 2] == '\r' && (at == 2 || data[at - 3] == '\n');
}

std::size_t count_mbox_messages(std::string_view data) noexcept {
  if (data.substr(0, kBom.size()) == kBom) data.remove_prefix(kBom.size());
  if (data.empty()) return 0;
  std::size_t count = 1;
  // The envelope line that opens the data is not a line of its message: what follows it
  // cannot be an empty line's From (mbox_reader skips it before looking).
  std::size_t pos = line_end(data, 0);
  while (pos < data.size()) {
    const auto* lf =
        static_cast<const char*>(std::memchr(data.data() + pos, '\n', data.size() - pos));
    if (lf == nullptr) break;
    const auto next = static_cast<std::size_t>(lf - data.data()) + 1;
    // `next` starts a line; the line before it ended at lf. A message starts there when that
    // line was empty and this one is an envelope line.
    if (next < data.size() && data[next] == 'F' && starts_mbox_message(data, next) &&
        next - pos <= 2 && (next - pos == 1 || data[pos] == '\r')) {
      ++count;
      pos = line_end(data, next);
      continue;
    }
    pos = next;
  }
  return count;
}

mbox_reader::mbox_reader(std::string_view data, std::size_t max_message_bytes,
                         bool more_follows) noexcept
    : data_(data), max_bytes_(max_message_bytes), more_follows_(more_follows) {
  if (data_.substr(0, kBom.size()) == kBom) data_.remove_prefix(kBom.size());
}

bool mbox_reader::next(std::string& out) { return advance(&out); }

bool mbox_reader::skip() { return advance(nullptr); }

bool mbox_reader::advance(std::string* copy) {
  std::string ignored;
  std::string& out = copy != nullptr ? *copy : ignored;
  out.clear();
  too_large_ = false;
  if (pos_ >= data_.size()) return false;
  if (is_from_line(data_, pos_)) pos_ = line_end(data_, pos_);  // skip the envelope line
  bool previous_empty = false;
  while (pos_ < data_.size()) {
    const std::size_t end = line_end(data_, pos_);
    const std::string_view line = data_.substr(pos_, end - pos_);
    if (previous_empty && is_from_line(data_, pos_)) break;  // the next message's envelope
    if (out.size() + line.size() > max_bytes_) too_large_ = true;
    if (too_large_ || copy == nullptr)
      out.clear();  // walk to its end, copying nothing
    else if (is_quoted_from(line))
      out.append(line.substr(1));
    else
      out.append(line);
    previous_empty = is_empty_line(line);
    pos_ = end;
  }
  // The empty line before the next envelope belongs to the mbox format, not the message.
  if (pos_ < data_.size() || more_follows_) {
    if (out.size() >= 2 && out.compare(out.size() - 2, 2, "\r\n") == 0 &&
        (out.size() >= 4 && out.compare(out.size() - 4, 4, "\r\n\r\n") == 0)) {
      out.resize(out.size() - 2);
    } else if (out.size() >= 2 && out.compare(out.size() - 2, 2, "\n\n") == 0) {
      out.pop_back();
    }
  }
  return true;
}

}  // namespace mfsim::corpus
