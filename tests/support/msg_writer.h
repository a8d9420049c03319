// Writing Outlook .msg files for the tests: a compound-file writer ([MS-CFB] version 3, with
// the mini stream) and the [MS-OXMSG] property layout on top, so the tests build their own
// messages and pass on a fresh clone.
#pragma once

#include <cstdint>
#include <memory>
#include <string>
#include <vector>

namespace mfsim::test {

// A storage or a stream of a compound file.
struct cfb_node {
  std::string name;  // ASCII, at most 31 characters
  bool storage = false;
  std::string data;                // streams only
  std::vector<cfb_node> children;  // storages only
};

// The bytes of a compound file whose root storage holds `children`.
[[nodiscard]] std::string write_compound_file(const std::vector<cfb_node>& children);

// Properties of one MAPI object (message, recipient, attachment).
class mapi_object {
 public:
  mapi_object& unicode(std::uint16_t id, const std::string& utf8);   // PT_UNICODE (001F)
  mapi_object& string8(std::uint16_t id, const std::string& bytes);  // PT_STRING8 (001E)
  mapi_object& binary(std::uint16_t id, const std::string& bytes);   // PT_BINARY (0102)
  mapi_object& int32(std::uint16_t id, std::int32_t value);          // PT_LONG (0003)
  mapi_object& systime(std::uint16_t id, std::int64_t epoch);        // PT_SYSTIME (0040)

  // The __substg1.0_ streams and __properties_version1.0 (after a header of `header_bytes`).
  void append_streams(std::vector<cfb_node>& out, std::size_t header_bytes) const;

 private:
  struct variable {
    std::uint16_t id, type;
    std::string bytes;
  };
  struct fixed {
    std::uint16_t id, type;
    std::uint64_t value;
  };
  std::vector<variable> variables_;
  std::vector<fixed> fixed_;
};

struct msg_message;

struct msg_attachment : mapi_object {
  std::unique_ptr<msg_message> embedded;  // stored as __substg1.0_3701000D
};

struct msg_message : mapi_object {
  std::vector<mapi_object> recipients;
  std::vector<msg_attachment> attachments;
};

// The .msg file of `message`.
[[nodiscard]] std::string write_msg(const msg_message& message);

// UTF-8 (BMP only) as UTF-16LE bytes, no terminator.
[[nodiscard]] std::string utf16le(const std::string& utf8);

}  // namespace mfsim::test
