// The bookkeeping of the body walk's second readings (decisions 667, 1047, 1091): a message that
// gives a MIME field twice is read as mimetic reads it, then again with the earlier fields left
// out, and that second reading adds only the attachments its first reading did not find. This
// class knows which attachment the readings under way have found already; the walk reads.
#pragma once

#include <cstddef>
#include <string>
#include <string_view>
#include <vector>

namespace mfsim::mail {

class second_readings {
 public:
  // Where a message's first reading starts: the attachments recorded from here on are its.
  [[nodiscard]] std::size_t first_reading_start() const { return seen_.size(); }

  // A second reading of the message whose first reading started at `start` begins; it ends
  // with end(). Its first reading found each attachment recorded since `start`, less those a
  // second reading inside it found already (they are not in its result); those that a reading
  // around it found already are (decision 1091).
  void begin(std::size_t start);
  void end();

  // Records an attachment of this name and decoded size; true when it is the message's own,
  // false when a second reading under way found it already in its first reading (each found
  // attachment matches one attachment, the innermost reading's first).
  [[nodiscard]] bool add(std::string_view name, std::size_t size);

 private:
  static constexpr std::size_t kNotFound = static_cast<std::size_t>(-1);

  struct found_attachment {
    std::string name;
    std::size_t size = 0;
  };
  struct seen_attachment {
    std::string name;
    std::size_t size = 0;
    std::size_t found_by = kNotFound;  // the second reading (index in found_) that matched it
  };

  // Which second reading under way has this attachment in what its first reading found, not
  // matched yet, matching it now: the innermost first, as an attachment that one found is no
  // attachment of the message it reads; one that it did not find is that message's and may be
  // one a reading around it found. kNotFound for none.
  std::size_t found_before(std::string_view name, std::size_t size);

  // For each second reading under way, outermost first: what its first reading found and no
  // attachment of it has matched yet.
  std::vector<std::vector<found_attachment>> found_;
  std::vector<seen_attachment> seen_;  // every attachment read, added or found already
};

}  // namespace mfsim::mail
