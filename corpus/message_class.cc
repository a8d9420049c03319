// Mail or not, by message class (message_class.h).
#include "corpus/message_class.h"

#include <array>

#include "engine/ascii.h"

namespace mfsim::corpus {
namespace {

// `value` is `base` or one of its descendants ("base.SUFFIX").
bool is_class_or_below(std::string_view value, std::string_view base) noexcept {
  if (value.size() < base.size() || !ascii_iequals(value.substr(0, base.size()), base))
    return false;
  return value.size() == base.size() || value[base.size()] == '.';
}

}  // namespace

bool is_mail_class(std::string_view message_class) noexcept {
  // [MS-OXCMSG] 2.2.1.3 and Outlook's item types: these are sent from one mailbox to another.
  static constexpr std::array<std::string_view, 6> kMail = {
      "IPM.Note",    "IPM.Schedule.Meeting", "IPM.TaskRequest",
      "IPM.Sharing", "IPM.Outlook.Recall",   "IPM.Recall.Report",
  };
  if (message_class.empty()) return true;
  if (message_class.size() >= 7 && ascii_iequals(message_class.substr(0, 7), "REPORT."))
    return true;
  for (const std::string_view base : kMail) {
    if (is_class_or_below(message_class, base)) return true;
  }
  return false;
}

}  // namespace mfsim::corpus
