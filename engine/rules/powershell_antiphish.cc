// Set-AntiPhishPolicy on the default anti-phishing policy: its spoof settings are what mfsim
// simulates (rule_set.h's antiphish_policy); the impersonation and mailbox-intelligence
// settings change no verdict mfsim computes and are ignored with one warning per command.
// Parameters as the Set-AntiPhishPolicy reference lists them.
#include <fmt/format.h>

#include <algorithm>
#include <utility>

#include "engine/rules/param_readers.h"
#include "engine/rules/powershell_runner.h"

namespace mfsim::rules::powershell {
namespace {

using detail::enum_name;
using detail::read_enum;

constexpr std::string_view spoof_parameters[] = {
    "EnableSpoofIntelligence", "AuthenticationFailAction", "SpoofQuarantineTag",
    "HonorDmarcPolicy",        "DmarcQuarantineAction",    "DmarcRejectAction"};

// The other parameters of Set-AntiPhishPolicy in Exchange Online.
constexpr std::string_view other_parameters[] = {"AdminDisplayName",
                                                 "Enabled",  // reserved for internal use
                                                 "EnableFirstContactSafetyTips",
                                                 "EnableMailboxIntelligence",
                                                 "EnableMailboxIntelligenceProtection",
                                                 "EnableOrganizationDomainsProtection",
                                                 "EnableSimilarDomainsSafetyTips",
                                                 "EnableSimilarUsersSafetyTips",
                                                 "EnableTargetedDomainsProtection",
                                                 "EnableTargetedUserProtection",
                                                 "EnableUnauthenticatedSender",
                                                 "EnableUnusualCharactersSafetyTips",
                                                 "EnableViaTag",
                                                 "ExcludedDomains",
                                                 "ExcludedSenders",
                                                 "ImpersonationProtectionState",
                                                 "MailboxIntelligenceProtectionAction",
                                                 "MailboxIntelligenceProtectionActionRecipients",
                                                 "MailboxIntelligenceQuarantineTag",
                                                 "MakeDefault",
                                                 "PhishThresholdLevel",
                                                 "PolicyTag",
                                                 "TargetedDomainActionRecipients",
                                                 "TargetedDomainProtectionAction",
                                                 "TargetedDomainQuarantineTag",
                                                 "TargetedDomainsToProtect",
                                                 "TargetedUserActionRecipients",
                                                 "TargetedUserProtectionAction",
                                                 "TargetedUserQuarantineTag",
                                                 "TargetedUsersToProtect"};

constexpr enum_name<spoof_action> junk_or_quarantine[] = {{"MoveToJmf", spoof_action::move_to_jmf},
                                                          {"Quarantine", spoof_action::quarantine}};
constexpr enum_name<spoof_action> quarantine_or_reject[] = {
    {"Quarantine", spoof_action::quarantine}, {"Reject", spoof_action::reject}};

std::optional<std::string_view> canonical(std::span<const std::string_view> names,
                                          std::string_view name) {
  const auto it = std::find_if(names.begin(), names.end(),
                               [&](std::string_view n) { return ascii_iequals(n, name); });
  return it == names.end() ? std::nullopt : std::optional<std::string_view>(*it);
}

}  // namespace

void apply_antiphish_parameters(std::span<const parameter> params, antiphish_policy& policy,
                                std::vector<tag_reference>& tags, std::vector<diagnostic>& out) {
  const std::string ctx = "in the default anti-phishing policy";
  constexpr auto style = param_style::cmdlet;
  for (const auto& p : params) {
    if (p.name == "EnableSpoofIntelligence") {
      if (auto v = read_bool(p, ctx, style, out)) policy.enable_spoof_intelligence = *v;
    } else if (p.name == "HonorDmarcPolicy") {
      if (auto v = read_bool(p, ctx, style, out)) policy.honor_dmarc_policy = *v;
    } else if (p.name == "AuthenticationFailAction") {
      if (auto v = read_enum(p, ctx, style, junk_or_quarantine, out)) {
        policy.authentication_fail_action = *v;
      }
    } else if (p.name == "DmarcQuarantineAction") {
      if (auto v = read_enum(p, ctx, style, junk_or_quarantine, out)) {
        policy.dmarc_quarantine_action = *v;
      }
    } else if (p.name == "DmarcRejectAction") {
      if (auto v = read_enum(p, ctx, style, quarantine_or_reject, out)) {
        policy.dmarc_reject_action = *v;
      }
    } else if (p.name == "SpoofQuarantineTag") {
      if (auto tag = read_text(p, ctx, style, false, out)) {
        policy.spoof_quarantine_tag = *tag;
        tags.push_back(tag_reference{"SpoofQuarantineTag", p.value.where, -1});
      }
    }
  }
}

std::vector<std::string_view> antiphish_parameter_names() {
  std::vector<std::string_view> all(std::begin(spoof_parameters), std::end(spoof_parameters));
  all.insert(all.end(), std::begin(other_parameters), std::end(other_parameters));
  return all;
}

void runner::set_antiphish(const ps_command& cmd, const parameter* piped) {
  static constexpr std::string_view switches[] = {"MakeDefault"};
  bound_command b = bind(cmd, "Identity", switches, piped);
  if (!b.ok || b.what_if) return;
  const auto id = identity(b, cmd, "anti-phishing policy");
  if (!id) return;
  if (!ascii_iequals(*id, out_.set.antiphish.name)) {
    warn(diag_code::unknown_key, detail::find_param(b.params, "Identity")->value.where,
         fmt::format("Set-AntiPhishPolicy '{}': mfsim simulates the spoof settings of the default "
                     "anti-phishing policy ('{}') only; the command is skipped",
                     *id, out_.set.antiphish.name));
    ++out_.set.imported.skipped_commands;
    return;
  }
  std::vector<std::string_view> ignored;
  for (auto& p : b.params) {
    if (ascii_iequals(p.name, "Identity")) continue;
    if (const auto spoof = canonical(spoof_parameters, p.name)) {
      p.name = std::string(*spoof);
      update(antiphish_, std::move(p));
    } else if (const auto other = canonical(other_parameters, p.name)) {
      ignored.push_back(*other);
    } else {
      error(diag_code::unknown_key, p.where,
            fmt::format("Set-AntiPhishPolicy has no parameter -{}{}", p.name,
                        did_you_mean(p.name, antiphish_parameter_names(), "-")));
    }
  }
  if (antiphish_where_.file.empty()) antiphish_where_ = cmd.where;
  if (!ignored.empty()) {
    warn(diag_code::unknown_key, cmd.where,
         fmt::format("Set-AntiPhishPolicy: {} change(s) no verdict mfsim simulates (impersonation, "
                     "mailbox intelligence and safety tips are outside mail-flow simulation); "
                     "ignored",
                     join(ignored)));
  }
}

}  // namespace mfsim::rules::powershell
