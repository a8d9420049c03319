// One recipient fork as a line of text (engine/report/fork_text.h).
#include "engine/report/fork_text.h"

#include <fmt/format.h>

namespace mfsim::report {

std::string fork_text(std::span<const std::string> recipients, std::string_view verdict,
                      std::string_view action, std::string_view antispam_policy,
                      std::string_view folder) {
  constexpr std::size_t kNamedRecipients = 3;  // a fork to a whole department stays one line
  std::string text;
  for (std::size_t n = 0; n < recipients.size() && n < kNamedRecipients; ++n) {
    if (n) text += ", ";
    text += recipients[n];
  }
  if (recipients.size() > kNamedRecipients) {
    text += fmt::format(" and {} more", recipients.size() - kNamedRecipients);
  }
  text += fmt::format(": {}, {} ({})", verdict, action,
                      antispam_policy.empty() ? std::string_view("-") : antispam_policy);
  if (!folder.empty() && folder != action) text += fmt::format(", folder {}", folder);
  return text;
}

std::string fork_text(const recipient_fork& f) {
  return fork_text(f.recipients, to_string(f.verdict_value), to_string(f.action),
                   f.antispam != nullptr ? std::string_view(f.antispam->name) : "",
                   to_string(f.folder_value));
}

std::string forks_truncated_text() {
  return fmt::format("only the first {} recipients were evaluated alone", kMaxForkedRecipients);
}

}  // namespace mfsim::report
