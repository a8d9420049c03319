// `--shard K/N`: what a sharded run writes so that `mfsim merge` can put the parts back together
// (docs/scale-out.md). A part is JSONL: a header line naming the command, its options, the
// digests of the files it read and the walk's totals, then the command's records, each led by
// its "walk_position", then a trailer line with the part's counts.
#pragma once

#include <cstdint>
#include <nlohmann/json_fwd.hpp>
#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "corpus/shard.h"
#include "tools/evaluation_options.h"

namespace mfsim::tools {

// Header and trailer keys: a line that starts with one of these is not a record.
inline constexpr std::string_view kPartHeaderKey = "{\"mfsim_part\":";
inline constexpr std::string_view kPartTrailerKey = "{\"mfsim_part_end\":";
inline constexpr std::string_view kPositionKey = "{\"walk_position\":[";

// A sharded run's selection, or nullptr without --shard. On a bad --shard, or paths that
// cannot be sharded, prints "mfsim COMMAND: --shard: ..." and sets `failed`.
struct shard_setup {
  std::optional<corpus::shard_selection> selection;
  [[nodiscard]] const corpus::shard_selection* get() const {
    return selection ? &*selection : nullptr;
  }
};
[[nodiscard]] std::optional<shard_setup> prepare_shard(const char* command,
                                                       const std::string& shard,
                                                       const std::vector<std::string>& paths,
                                                       const corpus::read_options& read);

// The evaluation options that change records, as JSON, for the header.
[[nodiscard]] nlohmann::json describe_evaluation(const evaluation_arguments& args);

// Appends the files the evaluation options name (--manifest, --mailbox-state, each --directory
// file) to the files a header digests.
void append_evaluation_files(const evaluation_arguments& args, std::vector<std::string>& files);

// The header line (with its '\n'): `options` are the command's options that change its output,
// `files` the files it reads besides the messages (rule files, expectations, manifest, mailbox
// state: their contents are digested; presets and missing names are kept as names).
[[nodiscard]] std::string part_header(std::string_view command, const nlohmann::json& options,
                                      const std::vector<std::string>& files,
                                      const corpus::shard_selection& selection);

// The trailer line: the number of records in the part, and the command's totals.
[[nodiscard]] std::string part_trailer(std::uint64_t records, const nlohmann::json& totals);

// A message's place in the walk: (input position, mbox entry).
using walk_key = std::pair<std::uint64_t, std::uint64_t>;

// Reads "INPUT,ENTRY" back; false when it is not that.
[[nodiscard]] bool parse_walk_position(std::string_view text, walk_key& out);

// "INPUT,ENTRY": a message's place in the walk (corpus_message::input_position and entry).
[[nodiscard]] std::string walk_position(std::uint64_t input_position, std::uint64_t entry);

// Appends `record` (a JSON object text starting with '{') led by its walk position and the
// `extra` fields a command needs at merge time (empty: none):
// {"walk_position":[INPUT,ENTRY],EXTRA,...the record's fields...}
void append_positioned(std::string& out, std::string_view position, std::string_view record,
                       std::string_view extra = {});

// A digest of a file's contents (FNV-1a, hex), "" when it cannot be read or is no regular
// file.
[[nodiscard]] std::string file_digest(const std::string& path);
// The digest a part header recorded for `path` ("" when none).
[[nodiscard]] std::string part_header_digest(const nlohmann::json& header, const std::string& path);

// "transition":["BEFORE","AFTER"]: how a diff part tells merge each changed message's states.
[[nodiscard]] std::string diff_transition_field(std::string_view before, std::string_view after);

// Splits a --rules value (comma-joined files or a preset) into the names the header digests.
[[nodiscard]] std::vector<std::string> rule_files(const std::string& spec);

}  // namespace mfsim::tools
