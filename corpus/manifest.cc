// Reading manifests in JSONL or CSV.
#include "corpus/manifest.h"

#include <fmt/format.h>

#include <algorithm>
#include <climits>
#include <cstdint>
#include <fstream>
#include <nlohmann/json.hpp>
#include <optional>

#include "corpus/manifest_csv_rows.h"
#include "corpus/manifest_fields.h"
#include "engine/json_failure.h"
#include "engine/json_nesting.h"
#include "engine/json_text.h"
#include "engine/spelling.h"
#include "engine/status.h"
#include "engine/utf16_text.h"
#include "engine/utf8.h"
#include "engine/utf8_bom.h"

namespace mfsim::corpus {
namespace {

using namespace manifest_reading;

const std::string kLineTooLong =
    "line longer than " + std::to_string(kMaxJsonLineBytes) +
    " bytes (the limit kMaxJsonLineBytes): the rest of the file is not read";

void parse_jsonl_line(const std::string& text, const line_context& at, entry_store& entries) {
  if (const std::size_t deep = json_nesting_exceeded(text); deep != std::string::npos) {
    at.fail(static_cast<int>(deep + 1), "JSON nested deeper than " + std::to_string(kMaxJsonDepth) +
                                            " levels (the limit kMaxJsonDepth): not read");
    return;
  }
  nlohmann::json j;
  try {
    j = mfsim::parse_json(text);
  } catch (const nlohmann::json::exception& e) {
    const json_failure failure = describe_json_failure(text, e);
    at.fail(static_cast<int>(failure.byte), "not valid JSON: " + failure.message);
    return;
  }
  if (!j.is_object()) {
    at.fail(1, "expected a JSON object");
    return;
  }
  manifest_entry e;
  std::string id;
  for (const auto& [key, value] : j.items()) {
    const bool is_string = value.is_string();
    if (key == "id" && is_string)
      id = value.get<std::string>();
    else if (key == "client_ip" && is_string)
      set_client_ip(e, value.get<std::string>(), at);
    else if (key == "received" && is_string)
      set_received(e, value.get<std::string>(), at);
    else if ((key == "auth_as" || key == "direction") && is_string)
      set_auth(e, key, value.get<std::string>(), at);
    else if (key == "recipients" && value.is_array()) {
      for (const auto& r : value) {
        if (r.is_string())
          add_recipient(e, r.get<std::string>(), at);
        else
          at.fail(0, "recipients must be strings");
      }
    } else if (key == "id" || key == "client_ip" || key == "received" || key == "recipients" ||
               key == "auth_as" || key == "direction") {
      at.fail(0, fmt::format("'{}' has the wrong type", shown(key)));
    } else {
      at.fail(0, "unknown key '" + shown(key) + "'" + did_you_mean(key, kKeys) + " (expected " +
                     std::string(kKnownKeys) + ")");
    }
  }
  insert(entries, id, std::move(e), at);
}

constexpr std::size_t kBlockBytes = std::size_t{1} << 16;

// Reads the next block of the file into `block`; false at its end or a read error (a
// directory), which sets the stream's badbit.
bool read_block(std::ifstream& file, std::string& block) {
  block.resize(kBlockBytes);
  file.read(block.data(), static_cast<std::streamsize>(kBlockBytes));
  block.resize(static_cast<std::size_t>(file.gcount()));
  return !block.empty();
}

// The first bytes of the file, up to its first character that is not blank, its end, or past
// the budget: what tells its form (JSONL or CSV) and its encoding.
// Each block is searched once: searching the whole head again for each block read took minutes
// over a file that starts with tens of MB of blanks (decision 1201).
// `head_searched` counts the bytes searched (decision 1232).
std::string head_of(std::ifstream& file, std::size_t max_bytes, std::uint64_t& head_searched) {
  std::string head;
  std::string block;
  std::size_t searched = 0;  // bytes of the head after its UTF-8 mark known to be blank
  const auto all_blank = [&] {
    const std::string_view text = without_utf8_bom(head);
    const bool blank = text.find_first_not_of(" \t\r\n", searched) == std::string_view::npos;
    head_searched += text.size() - searched;
    searched = text.size();
    return blank;
  };
  while (head.size() <= max_bytes && all_blank() && read_block(file, block)) head += block;
  return head;
}

bool is_jsonl(std::string_view text) {
  const std::size_t first = text.find_first_not_of(" \t\r\n");
  return first != std::string::npos && text[first] == '{';
}

load_error over_budget(source_span where, std::size_t max_bytes) {
  return load_error({diagnostic{
      diag_code::bad_value, std::move(where),
      "the manifest holds more than " + std::to_string(max_bytes) +
          " bytes (the limit kMaxManifestBytes): it is not read; split the corpus and its "
          "manifest"}});
}

// A JSONL manifest's lines, parsed as each ends, so that reading a manifest handed over a block
// at a time takes its entries, not its size (decision 985). After the problems' cap or a line
// too long nothing more is parsed, but the text is still counted for where it ends.
class jsonl_lines {
 public:
  jsonl_lines(const std::string& path, std::vector<diagnostic>& problems, entry_store& entries)
      : path_(path), problems_(problems), entries_(entries) {}

  void feed(std::string_view chunk) {
    for (std::size_t at = 0; at < chunk.size();) {
      const std::size_t lf = std::min(chunk.find('\n', at), chunk.size());
      const std::string_view piece = chunk.substr(at, lf - at);
      for (const char c : piece) col_ += (static_cast<unsigned char>(c) & 0xC0) != 0x80 ? 1 : 0;
      if (parsing_ && line_.size() + piece.size() > kMaxJsonLineBytes) {
        parsing_ = take(true);
      } else if (parsing_) {
        line_ += piece;
        if (lf < chunk.size()) parsing_ = take(false);
      }
      if (lf < chunk.size()) {
        ++number_;
        col_ = 1;
      }
      at = lf + 1;
    }
  }
  // The last line, when no LF ends it.
  void finish() {
    if (parsing_ && !line_.empty()) take(false);
  }
  // Where the text fed ends: its line, and the column in characters of the byte after it.
  [[nodiscard]] source_span end() const {
    return {path_, static_cast<int>(number_), static_cast<int>(col_)};
  }

 private:
  // A line read whole, or cut at kMaxJsonLineBytes; false once nothing more is parsed.
  bool take(bool cut) {
    static_assert(kMaxManifestBytes < std::size_t{INT_MAX});  // each line holds a byte
    const int at = static_cast<int>(number_);
    if (too_many_problems(problems_, path_, at)) return false;
    if (cut) {
      line_context{path_, at, problems_}.fail(0, kLineTooLong);
      return false;
    }
    if (line_.find_first_not_of(" \t\r") != std::string::npos)
      parse_jsonl_line(line_, {path_, at, problems_}, entries_);
    line_.clear();
    return true;
  }

  const std::string& path_;
  std::vector<diagnostic>& problems_;
  entry_store& entries_;
  std::int64_t number_ = 1;  // the line being read, counted in 64 bits
  std::int64_t col_ = 1;
  std::string line_;
  bool parsing_ = true;
};

// Whether a UTF-16 manifest whose first block is `head` (its mark included) is JSONL.
bool utf16_starts_jsonl(std::string_view head, const utf16_start& utf16) {
  utf16_decoder decoder(!utf16.big_endian, utf16.mark);
  std::string text;
  utf16_failure failure;
  return decoder.feed(head.substr(std::min(utf16.mark, head.size())), text, failure) &&
         is_jsonl(without_utf8_bom(text));
}

// A JSONL manifest, read a block at a time (`head`, from head_of, first); UTF-16
// (`utf16`, Windows PowerShell's `>`) decoded a block at a time, so that its text is never held
// whole either (decision 1124). Past the budget it is refused as manifest_text() and end_of()
// refuse it, with no other problem; a character that cannot be decoded is placed in the file
// (each block's text starts where the lines read so far end).
void read_jsonl(std::ifstream& file, std::string head, const std::optional<utf16_start>& utf16,
                const std::string& path, std::size_t max_bytes, std::vector<diagnostic>& problems,
                entry_store& entries) {
  jsonl_lines lines(path, problems, entries);
  std::optional<utf16_decoder> decoder;
  if (utf16) decoder.emplace(!utf16->big_endian, utf16->mark);
  // A second mark (U+FEFF, a file converted twice) is no line's text, but a character cut on
  // line 1 counted it, as when the text was decoded whole: 1 once the first block is fed.
  int mark_dropped = 0;
  const auto refuse = [&](utf16_failure failure) {
    const source_span at = lines.end();
    const int on_line_1 = at.line == 1 ? mark_dropped : 0;
    failure.column = failure.line == 1 ? at.col + on_line_1 + failure.column - 1 : failure.column;
    failure.line = at.line + failure.line - 1;
    throw utf16_error(failure, path);
  };
  std::size_t total = 0;  // bytes of the file read
  std::string block = std::move(head);
  std::string text;  // the text of one UTF-16 block
  for (bool more = !block.empty(), first = true; more;
       more = read_block(file, block), first = false) {
    const bool over = total + block.size() > max_bytes;
    std::string_view chunk(block);
    if (over) chunk = chunk.substr(0, max_bytes - total);
    total += chunk.size();
    if (decoder) {
      if (first) chunk.remove_prefix(std::min(utf16->mark, chunk.size()));
      text.clear();
      if (utf16_failure failure; !decoder->feed(chunk, text, failure)) refuse(failure);
      chunk = text;
    }
    if (first && decoder && without_utf8_bom(chunk).size() != chunk.size()) mark_dropped = 1;
    lines.feed(first ? without_utf8_bom(chunk) : chunk);
    if (over) throw over_budget(lines.end(), max_bytes);
  }
  if (utf16_failure failure; decoder && !decoder->finish(std::string(), failure)) refuse(failure);
  lines.finish();
}

// Where a text fed a piece at a time ends: its line and the column in characters of the byte
// after it, lines counted at LF (a JSONL manifest's, and where a UTF-16 failure is placed) and,
// for a CSV, at a CR with no LF after it too, as its rows end (decision 770).
class text_end {
 public:
  void feed(std::string_view text) {
    if (cr_waiting_ && !text.empty()) end_cr(text.front() == '\n');
    for (std::size_t at = 0; at < text.size();) {
      const std::size_t end = std::min(text.find_first_of("\r\n", at), text.size());
      add_characters(text.substr(at, end - at));
      if (end == text.size()) break;
      if (text[end] == '\n') {
        ++lf_.line;
        lf_.col = 1;
        ++csv_.line;
        csv_.col = 1;
      } else {
        ++lf_.col;
        if (end + 1 < text.size())
          end_cr(text[end + 1] == '\n');
        else
          cr_waiting_ = true;  // the next piece says whether it ends a CSV line
      }
      at = end + 1;
    }
  }
  // `lf_next`: the file goes on with a LF, which a CR the text ends with is the first half of
  // (decision 930).
  [[nodiscard]] source_span end(const std::string& path, bool csv, bool lf_next) const {
    text_end counted = *this;
    if (counted.cr_waiting_) counted.end_cr(lf_next);
    const position& at = csv ? counted.csv_ : counted.lf_;
    return {path, static_cast<int>(at.line), static_cast<int>(at.col)};
  }
  [[nodiscard]] std::int64_t lf_line() const noexcept { return lf_.line; }
  [[nodiscard]] std::int64_t lf_col() const noexcept { return lf_.col; }

 private:
  struct position {
    std::int64_t line = 1;
    std::int64_t col = 1;
  };
  void add_characters(std::string_view text) {
    const auto n = std::count_if(text.begin(), text.end(), [](char c) {
      return (static_cast<unsigned char>(c) & 0xC0) != 0x80;
    });
    lf_.col += n;
    csv_.col += n;
  }
  void end_cr(bool lf_after) {
    cr_waiting_ = false;
    if (lf_after) {
      ++csv_.col;  // the CR of a CRLF is a character of its line
    } else {
      ++csv_.line;
      csv_.col = 1;
    }
  }
  position lf_;
  position csv_;
  bool cr_waiting_ = false;
};

// The text of a manifest whose first block did not show it JSONL, fed a piece at a time: its
// first character that is not blank tells JSONL ('{') from CSV, as when it was read whole
// (blanks before it are held until then), and it is parsed as it comes. Where the text ends
// is counted as the reading goes, for the budget's refusal.
class late_form_text {
 public:
  // `head_searched` counts the bytes searched for the form and the header (decision 1232).
  late_form_text(const std::string& path, std::vector<diagnostic>& problems, entry_store& entries,
                 std::uint64_t& head_searched)
      : path_(path), problems_(problems), entries_(entries), head_searched_(head_searched) {}

  void feed(std::string_view text, bool more) {
    end_.feed(text);
    if (!form_) {
      // The text fed before was blank: only what comes now is searched (decision 1201).
      const std::size_t searched = blanks_.size();
      blanks_ += text;
      head_searched_ += text.size();
      const std::size_t first = blanks_.find_first_not_of(" \t\r\n", searched);
      if (first == std::string::npos && more) return;
      if (first != std::string::npos && blanks_[first] == '{') {
        jsonl_.emplace(path_, problems_, entries_);
      } else {
        csv_.emplace(path_, problems_, entries_, head_searched_);
      }
      form_ = true;
      text = blanks_;
    }
    parse([&] {
      if (jsonl_) {
        jsonl_->feed(text);
        if (!more) jsonl_->finish();
      } else {
        csv_->feed(text, more);
      }
    });
    blanks_ = std::string();
  }
  [[nodiscard]] source_span end(bool lf_next) const { return end_.end(path_, !jsonl_, lf_next); }
  [[nodiscard]] const text_end& counted() const noexcept { return end_; }
  // The refusal past kMaxManifestEntries, when it came: thrown once the file is known to be
  // within its bytes' budget, which is refused first as when the file was read whole.
  void throw_refusal() const {
    if (refusal_) throw *refusal_;
  }

 private:
  template <class Parse>
  void parse(Parse&& parse_text) {
    if (refusal_) return;
    try {
      parse_text();
    } catch (const load_error& e) {  // past kMaxManifestEntries
      refusal_ = e;
    }
  }

  const std::string& path_;
  std::vector<diagnostic>& problems_;
  entry_store& entries_;
  std::uint64_t& head_searched_;
  text_end end_;
  bool form_ = false;   // told
  std::string blanks_;  // the text before it is
  std::optional<jsonl_lines> jsonl_;
  std::optional<csv_rows> csv_;
  std::optional<load_error> refusal_;
};

// A manifest whose first block did not show it JSONL (a CSV; a UTF-16 JSONL whose first block
// is blank), read a block at a time as read_jsonl reads (decision 1180), with what it gives as
// it was when read whole (decisions 524, 891, 930): UTF-16 decoded a block at a time, a second
// mark dropped; past the budget the file is refused where the text read ends, with no other
// problem, a UTF-16 character cut by the budget decoded to the one before it and an undecodable
// one refused where it is.
void read_late_form(std::ifstream& file, std::string head, const std::optional<utf16_start>& utf16,
                    const std::string& path, std::size_t max_bytes,
                    std::vector<diagnostic>& problems, entry_store& entries,
                    std::uint64_t& head_searched) {
  late_form_text text(path, problems, entries, head_searched);
  std::optional<utf16_decoder> decoder;
  if (utf16) decoder.emplace(!utf16->big_endian, utf16->mark);
  int mark_dropped = 0;  // as read_jsonl counts a second mark
  bool first_text = true;
  std::string decoded;
  const auto refuse = [&](utf16_failure failure) {
    const text_end& at = text.counted();
    const std::int64_t on_line_1 = at.lf_line() == 1 ? mark_dropped : 0;
    failure.column = static_cast<int>(
        failure.line == 1 ? at.lf_col() + on_line_1 + failure.column - 1 : failure.column);
    failure.line = static_cast<int>(at.lf_line() + failure.line - 1);
    throw utf16_error(failure, path);
  };
  const auto give = [&](std::string_view piece, bool more) {
    if (first_text && !piece.empty()) {
      first_text = false;
      if (decoder && without_utf8_bom(piece).size() != piece.size()) mark_dropped = 1;
      piece = without_utf8_bom(piece);
    }
    text.feed(piece, more);
  };
  // UTF-16 bytes fed to the decoder, or tried at the budget's end: the last 3 of the bytes
  // read are held back (`held`) until more come, so that the text decoded at the budget is
  // what decoding the bytes within it gave when they were read whole.
  const auto decode = [&](std::string_view bytes) {
    decoded.clear();
    if (utf16_failure failure; !decoder->feed(bytes, decoded, failure)) refuse(failure);
    return std::string_view(decoded);
  };
  std::string held;
  std::size_t total = 0;  // bytes of the file read
  std::string block = std::move(head);
  for (bool more = !block.empty(), first = true; more;
       more = read_block(file, block), first = false) {
    const bool over = total + block.size() > max_bytes;
    const std::size_t kept = over ? max_bytes - total : block.size();  // of the block's bytes
    std::string_view chunk = std::string_view(block).substr(0, kept);
    total += kept;
    if (!decoder) {
      give(chunk, true);
    } else {
      if (first) chunk.remove_prefix(std::min(utf16->mark, chunk.size()));
      held += chunk;
      const std::size_t keep = std::min<std::size_t>(held.size(), 3);
      give(decode(std::string_view(held).substr(0, held.size() - keep)), true);
      held.erase(0, held.size() - keep);
    }
    if (!over) continue;
    // The bytes past the budget, for the LF a CR the text ends with may be the first half of.
    std::string after = block.substr(kept, 4);
    while (after.size() < 4 && file.read(block.data(), 1).gcount() == 1) after += block[0];
    if (!decoder) throw over_budget(text.end(after.starts_with('\n')), max_bytes);
    for (std::size_t dropped = 0;; ++dropped) {
      utf16_decoder tried = *decoder;
      std::string tail;
      utf16_failure failure;
      const std::string_view decodable = std::string_view(held).substr(0, held.size() - dropped);
      if (tried.feed(decodable, tail, failure) && tried.finish(tail, failure)) {
        give(tail, true);
        const std::string next = held.substr(decodable.size()) + after;
        throw over_budget(
            text.end(next.starts_with(std::string_view(utf16->big_endian ? "\0\n" : "\n\0", 2))),
            max_bytes);
      }
      if (dropped == held.size()) refuse(failure);
    }
  }
  if (decoder) {
    std::string_view rest = decode(held);
    if (utf16_failure failure; !decoder->finish(decoded, failure)) refuse(failure);
    give(rest, false);
  } else {
    give({}, false);
  }
  text.throw_refusal();
}

}  // namespace

manifest manifest::load(const std::string& path, std::size_t max_bytes, std::size_t max_entries) {
  std::ifstream file(path, std::ios::binary);
  if (!file) {
    diagnostic d;
    d.code = diag_code::io_error;
    d.where.file = path;
    d.message = "cannot read the manifest";
    throw load_error({d});
  }
  std::vector<diagnostic> problems;
  manifest m;
  entry_store entries{m.entries_, max_entries};
  std::string head = head_of(file, max_bytes, m.head_bytes_searched_);
  const std::string_view budgeted = std::string_view(head).substr(0, max_bytes);
  const auto utf16 = utf16_start_of(budgeted);
  if (!utf16 && is_jsonl(without_utf8_bom(budgeted))) {
    read_jsonl(file, std::move(head), std::nullopt, path, max_bytes, problems, entries);
  } else if (utf16 && utf16_starts_jsonl(budgeted, *utf16)) {
    read_jsonl(file, std::move(head), utf16, path, max_bytes, problems, entries);
  } else {
    read_late_form(file, std::move(head), utf16, path, max_bytes, problems, entries,
                   m.head_bytes_searched_);
  }
  if (file.bad()) {  // a directory, an I/O error: what was read is not the whole manifest
    diagnostic d;
    d.code = diag_code::io_error;
    d.where.file = path;
    d.message = "cannot read the manifest: read error";
    problems.push_back(std::move(d));
  }
  if (!problems.empty()) throw load_error(std::move(problems));
  m.used_ = std::make_unique<std::atomic<bool>[]>(m.entries_.size());
  return m;
}

const manifest_entry* manifest::find(std::string_view id) const {
  const std::size_t at = entries_.position(id);
  if (at == manifest_index::npos) return nullptr;
  used_[at].store(true, std::memory_order_relaxed);
  return &entries_.entry(at);
}

manifest::unused_entries manifest::unused() const {
  unused_entries out;
  std::optional<std::string_view> first;
  for (std::size_t at = 0; at < entries_.size(); ++at) {
    if (used_[at].load(std::memory_order_relaxed)) continue;
    ++out.count;
    if (!first || entries_.id(at) < *first) first = entries_.id(at);
  }
  if (first) out.first = std::string(*first);
  return out;
}

}  // namespace mfsim::corpus
