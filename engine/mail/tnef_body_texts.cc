#include "engine/mail/tnef_body_texts.h"

#include <utility>

namespace mfsim::mail {

void tnef_body_texts::add_part_stream(std::string_view stream) {
  if (!keep(stream)) return;
  for (const tnef_file& file : embedded_messages(stream)) {
    if (embedded_streams_.size() == kMaxStreams) {
      left_unread_();
      return;
    }
    embedded_streams_.emplace_back(file.data);
  }
}

// Keeps the body text of one more stream; false past kMaxStreams streams, the stream then left
// unread. A text cut to the body text budget, or left out once the texts kept fill it, is not
// read whole (decision 1108); a stream that has none is read whole however full the budget is
// (decision 1144).
bool tnef_body_texts::keep(std::string_view stream) {
  if (texts_.size() == kMaxStreams) {
    left_unread_();
    return false;
  }
  std::size_t held = 0;
  for (const std::string& text : texts_) held += text.size();
  const std::size_t room = max_text_bytes_ > held ? max_text_bytes_ - held : 0;
  std::string text = tnef_body_text(stream, room + 1);  // a byte more: was it cut?
  if (text.size() > room) {
    text.resize(room);
    left_unread_();
  }
  texts_.push_back(std::move(text));
  return true;
}

// The messages embedded in a stream, of its first kMaxFilesLooked attachments.
std::vector<tnef_file> tnef_body_texts::embedded_messages(std::string_view stream) {
  std::vector<tnef_file> files = tnef_attachments(stream, kMaxFilesLooked + 1);
  if (files.size() > kMaxFilesLooked) {
    // Files past those looked through may be messages whose bodies go unread.
    files.pop_back();
    left_unread_();
  }
  std::erase_if(files, [](const tnef_file& file) { return !file.embedded_message; });
  return files;
}

std::vector<std::string> tnef_body_texts::take() {
  // A stream nested in a stream cannot take a part's place (decision 1092).
  std::vector<std::string_view> streams(embedded_streams_.begin(), embedded_streams_.end());
  for (std::size_t next = 0; next < streams.size(); ++next) {
    if (!keep(streams[next])) break;
    for (const tnef_file& file : embedded_messages(streams[next])) streams.push_back(file.data);
  }
  embedded_streams_.clear();
  return std::exchange(texts_, {});
}

}  // namespace mfsim::mail
