// The bookkeeping of the body walk's second readings (decisions 667, 1047, 1091): a message that
// gives a MIME field twice is read as mimetic reads it, then again with the earlier fields left
// out, and that second reading adds only the attachments its first reading did not find. This
// class knows which attachment the readings under way have found already, and what each
// attached message's reading recorded, so that a second reading that meets the same message
// again replays that instead of reading it (decision 1104); the walk reads.
#pragma once

#include <cstddef>
#include <optional>
#include <string>
#include <string_view>
#include <unordered_map>
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

  // What reading an attached message cost of the walk's budgets.
  struct reading_cost {
    std::size_t parts = 0;
    std::size_t uuencoded_files = 0;
    // What replaying it does: a byte for each attachment, begin() and end(), and the bytes of
    // the attachments' names. A record holds the records of the messages nested in it, each
    // done twice where a second reading replayed it (2^8 times a bottom message's at 8
    // levels), though a replay is kept as a reference to the record it replayed.
    std::size_t record_bytes = 0;
  };
  // Where the record of a reading starts: pass it to remember() once the reading is done.
  [[nodiscard]] std::size_t record_start() const { return events_.size(); }
  // The attached message read from `record_start` on, known by `key` (its text's digest and
  // where it was read), was read within every budget: what it recorded can be replayed.
  // `cost.record_bytes` is filled in here.
  void remember(std::string key, std::size_t record_start, reading_cost cost);
  // The cost of the message remembered under `key`; nullopt when none is.
  [[nodiscard]] std::optional<reading_cost> cost_of(const std::string& key) const;
  // Records again, in this order, what the message remembered under `key` recorded, as
  // reading it again would: true when each of its attachments was found already, as it is
  // when a second reading meets a message its first reading read; otherwise nothing is
  // recorded (reading it adds an attachment) and false.
  [[nodiscard]] bool replay(const std::string& key);

 private:
  static constexpr std::size_t kNotFound = static_cast<std::size_t>(-1);

  // What add(), begin() and end() were called with, in order: a reading's record. A replay
  // is recorded as one event that refers to the record it replayed, [from, to) of events_,
  // not as a copy of it: a record nested 8 deep would hold the one below it 2^8 times.
  struct event {
    enum class kind : unsigned char { attachment, begin, end, replayed } what = kind::attachment;
    std::string name;
    std::size_t size = 0;  // an attachment's, or for begin() the attachments since `start`
    std::size_t from = 0;  // a replay's record
    std::size_t to = 0;
    std::size_t record_bytes = 0;  // ... and what recording it again would have cost
  };
  struct remembered {
    std::size_t from = 0;
    std::size_t to = 0;
    reading_cost cost;
  };

  struct found_attachment {
    std::string name;
    std::size_t size = 0;
  };
  struct seen_attachment {
    std::string name;
    std::size_t size = 0;
    std::size_t found_by = kNotFound;  // the second reading (index in found_) that matched it
  };

  // begin(), end() and add() without recording them: what a replay does.
  void open_reading(std::size_t start);
  void close_reading();
  [[nodiscard]] std::size_t note(std::string_view name, std::size_t size);
  // Does again what events_[from, to) recorded; false as soon as an attachment is one no
  // second reading under way found (the caller undoes the rest).
  [[nodiscard]] bool replay_events(std::size_t from, std::size_t to);

  // Which second reading under way has this attachment in what its first reading found, not
  // matched yet, matching it now: the innermost first, as an attachment that one found is no
  // attachment of the message it reads; one that it did not find is that message's and may be
  // one a reading around it found. kNotFound for none.
  std::size_t found_before(std::string_view name, std::size_t size);

  // For each second reading under way, outermost first: what its first reading found and no
  // attachment of it has matched yet.
  std::vector<std::vector<found_attachment>> found_;
  std::vector<seen_attachment> seen_;  // every attachment read, added or found already
  std::vector<event> events_;
  std::unordered_map<std::string, remembered> remembered_;
};

}  // namespace mfsim::mail
