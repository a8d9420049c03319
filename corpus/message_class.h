// Which Outlook items are mail, by their message class (PR_MESSAGE_CLASS, [MS-OXCMSG] 2.2.1.3).
#pragma once

#include <string_view>

namespace mfsim::corpus {

// True for the classes of items that travel as mail (decision 396): IPM.Note and its
// descendants (IPM.Note.SMIME, ...), reports (REPORT.IPM.Note.NDR, read receipts), meeting
// requests and responses (IPM.Schedule.Meeting.*), task requests, sharing invitations and
// recall messages; an item without a class, since it could not be told, too. False for
// contacts, distribution lists, appointments, tasks, notes, journal entries, posts and the
// store's own items (free/busy, configuration). ASCII case ignored, as Outlook compares them.
[[nodiscard]] bool is_mail_class(std::string_view message_class) noexcept;

}  // namespace mfsim::corpus
