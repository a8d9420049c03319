// Reading a transport rule's recipient, moderation, routing, protection, disclaimer, report,
// notification and Edge Transport actions, checked as New-TransportRule documents them.
#include "engine/rules/build_rule_actions.h"

#include <fmt/format.h>

#include <algorithm>
#include <optional>

#include "engine/rules/param_readers.h"

namespace mfsim::rules::detail {
namespace {

constexpr enum_name<added_manager_action> added_manager_actions[] = {
    {"To", added_manager_action::to},
    {"Cc", added_manager_action::cc},
    {"Bcc", added_manager_action::bcc},
    {"Redirect", added_manager_action::redirect}};
constexpr enum_name<disclaimer_location> disclaimer_locations[] = {
    {"Append", disclaimer_location::append}, {"Prepend", disclaimer_location::prepend}};
constexpr enum_name<disclaimer_fallback> disclaimer_fallbacks[] = {
    {"Wrap", disclaimer_fallback::wrap},
    {"Ignore", disclaimer_fallback::ignore},
    {"Reject", disclaimer_fallback::reject}};
constexpr enum_name<notify_sender_type> notify_sender_types[] = {
    {"NotifyOnly", notify_sender_type::notify_only},
    {"RejectMessage", notify_sender_type::reject_message},
    {"RejectUnlessFalsePositiveOverride",
     notify_sender_type::reject_unless_false_positive_override},
    {"RejectUnlessSilentOverride", notify_sender_type::reject_unless_silent_override},
    {"RejectUnlessExplicitOverride", notify_sender_type::reject_unless_explicit_override}};
// IncidentReportContent's values (Mail flow rule actions in Exchange Online, property values).
constexpr std::string_view incident_report_fields[] = {"Sender",        "Recipients",
                                                       "Subject",       "Cc",
                                                       "Bcc",           "Severity",
                                                       "Override",      "RuleDetections",
                                                       "FalsePositive", "DataClassifications",
                                                       "IdMatch",       "AttachOriginalMail"};

// IncidentReportOriginalMail (deprecated): whether the original message is attached.
constexpr enum_name<bool> original_mail_choices[] = {{"IncludeOriginalMail", true},
                                                     {"DoNotIncludeOriginalMail", false}};

// The longest ApplyHtmlDisclaimerText and GenerateNotification texts New-TransportRule takes.
constexpr std::size_t kMaxDisclaimerChars = 5000;
constexpr std::size_t kMaxNotificationChars = 5120;

class action_reader {
 public:
  action_reader(std::span<const parameter> params, const std::string& ctx, param_style style,
                std::vector<diagnostic>& out)
      : params_(params), ctx_(ctx), style_(style), out_(out) {}

  [[nodiscard]] const parameter* find(std::string_view name) const {
    return find_param(params_, name);
  }

  // A list of email addresses; bad ones are reported and left out.
  std::vector<std::string> addresses(std::string_view name, std::size_t most = 0) {
    std::vector<std::string> kept;
    const parameter* p = find(name);
    if (p == nullptr) return kept;
    auto items = read_list(*p, ctx_, style_, "an email address", out_);
    if (!items) return kept;
    for (auto& item : *items) {
      const std::string_view text = ascii_trim_blanks(item.text);
      if (!is_address(text)) {
        error(out_, diag_code::bad_value, item.where,
              fmt::format("{} {}: expected an email address such as audit@contoso.com, found "
                          "'{}'",
                          param_label(name, style_), ctx_, item.text));
        continue;
      }
      kept.emplace_back(text);
    }
    if (most != 0 && kept.size() > most) {
      error(out_, diag_code::bad_value, p->value.where,
            fmt::format("{} {}: takes {} address, found {}", param_label(name, style_), ctx_, most,
                        kept.size()));
      kept.resize(most);
    }
    return kept;
  }

  bool flag(std::string_view name) {
    const parameter* p = find(name);
    return p != nullptr && read_bool(*p, ctx_, style_, out_).value_or(false);
  }

  // A text of at most `most` characters (UTF-8 code points counted as bytes are a bound).
  std::optional<std::string> text(std::string_view name, std::size_t most = 0) {
    const parameter* p = find(name);
    if (p == nullptr) return std::nullopt;
    auto value = read_text(*p, ctx_, style_, false, out_);
    if (value && most != 0 && code_points(*value) > most) {
      error(out_, diag_code::bad_value, p->value.where,
            fmt::format("{} {}: at most {} characters, found {}", param_label(name, style_), ctx_,
                        most, code_points(*value)));
      return std::nullopt;
    }
    return value;
  }

  template <class E, std::size_t N>
  std::optional<E> choice(std::string_view name, const enum_name<E> (&names)[N]) {
    const parameter* p = find(name);
    if (p == nullptr) return std::nullopt;
    return read_enum(*p, ctx_, style_, names, out_);
  }

  // A companion parameter given without the action it belongs to.
  void needs(std::string_view companion, std::string_view action) {
    const parameter* p = find(companion);
    if (p == nullptr || find(action) != nullptr) return;
    error(out_, diag_code::missing_key, p->where,
          fmt::format("{} {} needs {} too", param_label(companion, style_), ctx_,
                      param_label(action, style_)));
  }

  std::vector<std::string> incident_report_content() {
    std::vector<std::string> kept;
    const parameter* p = find("IncidentReportContent");
    if (p == nullptr) return kept;
    auto items = read_list(*p, ctx_, style_, "a message property", out_);
    if (!items) return kept;
    for (const auto& item : *items) {
      const std::string_view text = ascii_trim_blanks(item.text);
      const auto known =
          std::find_if(std::begin(incident_report_fields), std::end(incident_report_fields),
                       [&](std::string_view f) { return ascii_iequals(f, text); });
      if (known == std::end(incident_report_fields)) {
        error(out_, diag_code::bad_value, item.where,
              fmt::format("{} {}: expected one of {}, found '{}'{}",
                          param_label("IncidentReportContent", style_), ctx_,
                          join(incident_report_fields), item.text,
                          did_you_mean(text, incident_report_fields)));
        continue;
      }
      kept.emplace_back(*known);
    }
    return kept;
  }

  std::optional<std::string> smtp_status_code() {
    const parameter* p = find("SmtpRejectMessageRejectStatusCode");
    if (p == nullptr) return std::nullopt;
    // New-TransportRule documents 400 through 500 and a default of 550: take any 4xx or 5xx.
    if (auto code = read_int(*p, ctx_, style_, 400, 599, out_)) return std::to_string(*code);
    return std::nullopt;
  }

 private:
  static std::size_t code_points(std::string_view s) noexcept {
    return static_cast<std::size_t>(std::count_if(s.begin(), s.end(), [](char c) {
      return (static_cast<unsigned char>(c) & 0xC0u) != 0x80u;
    }));
  }

  std::span<const parameter> params_;
  const std::string& ctx_;
  param_style style_;
  std::vector<diagnostic>& out_;
};

}  // namespace

void read_other_actions(std::span<const parameter> params, const std::string& ctx,
                        param_style style, rule_actions& a, std::vector<diagnostic>& out) {
  action_reader r(params, ctx, style, out);
  a.add_to_recipients = r.addresses("AddToRecipients");
  a.copy_to = r.addresses("CopyTo");
  a.blind_copy_to = r.addresses("BlindCopyTo");
  a.add_manager_as_recipient_type = r.choice("AddManagerAsRecipientType", added_manager_actions);
  a.moderate_message_by_user = r.addresses("ModerateMessageByUser");
  a.moderate_message_by_manager = r.flag("ModerateMessageByManager");
  a.route_message_outbound_connector = r.text("RouteMessageOutboundConnector");
  a.route_message_outbound_require_tls = r.flag("RouteMessageOutboundRequireTls");
  a.apply_ome = r.flag("ApplyOME");
  a.remove_ome = r.flag("RemoveOME");
  a.remove_ome_v2 = r.flag("RemoveOMEv2");
  a.remove_rms_attachment_encryption = r.flag("RemoveRMSAttachmentEncryption");
  a.apply_rights_protection_template = r.text("ApplyRightsProtectionTemplate");
  a.apply_rights_protection_customization_template =
      r.text("ApplyRightsProtectionCustomizationTemplate");
  a.apply_classification = r.text("ApplyClassification");
  a.disclaimer_text = r.text("ApplyHtmlDisclaimerText", kMaxDisclaimerChars);
  if (auto at = r.choice("ApplyHtmlDisclaimerLocation", disclaimer_locations))
    a.disclaimer_at = *at;
  if (auto fallback = r.choice("ApplyHtmlDisclaimerFallbackAction", disclaimer_fallbacks)) {
    a.disclaimer_fallback_action = *fallback;
  }
  r.needs("ApplyHtmlDisclaimerLocation", "ApplyHtmlDisclaimerText");
  r.needs("ApplyHtmlDisclaimerFallbackAction", "ApplyHtmlDisclaimerText");
  a.generate_incident_report = r.addresses("GenerateIncidentReport", 1);
  a.incident_report_content = r.incident_report_content();
  r.needs("IncidentReportContent", "GenerateIncidentReport");
  // IncidentReportOriginalMail IncludeOriginalMail is IncidentReportContent AttachOriginalMail.
  if (r.choice("IncidentReportOriginalMail", original_mail_choices).value_or(false) &&
      std::find(a.incident_report_content.begin(), a.incident_report_content.end(),
                "AttachOriginalMail") == a.incident_report_content.end()) {
    a.incident_report_content.emplace_back("AttachOriginalMail");
  }
  r.needs("IncidentReportOriginalMail", "GenerateIncidentReport");
  a.generate_notification = r.text("GenerateNotification", kMaxNotificationChars);
  a.notify_sender = r.choice("NotifySender", notify_sender_types);
  a.log_event_text = r.text("LogEventText");
  a.disconnect = r.flag("Disconnect");
  a.smtp_reject_text = r.text("SmtpRejectMessageRejectText");
  a.smtp_reject_status_code = r.smtp_status_code();
}

}  // namespace mfsim::rules::detail
