// The --mailbox-state file loader: YAML into mailbox_settings, every problem with its position.
#include "engine/mailbox/load_mailbox_state.h"

#include <fmt/format.h>
#include <yaml-cpp/yaml.h>

#include <algorithm>
#include <cerrno>
#include <cstdio>
#include <cstring>
#include <map>
#include <memory>
#include <optional>
#include <span>

#include "engine/ascii.h"

namespace mfsim::mailbox {
namespace {

constexpr std::string_view kTopKeys[] = {"mfsim_mailbox", "mailboxes"};
constexpr std::string_view kMailboxKeys[] = {
    "Recipient", "TrustedSendersAndDomains", "BlockedSendersAndDomains",
    "Contacts",  "ContactsTrusted",          "TrustedListsOnly",
    "InboxRules"};
constexpr std::string_view kRuleKeys[] = {"Name", "From", "SubjectContainsWords", "MoveToFolder"};

std::string join(std::span<const std::string_view> names) {
  std::string out;
  for (const auto n : names) out += (out.empty() ? "" : ", ") + std::string(n);
  return out;
}

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
    const auto version = top.find("mfsim_mailbox");
    if (version == top.end()) {
      error(diag_code::missing_key, span_of(root),
            "missing key 'mfsim_mailbox' at the top level: give 'mfsim_mailbox: 1' (the format "
            "version)");
    } else if (!version->second.second.IsScalar() || version->second.second.Scalar() != "1") {
      error(diag_code::bad_value, span_of(version->second.second),
            "'mfsim_mailbox': expected the format version 1");
    }
    const auto list = top.find("mailboxes");
    if (list == top.end()) return out;
    const YAML::Node& mailboxes = list->second.second;
    if (mailboxes.IsNull()) return out;
    if (!mailboxes.IsSequence()) {
      error(diag_code::bad_value, span_of(mailboxes),
            "'mailboxes': expected a list of mailboxes (mappings with 'Recipient')");
      return out;
    }
    std::map<std::string, int> seen;  // lower-cased recipient -> line
    for (const auto& node : mailboxes) {
      auto m = load_mailbox(node);
      if (!m) continue;
      const std::string key = ascii_lower_copy(m->recipient);
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
  using field_map = std::map<std::string, std::pair<YAML::Node, YAML::Node>>;  // key, value

  source_span span_of(const YAML::Node& node) const {
    const YAML::Mark mark = node.Mark();
    if (mark.is_null()) return source_span{file_, 0, 0};
    return source_span{file_, mark.line + 1, mark.column + 1};
  }

  void error(diag_code code, source_span where, std::string message) {
    diagnostics_.push_back(diagnostic{code, std::move(where), std::move(message)});
  }

  field_map fields(const YAML::Node& map, std::span<const std::string_view> allowed,
                   const std::string& where) {
    field_map out;
    for (auto it = map.begin(); it != map.end(); ++it) {
      const YAML::Node key = it->first;
      if (!key.IsScalar()) {
        error(diag_code::bad_value, span_of(key), fmt::format("expected a key name {}", where));
        continue;
      }
      const std::string& name = key.Scalar();
      if (std::find(allowed.begin(), allowed.end(), name) == allowed.end()) {
        error(diag_code::unknown_key, span_of(key),
              fmt::format("unknown key '{}' {}; allowed keys: {}", name, where, join(allowed)));
        continue;
      }
      if (const auto first = out.find(name); first != out.end()) {
        error(diag_code::duplicate, span_of(key),
              fmt::format("key '{}' given twice {} (first at line {})", name, where,
                          span_of(first->second.first).line));
        continue;
      }
      out.emplace(name, std::pair(key, it->second));
    }
    return out;
  }

  std::optional<std::string> text(const field_map& f, const char* key, const std::string& where) {
    const auto it = f.find(key);
    if (it == f.end()) return std::nullopt;
    const YAML::Node& v = it->second.second;
    if (!v.IsScalar() || v.Scalar().empty()) {
      error(diag_code::bad_value, span_of(v.IsNull() ? it->second.first : v),
            fmt::format("'{}' {}: expected a non-empty text", key, where));
      return std::nullopt;
    }
    return v.Scalar();
  }

  // A text or a list of texts.
  std::vector<std::string> texts(const field_map& f, const char* key, const std::string& where) {
    std::vector<std::string> out;
    const auto it = f.find(key);
    if (it == f.end()) return out;
    const YAML::Node& v = it->second.second;
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
    const auto it = f.find(key);
    if (it == f.end()) return false;
    const YAML::Node& v = it->second.second;
    if (v.IsScalar()) {
      const std::string lower = ascii_lower_copy(v.Scalar());
      if (lower == "true" || lower == "$true") return true;
      if (lower == "false" || lower == "$false") return false;
    }
    error(diag_code::bad_value, span_of(v.IsNull() ? it->second.first : v),
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
      if (!f.contains("Recipient")) {
        error(diag_code::missing_key, m.where,
              fmt::format("missing key 'Recipient' {}: give an address or '*'", where));
      }
      return std::nullopt;
    }
    if (*recipient != "*" && recipient->find('@') == std::string::npos) {
      error(diag_code::bad_value, span_of(f.at("Recipient").second),
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
    if (const auto it = f.find("InboxRules"); it != f.end() && !it->second.second.IsNull()) {
      const YAML::Node& rules = it->second.second;
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
      if (!f.contains("Name"))
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

}  // namespace

mailbox_state load_mailbox_state_yaml(std::string_view text, const std::string& file_name) {
  YAML::Node root;
  try {
    root = YAML::Load(std::string(text));
  } catch (const YAML::Exception& e) {
    const int line = e.mark.is_null() ? 0 : e.mark.line + 1;
    const int col = e.mark.is_null() ? 0 : e.mark.column + 1;
    throw load_error({diagnostic{diag_code::syntax_error, source_span{file_name, line, col},
                                 fmt::format("invalid YAML: {}", e.msg)}});
  }
  if (!root.IsDefined() || root.IsNull()) {
    throw load_error(
        {diagnostic{diag_code::missing_key, source_span{file_name, 0, 0},
                    "the mailbox state is empty; it must start with 'mfsim_mailbox: 1'"}});
  }
  loader l(file_name);
  auto mailboxes = l.load(root);
  auto diagnostics = l.take();
  if (!diagnostics.empty()) throw load_error(std::move(diagnostics));
  return mailbox_state(std::move(mailboxes), file_name);
}

mailbox_state load_mailbox_state_file(const std::string& path) {
  errno = 0;
  std::unique_ptr<std::FILE, int (*)(std::FILE*)> file(std::fopen(path.c_str(), "rb"),
                                                       &std::fclose);
  std::string text;
  if (file) {
    char buffer[1 << 16];
    std::size_t got = 0;
    while ((got = std::fread(buffer, 1, sizeof buffer, file.get())) > 0) text.append(buffer, got);
  }
  if (!file || std::ferror(file.get()) != 0) {
    throw load_error({diagnostic{diag_code::io_error, source_span{path, 0, 0},
                                 fmt::format("cannot read mailbox state '{}': {}", path,
                                             std::strerror(errno != 0 ? errno : EIO))}});
  }
  return load_mailbox_state_yaml(text, path);
}

mailbox_state load_mailbox_state(const std::string& spec) {
  if (spec == "recorded") return mailbox_state::recorded();
  return load_mailbox_state_file(spec);
}

}  // namespace mfsim::mailbox
