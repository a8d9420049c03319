// The --mailbox-state file loader: YAML into mailbox_settings, every problem with its position.
#include "engine/mailbox/load_mailbox_state.h"

#include <fmt/format.h>
#include <yaml-cpp/eventhandler.h>
#include <yaml-cpp/yaml.h>

#include <algorithm>
#include <cerrno>
#include <cstdio>
#include <cstring>
#include <map>
#include <memory>
#include <optional>
#include <span>
#include <sstream>

#include "engine/case_fold.h"
#include "engine/mailbox/load_mailbox_export.h"
#include "engine/read_file.h"
#include "engine/rules/mailbox_address.h"
#include "engine/rules/validate.h"
#include "engine/rules/yaml_document.h"
#include "engine/utf16_text.h"

namespace mfsim::mailbox {
namespace {

namespace yaml = rules::yaml;
using rules::join;

constexpr std::string_view kTopKeys[] = {"mfsim_mailbox", "mailboxes"};
constexpr std::string_view kMailboxKeys[] = {
    "Recipient", "TrustedSendersAndDomains", "BlockedSendersAndDomains",
    "Contacts",  "ContactsTrusted",          "TrustedListsOnly",
    "InboxRules"};
constexpr std::string_view kRuleKeys[] = {"Name", "From", "SubjectContainsWords", "MoveToFolder"};

class loader {
 public:
  explicit loader(std::string file) : file_(std::move(file)) {}

  std::vector<mailbox_settings> load(const YAML::Node& root) {
    std::vector<mailbox_settings> out;
    if (!root.IsMap()) {
      error(diag_code::bad_value, span_of(root),
            "expected a mapping with 'mfsim_mailbox: 1' and 'mailboxes'");
      return out;
    }
    const auto top = fields(root, kTopKeys, "at the top level");
    const yaml::field* version = top.find("mfsim_mailbox");
    if (version == nullptr) {
      error(diag_code::missing_key, span_of(root),
            "missing key 'mfsim_mailbox' at the top level: give 'mfsim_mailbox: 1' (the format "
            "version)");
    } else if (!version->value.IsScalar() || version->value.Scalar() != "1") {
      error(diag_code::bad_value, span_of(version->value),
            "'mfsim_mailbox': expected the format version 1");
    }
    const yaml::field* list = top.find("mailboxes");
    if (list == nullptr) return out;
    const YAML::Node& mailboxes = list->value;
    if (mailboxes.IsNull()) return out;
    if (!mailboxes.IsSequence()) {
      error(diag_code::bad_value, span_of(mailboxes),
            "'mailboxes': expected a list of mailboxes (mappings with 'Recipient')");
      return out;
    }
    std::map<std::string, int> seen;  // lower-cased recipient -> line
    for (const auto& node : mailboxes) {
      if (diagnostics_.size() >= kMaxStateProblems) {
        diagnostics_.push_back(too_many_state_problems(span_of(node)));
        break;
      }
      auto m = load_mailbox(node);
      if (!m) continue;
      const std::string key = case_folded_copy(m->recipient);
      if (const auto it = seen.find(key); it != seen.end()) {
        error(
            diag_code::duplicate, m->where,
            fmt::format("recipient '{}' given twice (first at line {})", m->recipient, it->second));
        continue;
      }
      seen.emplace(key, m->where.line);
      out.push_back(std::move(*m));
    }
    return out;
  }

  std::vector<diagnostic> take() {
    std::stable_sort(diagnostics_.begin(), diagnostics_.end(), [](const auto& a, const auto& b) {
      return std::pair(a.where.line, a.where.col) < std::pair(b.where.line, b.where.col);
    });
    return std::move(diagnostics_);
  }

 private:
  using field_map = yaml::fields;

  source_span span_of(const YAML::Node& node) const { return yaml::span_of(node, file_); }

  void error(diag_code code, source_span where, std::string message) {
    diagnostics_.push_back(diagnostic{code, std::move(where), std::move(message)});
  }

  field_map fields(const YAML::Node& map, std::span<const std::string_view> allowed,
                   const std::string& where) {
    return yaml::read_mapping(map, allowed, where, file_, diagnostics_);
  }

  std::optional<std::string> text(const field_map& f, const char* key, const std::string& where) {
    const yaml::field* it = f.find(key);
    if (it == nullptr) return std::nullopt;
    const YAML::Node& v = it->value;
    if (!v.IsScalar() || v.Scalar().empty()) {
      error(diag_code::bad_value, span_of(v.IsNull() ? it->key_node : v),
            fmt::format("'{}' {}: expected a non-empty text", key, where));
      return std::nullopt;
    }
    return v.Scalar();
  }

  // A text or a list of texts.
  std::vector<std::string> texts(const field_map& f, const char* key, const std::string& where) {
    std::vector<std::string> out;
    const yaml::field* it = f.find(key);
    if (it == nullptr) return out;
    const YAML::Node& v = it->value;
    if (v.IsNull()) return out;
    if (v.IsScalar()) {
      out.push_back(v.Scalar());
      return out;
    }
    if (!v.IsSequence()) {
      error(diag_code::bad_value, span_of(v),
            fmt::format("'{}' {}: expected a list of addresses or words", key, where));
      return out;
    }
    for (const auto& item : v) {
      if (!item.IsScalar() || item.Scalar().empty()) {
        error(diag_code::bad_value, span_of(item),
              fmt::format("'{}' {}: expected a non-empty text in the list", key, where));
        continue;
      }
      out.push_back(item.Scalar());
    }
    return out;
  }

  bool flag(const field_map& f, const char* key, const std::string& where) {
    const yaml::field* it = f.find(key);
    if (it == nullptr) return false;
    const YAML::Node& v = it->value;
    if (v.IsScalar()) {
      const std::string lower = case_folded_copy(v.Scalar());
      if (lower == "true" || lower == "$true") return true;
      if (lower == "false" || lower == "$false") return false;
    }
    error(diag_code::bad_value, span_of(v.IsNull() ? it->key_node : v),
          fmt::format("'{}' {}: expected true or false", key, where));
    return false;
  }

  std::optional<mailbox_settings> load_mailbox(const YAML::Node& node) {
    if (!node.IsMap()) {
      error(diag_code::bad_value, span_of(node),
            "expected a mailbox: a mapping with 'Recipient' and its settings");
      return std::nullopt;
    }
    const std::string where = fmt::format("in the mailbox at line {}", span_of(node).line);
    const auto f = fields(node, kMailboxKeys, where);
    mailbox_settings m;
    m.where = span_of(node);
    const auto recipient = text(f, "Recipient", where);
    if (!recipient) {
      if (f.find("Recipient") == nullptr) {
        error(diag_code::missing_key, m.where,
              fmt::format("missing key 'Recipient' {}: give an address or '*'", where));
      }
      return std::nullopt;
    }
    // An address as the exports' identities and the rule values take one (decision 740): a
    // '@' alone let 'a b@x', '@contoso.com' or a NUL through, never matching any recipient.
    // Its domain one a mailbox can have (decision 775).
    if (*recipient != "*" && !rules::is_mailbox_address(*recipient)) {
      error(diag_code::bad_value, span_of(f.find("Recipient")->value),
            fmt::format("'Recipient' {}: expected an email address or '*', found '{}'", where,
                        *recipient));
      return std::nullopt;
    }
    m.recipient = *recipient;
    m.safe_senders = texts(f, "TrustedSendersAndDomains", where);
    m.blocked_senders = texts(f, "BlockedSendersAndDomains", where);
    m.contacts = texts(f, "Contacts", where);
    m.contacts_trusted = flag(f, "ContactsTrusted", where);
    m.trusted_lists_only = flag(f, "TrustedListsOnly", where);
    if (const yaml::field* it = f.find("InboxRules"); it != nullptr && !it->value.IsNull()) {
      const YAML::Node& rules = it->value;
      if (!rules.IsSequence()) {
        error(diag_code::bad_value, span_of(rules),
              fmt::format("'InboxRules' {}: expected a list of rules", where));
      } else {
        for (const auto& r : rules) {
          if (auto rule = load_rule(r)) m.inbox_rules.push_back(std::move(*rule));
        }
      }
    }
    return m;
  }

  std::optional<inbox_rule> load_rule(const YAML::Node& node) {
    if (!node.IsMap()) {
      error(diag_code::bad_value, span_of(node), "expected an Inbox rule: a mapping with 'Name'");
      return std::nullopt;
    }
    const std::string where = fmt::format("in the Inbox rule at line {}", span_of(node).line);
    const auto f = fields(node, kRuleKeys, where);
    inbox_rule rule;
    rule.where = span_of(node);
    const auto name = text(f, "Name", where);
    if (!name) {
      if (f.find("Name") == nullptr)
        error(diag_code::missing_key, rule.where, fmt::format("missing key 'Name' {}", where));
      return std::nullopt;
    }
    rule.name = *name;
    rule.from = texts(f, "From", where);
    rule.subject_words = texts(f, "SubjectContainsWords", where);
    rule.move_to_folder = text(f, "MoveToFolder", where).value_or("");
    return rule;
  }

  std::string file_;
  std::vector<diagnostic> diagnostics_;
};

// The budgets of a mailbox state file (docs/reliability.md, "Limits"), past the size that
// read_whole_file bounds: its nesting (the format uses four levels), and no aliases, so nothing
// expands beyond the file's own size.
constexpr std::size_t kMaxStateDepth = 32;

// Finds the first alias and the first node nested deeper than kMaxStateDepth, by their marks.
class budget_check final : public YAML::EventHandler {
 public:
  std::optional<YAML::Mark> alias;
  std::optional<YAML::Mark> too_deep;

  void OnDocumentStart(const YAML::Mark&) override {}
  void OnDocumentEnd() override {}
  void OnNull(const YAML::Mark&, YAML::anchor_t) override {}
  void OnAlias(const YAML::Mark& mark, YAML::anchor_t) override {
    if (!alias) alias = mark;
  }
  void OnScalar(const YAML::Mark&, const std::string&, YAML::anchor_t,
                const std::string&) override {}
  void OnSequenceStart(const YAML::Mark& mark, const std::string&, YAML::anchor_t,
                       YAML::EmitterStyle::value) override {
    open(mark);
  }
  void OnSequenceEnd() override { --depth_; }
  void OnMapStart(const YAML::Mark& mark, const std::string&, YAML::anchor_t,
                  YAML::EmitterStyle::value) override {
    open(mark);
  }
  void OnMapEnd() override { --depth_; }

 private:
  void open(const YAML::Mark& mark) {
    if (++depth_ > kMaxStateDepth && !too_deep) too_deep = mark;
  }
  std::size_t depth_ = 0;
};

source_span span_at(const std::string& file_name, const YAML::Mark& mark) {
  return mark.is_null() ? source_span{file_name, 0, 0}
                        : source_span{file_name, mark.line + 1, mark.column + 1};
}

// Throws load_error when the text breaks a budget; YAML::Exception on a syntax error.
void check_budgets(const std::string& yaml, const std::string& file_name) {
  std::istringstream in(yaml);
  YAML::Parser parser(in);
  budget_check check;
  parser.HandleNextDocument(check);
  if (check.too_deep) {
    throw load_error({diagnostic{diag_code::bad_value, span_at(file_name, *check.too_deep),
                                 fmt::format("nested deeper than {} levels (the limit "
                                             "kMaxStateDepth); the format uses four",
                                             kMaxStateDepth)}});
  }
  if (check.alias) {
    throw load_error({diagnostic{diag_code::bad_value, span_at(file_name, *check.alias),
                                 "YAML aliases are not read in a mailbox state (they could "
                                 "expand without bound): write the values out"}});
  }
}

}  // namespace

diagnostic too_many_state_problems(source_span where) {
  return diagnostic{diag_code::syntax_error, std::move(where),
                    fmt::format("more than {} problems (the limit kMaxStateProblems): the rest "
                                "of the file is not read",
                                kMaxStateProblems)};
}

mailbox_state load_mailbox_state_yaml(std::string_view text, const std::string& file_name) {
  // The kit reports syntax errors and the expansion budget; then the state's own budgets.
  // yaml-cpp's tree bounds mfsim's format to about 90,000 mailboxes of two short lists (11
  // nodes each); an export is read a record at a time, up to 1 GiB (decision 1128).
  rules::yaml::document doc = rules::yaml::load_document(
      text, file_name, "a mailbox state file", rules::yaml::text_origin::user,
      ": mfsim's YAML holds about 90,000 mailboxes of a few entries at most; give a larger tenant "
      "as Get-MailboxJunkEmailConfiguration's Export-Csv, Export-Clixml or ConvertTo-Json");
  check_budgets(std::string(text), file_name);
  const YAML::Node& root = doc.root;
  if (!root.IsDefined() || root.IsNull()) {
    throw load_error(
        {diagnostic{diag_code::missing_key, source_span{file_name, 0, 0},
                    "the mailbox state is empty; it must start with 'mfsim_mailbox: 1'"}});
  }
  loader l(file_name);
  auto mailboxes = l.load(root);
  auto diagnostics = l.take();
  for (auto& d : doc.problems) diagnostics.push_back(std::move(d));
  if (!diagnostics.empty()) throw load_error(std::move(diagnostics));
  return mailbox_state(std::move(mailboxes), file_name);
}

namespace {

load_error yaml_state_too_large(const std::string& path) {
  return load_error({diagnostic{
      diag_code::io_error, source_span{path, 0, 0},
      fmt::format("cannot read mailbox state '{}': larger than {} MiB, the limit for a mailbox "
                  "state in mfsim's YAML format (an Exchange export of "
                  "Get-MailboxJunkEmailConfiguration may have up to {} MiB)",
                  path, kMaxConfigFileBytes >> 20, kMaxMailboxStateBytes >> 20)}});
}

}  // namespace

mailbox_state load_mailbox_state_file(const std::string& path, const directory_source& directory) {
  // Windows PowerShell 5.1 writes UTF-16 LE with a byte order mark, PowerShell 7 UTF-8.
  // An export is read a record at a time from this one copy of the text, so it may be as large
  // as a tenant's (kMaxMailboxStateBytes); mfsim's YAML becomes yaml-cpp's whole tree (about
  // 750 bytes a node, decision 618) and keeps the rule files' budget (decision 1076), counted in
  // the file's bytes (its UTF-16 text decodes to half of them).
  text_file file(path, "mailbox state", kMaxMailboxStateBytes);
  return load_opened_mailbox_state(file, path, directory);
}

mailbox_state load_opened_mailbox_state(text_file& file, const std::string& path,
                                        const directory_source& directory) {
  // The head tells the format: a file larger than the YAML's budget that does not start as an
  // export is refused before the rest is read (decision 1123). A '{' whose head does not name
  // mfsim_mailbox may still be an export: the whole text decides.
  // A head of blanks alone names no format either (decision 1158). Larger as it is now: a file
  // that shrank under the budget since it was opened is read as what it holds (decision 1178).
  const bool large = file.size_now().value_or(0) > kMaxConfigFileBytes;  // a pipe: 32 MiB
  const bool blank_head = file.head().find_first_not_of(" \t\r\n") == std::string_view::npos;
  if (large && !blank_head && !is_mailbox_export(file.head())) throw yaml_state_too_large(path);
  const std::string text = std::move(file).read_all();
  if (is_mailbox_export(text))
    return mailbox_state(load_mailbox_export(text, path, directory ? directory() : nullptr), path);
  // The bytes read, not a size taken before: a file that grew meanwhile keeps the budget, one
  // that shrank is judged by what it holds (decisions 1159, 1178).
  if (file.bytes_read() > kMaxConfigFileBytes) throw yaml_state_too_large(path);
  return load_mailbox_state_yaml(text, path);
}

mailbox_state load_mailbox_state(const std::string& spec, const directory_source& directory) {
  if (spec == "recorded") return mailbox_state::recorded();
  return load_mailbox_state_file(spec, directory);
}

}  // namespace mfsim::mailbox
