// Fuzzes the header scanner: scan_headers, unfold_value and flag_names on every field, with
// the default limits and with tiny ones, checking that every view lies inside the input; and
// header_block_extent: a prefix it calls enough scans as the whole input does (what a
// header-only read relies on).
#include <bit>
#include <cstddef>
#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

#include "engine/mail/header_extent.h"
#include "engine/mail/header_scanner.h"
#include "fuzz/fuzz_check.h"

namespace mail = mfsim::mail;

namespace {

constexpr std::uint32_t kKnownFlags = (1u << 13) - 1;

bool inside(std::string_view part, const char* begin, const char* end) {
  return part.data() >= begin && part.data() + part.size() <= end;
}

bool is_name_byte(char c) {
  const auto u = static_cast<unsigned char>(c);
  return u >= 33 && u <= 126 && c != ':';
}

void check_unfolded(std::string_view raw, std::string& scratch) {
  scratch.assign("prefix");
  mail::unfold_value(raw, scratch);
  MFSIM_FUZZ_CHECK(scratch.compare(0, 6, "prefix") == 0);  // appends, never rewrites
  const std::string_view value = std::string_view(scratch).substr(6);
  MFSIM_FUZZ_CHECK(value.size() <= raw.size());
  for (const char c : value) MFSIM_FUZZ_CHECK(c != '\r' && c != '\n' && c != '\0');
  if (!value.empty()) {
    MFSIM_FUZZ_CHECK(value.front() != ' ' && value.front() != '\t');
    MFSIM_FUZZ_CHECK(value.back() != ' ' && value.back() != '\t');
  }
}

void check_block(std::string_view message, const mail::scan_limits& limits,
                 const mail::header_block& block) {
  MFSIM_FUZZ_CHECK(block.header_end <= block.body_offset);
  MFSIM_FUZZ_CHECK(block.body_offset <= message.size());
  MFSIM_FUZZ_CHECK((block.flags & ~kKnownFlags) == 0);
  MFSIM_FUZZ_CHECK(block.fields.size() <= limits.max_fields);
  MFSIM_FUZZ_CHECK(message.empty() == ((block.flags & mail::flag_empty_message) != 0));
  if (message.empty()) MFSIM_FUZZ_CHECK(block.fields.empty());

  const char* begin = message.data();
  const char* header_end = message.data() + block.header_end;
  std::string scratch;
  const char* previous = begin;
  for (const mail::header_field& field : block.fields) {
    MFSIM_FUZZ_CHECK(!field.name.empty());
    MFSIM_FUZZ_CHECK(inside(field.name, begin, header_end));
    MFSIM_FUZZ_CHECK(inside(field.raw_value, begin, header_end));
    MFSIM_FUZZ_CHECK(field.name.data() >= previous);  // message order
    MFSIM_FUZZ_CHECK(field.raw_value.data() >= field.name.data() + field.name.size() + 1);
    previous = field.raw_value.data();
    for (const char c : field.name) MFSIM_FUZZ_CHECK(is_name_byte(c));
    MFSIM_FUZZ_CHECK(mail::header_name_equals(field.name, field.name));
    check_unfolded(field.raw_value, scratch);
  }

  std::vector<std::string_view> names;
  mail::flag_names(block.flags, names);
  MFSIM_FUZZ_CHECK(names.size() == static_cast<std::size_t>(std::popcount(block.flags)));
}

// Two scans of the same bytes (`a` over a copy at a_base, `b` at b_base) agree: flags,
// offsets, and every field's name and value at the same offsets.
void check_same_scan(const mail::header_block& a, const char* a_base, const mail::header_block& b,
                     const char* b_base) {
  MFSIM_FUZZ_CHECK(a.flags == b.flags && a.header_end == b.header_end &&
                   a.body_offset == b.body_offset && a.fields.size() == b.fields.size());
  const auto same_place = [&](std::string_view x, std::string_view y) {
    return x.data() - a_base == y.data() - b_base && x.size() == y.size();
  };
  for (std::size_t k = 0; k < a.fields.size(); ++k) {
    MFSIM_FUZZ_CHECK(same_place(a.fields[k].name, b.fields[k].name));
    MFSIM_FUZZ_CHECK(same_place(a.fields[k].raw_value, b.fields[k].raw_value));
  }
}

// Where header_block_extent() says a prefix of `message` is enough (as a header-only read
// asks of the bytes it has read), scanning that prefix (its own copy: no byte past it
// readable) gives the fields, flags and offsets the whole gives. Two cuts: at the extent the
// whole message has, and halfway from there to its end.
void check_extent(std::string_view message, const mail::scan_limits& limits) {
  const std::size_t extent = mail::header_block_extent(message, limits.max_header_bytes);
  if (extent == 0) return;
  MFSIM_FUZZ_CHECK(extent <= message.size());
  mail::header_block whole;
  mail::scan_headers(message, limits, whole);
  for (const std::size_t cut : {extent, extent + (message.size() - extent) / 2}) {
    const std::string prefix(message.substr(0, cut));
    if (mail::header_block_extent(prefix, limits.max_header_bytes) == 0) continue;
    mail::header_block part;
    mail::scan_headers(prefix, limits, part);
    check_same_scan(part, prefix.data(), whole, message.data());
  }
}

// The scan that takes plain folded lines at once gives what the scan line by line gives.
void check_line_by_line(std::string_view message, const mail::scan_limits& limits,
                        const mail::header_block& block) {
  mail::header_block by_line;
  mail::scan_headers_line_by_line(message, limits, by_line);
  check_same_scan(block, message.data(), by_line, message.data());
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  const std::string_view message(reinterpret_cast<const char*>(data), size);

  const mail::scan_limits defaults;
  mail::header_block block;
  mail::scan_headers(message, defaults, block);
  check_block(message, defaults, block);
  check_line_by_line(message, defaults, block);

  // Scanning again into the used block gives the same result (clear() resets everything).
  const std::size_t fields = block.fields.size();
  const std::uint32_t flags = block.flags;
  const std::size_t body = block.body_offset;
  mail::scan_headers(message, defaults, block);
  MFSIM_FUZZ_CHECK(block.fields.size() == fields && block.flags == flags &&
                   block.body_offset == body);

  // Tiny limits reach every clamp: the header window, long lines, too many fields.
  mail::scan_limits tiny;
  tiny.max_header_bytes = 97;
  tiny.max_line_bytes = 13;
  tiny.max_fields = 3;
  mail::scan_headers(message, tiny, block);
  check_block(message, tiny, block);
  check_line_by_line(message, tiny, block);

  check_extent(message, defaults);
  check_extent(message, tiny);
  return 0;
}
