// compile(): resolves names and lists, compiles patterns, orders rules, assigns header slots.
#include "engine/compile/compiler.h"

#include <algorithm>
#include <numeric>
#include <utility>

#include "engine/ascii.h"
#include "engine/case_fold.h"
#include "engine/compile/exchange_pattern.h"
#include "engine/compile/rule_index_builder.h"
#include "engine/eval/message_conditions.h"
#include "engine/eval/plan_internal.h"
#include "engine/rules/rule_values.h"

namespace mfsim {
namespace {

// AnyOfToHeaderMemberOf and its Cc twins read the To and Cc headers themselves.
bool reads_to_or_cc_header(rules::condition_kind kind) noexcept {
  return kind == rules::condition_kind::any_of_to_header_member_of ||
         kind == rules::condition_kind::any_of_cc_header_member_of ||
         kind == rules::condition_kind::any_of_to_cc_header_member_of;
}

bool reads_header(rules::condition_kind kind) noexcept {
  return kind == rules::condition_kind::header_contains_words ||
         kind == rules::condition_kind::header_matches_patterns;
}

bool reads_subject(rules::condition_kind kind) noexcept {
  return kind == rules::condition_kind::subject_contains_words ||
         kind == rules::condition_kind::subject_matches_patterns;
}

bool reads_body(const rules::condition& c) noexcept {
  return c.kind == rules::condition_kind::subject_or_body_contains_words ||
         c.kind == rules::condition_kind::attachment_extension_matches_words || eval::reads_body(c);
}

bool reads_recipients(rules::condition_kind kind) noexcept {
  return kind == rules::condition_kind::sent_to ||
         kind == rules::condition_kind::recipient_domain_is ||
         compile_detail::directory_reads_recipients(kind) || reads_to_or_cc_header(kind) ||
         eval::reads_recipients(kind) || kind == rules::condition_kind::sent_to_scope;
}

// Whether a condition's answer can differ from one recipient's copy to the next: it reads the
// recipients, but not only the headers (the To/Cc MemberOf conditions) or all of them at once
// (AnyOfRecipientAddress*, decision 475).
bool reads_each_recipient(rules::condition_kind kind) noexcept {
  return reads_recipients(kind) && !reads_to_or_cc_header(kind) &&
         kind != rules::condition_kind::any_of_recipient_address_contains_words &&
         kind != rules::condition_kind::any_of_recipient_address_matches_patterns;
}

bool reads_scope(rules::condition_kind kind) noexcept {
  return kind == rules::condition_kind::from_scope || kind == rules::condition_kind::sent_to_scope;
}

// The value of FromScope / SentToScope (the loaders give Exchange's spelling).
scope_value scope_of(const rules::condition& c) noexcept {
  const std::string_view v = c.values.empty() ? std::string_view() : c.values.front();
  if (v == "NotInOrganization") return scope_value::not_in_organization;
  if (v == "ExternalPartner") return scope_value::external_partner;
  if (v == "ExternalNonPartner") return scope_value::external_non_partner;
  return scope_value::in_organization;
}

// Whether an anti-spam policy lists senders or languages/regions (stage [D] reads them).
bool has_lists(const rules::antispam_policy& p) noexcept {
  return !p.allowed_senders.empty() || !p.allowed_sender_domains.empty() ||
         !p.blocked_senders.empty() || !p.blocked_sender_domains.empty() ||
         (p.enable_language_block_list && !p.language_block_list.empty()) ||
         (p.enable_region_block_list && !p.region_block_list.empty());
}

// Whether any anti-spam policy of the set passes `test`.
template <typename Test>
bool any_policy(const rules::rule_set& set, Test&& test) noexcept {
  if (test(set.antispam)) return true;
  for (const auto& p : set.scoped_antispam) {
    if (test(p)) return true;
  }
  return false;
}

// IntraOrgFilterState other than Default: stage [D] reads the authentication and recipients.
bool reads_intra_org(const rules::antispam_policy& p) noexcept {
  return p.asf.intra_org != rules::intra_org_filter::not_set;
}

// Every header a condition reads, plus the disposition header, subject and from.
// Return-Path, To and Cc only when a condition or policy reads them: every slot costs a
// lookup per header field of every message.
std::vector<std::string> collect_slot_names(const rules::rule_set& set) {
  std::vector<std::string> names = {ascii_lower_copy(set.area1.disposition_header), "subject",
                                    "from"};
  bool recipients = !set.scoped_antispam.empty() || any_policy(set, reads_intra_org);
  bool envelope = false;
  for (const auto& rule : set.transport_rules) {
    for (const auto* list : {&rule.conditions, &rule.exceptions}) {
      for (const auto& c : *list) {
        if (reads_header(c.kind)) names.push_back(ascii_lower_copy(c.header_name));
        for (const auto header : eval::headers_read(c.kind)) names.emplace_back(header);
        recipients = recipients || reads_recipients(c.kind);
        envelope = envelope || (rules::follows_sender_address_location(c.kind) &&
                                rule.sender_address_location != rules::sender_location::header);
      }
    }
  }
  // The sender lists read both the 5322.From and the 5321.MailFrom (Return-Path).
  envelope = envelope || any_policy(set, has_lists);
  if (recipients) names.insert(names.end(), {"to", "cc"});
  if (envelope) names.emplace_back("return-path");
  std::sort(names.begin(), names.end());
  names.erase(std::unique(names.begin(), names.end()), names.end());
  return names;
}

// The condition's patterns.
void compile_patterns(const rules::condition& c, compiled_condition& out,
                      std::vector<diagnostic>& problems) {
  for (const auto& text : c.values) {
    try {
      out.patterns.push_back(compile_detail::compile_exchange_pattern(text));
    } catch (const boost::regex_error& e) {
      problems.push_back({diag_code::bad_value, c.where,
                          std::string(rules::parameter_name(c.kind)) + " pattern '" + text +
                              "' does not compile at offset " + std::to_string(e.position()) +
                              ": " + e.what()});
    }
  }
}

// A condition read from the message (message_conditions.h): its header slots and values.
void compile_message_condition(const plan::impl& p, const rules::condition& c,
                               compiled_condition& out, std::vector<diagnostic>& problems) {
  using kind = rules::condition_kind;
  for (const auto header : eval::headers_read(c.kind)) out.slots.push_back(p.slot_of(header));
  switch (c.kind) {
    case kind::message_contains_data_classifications:
      for (const auto& d : c.classifications) {
        compiled_classification k;
        if (const auto* info = mail::find_sensitive_type(d.name)) {
          k.known = true;
          k.type = info->type;
          k.min_confidence =
              d.min_confidence >= 0 ? d.min_confidence : info->recommended_confidence;
        }
        k.min_count = d.min_count;
        k.max_count = d.max_count;
        k.max_confidence = d.max_confidence;
        out.classifications.push_back(k);
      }
      break;
    case kind::with_importance:
      if (const auto level = eval::parse_importance(c.values.empty() ? "" : c.values.front())) {
        out.choice = static_cast<int>(*level);
      }
      break;
    case kind::message_type_matches:
      if (const auto type = eval::parse_message_type(c.values.empty() ? "" : c.values.front())) {
        out.choice = static_cast<int>(*type);
      }
      break;
    case kind::recipient_address_contains_words:
    case kind::any_of_recipient_address_contains_words:
      out.words = eval::word_matcher(c.values);
      break;
    case kind::recipient_address_matches_patterns:
    case kind::any_of_recipient_address_matches_patterns:
    case kind::subject_or_body_matches_patterns:
    case kind::attachment_name_matches_patterns:
    case kind::attachment_matches_patterns: compile_patterns(c, out, problems); break;
    case kind::attachment_contains_words: out.words = eval::word_matcher(c.values); break;
    case kind::attachment_property_contains_words:
      for (const auto& text : c.values) {
        const rules::named_words split = rules::split_named_words(text);
        out.properties.push_back(
            {ascii_lower_copy(ascii_trim_blanks(split.name)), eval::word_matcher(split.words)});
      }
      break;
    case kind::any_of_to_header:
    case kind::any_of_cc_header:
    case kind::any_of_to_cc_header:
    case kind::content_character_set_contains_words:
    case kind::has_classification:
      for (const auto& a : c.values)
        out.addresses.push_back(case_folded_copy(ascii_trim_blanks(a)));
      break;
    default: break;
  }
}

compiled_condition compile_condition(plan::impl& p, const rules::rule_set& set,
                                     const rules::transport_rule& rule, const rules::condition& c,
                                     std::vector<diagnostic>& problems) {
  compiled_condition out;
  out.kind = c.kind;
  out.source = &c;
  out.scl = c.scl;
  out.size_bytes = c.size_bytes;
  if (reads_header(c.kind)) out.slot = p.slot_of(ascii_lower_copy(c.header_name));
  if (reads_subject(c.kind) || c.kind == rules::condition_kind::subject_or_body_contains_words) {
    out.slot = p.subject_slot;
  }
  if (rules::reads_sender_address(c.kind)) {
    out.slot = p.from_slot;
    out.envelope_slot = p.return_path_slot;
    // The other sender conditions read the From header whatever the rule says (decision 408).
    const rules::sender_location location = rules::follows_sender_address_location(c.kind)
                                                ? rule.sender_address_location
                                                : rules::sender_location::header;
    out.reads_header_from = location != rules::sender_location::envelope;
    out.reads_envelope_from = location != rules::sender_location::header;
  }
  if (reads_body(c)) p.needs_body = true;
  if (eval::inspects_attachments(c.kind)) p.inspects_attachments = true;
  if (eval::decodes_attachments(c.kind)) p.decodes_attachments = true;
  if (eval::lists_archives(c.kind)) p.lists_archives = true;
  p.reads |= condition_reads(c.kind);
  // MessageTypeMatches reads the MIME parts for Calendaring and PermissionControlled only.
  if (c.kind == rules::condition_kind::message_type_matches && eval::reads_body(c)) {
    p.reads.attachments = true;
  }
  if (reads_recipients(c.kind)) p.needs_recipients = true;
  if (reads_each_recipient(c.kind)) p.reads_each_recipient = true;
  if (reads_scope(c.kind)) {
    p.reads_auth = true;
    out.scope = scope_of(c);
  }
  switch (c.kind) {
    case rules::condition_kind::header_contains_words:
    case rules::condition_kind::subject_contains_words:
      for (const auto& w : c.values) {
        out.word_ids.push_back(p.slot_words[static_cast<std::size_t>(out.slot)].add(w));
      }
      out.words = eval::word_matcher(c.values);
      break;
    case rules::condition_kind::from_address_contains_words:
    case rules::condition_kind::subject_or_body_contains_words:
      out.words = eval::word_matcher(c.values);
      break;
    case rules::condition_kind::from:
    case rules::condition_kind::sent_to:
      compile_detail::resolve_address_values(p.directory.get(), c, out.addresses, problems);
      break;
    case rules::condition_kind::from_member_of:
    case rules::condition_kind::sent_to_member_of:
    case rules::condition_kind::any_of_to_header_member_of:
    case rules::condition_kind::any_of_cc_header_member_of:
    case rules::condition_kind::any_of_to_cc_header_member_of:
    case rules::condition_kind::between_member_of:
    case rules::condition_kind::sender_ad_attribute_contains_words:
    case rules::condition_kind::sender_ad_attribute_matches_patterns:
    case rules::condition_kind::recipient_ad_attribute_contains_words:
    case rules::condition_kind::recipient_ad_attribute_matches_patterns:
    case rules::condition_kind::ad_comparison:
    case rules::condition_kind::manager_for_evaluated_user:
    case rules::condition_kind::sender_management_relationship:
      if (c.kind == rules::condition_kind::any_of_cc_header_member_of) out.slot = p.cc_slot;
      if (c.kind == rules::condition_kind::any_of_to_header_member_of ||
          c.kind == rules::condition_kind::any_of_to_cc_header_member_of) {
        out.slot = p.to_slot;
      }
      if (c.kind == rules::condition_kind::any_of_to_cc_header_member_of) {
        out.second_slot = p.cc_slot;
      }
      compile_detail::compile_directory_condition(p.directory.get(), c, out, problems);
      break;
    case rules::condition_kind::attachment_extension_matches_words:
      for (const auto& a : c.values) out.addresses.push_back(case_folded_copy(a));
      break;
    case rules::condition_kind::message_size_over: break;
    case rules::condition_kind::header_matches_patterns:
    case rules::condition_kind::subject_matches_patterns:
    case rules::condition_kind::from_address_matches_patterns:
      compile_patterns(c, out, problems);
      break;
    case rules::condition_kind::sender_ip_ranges:
      out.ranges = compile_detail::resolve_ranges(set, c.values, c.where, problems);
      break;
    case rules::condition_kind::sender_domain_is:
    case rules::condition_kind::recipient_domain_is:
      for (const auto& d : c.values) out.domains.push_back(case_folded_copy(d));
      break;
    case rules::condition_kind::scl_over:
    case rules::condition_kind::from_scope:
    case rules::condition_kind::sent_to_scope: break;
    default: compile_message_condition(p, c, out, problems); break;
  }
  return out;
}

compiled_rule compile_rule(plan::impl& p, const rules::rule_set& set,
                           const rules::transport_rule& rule, std::vector<diagnostic>& problems) {
  compiled_rule out;
  out.source = &rule;
  out.enabled = rule.state == rules::rule_state::enabled;
  out.enforce = rule.mode == rules::rule_mode::enforce;
  for (const auto& c : rule.conditions) {
    out.conditions.push_back(compile_condition(p, set, rule, c, problems));
  }
  for (const auto& c : rule.exceptions) {
    out.exceptions.push_back(compile_condition(p, set, rule, c, problems));
  }
  if (rule.actions.set_header_name)
    out.set_header_slot = p.slot_of(ascii_lower_copy(*rule.actions.set_header_name));
  if (rule.actions.remove_header)
    out.remove_header_slot = p.slot_of(ascii_lower_copy(*rule.actions.remove_header));
  if (rule.actions.prepend_subject) out.subject_slot = p.subject_slot;
  for (const auto& field : rule.actions.incident_report_content) {
    if (!out.incident_report_content.empty()) out.incident_report_content += ", ";
    out.incident_report_content += field;
  }
  return out;
}

}  // namespace

namespace compile_detail {

net::ip_range_set resolve_ranges(const rules::rule_set& set, const std::vector<std::string>& values,
                                 const source_span& where, std::vector<diagnostic>& problems) {
  net::ip_range_set ranges;
  for (const auto& value : values) {
    if (!value.empty() && value.front() == '$') {
      const std::string_view name = std::string_view(value).substr(1);
      const auto list = std::find_if(set.ip_lists.begin(), set.ip_lists.end(),
                                     [&](const rules::ip_list& l) { return l.name == name; });
      if (list == set.ip_lists.end()) {
        problems.push_back(
            {diag_code::bad_reference, where, "'" + value + "' names no entry of ip_lists"});
        continue;
      }
      for (const auto& entry : list->entries) {
        std::string error;
        if (auto r = net::parse_ip_range(entry, error))
          ranges.add(std::move(*r));
        else
          problems.push_back({diag_code::bad_value, list->where, error});
      }
      continue;
    }
    std::string error;
    if (auto r = net::parse_ip_range(value, error))
      ranges.add(std::move(*r));
    else
      problems.push_back({diag_code::bad_value, where, error});
  }
  ranges.finish();
  return ranges;
}

}  // namespace compile_detail

int plan::impl::slot_of(std::string_view lower_name) const noexcept {
  const auto it = std::lower_bound(slot_names.begin(), slot_names.end(), lower_name);
  if (it == slot_names.end() || *it != lower_name) return kNoSlot;
  return static_cast<int>(it - slot_names.begin());
}

plan::plan(std::unique_ptr<impl> i) : impl_(std::move(i)) {}
plan::~plan() = default;
const rules::rule_set& plan::source() const noexcept { return impl_->source; }
bool plan::reads_auth() const noexcept { return impl_->reads_auth; }
std::size_t plan::rule_count() const noexcept { return impl_->rules.size(); }
std::string_view plan::rule_name(std::size_t index) const noexcept {
  return impl_->rules[index].source->name;
}
const rules::transport_rule& plan::rule_source(std::size_t index) const noexcept {
  return *impl_->rules[index].source;
}

std::shared_ptr<const plan> compile(const rules::rule_set& set) { return compile(set, nullptr); }

std::shared_ptr<const plan> compile(const rules::rule_set& set,
                                    std::shared_ptr<const directory::directory_index> directory) {
  auto p = std::make_unique<plan::impl>();
  p->directory = std::move(directory);
  p->source = set;  // the plan owns its copy: compiled rules point into it
  const rules::rule_set& own = p->source;
  std::vector<diagnostic> problems;

  p->slot_names = collect_slot_names(own);
  for (const auto& name : p->slot_names)
    p->slot_name_lengths |= std::uint64_t{1} << std::min<std::size_t>(name.size(), 63);
  p->disposition_slot = p->slot_of(ascii_lower_copy(own.area1.disposition_header));
  p->subject_slot = p->slot_of("subject");
  p->from_slot = p->slot_of("from");
  p->return_path_slot = p->slot_of("return-path");
  p->to_slot = p->slot_of("to");
  p->cc_slot = p->slot_of("cc");
  p->slot_words.resize(p->slot_names.size());

  // Evaluation order: priority, then position in the file (stable sort keeps file order).
  std::vector<std::size_t> order(own.transport_rules.size());
  std::iota(order.begin(), order.end(), std::size_t{0});
  std::stable_sort(order.begin(), order.end(), [&](std::size_t a, std::size_t b) {
    return own.transport_rules[a].priority < own.transport_rules[b].priority;
  });
  for (const std::size_t i : order) {
    p->rules.push_back(compile_rule(*p, own, own.transport_rules[i], problems));
  }

  compile_detail::build_rule_index(*p);  // adds pattern literals to the slots' automata
  for (auto& m : p->slot_words) m.finish();
  p->reads |= policy_reads(own);

  for (const auto& policy : own.scoped_antispam) {
    p->scoped_policies.push_back(
        compile_detail::compile_scoped_policy(p->directory.get(), policy, problems));
  }
  std::stable_sort(p->scoped_policies.begin(), p->scoped_policies.end(),
                   [](const policy::scoped_policy& a, const policy::scoped_policy& b) {
                     return a.policy->priority < b.policy->priority;
                   });
  if (!p->scoped_policies.empty()) p->needs_recipients = p->reads_each_recipient = true;
  p->reads_sender_lists = any_policy(own, has_lists);
  p->reads_asf =
      any_policy(own, [](const rules::antispam_policy& a) { return a.asf.any_enabled(); });
  p->asf_reads_body =
      any_policy(own, [](const rules::antispam_policy& a) { return a.asf.reads_body(); });
  p->reads_intra_org = any_policy(own, reads_intra_org);
  if (p->reads_intra_org) p->reads_auth = p->needs_recipients = p->reads_each_recipient = true;

  if (!own.area1.egress_list.empty()) {
    p->egress = compile_detail::resolve_ranges(own, {"$" + own.area1.egress_list}, own.area1.where,
                                               problems);
  }
  for (const auto& d : own.area1.quarantine_dispositions)
    p->area1_quarantine.push_back(ascii_upper_copy(d));

  if (!problems.empty()) throw load_error(std::move(problems));
  return std::make_shared<const plan>(std::move(p));
}

}  // namespace mfsim
