// What every loader shares, so that `-SetSCL 10`, `"SetSCL": 10` and `SetSCL: 10` are checked
// alike. One header, one source file per job:
//   text helpers and value readers      param_readers.cc
//   Exchange's cmdlet parameter tables  param_tables.cc
//   transport rules from parameters     build_transport_rule.cc
//   policies from parameters            policy_builders.cc
//   the last step of every import       import_finish.cc
// Case-insensitive comparison is engine/ascii.h's.
#pragma once

#include <cstdint>
#include <optional>
#include <span>
#include <string>
#include <string_view>
#include <vector>

#include "engine/ascii.h"
#include "engine/rules/rule_set.h"
#include "engine/spelling.h"
#include "engine/status.h"

namespace mfsim::rules {

// ---- text helpers for diagnostics -----------------------------------------------------------

// closest() and did_you_mean(), the name a user probably meant (engine/spelling.h).
using mfsim::closest;
using mfsim::did_you_mean;
[[nodiscard]] std::string join(std::span<const std::string_view> items);
// Characters, not bytes: Exchange's 64-character name limit counts characters.
[[nodiscard]] std::size_t utf8_length(std::string_view text) noexcept;
// RFC 5322 field name: printable ASCII except ':'.
[[nodiscard]] bool is_header_name(std::string_view text) noexcept;
// A domain as rule values give it: no spaces, controls, separators or wildcard characters (an
// accepted domain's "*." prefix is taken off by its readers first).
[[nodiscard]] bool is_domain(std::string_view text) noexcept;
[[nodiscard]] bool is_address(std::string_view text) noexcept;
// A domain a mail server can have (RFC 1035 and 5321), as an accepted domain must be: labels of
// 1 to 63 letters, digits and hyphens, neither first nor last a hyphen, joined by single dots,
// 253 bytes at most, no dot at either end; a byte of UTF-8 (an internationalized name) counts
// as a letter.
[[nodiscard]] bool is_host_domain(std::string_view text) noexcept;

// ---- cmdlet parameters as the importers read them -------------------------------------------

// mapping: a YAML mapping or a PowerShell hash table, its entries in `items` with their `key`.
enum class value_type { null, text, number, boolean, list, mapping };

// One value: a PowerShell argument or a JSON property value, with where it was written.
struct param_value {
  value_type type = value_type::null;
  std::string text;                // text and number (as written)
  bool flag = false;               // boolean
  std::vector<param_value> items;  // list (importers flatten lists; a mapping stays an item)
  source_span where;
  std::string key{};  // an entry of a mapping: its key, as written
  // A mapping made from a PowerShell hash table: which one (0: none), so that a change made to
  // the table through a variable shows in the arrays holding it (powershell_table_changes.cc).
  std::uint64_t table_id = 0;
  // ... and whether it was [ordered] (keys in the order written) or a [pscustomobject]
  // (properties set, never added), which the table is again when read back.
  bool table_ordered = false;
  bool table_custom_object = false;
  // number: a Double (a PowerShell real literal, [double], a result computed with one), its
  // text as .NET's Double.ToString() writes it; whole numbers and Decimals are not.
  bool is_double = false;
};

// One parameter of a cmdlet (`-SetSCL 5`) or property of an exported object (`"SetSCL": 5`).
struct parameter {
  std::string name;  // the canonical Exchange spelling once looked up
  param_value value;
  source_span where;  // of the name
};

// How the diagnostics write a parameter's name: `-SetSCL` in scripts, 'SetSCL' in JSON and
// YAML (where an absent value reads "an empty value", not null).
enum class param_style { cmdlet, property, yaml };

[[nodiscard]] std::string param_label(std::string_view name, param_style style);
// How a value is described after "found": '10', a list, $true / true, $null / null.
[[nodiscard]] std::string describe(const param_value& value, param_style style);

// What mfsim makes of one parameter of a cmdlet family.
enum class param_support {
  mapped,         // turned into the model
  no_effect,      // accepted and ignored: it changes nothing mfsim reports
  not_simulated,  // an error unless its value is the one mfsim assumes (`assumed`, or unset)
  // read data mfsim cannot have: another value than `assumed` loads with a warning that it is
  // not simulated (mfsim behaves as `assumed`), an error with --strict (decision 1182)
  warned,
};

struct param_info {
  std::string_view name;
  param_support support;
  std::string_view assumed;    // not_simulated, warned: the value mfsim behaves as (without case)
  std::string_view missing{};  // warned: what mfsim lacks to simulate it, for the warning
};

// antispam_rule: New-HostedContentFilterRule, the recipient scope of a policy other than Default.
// accepted_domain: New-AcceptedDomain / Set-AcceptedDomain.
enum class cmdlet_family {
  transport_rule,
  antispam_policy,
  quarantine_policy,
  antispam_rule,
  accepted_domain,
};

// The parameter of that name (compared without case), or nullptr when Exchange has none.
[[nodiscard]] const param_info* find_parameter(cmdlet_family family, std::string_view name);
// Every parameter name of the family, for "did you mean".
[[nodiscard]] std::span<const std::string_view> parameter_names(cmdlet_family family);
// " (did you mean PREFIXParameter? ...)" for a name the family has no parameter of: the
// reference's parameter for a name Microsoft's pages write, else the closest name; or "".
[[nodiscard]] std::string unknown_parameter_hint(cmdlet_family family, std::string_view name,
                                                 std::string_view prefix = "");

// True when the value leaves the parameter unset or at what mfsim assumes: null, an empty text
// or list, $false, or `assumed` (without case).
[[nodiscard]] bool is_assumed_value(const param_value& value, std::string_view assumed);

// The error for a not_simulated parameter given another value than the assumed one.
[[nodiscard]] diagnostic not_simulated_error(const parameter& p, const param_info& info,
                                             std::string_view ctx, param_style style);

// Sorts one recognised parameter by its support: a mapped one is moved to `mapped`, a no-effect
// one is dropped, a not-simulated one is dropped with not_simulated_error() in `out` unless its
// value is the assumed one, a warned one likewise with a warning. Returns false when it reported
// that error.
bool keep_by_support(parameter&& p, const param_info& info, std::string_view ctx, param_style style,
                     std::vector<parameter>& mapped, std::vector<diagnostic>& out);

// ---- building the model from parameters -----------------------------------------------------

// A quarantine tag of the anti-spam policy, resolved once every policy is known (the policies
// may come later in a script, or from another file).
struct tag_reference {
  std::string key;  // "SpamQuarantineTag", ...
  source_span where;
  int policy = -1;  // index into rule_set::scoped_antispam; -1: the Default policy
  // kPolicyOfNobody: a policy that applies to nobody (no enabled rule scopes it): only `tag` is
  // checked, as Exchange checks it when the policy is created; `owner` names the policy.
  std::string tag{};
  std::string owner{};
};
inline constexpr int kPolicyOfNobody = -2;

// A `$name` item of SenderIpRanges (the YAML format's IP lists), checked by the caller once
// every list is known.
struct ip_list_reference {
  std::string name;
  source_span where;
  std::string used_in;  // "'SenderIpRanges' in transport rule 'X'"
};

// Builds one transport rule from its mapped parameters (each name given once, canonical
// spelling, in the order the user gave them; conditions keep that order). `ctx` is the
// "in transport rule 'X'" phrase of the messages. Name, Priority and State are read when
// present; the caller sets them otherwise. Appends every problem to `out`; a rule without
// actions is reported unless `rejected_some` says the caller already rejected parameters.
// `$name` items of SenderIpRanges are accepted only when `list_references` is given.
[[nodiscard]] transport_rule build_transport_rule(
    std::span<const parameter> params, const std::string& ctx, param_style style,
    const source_span& where, std::vector<diagnostic>& out, bool rejected_some = false,
    std::vector<ip_list_reference>* list_references = nullptr);

// Applies mapped Set-HostedContentFilterPolicy parameters to `policy`; tags to check are
// appended to `tags`.
// `policy_index`: where the policy is in rule_set::scoped_antispam, -1 for Default.
void apply_antispam_parameters(std::span<const parameter> params, const std::string& ctx,
                               param_style style, antispam_policy& policy,
                               std::vector<tag_reference>& tags, std::vector<diagnostic>& out,
                               int policy_index = -1);

// Applies one of the policy's list settings (AllowedSenders, AllowedSenderDomains,
// BlockedSenders, BlockedSenderDomains, Enable/LanguageBlockList, Enable/RegionBlockList:
// antispam_lists_builder.cc); false when `p` is none of them.
bool apply_antispam_list(const parameter& p, const std::string& ctx, param_style style,
                         antispam_policy& policy, std::vector<diagnostic>& out);

// Applies one of the policy's Advanced Spam Filter settings (MarkAsSpam*, IncreaseScoreWith*,
// TestModeAction, TestModeBccToRecipients, IntraOrgFilterState: asf_settings_builder.cc); false
// when `p` is none of them.
bool apply_asf_setting(const parameter& p, const std::string& ctx, param_style style,
                       antispam_policy& policy, std::vector<diagnostic>& out);

// Applies a HostedContentFilterRule's recipient scope (RecipientDomainIs, SentTo,
// SentToMemberOf and their ExceptIf twins; antispam_scope_keys) and Priority to `policy`.
void apply_antispam_scope(std::span<const parameter> params, const std::string& ctx,
                          param_style style, antispam_policy& policy, std::vector<diagnostic>& out);
// Whether the scope names anyone: a rule with exceptions only scopes nobody.
[[nodiscard]] bool scopes_recipients(const antispam_policy& policy) noexcept;
// The HostedContentFilterRule parameters apply_antispam_scope reads, Priority first.
inline constexpr std::string_view antispam_scope_keys[] = {"Priority",
                                                           "RecipientDomainIs",
                                                           "SentTo",
                                                           "SentToMemberOf",
                                                           "ExceptIfRecipientDomainIs",
                                                           "ExceptIfSentTo",
                                                           "ExceptIfSentToMemberOf"};
// Each of those but Priority, with the list of antispam_policy that holds its values.
struct antispam_scope_list {
  std::string_view key;
  std::vector<std::string> antispam_policy::*list;
};
inline constexpr antispam_scope_list antispam_scope_lists[] = {
    {"RecipientDomainIs", &antispam_policy::recipient_domain_is},
    {"SentTo", &antispam_policy::sent_to},
    {"SentToMemberOf", &antispam_policy::sent_to_member_of},
    {"ExceptIfRecipientDomainIs", &antispam_policy::except_recipient_domain_is},
    {"ExceptIfSentTo", &antispam_policy::except_sent_to},
    {"ExceptIfSentToMemberOf", &antispam_policy::except_sent_to_member_of}};

// Builds an accepted domain from New-AcceptedDomain's mapped parameters (organization_builder.cc):
// DomainName (required; "*.contoso.com" for every subdomain), DomainType (Authoritative unless
// given), Name (the domain unless given). nullopt after reporting when unusable.
[[nodiscard]] std::optional<accepted_domain> build_accepted_domain(
    std::span<const parameter> params, const std::string& ctx, param_style style,
    const source_span& where, std::vector<diagnostic>& out);

// Reports accepted domains declared twice (DomainName, without case).
void check_accepted_domains(const rule_set& set, std::vector<diagnostic>& out);

// Applies mapped New-/Set-QuarantinePolicy parameters (permissions, notifications) to `policy`.
void apply_quarantine_parameters(std::span<const parameter> params, const std::string& ctx,
                                 param_style style, quarantine_policy& policy,
                                 std::vector<diagnostic>& out);

// EndUserSpamNotificationFrequency of the global quarantine settings: 04:00:00, 1.00:00:00 or
// 7.00:00:00 (a TimeSpan), also given in whole hours by the JSON loader.
[[nodiscard]] std::optional<notification_frequency> read_notification_frequency(
    const parameter& p, const std::string& ctx, param_style style, std::vector<diagnostic>& out);

// Checks a policy or rule name: non-empty, at most 64 characters.
[[nodiscard]] std::optional<std::string> read_name(const parameter& p, const std::string& ctx,
                                                   param_style style, std::vector<diagnostic>& out);
[[nodiscard]] std::optional<std::string> read_text(const parameter& p, const std::string& ctx,
                                                   param_style style, bool allow_empty,
                                                   std::vector<diagnostic>& out);
[[nodiscard]] std::optional<bool> read_bool(const parameter& p, const std::string& ctx,
                                            param_style style, std::vector<diagnostic>& out);
[[nodiscard]] std::optional<int> read_int(const parameter& p, const std::string& ctx,
                                          param_style style, int low, int high,
                                          std::vector<diagnostic>& out);

// Resolves the anti-spam policy's quarantine tags against the custom and built-in policies
// (without case; the defined spelling is kept) and reports unknown ones. The messages name the
// policies as `style` does: YAML by its keys ('SpamQuarantineTag' of antispam_policy), an
// import as Exchange does (SpamQuarantineTag of the anti-spam policy).
void resolve_quarantine_tags(rule_set& set, std::span<const tag_reference> tags,
                             std::vector<diagnostic>& out, param_style style = param_style::cmdlet);

// Reports transport rules sharing a name (without case) or a given Priority.
void check_rule_uniqueness(const rule_set& set, std::vector<diagnostic>& out);

// Sorts diagnostics by line and column (stable), files in the order they first appear.
void sort_diagnostics(std::vector<diagnostic>& diagnostics);

// ---- what one imported file holds ------------------------------------------------------------

// A file's contribution before it is checked as a whole: importers return it so that several
// files (rules from one export, policies from another) can make one rule set.
struct imported_rules {
  rule_set set;
  std::vector<tag_reference> tags;   // to resolve once every quarantine policy is known
  bool has_antispam = false;         // the file set the anti-spam policy
  bool has_global_settings = false;  // the file set the notification frequency
  std::vector<diagnostic> diagnostics;
  std::vector<diagnostic> warnings;  // reported; the import goes on
};

// A named object as an import read it: a policy or rule and its mapped parameters.
struct named_entry {
  std::string name;
  source_span where;
  std::vector<parameter> params;
};

// ---- the Standard and Strict preset security policies (preset_policies.cc) ----------------

enum class preset_profile { strict, standard };

// The preset a policy or rule belongs to, by its name: "Strict Preset Security Policy", alone or
// with digits appended ("Strict Preset Security Policy1658310385614").
[[nodiscard]] std::optional<preset_profile> preset_profile_of(std::string_view name) noexcept;
// The policy a preset's rule scopes when it names only the preset ("Strict Preset Security
// Policy", as Microsoft365DSC's EXOEOPProtectionPolicyRule does); nullptr for other names.
[[nodiscard]] const named_entry* find_preset_policy(std::span<const named_entry> policies,
                                                    std::string_view rule_target);
// The anti-spam policy of the preset a rule names ("Strict Preset Security Policy") when the
// input holds none: Microsoft fixes its settings, which the eop-strict and eop-standard presets
// hold (decision 548); nullopt for other names.
[[nodiscard]] std::optional<antispam_policy> fixed_preset_policy(std::string_view rule_target);
// A preset's anti-spam policy that no rule of the input names: left out, with a warning.
void warn_preset_without_rule(const named_entry& policy, std::vector<diagnostic>& out);
// What of a preset mfsim simulates, said once at its rule.
void warn_preset_not_simulated(const named_entry& rule, preset_profile profile,
                               std::vector<diagnostic>& out);
// Microsoft's order of precedence: Strict, Standard, then custom policies by priority; the
// priorities are renumbered when a preset is among `scoped`.
void order_presets_first(std::vector<antispam_policy>& scoped);

// Turns anti-spam rules (HostedContentFilterRule: policy, scope, priority, state) into scoped
// policies in `out.set.scoped_antispam`, with the settings of the anti-spam policy each names.
// A policy without an enabled rule applies to nobody and is left out, as in Exchange Online.
void build_scoped_antispam(std::span<const named_entry> policies,
                           std::span<const named_entry> rules, param_style style,
                           imported_rules& out);

// The last step of every import: resolves the quarantine tags, checks that rule names and
// priorities are unique, and returns the rule set with its warnings in `imported.warnings`.
// Errors: throws load_error with every diagnostic (sorted by position) when there is an error,
// or, when `strict` (--strict), a warning.
[[nodiscard]] rule_set finish_import(imported_rules&& imported, bool strict = false);

}  // namespace mfsim::rules
