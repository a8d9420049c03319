// Explain's account of what the rules' actions did: the record's effects with their rules, and
// the names of a rule's recipient, routing, protection, disclaimer and notification actions.
#include <fmt/format.h>

#include "engine/effect_text.h"
#include "engine/explain/explain_internal.h"

namespace mfsim::explain {
namespace {

std::string joined(const std::vector<std::string>& items) {
  std::string out;
  for (const auto& item : items) out += (out.empty() ? "" : ",") + item;
  return out;
}

}  // namespace

std::vector<effect_step> explain_effects(const plan& p, const outcome& r) {
  std::vector<effect_step> out;
  for (const auto& e : r.effects) {
    const std::string rule =
        e.rule < p.rule_count() ? std::string(p.rule_name(e.rule)) : std::string();
    out.push_back({valid_utf8(rule), e.action, valid_utf8(effect_summary(e))});
  }
  return out;
}

void list_other_actions(const rules::rule_actions& a, std::vector<std::string>& out) {
  const auto list = [&](const char* name, const std::vector<std::string>& items) {
    if (!items.empty()) out.push_back(fmt::format("{} {}", name, joined(items)));
  };
  const auto text = [&](const char* name, const std::optional<std::string>& value) {
    if (value) out.push_back(fmt::format("{} \"{}\"", name, *value));
  };
  const auto flag = [&](const char* name, bool on) {
    if (on) out.emplace_back(name);
  };
  text("ApplyClassification", a.apply_classification);
  if (a.disclaimer_text) {
    out.push_back(fmt::format("ApplyHtmlDisclaimerText ({}, fallback {})",
                              rules::parameter_value(a.disclaimer_at),
                              rules::parameter_value(a.disclaimer_fallback_action)));
  }
  list("AddToRecipients", a.add_to_recipients);
  list("CopyTo", a.copy_to);
  list("BlindCopyTo", a.blind_copy_to);
  if (a.add_manager_as_recipient_type) {
    out.push_back(fmt::format("AddManagerAsRecipientType {}",
                              rules::parameter_value(*a.add_manager_as_recipient_type)));
  }
  list("ModerateMessageByUser", a.moderate_message_by_user);
  flag("ModerateMessageByManager", a.moderate_message_by_manager);
  flag("ApplyOME", a.apply_ome);
  flag("RemoveOME", a.remove_ome);
  flag("RemoveOMEv2", a.remove_ome_v2);
  flag("RemoveRMSAttachmentEncryption", a.remove_rms_attachment_encryption);
  text("ApplyRightsProtectionTemplate", a.apply_rights_protection_template);
  text("ApplyRightsProtectionCustomizationTemplate",
       a.apply_rights_protection_customization_template);
  flag("RouteMessageOutboundRequireTls", a.route_message_outbound_require_tls);
  text("RouteMessageOutboundConnector", a.route_message_outbound_connector);
  list("GenerateIncidentReport", a.generate_incident_report);
  if (a.generate_notification) out.emplace_back("GenerateNotification");
  if (a.notify_sender) {
    out.push_back(fmt::format("NotifySender {}", rules::parameter_value(*a.notify_sender)));
  }
  text("LogEventText", a.log_event_text);
  flag("Disconnect", a.disconnect);
  if (a.smtp_reject_text || a.smtp_reject_status_code) {
    out.push_back(fmt::format("SmtpRejectMessage {} \"{}\"",
                              a.smtp_reject_status_code.value_or(rules::kDefaultSmtpRejectCode),
                              a.smtp_reject_text.value_or(rules::kDefaultRejectText)));
  }
}

}  // namespace mfsim::explain
