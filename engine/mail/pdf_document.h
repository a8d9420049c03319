// A PDF file's indirect objects and streams (ISO 32000-1 7.3.7-7.3.10, 7.5), found the way a
// reader repairing a damaged file finds them: every "N G obj" in the file, the last one of a
// number winning (an incremental update appends its objects after the ones it replaces), and
// the members of object streams (7.5.7). The cross-reference table is not needed, so a file
// whose offsets are wrong, as many mailed PDFs' are, reads the same as an intact one.
#pragma once

#include <algorithm>
#include <cstddef>
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <unordered_map>
#include <vector>

#include "engine/mail/pdf_security.h"
#include "engine/mail/pdf_syntax.h"

namespace mfsim::mail::pdf {

// What one file may cost. Reaching a bound ends the reading there and says which.
struct budget {
  // The bytes of streams read, as stored and as decoded, each time one is read: a page tree
  // that names one large stream many times costs what reading it that often does.
  std::size_t max_stream_bytes = 16u << 20;
  std::size_t max_objects = 1u << 18;       // indirect objects indexed
  std::size_t max_mapped_codes = 1u << 20;  // character codes fonts map or size, together
  std::size_t stream_bytes = 0;
  std::size_t mapped_codes = 0;
  std::string exceeded;  // the first bound reached ("reads more than ... bytes of streams")

  void exceed(std::string why) {
    if (exceeded.empty()) exceeded = std::move(why);
  }
  [[nodiscard]] std::size_t stream_room() const noexcept {
    return max_stream_bytes - std::min(max_stream_bytes, stream_bytes);
  }
  // Counts `bytes` more of streams; false, the bound said reached, when they do not fit.
  bool charge(std::size_t bytes);
};

class document {
 public:
  // Indexes the file's objects and opens its encryption, if any; with `read_object_streams`
  // false, the members of object streams are not indexed (enough to tell encryption apart).
  document(std::string_view bytes, budget& limits, bool read_object_streams = true);

  // Whether the file is encrypted with a password mfsim does not have (decision 376): its
  // streams cannot be read.
  [[nodiscard]] bool locked() const noexcept { return locked_; }
  // Whether it is encrypted and the empty password opened it.
  [[nodiscard]] bool opened_without_password() const noexcept { return security_.has_value(); }
  // The document catalog (the trailer's /Root, else the last /Type /Catalog); nullptr if none.
  const object* catalog();
  // The value of indirect object `number`; nullptr when the file has none.
  const object* indirect(std::uint32_t number);
  // `o` itself, or what it refers to; nullptr for a reference to nothing.
  const object* resolve(const object* o);
  // `dict`'s value for `key`, resolved.
  const object* get(const object* dict, std::string_view key);
  // The decoded data of the stream `o` refers to, appended to `out`; false when `o` is no
  // reference to a stream, or its filters are ones mfsim does not decode.
  bool stream_data(const object* o, std::string& out);
  // The budget the file is read within (fonts count their codes against it).
  [[nodiscard]] budget& limits() noexcept { return limits_; }

 private:
  struct location {
    std::size_t offset = 0;       // in the file, or in the object stream's data
    std::uint32_t container = 0;  // 0: the file; else the object stream's number
    std::uint16_t generation = 0;
  };
  struct loaded {
    object value;
    std::uint32_t number = 0;
    std::uint16_t generation = 0;
    std::size_t stream_at = std::string_view::npos;  // where its stream's data starts
  };

  std::vector<std::uint32_t> index_objects();
  void read_trailer();
  void index_object_stream(std::uint32_t number);
  std::uint32_t latest_of_type(std::string_view type);
  std::string_view text_at(const location& at) const;
  const loaded* load(std::uint32_t number);
  std::string_view raw_stream(const loaded& entry);
  bool decode(const loaded& entry, std::string& out);

  std::string_view bytes_;
  budget& limits_;
  object trailer_;  // the last trailer, or cross-reference stream's dictionary
  std::optional<security> security_;
  bool locked_ = false;
  std::unordered_map<std::uint32_t, location> where_;
  std::unordered_map<std::uint32_t, loaded> loaded_;
  std::unordered_map<std::uint32_t, std::string> object_streams_;  // decoded, by number
};

}  // namespace mfsim::mail::pdf
