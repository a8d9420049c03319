// Microsoft365DSC configurations as Export-M365DSCConfiguration writes them:
//   Configuration Name { param(...) $OrganizationName = ...; Import-DscResource ...
//     Node localhost { EXOTransportRule "[EXOTransportRule]Name" { Name = "..."; ... } } }
// Each resource block becomes the cmdlet it stands for (powershell_dsc_map.cc); the rest of the
// configuration is read as any script.
#include <fmt/format.h>

#include <algorithm>
#include <charconv>
#include <limits>
#include <utility>

#include "engine/rules/powershell_parser.h"
#include "engine/rules/powershell_scopes.h"

namespace mfsim::rules::ps {

void parser::configuration(std::size_t start) {
  i_ += 13;  // "configuration"
  skip_inline_space();
  const std::string name = word_at(i_);
  if (name.empty()) fail(i_, "expected the configuration's name after Configuration");
  i_ += name.size();
  configurations_.insert(ascii_lower_copy(name));
  skip_separators();
  if (peek() != '{') fail(i_, fmt::format("expected '{{' after Configuration {}", name));
  const std::size_t open = i_;
  {
    const nesting_guard guard(*this, open, "Configuration {");
    ++i_;
    while (true) {
      skip_separators();
      if (eof()) fail(start, fmt::format("Configuration {}'s '{{' is not closed by '}}'", name));
      if (peek() == '}') {
        ++i_;
        break;
      }
      const std::string word = ascii_lower_copy(word_at(i_));
      if (word == "node") {
        node_block(i_);
      } else if (word == "import-dscresource") {
        (void)command();  // which modules the configuration uses
        unknowns_.clear();
      } else {
        statement();
      }
    }
  }
  // Rules in Priority order, each placed after those before it: the end state the
  // configuration describes (docs/decisions.md, "Microsoft365DSC configurations").
  std::stable_sort(dsc_rules_.begin(), dsc_rules_.end(),
                   [](const auto& a, const auto& b) { return a.first < b.first; });
  for (auto& [priority, st] : dsc_rules_) emit(std::move(st));
  dsc_rules_.clear();
}

void parser::node_block(std::size_t start) {
  i_ += 4;  // "node"
  skip_inline_space();
  (void)argument();  // the node's name: localhost, or $AllNodes.NodeName
  unknowns_.clear();
  skip_separators();
  if (peek() != '{') fail(i_, fmt::format("expected '{{' after Node, found {}", found_at(i_)));
  const std::size_t open = i_;
  const nesting_guard guard(*this, open, "Node {");
  ++i_;
  while (true) {
    skip_separators();
    if (eof()) fail(start, "Node's '{' is not closed by '}'");
    if (peek() == '}') {
      ++i_;
      return;
    }
    const std::string word = word_at(i_);
    const std::string lower = ascii_lower_copy(word);
    const bool resource = !word.empty() && word.find('-') == std::string::npos && lower != "if" &&
                          lower != "foreach" && lower != "try";
    if (resource) {
      // An error in one resource skips that resource only: one error per resource block.
      const std::size_t resource_start = i_;
      try {
        resource_block(resource_start, word);
      } catch (const syntax_failure&) {
        unknowns_.clear();
        i_ = resource_start;
        while (!eof() && peek() != '{') ++i_;
        const std::size_t end = eof() ? std::string_view::npos : block_end(i_);
        if (end == std::string_view::npos) throw;
        i_ = end;
      }
    } else {
      statement();
    }
  }
}

void parser::resource_block(std::size_t start, const std::string& resource) {
  i_ += resource.size();
  skip_inline_space();
  if (peek() != '{') {  // the title: "[EXOTransportRule]Name", 'Name' or a bare word
    const ps_value title = (at_single_quote() || at_double_quote()) ? primary() : ps_value{};
    if (title.value.type == value_type::null) (void)bare_word();
  }
  skip_separators();
  if (peek() != '{') {
    fail(i_, fmt::format("expected '{{' after the resource {} and its title, found {}", resource,
                         found_at(i_)));
  }
  const std::size_t open = i_;
  const bool simulated = dsc_resource_simulated(*this, resource, start);
  if (!simulated) {
    // Not read: its properties change nothing simulated, and may hold what only the DSC
    // compiler reads, as the embedded instances of an export (MSFT_SCLabelSetting { ... }).
    // Where a typographic quote may hide its end from block_end, it is read (decision 1252).
    const std::size_t end = block_end(open);
    if (end != std::string_view::npos && !typographic(s_.substr(open, end - open))) {
      i_ = end;
      return;
    }
    if (end == std::string_view::npos && !typographic(s_.substr(open))) {
      fail(open, fmt::format("the resource {}'s '{{' is not closed by '}}'", resource));
    }
  }
  ++i_;
  const std::vector<ps_entry> properties = table_entries(open, resource);
  if (!simulated) return;
  ps_command cmd;
  cmd.where = at(start);
  if (!dsc_resource_command(*this, resource, start, properties, cmd)) return;
  ps_statement st;
  st.pipeline.push_back(std::move(cmd));
  if (ascii_iequals(resource, "EXOTransportRule")) {
    // Priority orders the rules at the end of the Configuration; the value itself goes.
    long long priority = std::numeric_limits<long long>::max();
    auto& elements = st.pipeline.front().elements;
    for (auto it = elements.begin(); it != elements.end(); ++it) {
      if (it->is_parameter && ascii_iequals(it->name, "Priority")) {
        const std::string& text = it->value.text;
        long long n = 0;
        if (std::from_chars(text.data(), text.data() + text.size(), n).ec == std::errc{}) {
          priority = n;
        }
        elements.erase(it);
        break;
      }
    }
    dsc_rules_.emplace_back(priority, std::move(st));
    return;
  }
  emit(std::move(st));
}

}  // namespace mfsim::rules::ps
