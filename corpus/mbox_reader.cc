// mbox splitting and From_ unquoting.
#include "corpus/mbox_reader.h"

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

mbox_reader::mbox_reader(std::string_view data, std::size_t max_message_bytes) noexcept
    : data_(data), max_bytes_(max_message_bytes) {
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
  if (pos_ < data_.size()) {
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
