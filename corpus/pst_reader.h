// Reading the messages of a PST (Outlook data file, [MS-PST]) with libpff: a container like an
// mbox, one record per message.
#pragma once

#include <functional>
#include <string>
#include <string_view>
#include <vector>

#include "corpus/outlook_message.h"

namespace mfsim::corpus {

// True when `bytes` start with the PST signature "!BDN".
[[nodiscard]] bool is_pst(std::string_view bytes) noexcept;

// A run of items of one folder: the `folder`-th folder in read order (from 0), items
// [first, first + count) in stored order. A large PST is read as several of these, on several
// workers; their records, in order, are the records of the whole PST.
struct pst_range {
  std::size_t folder = 0;
  int first = 0;
  int count = 0;
};

// The item count of every folder of the PST in `bytes`, in read order (see read_pst); empty
// when it cannot be opened.
[[nodiscard]] std::vector<int> pst_folder_item_counts(std::string_view bytes);

// Calls `sink` for every message in every folder of the PST held in `bytes`, in a stable order:
// folders by path (sub-folders sorted by name, a folder's own messages before its sub-folders),
// then messages in the order the file stores them. `folder_path` is "Inbox/Sub" (names
// percent-encoded where they hold '/', '#', '%' or control characters; the store's unnamed
// root and its IPM subtree, "Top of Outlook data file" in English, are left out), `number`
// counts from 1 within the
// folder. Embedded messages stay inside their message (as attachments). A PST that cannot be
// opened gives one call with number 0, `item.found` false and item.read_error set. Stops
// between messages once `stopped()` is true. With `range`, only the items it names are read.
//
// libpff keeps no locks: each call uses its own handle, and the first call in the process runs
// alone (it fills libpff's shared CRC table) before any other may start.
void read_pst(std::string_view bytes, const outlook_limits& limits,
              const std::function<void(const std::string& folder_path, int number,
                                       const outlook_message& item)>& sink,
              const std::function<bool()>& stopped, const pst_range* range = nullptr);

}  // namespace mfsim::corpus
