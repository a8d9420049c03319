// Inputs that hold many messages in a binary container: PST files (libpff) and ZIP archives
// (libzip; Content Search exports .msg and .eml files as ZIPs), found by their signatures.
#pragma once

#include <atomic>
#include <functional>
#include <string_view>
#include <vector>

#include "corpus/message_source.h"

namespace mfsim::corpus {

// True when `data` is a PST ("!BDN") or a ZIP archive ("PK\3\4", or "PK\5\6" when empty).
[[nodiscard]] bool is_container(std::string_view data) noexcept;

// Reads the container `data` (is_container true), named `id`, and calls `sink` once per
// message: a PST message as "ID#FOLDER/N" (see read_pst), a ZIP entry as "ID#ENTRY" with the
// entries in name order like a directory (an entry that is an mbox, PST or ZIP is read in turn,
// down to options.max_archive_depth). A container that holds no message, cannot be opened, or
// an entry that cannot be read, gives a record with read_error. `read_error` (the input's own,
// e.g. a truncated gzip) is carried on every record. Stops between messages once `stop` is true.
// With `pst_part`, only that run of a PST's items is read (see walk_inputs).
void read_container(std::string_view id, std::string_view data, std::string_view read_error,
                    const read_options& options,
                    const std::function<void(const corpus_message&)>& sink,
                    const std::atomic<bool>* stop, const pst_range* pst_part = nullptr);

// How walk_inputs splits the PST in `data`: runs of at most `items_per_part` items of one
// folder, in read order; empty when it cannot be opened or holds no item.
[[nodiscard]] std::vector<pst_range> plan_pst_parts(std::string_view data, int items_per_part);

}  // namespace mfsim::corpus
