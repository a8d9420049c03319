// The body texts of the TNEF streams (winmail.dat) a message's parts carry and of the messages
// embedded in those streams, kept while the MIME walk reads the parts and given once it has
// read them all (decisions 973, 1049, 1092): the walk's TNEF bookkeeping, on its own.
#pragma once

#include <cstddef>
#include <functional>
#include <string>
#include <string_view>
#include <vector>

#include "engine/mail/tnef_attachments.h"

namespace mfsim::mail {

class tnef_body_texts {
 public:
  static constexpr std::size_t kMaxStreams = 8;         // streams whose body text is read
  static constexpr std::size_t kMaxFilesLooked = 4096;  // a stream's files looked through

  // `max_text_bytes`: the body text budget all the texts share. `left_unread` is called each
  // time a stream's text or an embedded message is left unread, or a text is cut to the
  // budget, when it is.
  tnef_body_texts(std::size_t max_text_bytes, std::function<void()> left_unread)
      : max_text_bytes_(max_text_bytes), left_unread_(std::move(left_unread)) {}

  // A part's stream: its body text kept, its embedded messages kept to be read after every
  // part's own stream (decision 1092).
  void add_part_stream(std::string_view stream);

  // The texts kept, parts' streams first, then the embedded messages' outermost first (breadth
  // first) in what is left of kMaxStreams; emptied.
  [[nodiscard]] std::vector<std::string> take();

 private:
  bool keep(std::string_view stream);
  std::vector<tnef_file> embedded_messages(std::string_view stream);

  std::size_t max_text_bytes_;
  std::function<void()> left_unread_;
  std::vector<std::string> texts_;
  std::vector<std::string> embedded_streams_;  // of the parts' streams, until take()
};

}  // namespace mfsim::mail
