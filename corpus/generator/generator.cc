// `mfsim generate`: the options, the three output formats and the streaming loop that writes
// each message and its truth record as soon as they are made.
#include "corpus/generator/generator.h"

#include <sys/stat.h>

#include <algorithm>
#include <cerrno>
#include <cstdio>
#include <cstring>
#include <filesystem>
#include <optional>

#include "corpus/generator/generator_internal.h"
#include "engine/ascii.h"

namespace mfsim::corpus {
namespace {

namespace fs = std::filesystem;

// Arrivals start somewhere in the year from 2023-06-01T00:00:00Z and are strictly increasing.
constexpr std::int64_t kFirstArrival = 1685577600;

bool is_name_byte(char c) {
  return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '_' ||
         c == '-';
}

// "12", "2.5", "0.125": thousandths, no floating point.
std::optional<std::uint64_t> parse_weight(std::string_view text) {
  std::uint64_t whole = 0, fraction = 0;
  int fraction_digits = -1;
  if (text.empty()) return std::nullopt;
  for (char c : text) {
    if (c == '.' && fraction_digits < 0) {
      fraction_digits = 0;
      continue;
    }
    if (c < '0' || c > '9') return std::nullopt;
    if (fraction_digits < 0) {
      whole = whole * 10 + static_cast<std::uint64_t>(c - '0');
      if (whole > 1'000'000'000) return std::nullopt;
    } else {
      if (++fraction_digits > 3) return std::nullopt;
      fraction = fraction * 10 + static_cast<std::uint64_t>(c - '0');
    }
  }
  if (fraction_digits == 0) return std::nullopt;  // "5."
  for (int d = fraction_digits < 0 ? 0 : fraction_digits; d < 3; ++d) fraction *= 10;
  return whole * 1000 + fraction;
}

std::string strip_trailing_slashes(std::string path) {
  while (path.size() > 1 && path.back() == '/') path.pop_back();
  return path;
}

[[noreturn]] void io_failure(const std::string& what, const std::string& path) {
  throw generator_io_error(what + " " + path + ": " + std::strerror(errno));
}

// A file written with stdio, closed (and checked) exactly once.
class output_file {
 public:
  output_file() = default;
  output_file(const output_file&) = delete;
  output_file& operator=(const output_file&) = delete;
  ~output_file() {
    if (f_ != nullptr) std::fclose(f_);
  }
  void open(const std::string& path) {
    path_ = path;
    f_ = std::fopen(path.c_str(), "wb");
    if (f_ == nullptr) io_failure("cannot create", path);
  }
  void write(std::string_view bytes) {
    if (!bytes.empty() && std::fwrite(bytes.data(), 1, bytes.size(), f_) != bytes.size())
      io_failure("cannot write", path_);
  }
  void close() {
    std::FILE* f = f_;
    f_ = nullptr;
    if (f != nullptr && std::fclose(f) != 0) io_failure("cannot write", path_);
  }
  [[nodiscard]] bool is_open() const noexcept { return f_ != nullptr; }

 private:
  std::FILE* f_ = nullptr;
  std::string path_;
};

void write_whole_file(const std::string& path, std::string_view bytes) {
  output_file f;
  f.open(path);
  f.write(bytes);
  f.close();
}

// OUT must be absent (it is created) or an empty directory.
void prepare_directory(const std::string& out) {
  std::error_code ec;
  const auto status = fs::status(out, ec);
  if (fs::exists(status)) {
    if (!fs::is_directory(status)) throw generator_error(out + " exists and is not a directory");
    if (!fs::is_empty(out, ec) || ec)
      throw generator_error(out + " is not empty: give a new or empty directory");
    return;
  }
  fs::create_directories(out, ec);
  if (ec) throw generator_io_error("cannot create " + out + ": " + ec.message());
}

void make_subdirectory(const std::string& path) {
  if (::mkdir(path.c_str(), 0777) != 0 && errno != EEXIST) io_failure("cannot create", path);
}

// mboxrd: every line that starts with ">*From " gains one '>' (what corpus/mbox_reader undoes).
void append_mbox_quoted(std::string& out, std::string_view message) {
  std::size_t pos = 0;
  while (pos < message.size()) {
    std::size_t k = pos;
    while (k < message.size() && message[k] == '>') ++k;
    if (message.compare(k, 5, "From ") == 0) out += '>';
    const std::size_t nl = message.find('\n', pos);
    const std::size_t end = nl == std::string_view::npos ? message.size() : nl + 1;
    out.append(message.substr(pos, end - pos));
    pos = end;
  }
  if (!message.empty() && message.back() != '\n') out += '\n';
}

// "Tue Mar  5 14:22:31 2024", the date of an mbox envelope line.
std::string asctime_utc(std::int64_t epoch) {
  std::string rfc;
  gen::append_rfc5322_date(rfc, epoch, 0);  // "Tue, 5 Mar 2024 14:22:31 +0000"
  const std::string_view v = rfc;
  const std::size_t day_end = v.find(' ', 5);
  const std::string_view day = v.substr(5, day_end - 5);
  const std::string_view month = v.substr(day_end + 1, 3);
  const std::string_view year = v.substr(day_end + 5, 4);
  const std::string_view time = v.substr(day_end + 10, 8);
  std::string out(v.substr(0, 3));
  out += ' ';
  out += month;
  out += day.size() == 1 ? "  " : " ";
  out += day;
  out += ' ';
  out += time;
  out += ' ';
  out += year;
  return out;
}

std::string zero_padded(std::uint64_t n, std::size_t width) {
  std::string s = std::to_string(n);
  if (s.size() < width) s.insert(0, width - s.size(), '0');
  return s;
}

// Ranges of the rule set's other IP lists that no single egress range covers (the Europe-only
// addresses, IPv6, the /23): senders just outside what the rules accept.
std::vector<gen::ip_range> near_misses(const rules::rule_set& set,
                                       const std::vector<gen::ip_range>& egress) {
  std::vector<gen::ip_range> out;
  for (const auto& list : set.ip_lists) {
    if (list.name == set.area1.egress_list) continue;
    for (const auto& entry : list.entries) {
      const auto r = gen::parse_range(entry);
      if (!r) continue;
      const bool covered = std::any_of(egress.begin(), egress.end(), [&](const gen::ip_range& e) {
        return e.contains(r->lo) && e.contains(r->hi);
      });
      if (!covered) out.push_back(*r);
    }
  }
  return out;
}

}  // namespace

std::vector<mix_entry> parse_mix(std::string_view spec) {
  std::vector<mix_entry> mix;
  std::uint64_t total = 0;
  while (true) {
    const std::size_t comma = spec.find(',');
    const std::string_view item = ascii_trim_blanks(spec.substr(0, comma));
    const std::size_t eq = item.find('=');
    if (eq == std::string_view::npos) {
      throw generator_error("--mix: '" + std::string(item) +
                            "' is not NAME=WEIGHT (as in UCE=10,none=90)");
    }
    const std::string_view name = ascii_trim_blanks(item.substr(0, eq));
    if (name.empty() || !std::all_of(name.begin(), name.end(), is_name_byte)) {
      throw generator_error("--mix: '" + std::string(name) +
                            "' is not a disposition name (letters, digits, _ and -)");
    }
    const auto weight = parse_weight(ascii_trim_blanks(item.substr(eq + 1)));
    if (!weight) {
      throw generator_error("--mix: the weight of " + std::string(name) +
                            " is not a non-negative number with at most three decimals");
    }
    mix_entry e;
    for (char c : name)
      e.disposition += (c >= 'a' && c <= 'z') ? static_cast<char>(c - 'a' + 'A') : c;
    if (e.disposition == "NONE") e.disposition.clear();
    e.weight = *weight;
    for (const auto& seen : mix) {
      if (seen.disposition == e.disposition)
        throw generator_error("--mix: " + std::string(name) + " is given twice");
    }
    total += e.weight;
    mix.push_back(std::move(e));
    if (comma == std::string_view::npos) break;
    spec.remove_prefix(comma + 1);
  }
  if (total == 0) throw generator_error("--mix: every weight is 0");
  return mix;
}

output_format parse_format(std::string_view name) {
  if (name == "dir") return output_format::dir;
  if (name == "mbox") return output_format::mbox;
  if (name == "maildir") return output_format::maildir;
  throw generator_error("--format: '" + std::string(name) + "' is not one of dir, mbox, maildir");
}

std::string truth_path(const generator_options& options) {
  return options.truth.empty() ? strip_trailing_slashes(options.out) + ".truth.jsonl"
                               : options.truth;
}

generator_result generate(const rules::rule_set& set, const generator_options& options) {
  const gen::oracle_rules oracle = gen::prepare_oracle(set);
  const std::vector<mix_entry> mix = options.mix.empty() ? parse_mix(kDefaultMix) : options.mix;
  std::vector<std::uint64_t> weights;
  for (const auto& m : mix) weights.push_back(m.weight);

  if (options.count == 0) throw generator_error("--count must be at least 1");
  generator_result result;
  result.run_path = strip_trailing_slashes(options.out);
  if (result.run_path.empty() || result.run_path == "/")
    throw generator_error("OUT must name a directory to create");
  result.truth_path = truth_path(options);
  if (result.truth_path.rfind(result.run_path + "/", 0) == 0) {
    throw generator_error(
        "the truth file must not lie inside OUT, or `mfsim run OUT` would read it as a message");
  }
  prepare_directory(result.run_path);

  gen::builder_context ctx;
  ctx.disposition_header = set.area1.disposition_header;
  ctx.egress = oracle.egress;
  ctx.near_misses = near_misses(set, oracle.egress);
  // With Area 1 quarantine dispositions, which instance Area 1 would act on is not specified:
  // keep to one instance there.
  ctx.repeat_disposition = oracle.area1_quarantine.empty();
  ctx.allow_empty_message = options.format != output_format::mbox;

  output_file truth, mbox;
  truth.open(result.truth_path);
  const std::string& out = result.run_path;
  if (options.format == output_format::mbox) mbox.open(out + "/messages.mbox");
  if (options.format == output_format::maildir) {
    make_subdirectory(out + "/cur");
    make_subdirectory(out + "/new");
    make_subdirectory(out + "/tmp");
  }
  const std::size_t width = std::max<std::size_t>(6, std::to_string(options.count).size());
  const std::uint64_t first_new =
      options.count - options.count / 10 + 1;  // Maildir: the last tenth
  const std::string process_tag = std::to_string(10000 + options.seed % 90000);

  gen::rng stream(options.seed);
  std::int64_t arrival = kFirstArrival + static_cast<std::int64_t>(stream.below(365 * 86400));
  std::string bytes, record, framed, id;
  gen::message_facts facts;
  for (std::uint64_t i = 1; i <= options.count; ++i) {
    const std::string& disposition =
        mix[gen::pick_weighted(stream, weights.data(), weights.size())].disposition;
    arrival += 1 + static_cast<std::int64_t>(stream.below(120));
    gen::build_message(ctx, options.seed, i, disposition, arrival, bytes, facts);

    switch (options.format) {
      case output_format::dir:
        id = out + "/" + zero_padded(i, width) + ".eml";
        write_whole_file(id, bytes);
        break;
      case output_format::mbox:
        framed.clear();
        if (i > 1) framed += '\n';  // the empty line before each later envelope
        framed += "From MAILER-DAEMON " + asctime_utc(arrival) + "\n";
        append_mbox_quoted(framed, bytes);
        mbox.write(framed);
        id = out + "/messages.mbox#" + std::to_string(i);
        break;
      case output_format::maildir: {
        // time.MusecPpidQn.host,S=size[:2,flags]: the 10-digit arrival time leads, so the sorted
        // walk of each folder follows generation order.
        const bool fresh = i >= first_new;
        id = out + (fresh ? "/new/" : "/cur/") + std::to_string(arrival) + ".M" +
             zero_padded(i % 1000000, 6) + "P" + process_tag + "Q" + std::to_string(i) +
             ".mfsim.example,S=" + std::to_string(bytes.size()) + (fresh ? "" : ":2,S");
        write_whole_file(id, bytes);
        break;
      }
    }
    record.clear();
    gen::append_truth_record(oracle, id, facts, record);
    truth.write(record);
    result.bytes += bytes.size();
    ++result.messages;
  }
  if (mbox.is_open()) mbox.close();
  truth.close();
  return result;
}

}  // namespace mfsim::corpus
