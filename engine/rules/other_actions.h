// The transport-rule actions below rule_actions' "other actions" line as cmdlet parameters:
// one walk over them for the YAML writer, explain and has_other_action().
#pragma once

#include <string_view>
#include <vector>

#include "engine/rules/rule_set.h"

namespace mfsim::rules {

// One parameter of the actions below the "other actions" line, as the cmdlet spells it: a
// switch ($true), a text (enumerations in Exchange's spelling) or a list.
struct action_parameter_value {
  std::string_view name;  // "BlindCopyTo", "ApplyHtmlDisclaimerLocation", ...
  enum class shape { flag, text, number, list } kind = shape::flag;
  std::string_view text;                           // text, number
  const std::vector<std::string>* list = nullptr;  // list
};

// Calls visit(action_parameter_value) for each of those parameters that is given, companions
// included (ApplyHtmlDisclaimerLocation after ApplyHtmlDisclaimerText), in one fixed order.
template <typename Visit>
void for_each_other_action(const rule_actions& a, Visit&& visit) {
  using shape = action_parameter_value::shape;
  const auto list = [&](std::string_view name, const std::vector<std::string>& items) {
    if (!items.empty()) visit(action_parameter_value{name, shape::list, {}, &items});
  };
  const auto text = [&](std::string_view name, const std::optional<std::string>& value) {
    if (value) visit(action_parameter_value{name, shape::text, *value, nullptr});
  };
  const auto word = [&](std::string_view name, std::string_view value) {
    visit(action_parameter_value{name, shape::text, value, nullptr});
  };
  const auto flag = [&](std::string_view name, bool on) {
    if (on) visit(action_parameter_value{name, shape::flag, {}, nullptr});
  };
  list("AddToRecipients", a.add_to_recipients);
  list("CopyTo", a.copy_to);
  list("BlindCopyTo", a.blind_copy_to);
  if (a.add_manager_as_recipient_type) {
    word("AddManagerAsRecipientType", parameter_value(*a.add_manager_as_recipient_type));
  }
  list("ModerateMessageByUser", a.moderate_message_by_user);
  flag("ModerateMessageByManager", a.moderate_message_by_manager);
  text("RouteMessageOutboundConnector", a.route_message_outbound_connector);
  flag("RouteMessageOutboundRequireTls", a.route_message_outbound_require_tls);
  flag("ApplyOME", a.apply_ome);
  flag("RemoveOME", a.remove_ome);
  flag("RemoveOMEv2", a.remove_ome_v2);
  flag("RemoveRMSAttachmentEncryption", a.remove_rms_attachment_encryption);
  text("ApplyRightsProtectionTemplate", a.apply_rights_protection_template);
  text("ApplyRightsProtectionCustomizationTemplate",
       a.apply_rights_protection_customization_template);
  text("ApplyClassification", a.apply_classification);
  if (a.disclaimer_text) {
    word("ApplyHtmlDisclaimerText", *a.disclaimer_text);
    word("ApplyHtmlDisclaimerLocation", parameter_value(a.disclaimer_at));
    word("ApplyHtmlDisclaimerFallbackAction", parameter_value(a.disclaimer_fallback_action));
  }
  list("GenerateIncidentReport", a.generate_incident_report);
  list("IncidentReportContent", a.incident_report_content);
  text("GenerateNotification", a.generate_notification);
  if (a.notify_sender) word("NotifySender", parameter_value(*a.notify_sender));
  text("LogEventText", a.log_event_text);
  flag("Disconnect", a.disconnect);
  text("SmtpRejectMessageRejectText", a.smtp_reject_text);
  if (a.smtp_reject_status_code) {
    visit(action_parameter_value{"SmtpRejectMessageRejectStatusCode", shape::number,
                                 *a.smtp_reject_status_code, nullptr});
  }
}

}  // namespace mfsim::rules
