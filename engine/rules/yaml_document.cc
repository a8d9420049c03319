// The shared YAML kit: one document within budgets, positions, descriptions, checked keys.
#include "engine/rules/yaml_document.h"

#include <fmt/format.h>
#include <yaml-cpp/eventhandler.h>

#include <algorithm>
#include <sstream>
#include <utility>

#include "engine/rules/validate.h"
#include "engine/rules/yaml_flow_budget.h"

namespace mfsim::rules::yaml {
namespace {

// yaml-cpp keeps about 750 bytes for each node it builds, and takes 7 s per million: a 30 MB
// list of one-letter items (15 million nodes) took 11 GB and two minutes. A document holds at
// most this many scalars, lists and mappings, counted before the tree is built (decision 618).
constexpr std::size_t kMaxYamlNodes = 1'000'000;

source_span span_at(const YAML::Mark& mark, const std::string& file_name) {
  return mark.is_null() ? source_span{file_name, 0, 0}
                        : source_span{file_name, mark.line + 1, mark.column + 1};
}

// Walks the events of the first two documents: where each starts, and how far the first one
// expands once every alias is replaced by what it names (yaml-cpp shares aliased nodes, but
// every reader walks them once per alias).
class expansion_counter final : public YAML::EventHandler {
 public:
  expansion_counter(const std::string& file_name, std::string_view node_advice)
      : file_(file_name), node_advice_(node_advice) {}

  std::vector<YAML::Mark> starts;
  YAML::Mark last_scalar = YAML::Mark::null_mark();  // the first document's last scalar

  void OnDocumentStart(const YAML::Mark& mark) override { starts.push_back(mark); }
  void OnDocumentEnd() override {}
  void OnNull(const YAML::Mark& mark, YAML::anchor_t anchor) override { leaf(mark, anchor, 1); }
  void OnAlias(const YAML::Mark& mark, YAML::anchor_t anchor) override {
    if (starts.size() > 1) return;
    if (anchor >= sizes_.size() || sizes_[anchor] == kOpen) {
      fail(mark, "an alias inside the node its anchor names (a cycle)");
    }
    add(mark, sizes_[anchor]);
  }
  void OnScalar(const YAML::Mark& mark, const std::string&, YAML::anchor_t anchor,
                const std::string& value) override {
    if (starts.size() == 1) last_scalar = mark;
    leaf(mark, anchor, std::max<std::size_t>(value.size(), 1));
  }
  void OnSequenceStart(const YAML::Mark& mark, const std::string&, YAML::anchor_t anchor,
                       YAML::EmitterStyle::value) override {
    open(mark, anchor);
  }
  void OnSequenceEnd() override { close(); }
  void OnMapStart(const YAML::Mark& mark, const std::string&, YAML::anchor_t anchor,
                  YAML::EmitterStyle::value) override {
    open(mark, anchor);
  }
  void OnMapEnd() override { close(); }

 private:
  static constexpr std::size_t kOpen = static_cast<std::size_t>(-1);

  [[noreturn]] void fail(const YAML::Mark& mark, const std::string& message) {
    throw load_error({diagnostic{diag_code::syntax_error, span_at(mark, file_),
                                 fmt::format("invalid YAML: {}", message)}});
  }
  // One node more for yaml-cpp to build (aliases share theirs).
  void count_node(const YAML::Mark& mark) {
    if (++nodes_ > kMaxYamlNodes) {
      fail(mark, fmt::format("more than {} nodes (the YAML node limit kMaxYamlNodes: values, "
                             "lists and mappings){}",
                             kMaxYamlNodes, node_advice_));
    }
  }
  void add(const YAML::Mark& mark, std::size_t bytes) {
    expanded_ += bytes;
    if (expanded_ > kMaxExpandedBytes) {
      fail(mark, fmt::format("aliases expand the document past {} MiB (the YAML expansion "
                             "budget: each alias counts as a copy of what it names)",
                             kMaxExpandedBytes >> 20));
    }
  }
  void remember(YAML::anchor_t anchor, std::size_t size) {
    if (anchor == YAML::NullAnchor) return;
    if (sizes_.size() <= anchor) sizes_.resize(anchor + 1, 0);
    sizes_[anchor] = size;
  }
  void leaf(const YAML::Mark& mark, YAML::anchor_t anchor, std::size_t size) {
    if (starts.size() > 1) return;
    count_node(mark);
    add(mark, size);
    remember(anchor, size);
  }
  void open(const YAML::Mark& mark, YAML::anchor_t anchor) {
    if (starts.size() > 1) return;
    count_node(mark);
    add(mark, 1);
    remember(anchor, kOpen);
    open_.emplace_back(anchor, expanded_ - 1);
  }
  void close() {
    if (starts.size() > 1 || open_.empty()) return;
    const auto [anchor, start] = open_.back();
    open_.pop_back();
    remember(anchor, expanded_ - start);
  }

  const std::string& file_;
  std::string_view node_advice_;
  std::size_t expanded_ = 0;
  std::size_t nodes_ = 0;
  std::vector<std::size_t> sizes_;  // by anchor: the expanded size, or kOpen while being read
  std::vector<std::pair<YAML::anchor_t, std::size_t>> open_;  // collections being read
};

// Line and column (1-based, in bytes as yaml-cpp's marks count them) of the byte at `at`.
source_span span_at_offset(std::string_view yaml, std::size_t at, const std::string& file_name) {
  const std::string_view before = yaml.substr(0, at);
  const auto lines = std::count(before.begin(), before.end(), '\n');
  const std::size_t newline = before.rfind('\n');
  const std::size_t col = newline == std::string_view::npos ? at + 1 : at - newline;
  return source_span{file_name, static_cast<int>(lines) + 1, static_cast<int>(col)};
}

// Whether the quoted scalar opening at `at` is closed. yaml-cpp takes a quote left open to the
// end of a file that ends with a line break as closed there, so that a typo swallows every rule
// after it (it refuses the same text without the final line break).
bool quote_closed(std::string_view yaml, std::size_t at) {
  const char quote = yaml[at];
  for (std::size_t i = at + 1; i < yaml.size(); ++i) {
    if (quote == '"' && yaml[i] == '\\') {
      ++i;  // an escape: the next character is never the closing quote
    } else if (yaml[i] == quote) {
      if (quote == '\'' && i + 1 < yaml.size() && yaml[i + 1] == '\'') {
        ++i;  // '' inside single quotes is one quote
        continue;
      }
      return true;
    }
  }
  return false;
}

}  // namespace

document load_document(std::string_view text, const std::string& file_name, std::string_view what,
                       text_origin origin, std::string_view node_advice) {
  const std::string yaml(text);
  expansion_counter counter(file_name, node_advice);
  document out;
  try {
    if (origin == text_origin::user) {
      if (const auto past = flow_entries_past(yaml, kMaxYamlNodes)) {
        throw load_error({diagnostic{
            diag_code::syntax_error, span_at_offset(yaml, *past, file_name),
            fmt::format("invalid YAML: flow lists and mappings ([...], {{...}}) hold more than {} "
                        "values (the YAML node limit kMaxYamlNodes){}",
                        kMaxYamlNodes, node_advice)}});
      }
      // yaml-cpp's LoadAll never returns on some invalid text (a stray ',' at the top level
      // yields empty documents forever), so at most two documents are read.
      std::istringstream in(yaml);
      YAML::Parser parser(in);
      for (int i = 0; i < 2 && parser.HandleNextDocument(counter); ++i) {
      }
    }
    out.root = YAML::Load(yaml);
  } catch (const YAML::Exception& e) {
    throw load_error({diagnostic{diag_code::syntax_error, span_at(e.mark, file_name),
                                 fmt::format("invalid YAML: {}", e.msg)}});
  }
  // A quote left open runs to the end: only the last scalar can be one.
  if (const YAML::Mark& last = counter.last_scalar; !last.is_null()) {
    const auto at = static_cast<std::size_t>(last.pos);
    if (at < yaml.size() && (yaml[at] == '"' || yaml[at] == '\'') && !quote_closed(yaml, at)) {
      throw load_error({diagnostic{diag_code::syntax_error, span_at(last, file_name),
                                   "invalid YAML: this quote is never closed (the value runs to "
                                   "the end of the file)"}});
    }
  }
  const auto& starts = counter.starts;
  if (starts.size() > 1 && starts[1].pos <= starts[0].pos) {
    const auto at = static_cast<std::size_t>(starts[1].pos);
    const char c = at < yaml.size() ? yaml[at] : '\0';
    throw load_error({diagnostic{
        diag_code::syntax_error, span_at(starts[1], file_name),
        c > ' ' && c < 127 ? fmt::format("invalid YAML: unexpected '{}'", c)
                           : std::string("invalid YAML: the text cannot be read as a document")}});
  }
  if (starts.size() > 1) {
    out.problems.push_back(
        diagnostic{diag_code::syntax_error, span_at(starts[1], file_name),
                   fmt::format("a second YAML document: {} holds exactly one document", what)});
  }
  return out;
}

source_span span_of(const YAML::Node& node, const std::string& file_name) {
  return span_at(node.Mark(), file_name);
}

std::string describe(const YAML::Node& node) {
  if (!node.IsDefined() || node.IsNull()) return "an empty value";
  if (node.IsSequence()) return "a list";
  if (node.IsMap()) return "a mapping";
  return rules::describe(param_value{value_type::text, node.Scalar(), false, {}, {}},
                         param_style::yaml);
}

YAML::Node value_of(const YAML::Node& map, std::string_view key) {
  for (auto it = map.begin(); it != map.end(); ++it) {
    if (it->first.IsScalar() && it->first.Scalar() == key) return it->second;
  }
  return YAML::Node(YAML::NodeType::Undefined);
}

const field* fields::find(std::string_view key) const {
  for (const auto& item : items) {
    if (item.key == key) return &item;
  }
  return nullptr;
}

fields read_mapping(const YAML::Node& map, std::span<const std::string_view> allowed,
                    const std::string& where_phrase, const std::string& file_name,
                    std::vector<diagnostic>& out, std::span<const std::string_view> listed,
                    std::span<const left_out_key> left_out) {
  if (listed.empty()) listed = allowed;
  const auto error = [&](diag_code code, const YAML::Node& at, std::string message) {
    out.push_back(diagnostic{code, span_of(at, file_name), std::move(message)});
  };
  fields known;
  for (auto it = map.begin(); it != map.end(); ++it) {
    const YAML::Node key = it->first;
    if (!key.IsScalar()) {
      error(diag_code::bad_value, key,
            fmt::format("expected a key name {}, found {}", where_phrase, describe(key)));
      continue;
    }
    const std::string& name = key.Scalar();
    const auto left = std::find_if(left_out.begin(), left_out.end(),
                                   [&](const left_out_key& k) { return k.name == name; });
    if (left != left_out.end()) {
      error(diag_code::unknown_key, key,
            fmt::format("'{}' {} is not a key of mfsim's YAML format: {}", name, where_phrase,
                        left->why));
      continue;
    }
    if (std::find(allowed.begin(), allowed.end(), name) == allowed.end()) {
      const std::string hint = did_you_mean(name, allowed);
      error(diag_code::unknown_key, key,
            hint.empty() ? fmt::format("unknown key '{}' {}; allowed keys: {}", name, where_phrase,
                                       join(listed))
                         : fmt::format("unknown key '{}' {}{}", name, where_phrase, hint));
      continue;
    }
    if (const field* first = known.find(name)) {
      error(diag_code::duplicate, key,
            fmt::format("key '{}' given twice {} (first at line {})", name, where_phrase,
                        span_of(first->key_node, file_name).line));
      continue;
    }
    known.items.push_back(field{name, key, it->second});
  }
  return known;
}

}  // namespace mfsim::rules::yaml
