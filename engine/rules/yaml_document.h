// The YAML kit every YAML reader shares (rule sets, the mailbox state): one document read
// within budgets, where a node stands, how a node reads in a message, and mappings whose keys
// are checked against the known ones.
#pragma once

#include <yaml-cpp/yaml.h>

#include <cstddef>
#include <span>
#include <string>
#include <string_view>
#include <vector>

#include "engine/status.h"

namespace mfsim::rules::yaml {

// Aliases repeat what their anchor names: 1,000 aliases of a 1 MiB anchor make 1 GiB for the
// loader to walk. A document may expand to at most this many bytes of scalars (each node
// counts at least one byte, every alias what it names); docs/reliability.md.
inline constexpr std::size_t kMaxExpandedBytes = std::size_t{64} << 20;

struct document {
  YAML::Node root;  // null for an empty text
  // "a second YAML document": reported after the problems of the first one.
  std::vector<diagnostic> problems;
};

// Where a text comes from. mfsim's own (a built-in preset, written by engine/rules/presets.cc)
// holds one document without aliases: it is parsed once, without the pass that finds a second
// document and counts what aliases expand to (a second parse, about 0.5 ms of every run of a
// preset; tests/presets_test.cc passes every preset through it).
enum class text_origin { user, built_in };

// Parses `text` as one YAML document (`what`: "a rule-set file", for the message about a
// second one). Throws load_error with file:line:col for a syntax error, an alias inside the
// node it names, aliases that expand the document past kMaxExpandedBytes, or more than a
// million nodes or flow-collection values (yaml_document.cc, decision 618); `node_advice` ends
// the message of the node limit (what a file of that many should be instead).
[[nodiscard]] document load_document(std::string_view text, const std::string& file_name,
                                     std::string_view what, text_origin origin = text_origin::user,
                                     std::string_view node_advice = {});

// Where a node stands (1-based); line 0 when yaml-cpp kept no mark.
[[nodiscard]] source_span span_of(const YAML::Node& node, const std::string& file_name);

// How a node is described after "found": scalars quoted (long ones cut), "a list", ...
[[nodiscard]] std::string describe(const YAML::Node& node);

// The value of `key` in a mapping, or an undefined node (yaml-cpp's const operator[] returns an
// invalid node that throws on use when the key is missing).
[[nodiscard]] YAML::Node value_of(const YAML::Node& map, std::string_view key);

// One known key of a mapping with its value, in file order.
struct field {
  std::string key;
  YAML::Node key_node;
  YAML::Node value;
};

struct fields {
  std::vector<field> items;

  [[nodiscard]] const field* find(std::string_view key) const;
};

// A key the format leaves out on purpose (an Exchange parameter mfsim cannot simulate): refused
// with why and what to write instead, not as an unknown key (decision 1234).
struct left_out_key {
  std::string name;
  std::string why;
};

// Reports unknown (with a did-you-mean), left out, repeated and non-text keys of `map` to `out`;
// returns the known ones in file order. `listed`: the keys an "allowed keys" message names
// (default: all of `allowed`).
[[nodiscard]] fields read_mapping(const YAML::Node& map, std::span<const std::string_view> allowed,
                                  const std::string& where_phrase, const std::string& file_name,
                                  std::vector<diagnostic>& out,
                                  std::span<const std::string_view> listed = {},
                                  std::span<const left_out_key> left_out = {});

}  // namespace mfsim::rules::yaml
