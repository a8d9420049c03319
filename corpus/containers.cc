// PST and ZIP containers: their messages, one record each, in a stable order.
#include "corpus/containers.h"

#include <zip.h>

#include <algorithm>
#include <cstdint>
#include <string>
#include <vector>

#include "corpus/file_reader.h"
#include "corpus/input_names.h"
#include "corpus/mbox_reader.h"
#include "corpus/message_class.h"
#include "corpus/message_id.h"
#include "corpus/message_unpacker.h"
#include "corpus/pst_reader.h"
#include "corpus/repeated_names.h"
#include "corpus/unread_formats.h"
#include "engine/mail/zip_format.h"
#include "engine/mail/zip_library.h"

namespace mfsim::corpus {
namespace {

constexpr const char* kArchiveInflationError =
    "the ZIP archive's entries inflate to more than 100 times its size (1 GiB at least) in "
    "all: overlapping entries or a bomb; this entry and those after it were not read";

bool stopped(const std::atomic<bool>* stop) {
  return stop != nullptr && stop->load(std::memory_order_relaxed);
}

class container_reader {
 public:
  container_reader(const read_options& options,
                   const std::function<void(const corpus_message&)>& sink,
                   const std::atomic<bool>* stop)
      : options_(options), sink_(sink), stop_(stop) {}

  void read(std::string_view id, std::string_view data, std::string_view error, int depth,
            const pst_range* part = nullptr) {
    if (is_pst(data))
      pst(id, data, error, part);
    else if (mail::looks_like_zip(data) && depth < options_.max_archive_depth)
      zip(id, data, error, depth);
    else if (mail::looks_like_zip(data))
      sink_({id, {}, join_errors(error, "ZIP archive nested deeper than the limit: not read"), 0});
    else if (!unread_format_error(data).empty())
      sink_({id, {}, join_errors(error, unread_format_error(data)), 0});
    else if (looks_like_mbox(data))
      mbox(id, data, error);
    else
      unpack_message({id, data, error, 0}, options_, sink_);
  }

 private:
  void pst(std::string_view id, std::string_view data, std::string_view error,
           const pst_range* part) {
    std::size_t records = 0;
    read_pst(
        data, options_.outlook,
        [&](const std::string& folder, int number, const outlook_message& item) {
          if (number == 0) {  // the file could not be opened
            ++records;
            unpack_outlook_item(id, item, error, options_, sink_);
            return;
          }
          // Contacts, appointments, tasks... are not mail: counted, no record (decision 396).
          if (item.found && item.read_error.empty() && !is_mail_class(item.message_class)) {
            options_.skip(skip_reason::pst_not_mail);
            return;
          }
          ++records;
          std::string item_id(id);
          item_id += '#';
          if (!folder.empty()) item_id += path_id(folder) + "/";  // escaped as file names are
          item_id += std::to_string(number);
          unpack_outlook_item(item_id, item, error, options_, sink_);
        },
        [&] { return stopped(stop_); }, part);
    if (records == 0 && part == nullptr && !stopped(stop_))
      sink_({id, {}, join_errors(error, "PST holds no mail messages"), 0});
  }

  // Each message checked against --max-message-bytes, as in an mbox file.
  void mbox(std::string_view id, std::string_view data, std::string_view error) {
    mbox_reader reader(data, max_message_bytes());
    std::string entry;
    int n = 0;
    while (!stopped(stop_) && reader.next(entry)) {
      const std::string entry_id = std::string(id) + "#" + std::to_string(++n);
      if (reader.entry_too_large())
        sink_({entry_id, {}, join_errors(error, too_large_error("holds")), 0});
      else
        unpack_message({entry_id, entry, error, 0}, options_, sink_);
    }
  }

  void zip(std::string_view id, std::string_view data, std::string_view error, int depth) {
    std::string missing;
    const mail::zip_functions* library = mail::zip_library(&missing);
    if (library == nullptr) {
      sink_({id, {}, join_errors(error, "cannot read ZIP archives: " + missing), 0});
      return;
    }
    const mail::zip_functions& lib = *library;
    zip_error_t ze;
    lib.error_init(&ze);
    zip_source_t* source = lib.source_buffer_create(data.data(), data.size(), 0, &ze);
    zip_t* archive = source != nullptr ? lib.open_from_source(source, ZIP_RDONLY, &ze) : nullptr;
    if (archive == nullptr) {
      sink_({id,
             {},
             join_errors(error,
                         std::string("not a readable ZIP archive: ") + lib.error_strerror(&ze)),
             0});
      if (source != nullptr) lib.source_free(source);
      lib.error_fini(&ze);
      return;
    }
    lib.error_fini(&ze);
    // Entries in name order, like a directory walk; directories themselves hold nothing.
    std::vector<std::pair<std::string, zip_uint64_t>> entries;
    std::vector<std::string> names;  // every entry's, folders' too: where Maildirs are
    const zip_int64_t count = lib.get_num_entries(archive, 0);
    for (zip_int64_t k = 0; k < count; ++k) {
      const char* name = lib.get_name(archive, static_cast<zip_uint64_t>(k), 0);
      if (name == nullptr) continue;
      std::string entry_name = name;
      names.push_back(entry_name);
      if (!entry_name.empty() && entry_name.back() == '/') continue;
      entries.emplace_back(std::move(entry_name), static_cast<zip_uint64_t>(k));
    }
    std::sort(entries.begin(), entries.end());
    std::sort(names.begin(), names.end());
    skip_not_messages(entries, names);
    if (entries.empty()) sink_({id, {}, join_errors(error, "ZIP archive holds no files"), 0});
    std::string bytes;
    // What all entries together may inflate to: entries whose data overlap (one deflate stream
    // that many central-directory records point at) made a 76 KB file cost 200 x 64 MiB of
    // inflating (decision 390). Mail compresses a few times over; a bomb a thousand times.
    std::uint64_t inflate_left = std::max<std::uint64_t>(
        options_.min_archive_inflation, options_.max_archive_inflation_ratio * data.size());
    repeated_names entry_ids(kRepeatedEntryMarker);  // ZIP lets two entries share a name
    for (const auto& [name, index] : entries) {
      if (stopped(stop_)) break;
      const std::string entry_id = entry_ids.claim(std::string(id) + "#" + path_id(name));
      const std::string entry_error = read_entry(lib, archive, index, bytes, inflate_left);
      if (!entry_error.empty() && bytes.empty()) {  // unreadable, or one message too large
        sink_({entry_id, {}, join_errors(error, entry_error), 0});
        continue;
      }
      read(entry_id, bytes, join_errors(error, entry_error), depth + 1);
    }
    lib.discard(archive);
  }

  // Drops the entries that are not messages, as the walk passes over such files (decision 395),
  // and counts them. `names`: every entry's name, sorted.
  void skip_not_messages(std::vector<std::pair<std::string, zip_uint64_t>>& entries,
                         const std::vector<std::string>& names) const {
    const auto has_prefix = [&](const std::string& prefix) {
      const auto it = std::lower_bound(names.begin(), names.end(), prefix);
      return it != names.end() && it->compare(0, prefix.size(), prefix) == 0;
    };
    const auto is_maildir = [&](std::string_view folder) {
      const std::string p(folder);
      return has_prefix(p + "cur/") && has_prefix(p + "new/");
    };
    const auto exists = [&](const std::string& path) {
      return std::binary_search(names.begin(), names.end(), path) || has_prefix(path + "/");
    };
    std::erase_if(entries, [&](const auto& entry) {
      const auto reason = zip_entry_skip(entry.first, is_maildir, exists);
      if (reason) options_.skip(*reason);
      return reason.has_value();
    });
  }

  // One entry's bytes, at most max_archive_entry_bytes of them; an error text, empty when read.
  // An entry that holds messages (an mbox, a ZIP, a PST) may be that large, and its messages
  // are checked one by one; any other entry is one message, and reading stops once it passes
  // --max-message-bytes (the error a file that large gets, nothing read), so that it costs no
  // more memory than a file.
  std::string read_entry(const mail::zip_functions& lib, zip_t* archive, zip_uint64_t index,
                         std::string& out, std::uint64_t& inflate_left) const {
    out.clear();
    if (inflate_left == 0) return kArchiveInflationError;
    zip_file_t* file = lib.fopen_index(archive, index, 0);
    if (file == nullptr) return std::string("cannot open this ZIP entry: ") + lib.strerror(archive);
    std::string error;
    char chunk[1 << 16];
    for (;;) {
      const zip_int64_t n = lib.fread(file, chunk, sizeof chunk);
      if (n < 0) {
        error = std::string("cannot read this ZIP entry: ") + lib.file_strerror(file);
        break;
      }
      if (n == 0) break;
      if (static_cast<std::uint64_t>(n) > inflate_left) {
        inflate_left = 0;
        out.clear();
        error = kArchiveInflationError;
        break;
      }
      inflate_left -= static_cast<std::uint64_t>(n);
      if (out.size() + static_cast<std::size_t>(n) > options_.max_archive_entry_bytes) {
        error = "ZIP entry larger than the size limit: the rest was not read";
        break;
      }
      out.append(chunk, static_cast<std::size_t>(n));
      if (out.size() > max_message_bytes() && !is_container(out) && !looks_like_mbox(out)) {
        out.clear();
        error = too_large_error("holds");
        break;
      }
    }
    lib.fclose(file);
    return error;
  }

  const read_options& options_;
  const std::function<void(const corpus_message&)>& sink_;
  const std::atomic<bool>* stop_;
};

}  // namespace

bool is_container(std::string_view data) noexcept {
  return is_pst(data) || mail::looks_like_zip(data);
}

void read_container(std::string_view id, std::string_view data, std::string_view read_error,
                    const read_options& options,
                    const std::function<void(const corpus_message&)>& sink,
                    const std::atomic<bool>* stop, const pst_range* pst_part) {
  container_reader(options, sink, stop).read(id, data, read_error, 0, pst_part);
}

std::vector<pst_range> plan_pst_parts(std::string_view data, int items_per_part) {
  std::vector<pst_range> parts;
  const std::vector<int> counts = pst_folder_item_counts(data);
  const int step = std::max(1, items_per_part);
  for (std::size_t folder = 0; folder < counts.size(); ++folder) {
    for (int first = 0; first < counts[folder]; first += step) {
      parts.push_back({folder, first, std::min(step, counts[folder] - first)});
    }
  }
  return parts;
}

}  // namespace mfsim::corpus
