// Opening, checking and k-way merging the parts of a sharded run.
#include "tools/part_reader.h"

#include <fmt/format.h>

#include <algorithm>
#include <cerrno>
#include <cstring>
#include <map>

#include "corpus/shard.h"
#include "engine/json_text.h"
#include "engine/utf8.h"
#include "engine/utf8_bom.h"
#include "tools/interrupted_report.h"
#include "tools/utf16_part.h"

namespace mfsim::tools {

struct part_set::part {
  std::string path;
  std::FILE* file = nullptr;
  std::uint32_t shard = 0;
  std::string line;  // the current record, or empty once the trailer is reached
  part_record current;
  std::uint64_t records_read = 0;
  std::uint64_t records_expected = 0;
  bool done = false;
  ~part() {
    if (file != nullptr) std::fclose(file);
  }
};

namespace {

// A record describes one message (its id, rule names, header values already cut by
// --max-header-bytes), so it is far smaller than the largest message read; a longer line (a
// part replaced by /dev/zero or a file with no line end) is refused, not held in memory.
constexpr std::size_t kMaxPartLineBytes = std::size_t{64} << 20;

// One line with its '\n' (none at the end of a file without one); false at end of file, and
// false with `too_long` set when the line passes kMaxPartLineBytes.
bool read_line(std::FILE* f, std::string& line, bool& too_long) {
  line.clear();
  too_long = false;
  char block[1 << 14];
  while (std::fgets(block, sizeof block, f) != nullptr) {
    line += block;  // records are JSON: no NUL byte inside
    if (!line.empty() && line.back() == '\n') {
      // A part carried through a Windows agent or git's autocrlf has CRLF line ends; mfsim
      // writes a raw CR nowhere in a part, so dropping it gives back the bytes written.
      if (line.size() >= 2 && line[line.size() - 2] == '\r') line.erase(line.size() - 2, 1);
      break;
    }
    if (line.size() > kMaxPartLineBytes) {
      too_long = true;
      line.clear();
      return false;
    }
  }
  return !line.empty();
}

bool read_line(std::FILE* f, std::string& line) {
  bool too_long = false;
  return read_line(f, line, too_long);
}

// Windows PowerShell 5.1's `>` writes a command's output as UTF-16 (decisions 521 and 578): such
// a part is swapped for its decoded copy, then read as the bytes mfsim wrote; empty `why` for any
// other file, which is read from its start as it is.
bool decode_utf16_part(std::FILE*& f, std::string& why) {
  char head[2] = {};
  const std::size_t got = std::fread(head, 1, 2, f);
  std::rewind(f);
  const auto start = utf16_start_of(std::string_view(head, got));
  if (!start) return true;
  std::FILE* copy = ascii_copy_of_utf16_part(f, *start, why);
  if (copy == nullptr) return false;
  std::fclose(f);
  f = copy;
  return true;
}

// The last line of a file, read from its end: a part is complete only with its trailer.
std::string last_line(std::FILE* f) {
  const long here = std::ftell(f);
  std::string tail;
  if (std::fseek(f, 0, SEEK_END) != 0) return tail;
  long end = std::ftell(f);
  std::string block;
  while (end > 0) {
    const long start = std::max(0L, end - 4096);
    block.resize(static_cast<std::size_t>(end - start));
    std::fseek(f, start, SEEK_SET);
    if (std::fread(block.data(), 1, block.size(), f) != block.size()) break;
    tail.insert(0, block);
    end = start;
    const std::size_t nl = tail.find_last_of('\n', tail.size() >= 2 ? tail.size() - 2 : 0);
    if (nl != std::string::npos && nl + 1 < tail.size()) {
      tail.erase(0, nl + 1);
      break;
    }
  }
  std::fseek(f, here, SEEK_SET);
  return tail;
}

// Past one JSON string literal starting at text[at] == '"'; npos when unterminated.
std::size_t skip_string(std::string_view text, std::size_t at) {
  for (std::size_t k = at + 1; k < text.size(); ++k) {
    if (text[k] == '\\')
      ++k;
    else if (text[k] == '"')
      return k + 1;
  }
  return std::string_view::npos;
}

// Splits {"walk_position":[I,E],EXTRA,"rest..."} into the position, EXTRA (a `"key":[...]` of
// strings, or empty) and {"rest...".
bool split_record(std::string_view line, part_record& out, std::string& rebuilt) {
  if (line.substr(0, kPositionKey.size()) != kPositionKey) return false;
  std::string_view rest = line.substr(kPositionKey.size());
  const std::size_t close = rest.find(']');
  if (close == std::string_view::npos || !parse_walk_position(rest.substr(0, close), out.position))
    return false;
  rest.remove_prefix(close + 1);
  if (rest.empty() || rest.front() != ',') return false;
  rest.remove_prefix(1);
  out.extra = {};
  // An extra field is a key whose value is an array of strings (diff's "transition").
  if (rest.size() > 1 && rest.front() == '"') {
    const std::size_t key_end = skip_string(rest, 0);
    if (key_end != std::string_view::npos && key_end + 1 < rest.size() &&
        rest.substr(key_end, 2) == ":[") {
      std::size_t k = key_end + 2;
      while (k < rest.size() && rest[k] != ']') {
        if (rest[k] == '"') {
          k = skip_string(rest, k);
          if (k == std::string_view::npos) return false;
        } else {
          ++k;
        }
      }
      if (k + 1 >= rest.size() || rest[k + 1] != ',') return false;
      out.extra = rest.substr(0, k + 1);
      rest.remove_prefix(k + 2);
    }
  }
  rebuilt.assign("{");
  rebuilt.append(rest);
  out.record = rebuilt;
  return true;
}

// The keys whose values differ between two objects, in either (sorted, each once).
std::vector<std::string> differing_keys(const nlohmann::json& a, const nlohmann::json& b) {
  std::vector<std::string> keys;
  for (const nlohmann::json* side : {&a, &b}) {
    for (auto it = side->begin(); it != side->end(); ++it) {
      if (a.value(it.key(), nlohmann::json()) != b.value(it.key(), nlohmann::json()))
        keys.push_back(it.key());
    }
  }
  std::sort(keys.begin(), keys.end());
  keys.erase(std::unique(keys.begin(), keys.end()), keys.end());
  return keys;
}

// What differs between two part headers, in words.
std::string difference(const nlohmann::json& first, const nlohmann::json& other,
                       std::uint32_t first_count, std::uint32_t other_count) {
  const auto field = [](const nlohmann::json& h, const char* key) {
    return h.value(key, nlohmann::json());
  };
  if (field(first, "command") != field(other, "command")) {
    return fmt::format("one is from `mfsim {}`, the other from `mfsim {}`",
                       first.value("command", std::string()),
                       other.value("command", std::string()));
  }
  const nlohmann::json a = field(first, "options"), b = field(other, "options");
  if (a != b && a.is_object() && b.is_object()) {
    std::string keys;
    for (const std::string& key : differing_keys(a, b)) {
      const nlohmann::json &mine = a.value(key, nlohmann::json()),
                           &theirs = b.value(key, nlohmann::json());
      if (key != "evaluation" || !mine.is_object() || !theirs.is_object()) {
        keys += (keys.empty() ? "" : ", ") + key;
        continue;
      }
      // The evaluation options by the option that differs (`--define`, `--client-ip`), not as
      // one word for a dozen of them.
      for (std::string option : differing_keys(mine, theirs)) {
        std::replace(option.begin(), option.end(), '_', '-');
        keys += (keys.empty() ? "--" : ", --") + option;
      }
    }
    return "their options differ (" + (keys.empty() ? std::string("options") : keys) + ")";
  }
  if (field(first, "files") != field(other, "files"))
    return "the rule set, expectations, manifest or mailbox state files they read differ";
  if (field(first, "walk") != field(other, "walk"))
    return "their inputs differ (the walked files or their sizes changed)";
  if (first_count != other_count)
    return fmt::format("one is cut in {} shards, the other in {}", first_count, other_count);
  return "their headers differ";
}

std::string shard_list(const std::vector<std::uint32_t>& shards, std::uint32_t count) {
  std::string out;
  for (std::size_t k = 0; k < shards.size() && k < 10; ++k)
    out += fmt::format("{}{}/{}", k ? ", " : "", shards[k], count);
  if (shards.size() > 10) out += fmt::format(" and {} more", shards.size() - 10);
  return out;
}

}  // namespace

part_set::part_set(part_set&&) noexcept = default;
part_set& part_set::operator=(part_set&&) noexcept = default;
part_set::~part_set() = default;

std::string part_set::command() const { return header_.value("command", std::string()); }

std::optional<part_set> part_set::open(const std::vector<std::string>& paths, std::string& error) {
  part_set set;
  std::string identity, first_path, line;
  std::uint32_t count = 0;
  std::map<std::uint32_t, std::string> by_shard;
  for (const auto& path : paths) {
    auto p = std::make_unique<part>();
    p->path = path;
    p->file = std::fopen(path.c_str(), "rb");
    if (p->file == nullptr) {
      error = fmt::format("{}: cannot open: {}", path, std::strerror(errno));
      return std::nullopt;
    }
    if (std::string why; !decode_utf16_part(p->file, why)) {
      error = fmt::format("{}: cannot be merged: {}", path, why);
      return std::nullopt;
    }
    const bool read = read_line(p->file, line);
    strip_utf8_bom(line);
    if (read && is_unfinished_output(line)) {
      error = fmt::format("{}: no records: {}", path, kUnfinishedOutputReason);
      return std::nullopt;
    }
    if (!read || line.substr(0, kPartHeaderKey.size()) != kPartHeaderKey) {
      error = fmt::format(
          "{}: not a part: its first line is not an mfsim_part header (was it written with "
          "--shard?)",
          path);
      return std::nullopt;
    }
    const std::size_t shard_at = line.rfind(",\"shard\":[");
    nlohmann::json header;
    try {
      header = mfsim::parse_json(line);
    } catch (const nlohmann::json::exception&) {
      error = fmt::format("{}: the part header is not valid JSON", path);
      return std::nullopt;
    }
    // What every header mfsim writes holds; a header that lacks it was written by hand or cut.
    const auto& about = header["mfsim_part"];
    if (!about.is_object() || !about.contains("command") || !about["command"].is_string() ||
        !about.contains("options") || !about["options"].is_object()) {
      error = fmt::format("{}: the part header does not name its command and options", path);
      return std::nullopt;
    }
    const auto& shard = header["shard"];
    if (shard_at == std::string::npos || !shard.is_array() || shard.size() != 2) {
      error = fmt::format("{}: the part header has no shard", path);
      return std::nullopt;
    }
    // [K, N] as `--shard K/N` wrote it, checked as `--shard` checks it.
    std::string why;
    const auto spec = shard[0].is_number_unsigned() && shard[1].is_number_unsigned()
                          ? corpus::parse_shard(fmt::format("{}/{}", shard[0].get<std::uint64_t>(),
                                                            shard[1].get<std::uint64_t>()),
                                                why)
                          : std::nullopt;
    if (!spec) {
      error = fmt::format("{}: the part header's shard is not K of N{}", path,
                          why.empty() ? "" : " (" + why + ")");
      return std::nullopt;
    }
    p->shard = spec->number;
    const std::uint32_t n = spec->count;
    if (identity.empty()) {
      identity = line.substr(0, shard_at);
      first_path = path;
      count = n;
      set.header_ = header["mfsim_part"];
    } else if (line.compare(0, shard_at, identity) != 0 || n != count) {
      error = fmt::format("{} and {} are parts of different runs: {}", first_path, path,
                          difference(set.header_, header["mfsim_part"], count, n));
      return std::nullopt;
    }
    if (const auto [it, added] = by_shard.emplace(p->shard, path); !added) {
      error = fmt::format("shard {}/{} given twice: {} and {}", p->shard, count, it->second, path);
      return std::nullopt;
    }
    const std::string trailer = last_line(p->file);
    if (trailer.substr(0, kPartTrailerKey.size()) != kPartTrailerKey) {
      error = fmt::format(
          "{}: shard {}/{} is incomplete: it has no trailer line (the shard was stopped or "
          "failed; run it again)",
          path, p->shard, count);
      return std::nullopt;
    }
    try {
      const auto end = mfsim::parse_json(trailer)["mfsim_part_end"];
      p->records_expected = end.at("records").get<std::uint64_t>();
      set.totals_.push_back(end.value("totals", nlohmann::json::object()));
    } catch (const nlohmann::json::exception&) {
      error = fmt::format("{}: the trailer line is not valid", path);
      return std::nullopt;
    }
    set.parts_.push_back(std::move(p));
  }
  if (set.parts_.empty()) {
    error = "no parts given";
    return std::nullopt;
  }
  std::vector<std::uint32_t> missing;
  for (std::uint32_t k = 1; k <= count; ++k) {
    if (by_shard.count(k) == 0) missing.push_back(k);
  }
  if (!missing.empty()) {
    error = fmt::format("missing {} of {} shards: {}", missing.size(), count,
                        shard_list(missing, count));
    return std::nullopt;
  }
  // Totals in shard order, whatever order the parts came in.
  std::vector<std::size_t> order(set.parts_.size());
  for (std::size_t k = 0; k < order.size(); ++k) order[k] = k;
  std::sort(order.begin(), order.end(), [&](std::size_t a, std::size_t b) {
    return set.parts_[a]->shard < set.parts_[b]->shard;
  });
  std::vector<nlohmann::json> totals;
  for (const std::size_t k : order) totals.push_back(set.totals_[k]);
  set.totals_ = std::move(totals);
  for (std::size_t k = 0; k < set.parts_.size(); ++k) {
    if (!set.advance(*set.parts_[k], error)) return std::nullopt;
    if (!set.parts_[k]->done) set.heap_.push_back(k);
  }
  std::make_heap(set.heap_.begin(), set.heap_.end(), set.later());
  return set;
}

bool part_set::advance(part& p, std::string& error) {
  if (p.done) return true;
  std::string raw;
  bool too_long = false;
  if (!read_line(p.file, raw, too_long)) {
    error = too_long ? fmt::format("{}: line {} is longer than {} bytes: not a part record", p.path,
                                   p.records_read + 2, kMaxPartLineBytes)
                     : fmt::format("{}: ends before its trailer", p.path);
    return false;
  }
  if (raw.substr(0, kPartTrailerKey.size()) == kPartTrailerKey) {
    p.done = true;
    if (p.records_read != p.records_expected) {
      error = fmt::format("{}: {} records, but its trailer says {}", p.path, p.records_read,
                          p.records_expected);
      return false;
    }
    return true;
  }
  const walk_key previous = p.current.position;
  // `line` keeps the raw text alive; split_record rebuilds the record in `p.line`.
  std::string rebuilt;
  if (!split_record(raw, p.current, rebuilt)) {
    error = fmt::format("{}: line {} is not a positioned record", p.path, p.records_read + 2);
    return false;
  }
  if (p.records_read > 0 && !(previous < p.current.position)) {
    error = fmt::format("{}: walk positions out of order at line {}", p.path, p.records_read + 2);
    return false;
  }
  ++p.records_read;
  // Views into `line`: extra lies in the raw text, the record in the rebuilt one.
  const std::size_t extra_at =
      p.current.extra.empty() ? 0 : static_cast<std::size_t>(p.current.extra.data() - raw.data());
  const std::size_t extra_size = p.current.extra.size();
  p.line = std::move(rebuilt);
  p.line += '\0';
  const std::size_t record_size = p.line.size() - 1;
  p.line += raw.substr(extra_at, extra_size);
  p.current.record = std::string_view(p.line).substr(0, record_size);
  p.current.extra = std::string_view(p.line).substr(record_size + 1, extra_size);
  return true;
}

std::function<bool(std::size_t, std::size_t)> part_set::later() const {
  return [this](std::size_t a, std::size_t b) {
    return parts_[b]->current.position < parts_[a]->current.position;
  };
}

bool part_set::next(part_record& out, std::string& error) {
  if (heap_.empty()) return false;
  std::pop_heap(heap_.begin(), heap_.end(), later());
  const std::size_t index = heap_.back();
  heap_.pop_back();
  part* best = parts_[index].get();
  if (last_ && !(*last_ < best->current.position)) {
    error = fmt::format("{}: walk position [{},{}] appears in two parts", best->path,
                        best->current.position.first, best->current.position.second);
    return false;
  }
  last_ = best->current.position;
  out = best->current;
  // The caller uses `out` before the next call; keep its text until then.
  std::swap(held_, best->line);
  if (!advance(*best, error)) return false;
  if (!best->done) {
    heap_.push_back(index);
    std::push_heap(heap_.begin(), heap_.end(), later());
  }
  out.record = std::string_view(held_).substr(0, out.record.size());
  out.extra = std::string_view(held_).substr(out.record.size() + 1, out.extra.size());
  return true;
}

}  // namespace mfsim::tools
