#include "engine/json_failure.h"

#include "engine/utf8.h"

namespace mfsim {
namespace {

// Reads `text` through the SAX interface to find where the parser stops: the DOM parser
// throws a number overflow without a position, the SAX handler is given one.
class failure_locator final : public nlohmann::json_sax<nlohmann::json> {
 public:
  std::size_t end = 0;  // bytes read when the parser stopped
  std::size_t token_bytes = 0;

  bool null() override { return true; }
  bool boolean(bool) override { return true; }
  bool number_integer(number_integer_t) override { return true; }
  bool number_unsigned(number_unsigned_t) override { return true; }
  bool number_float(number_float_t, const string_t&) override { return true; }
  bool string(string_t&) override { return true; }
  bool binary(binary_t&) override { return true; }
  bool start_object(std::size_t) override { return true; }
  bool key(string_t&) override { return true; }
  bool end_object() override { return true; }
  bool start_array(std::size_t) override { return true; }
  bool end_array() override { return true; }
  bool parse_error(std::size_t position, const std::string& last_token,
                   const nlohmann::json::exception&) override {
    end = position;
    token_bytes = last_token.size();
    return false;
  }
};

// The 1-based offset of the first byte of the token the parser stopped on, or 0.
std::size_t locate_failed_token(std::string_view text) {
  failure_locator locator;
  nlohmann::json::sax_parse(text.begin(), text.end(), &locator);
  if (locator.end == 0) return 0;
  return locator.end >= locator.token_bytes ? locator.end - locator.token_bytes + 1 : 1;
}

// nlohmann quotes the token it stopped on ("last read: '...'", "parsing '...'"), whole: a
// long string or number would flood the diagnostic. Keeps the start of the message (what went
// wrong) and its end (where the parser stopped), at UTF-8 boundaries.
void shorten_long_message(std::string& message) {
  constexpr std::size_t kKeptHead = 160;
  constexpr std::size_t kKeptTail = 80;
  if (message.size() <= kKeptHead + kKeptTail + 3) return;
  const auto continuation = [&](std::size_t at) {
    return (static_cast<unsigned char>(message[at]) & 0xC0) == 0x80;
  };
  const std::size_t head = utf8_cut_before(message, kKeptHead);
  std::size_t tail = message.size() - kKeptTail;
  while (tail < message.size() && continuation(tail)) ++tail;
  message.replace(head, tail - head, "...");
}

}  // namespace

std::string json_exception_text(const nlohmann::json::exception& e) {
  std::string text = e.what();
  if (const std::size_t tag = text.find("] "); tag != std::string::npos) text.erase(0, tag + 2);
  return text;
}

json_failure describe_json_failure(std::string_view text, const nlohmann::json::exception& e) {
  json_failure out;
  out.message = json_exception_text(e);
  if (const auto* parse = dynamic_cast<const nlohmann::json::parse_error*>(&e)) {
    out.byte = parse->byte;
    // "parse error at line L, column C: WHY" or "parse error: WHY"
    if (out.message.rfind("parse error", 0) == 0) {
      if (const std::size_t colon = out.message.find(": "); colon != std::string::npos) {
        out.message.erase(0, colon + 2);
      }
    }
  } else {
    out.byte = locate_failed_token(text);
  }
  shorten_long_message(out.message);
  return out;
}

}  // namespace mfsim
