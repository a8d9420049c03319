// The XML documents mfsim reads (Export-TransportRuleCollection files), as a tree whose
// elements, attributes and characters keep their byte offsets in the file, so that the
// PowerShell inside a command block reports file:line:col. expat parses; this builds the tree.
#pragma once

#include <cstddef>
#include <functional>
#include <set>
#include <string>
#include <string_view>
#include <vector>

namespace mfsim::rules::xml {

// Rule exports nest four elements deep (rules, rule, version, commandBlock). The tree is freed
// by recursion, so deeper documents are refused while they are read (docs/reliability.md).
inline constexpr std::size_t kMaxNesting = 64;
// Elements in one document read whole (parse()): an Export-Clixml export of Exchange Online's
// most transport rules (300) holds about 100,000; past this many the tree alone would take
// gigabytes. A document read a child at a time (parse_children(), check()) holds only one child
// of its root at once: the limit is on each child, elements inside it included (decision 931).
inline constexpr std::size_t kMaxElements = 1000000;

// Character data with the document offset of each of its bytes (a character reference or an
// entity: every byte of what it stands for at its '&'). The offsets are kept as runs, one per
// stretch of bytes copied from the document as they are and one per reference, so that a
// value's memory is its bytes, not 8 more per byte.
class text {
 public:
  std::string bytes;

  void append(std::string_view chunk, std::size_t offset, bool literal);
  // The document offset of byte `k` (k < bytes.size()).
  [[nodiscard]] std::size_t offset_of(std::size_t k) const;

 private:
  struct run {
    std::size_t first = 0;   // index in `bytes` of its first byte
    std::size_t offset = 0;  // document offset of that byte
    bool literal = true;     // the bytes follow one another in the document
  };
  std::vector<run> runs_;
};

struct attribute {
  std::string name;
  std::string value;
  std::size_t name_offset = 0;
  std::size_t value_offset = 0;
};

struct element {
  std::string name;
  std::size_t offset = 0;  // of its '<'
  std::vector<attribute> attributes;
  std::vector<element> children;
  text content;  // every character directly inside, CDATA sections included

  [[nodiscard]] const attribute* find_attribute(std::string_view key) const;
};

// Why a document is not read: the offset of the problem and a message without "invalid XML".
// `over_budget`: the document is XML, but check()'s values went past their budget.
struct failure {
  std::size_t offset = 0;
  std::string message;
  bool over_budget = false;
};

// What check() counts for keeping one value of `size` bytes in a std::set<std::string>: the
// set's node (its links and the string, 80 bytes with malloc's header) and, for a value longer
// than the 15 bytes a string holds in itself, the value's own block (its bytes, the NUL and
// malloc's 8-byte header, rounded up to 16, at least 32); never less than the bytes plus 80
// charged before (decisions 983, 1127).
[[nodiscard]] constexpr std::size_t kept_value_bytes(std::size_t size) noexcept {
  constexpr std::size_t kNode = 80;
  constexpr std::size_t kHeldInString = 15;
  if (size <= kHeldInString) return size + kNode;
  const std::size_t block = (size + 1 + 8 + 15) / 16 * 16;
  return kNode + (block < 32 ? 32 : block);
}

// Parses a UTF-8 document (a byte order mark is skipped). Document type declarations are
// refused (so are entities they could declare). Returns false and fills `why` on failure.
[[nodiscard]] bool parse(std::string_view document, element& root, failure& why);

// Reads the document as parse() does, but hands each child element of the root to `visit` as
// it closes and keeps none of them (nor the root's own text): reading a document of many objects
// takes its largest child, not its size. `root` has its name, offset and attributes from its
// start tag on. `visit` returns false to stop the reading, which is then no failure; an
// exception it throws stops the reading and is thrown again from here. A child of more than
// `max_child_elements` elements is a failure.
using child_visitor = std::function<bool(element&& child)>;
[[nodiscard]] bool parse_children(std::string_view document, element& root,
                                  const child_visitor& visit, failure& why,
                                  std::size_t max_child_elements = kMaxElements);

// A first reading of the whole document that keeps nothing but the root's start tag and the
// values of the attribute `attribute` of every element named `name` (in `values`): false, with
// the failure parse_children() would give, for a document parse_children() refuses, so that it
// is refused before any child is handed over. The values kept take at most `max_value_bytes`
// (kept_value_bytes each): past it, false with `over_budget` at the element whose value
// would go past it.
[[nodiscard]] bool check(std::string_view document, element& root, std::string_view name,
                         std::string_view attribute, std::set<std::string>& values, failure& why,
                         std::size_t max_value_bytes,
                         std::size_t max_child_elements = kMaxElements);

}  // namespace mfsim::rules::xml
