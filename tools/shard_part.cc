// The header, records and trailer of a part written under --shard.
#include "tools/shard_part.h"

#include <fmt/format.h>
#include <sys/stat.h>

#include <charconv>
#include <fstream>
#include <iterator>
#include <nlohmann/json.hpp>

#include "engine/directory/load_directory.h"
#include "tools/messages.h"

namespace mfsim::tools {

// FNV-1a: enough to tell two versions of a file apart by mistake, streamed in blocks.
std::string file_digest(const std::string& path) {
  // Only a regular file: a part names the files, and a tampered one naming /dev/zero or a FIFO
  // made merge --report read forever (stat does not block). Any size: the expectations of a
  // corpus worth sharding pass 32 MiB, and a file left undigested could change unnoticed
  // between the shards and the merge (decision 527).
  struct stat st {};
  if (::stat(path.c_str(), &st) != 0 || !S_ISREG(st.st_mode)) return {};
  std::ifstream in(path, std::ios::binary);
  if (!in) return {};
  std::uint64_t h = 0xcbf29ce484222325ULL;
  char block[1 << 16];
  while (in) {
    in.read(block, sizeof block);
    for (std::streamsize k = 0; k < in.gcount(); ++k) {
      h ^= static_cast<unsigned char>(block[k]);
      h *= 0x100000001b3ULL;
    }
  }
  return fmt::format("{:016x}", h);
}

std::string part_header_digest(const nlohmann::json& header, const std::string& path) {
  const auto files = header.find("files");
  if (files == header.end() || !files->is_object()) return {};
  return files->value(path, std::string());
}

std::optional<shard_setup> prepare_shard(const char* command, const std::string& shard,
                                         const std::vector<std::string>& paths,
                                         const corpus::read_options& read) {
  shard_setup setup;
  if (shard.empty()) return setup;
  std::string error;
  const auto spec = corpus::parse_shard(shard, error);
  if (!spec) {
    tell("mfsim {}: --shard: {}\n", command, error);
    return std::nullopt;
  }
  corpus::walk_totals totals = corpus::measure_walk(paths, nullptr, read);
  if (!totals.error.empty()) {
    tell("mfsim {}: --shard: {}\n", command, totals.error);
    return std::nullopt;
  }
  setup.selection = corpus::shard_selection{*spec, std::move(totals)};
  return setup;
}

namespace {

// The options every evaluating command had before --accepted-domain.
nlohmann::json describe_common_options(const evaluation_arguments& args) {
  return {{"client_ip", args.client_ip},
          {"rcpt", args.recipients},
          {"now", args.now},
          {"message_verdict", args.message_verdict},
          {"manifest", args.manifest},
          {"mailbox_state", args.mailbox_state},
          {"max_header_bytes", args.limits.max_header_bytes},
          {"max_line_bytes", args.limits.max_line_bytes},
          {"max_fields", args.limits.max_fields},
          {"unwrap", args.unwrap}};
}

}  // namespace

nlohmann::json describe_evaluation(const evaluation_arguments& args) {
  nlohmann::json described = describe_common_options(args);
  // Only when given, so that the headers of runs without them stay as they were.
  if (!args.accepted_domains.empty()) described["accepted_domain"] = args.accepted_domains;
  if (args.max_message_bytes != corpus::kDefaultMaxMessageBytes)
    described["max_message_bytes"] = args.max_message_bytes;
  if (!args.directory.empty()) described["directory"] = args.directory;
  if (!args.defines.empty()) described["define"] = args.defines;
  return described;
}

void append_evaluation_files(const evaluation_arguments& args, std::vector<std::string>& files) {
  files.push_back(args.manifest);
  files.push_back(args.mailbox_state);
  for (const auto& spec : args.directory)
    files.push_back(directory::split_directory_spec(spec).path);
}

std::vector<std::string> rule_files(const std::string& spec) {
  std::vector<std::string> files;
  std::size_t start = 0;
  for (;;) {
    const std::size_t comma = spec.find(',', start);
    files.push_back(spec.substr(start, comma - start));
    if (comma == std::string::npos) break;
    start = comma + 1;
  }
  return files;
}

std::string part_header(std::string_view command, const nlohmann::json& options,
                        const std::vector<std::string>& files,
                        const corpus::shard_selection& selection) {
  nlohmann::json digests = nlohmann::json::object();
  for (const auto& f : files) {
    if (!f.empty()) digests[f] = file_digest(f);
  }
  const nlohmann::json part = {{"version", 1},
                               {"command", command},
                               {"options", options},
                               {"files", digests},
                               {"walk",
                                {{"inputs", selection.totals.inputs},
                                 {"bytes", selection.totals.bytes},
                                 {"digest", fmt::format("{:016x}", selection.totals.digest)}}}};
  // The shard comes last: parts of one run have the same header up to `,"shard":`.
  return fmt::format("{}{},\"shard\":[{},{}]}}\n", kPartHeaderKey,
                     part.dump(-1, ' ', false, nlohmann::json::error_handler_t::replace),
                     selection.spec.number, selection.spec.count);
}

std::string part_trailer(std::uint64_t records, const nlohmann::json& totals) {
  const nlohmann::json end = {{"records", records}, {"totals", totals}};
  return fmt::format("{}{}}}\n", kPartTrailerKey,
                     end.dump(-1, ' ', false, nlohmann::json::error_handler_t::replace));
}

bool parse_walk_position(std::string_view text, walk_key& out) {
  const std::size_t comma = text.find(',');
  if (comma == std::string_view::npos) return false;
  const auto number = [](std::string_view digits, std::uint64_t& value) {
    const auto [end, ec] = std::from_chars(digits.data(), digits.data() + digits.size(), value);
    return !digits.empty() && ec == std::errc() && end == digits.data() + digits.size();
  };
  return number(text.substr(0, comma), out.first) && number(text.substr(comma + 1), out.second);
}

std::string diff_transition_field(std::string_view before, std::string_view after) {
  return "\"transition\":" + nlohmann::json::array({before, after})
                                 .dump(-1, ' ', false, nlohmann::json::error_handler_t::replace);
}

std::string walk_position(std::uint64_t input_position, std::uint64_t entry) {
  return fmt::format("{},{}", input_position, entry);
}

void append_positioned(std::string& out, std::string_view position, std::string_view record,
                       std::string_view extra) {
  out += kPositionKey;
  out += position;
  out += ']';
  if (!extra.empty()) {
    out += ',';
    out += extra;
  }
  out += ',';
  out.append(record.substr(1));
}

}  // namespace mfsim::tools
