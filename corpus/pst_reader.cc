// PST folders and messages through libpff, as outlook_messages.
#include "corpus/pst_reader.h"

#include <libbfio.h>
#include <libpff.h>

#include <algorithm>
#include <mutex>
#include <vector>

#include "corpus/mapi_properties.h"
#include "corpus/repeated_names.h"
#include "engine/little_endian.h"
#include "engine/mail/charset.h"
#include "engine/mail/libyal_support.h"
#include "engine/mail/memory_bfio.h"

namespace mfsim::corpus {
namespace {

std::string describe(libpff_error_t*& error, const char* what) {
  return mail::describe_libyal_error(error, what, libpff_error_sprint, libpff_error_free);
}

void forget(libpff_error_t*& error) {
  if (error != nullptr) libpff_error_free(&error);
}

using pff_item = mail::libyal_handle<libpff_item_t, libpff_error_t, libpff_item_free>;
using pff_error = mail::libyal_error<libpff_error_t, libpff_error_free>;
using read_budget = item_read_budget;

// One record set of an item (a message, a recipient or an attachment) as MAPI properties.
class record_set_properties final : public mapi_properties {
 public:
  record_set_properties(libpff_record_set_t* set, std::uint32_t codepage, read_budget& budget)
      : set_(set), codepage_(codepage), budget_(budget) {
    for (const std::uint16_t id : {prop::message_codepage, prop::internet_cpid}) {
      const auto cp = integer(id);
      if (cp && *cp > 0 && *cp < 65536) {
        codepage_ = static_cast<std::uint32_t>(*cp);
        break;
      }
    }
  }

  std::optional<std::string> text(std::uint16_t id) override {
    std::uint32_t type = 0;
    auto data = raw(id, type);
    if (!data) return std::nullopt;
    if (type == 0x001F) return mail::utf16le_to_utf8(*data);
    if (type == 0x001E) return mail::codepage_to_utf8(*data, codepage_);
    if (type == 0x0102) return data;
    return std::nullopt;
  }
  std::optional<std::string> binary(std::uint16_t id) override {
    std::uint32_t type = 0;
    auto data = raw(id, type);
    if (!data || type != 0x0102) return std::nullopt;
    return data;
  }
  std::optional<std::int64_t> integer(std::uint16_t id) override {
    std::uint32_t type = 0;
    const auto data = raw(id, type);
    if (!data) return std::nullopt;
    const std::uint64_t value = read_le(*data, 0, std::min<std::size_t>(data->size(), 8));
    switch (type) {
      case 0x0002: return static_cast<std::int16_t>(value & 0xFFFF);
      case 0x0003: return static_cast<std::int32_t>(value & 0xFFFFFFFF);
      case 0x000B: return static_cast<std::int64_t>(value & 1);
      case 0x0014:
      case 0x0040: return static_cast<std::int64_t>(value);
      default: return std::nullopt;
    }
  }
  item_read_budget& budget() override { return budget_; }
  [[nodiscard]] std::uint32_t codepage() const { return codepage_; }

 private:
  std::optional<std::string> raw(std::uint16_t id, std::uint32_t& type) {
    libpff_record_entry_t* entry = nullptr;
    pff_error error;
    if (libpff_record_set_get_entry_by_type(
            set_, id, 0, &entry, LIBPFF_ENTRY_VALUE_FLAG_MATCH_ANY_VALUE_TYPE, &error) != 1) {
      forget(error);
      return std::nullopt;
    }
    std::optional<std::string> out;
    std::size_t size = 0;
    if (libpff_record_entry_get_value_type(entry, &type, &error) == 1 &&
        libpff_record_entry_get_data_size(entry, &size, &error) == 1) {
      if (size > budget_.bytes_left) {
        budget_.note_over_limit();
      } else {
        std::string data(size, '\0');
        if (size == 0 ||
            libpff_record_entry_get_data(entry, reinterpret_cast<std::uint8_t*>(data.data()), size,
                                         &error) == 1) {
          budget_.bytes_left -= size;
          out = std::move(data);
        }
      }
    }
    if (error != nullptr) budget_.note(describe(error, "cannot read a property"));
    libpff_record_entry_free(&entry, nullptr);
    return out;
  }

  libpff_record_set_t* set_;
  std::uint32_t codepage_;
  read_budget& budget_;
};

// The record sets of an item, owned.
class record_sets {
 public:
  explicit record_sets(libpff_item_t* item) {
    int count = 0;
    pff_error error;
    if (libpff_item_get_number_of_record_sets(item, &count, &error) != 1) {
      forget(error);
      return;
    }
    for (int k = 0; k < count; ++k) {
      libpff_record_set_t* set = nullptr;
      if (libpff_item_get_record_set_by_index(item, k, &set, &error) == 1)
        sets_.push_back(set);
      else
        forget(error);
    }
  }
  ~record_sets() {
    for (auto* s : sets_) libpff_record_set_free(&s, nullptr);
  }
  record_sets(const record_sets&) = delete;
  record_sets& operator=(const record_sets&) = delete;
  [[nodiscard]] const std::vector<libpff_record_set_t*>& sets() const { return sets_; }

 private:
  std::vector<libpff_record_set_t*> sets_;
};

class message_reader {
 public:
  message_reader(const outlook_limits& limits, read_budget& budget)
      : limits_(limits), budget_(budget) {}

  void read(libpff_item_t* item, int depth, outlook_message& m) {
    const record_sets sets(item);
    if (sets.sets().empty()) {
      budget_.note("message has no properties");
      return;
    }
    record_set_properties p(sets.sets().front(), 1252, budget_);
    m.found = true;
    read_message_fields(p, m);
    read_recipients(item, p.codepage(), m);
    read_attachments(item, p.codepage(), depth, m);
  }

 private:
  void read_recipients(libpff_item_t* item, std::uint32_t codepage, outlook_message& m) {
    pff_item recipients;
    pff_error error;
    if (libpff_message_get_recipients(item, recipients.out(), &error) != 1) {
      forget(error);
      return;
    }
    const record_sets sets(recipients.get());
    for (libpff_record_set_t* set : sets.sets()) {
      if (m.recipients.size() >= limits_.max_recipients) {
        budget_.note("more recipients than the limit: the rest were not read");
        break;
      }
      record_set_properties rp(set, codepage, budget_);
      read_recipient(rp, m.recipients.emplace_back());
    }
  }

  void read_attachments(libpff_item_t* item, std::uint32_t codepage, int depth,
                        outlook_message& m) {
    int count = 0;
    pff_error error;
    if (libpff_message_get_number_of_attachments(item, &count, &error) != 1) {
      forget(error);
      return;
    }
    for (int k = 0; k < count; ++k) {
      if (m.attachments.size() >= limits_.max_attachments) {
        budget_.note("more attachments than the limit: the rest were not read");
        break;
      }
      pff_item attachment;
      if (libpff_message_get_attachment(item, k, attachment.out(), &error) != 1) {
        budget_.note(describe(error, "cannot read an attachment"));
        continue;
      }
      read_attachment(attachment.get(), codepage, depth, m.attachments.emplace_back());
    }
  }

  void read_attachment(libpff_item_t* attachment, std::uint32_t codepage, int depth,
                       outlook_attachment& a) {
    {
      const record_sets sets(attachment);
      if (!sets.sets().empty()) {
        record_set_properties p(sets.sets().front(), codepage, budget_);
        read_attachment_names(p, a);
      }
    }
    int type = 0;
    pff_error error;
    if (libpff_attachment_get_type(attachment, &type, &error) != 1) {
      forget(error);
      return;
    }
    if (type == LIBPFF_ATTACHMENT_TYPE_ITEM) {
      if (depth + 1 > limits_.max_embedding_depth) {
        budget_.note("messages embedded deeper than the limit were not read");
        return;
      }
      pff_item inner;
      if (libpff_attachment_get_item(attachment, inner.out(), &error) != 1) {
        budget_.note(describe(error, "cannot read an embedded message"));
        return;
      }
      a.embedded = std::make_unique<outlook_message>();
      read(inner.get(), depth + 1, *a.embedded);
      if (a.file_name.empty()) a.file_name = a.embedded->subject;
      return;
    }
    if (type != LIBPFF_ATTACHMENT_TYPE_DATA) return;
    size64_t size = 0;
    if (libpff_attachment_get_data_size(attachment, &size, &error) != 1) {
      forget(error);
      return;
    }
    if (size > budget_.bytes_left) {
      budget_.note_over_limit();
      return;
    }
    a.data.resize(static_cast<std::size_t>(size));
    std::size_t done = 0;
    while (done < a.data.size()) {
      const ssize_t n = libpff_attachment_data_read_buffer(
          attachment, reinterpret_cast<std::uint8_t*>(a.data.data() + done), a.data.size() - done,
          &error);
      if (n <= 0) {
        budget_.note(describe(error, "cannot read attachment data"));
        break;
      }
      done += static_cast<std::size_t>(n);
    }
    a.data.resize(done);
    budget_.bytes_left -= done;
  }

  const outlook_limits& limits_;
  read_budget& budget_;
};

std::string folder_name(libpff_item_t* folder) {
  std::size_t size = 0;
  pff_error error;
  if (libpff_folder_get_utf8_name_size(folder, &size, &error) != 1 || size == 0 || size > 4096) {
    forget(error);
    return {};
  }
  std::string name(size, '\0');
  if (libpff_folder_get_utf8_name(folder, reinterpret_cast<std::uint8_t*>(name.data()), size,
                                  &error) != 1) {
    forget(error);
    return {};
  }
  name.resize(name.find('\0') == std::string::npos ? name.size() : name.find('\0'));
  return name;
}

// A folder name as one segment of a record id: '/', '#', '%' and control bytes percent-encoded.
std::string id_segment(std::string_view name) {
  static constexpr char kHex[] = "0123456789ABCDEF";
  std::string out;
  for (const char c : name) {
    const auto u = static_cast<unsigned char>(c);
    if (c == '/' || c == '#' || c == '%' || u < 0x20 || u == 0x7F) {
      out += '%';
      out += kHex[u >> 4];
      out += kHex[u & 15];
    } else {
      out += c;
    }
  }
  return out;
}

// The node id of the store's IPM subtree, the folder the user sees as the top of the file
// (its name is localised: "Top of Outlook data file", "Début du fichier de données Outlook"):
// the last four bytes of the message store's PR_IPM_SUBTREE_ENTRYID (0x35E0).
std::optional<std::uint32_t> ipm_subtree_id(libpff_file_t* file) {
  pff_item store;
  pff_error error;
  if (libpff_file_get_message_store(file, store.out(), &error) != 1) {
    forget(error);
    return std::nullopt;
  }
  const record_sets sets(store.get());
  if (sets.sets().empty()) return std::nullopt;
  read_budget budget{4096, {}};
  record_set_properties p(sets.sets().front(), 1252, budget);
  const auto entry_id = p.binary(0x35E0);
  if (!entry_id || entry_id->size() < 24) return std::nullopt;
  return read_le32(*entry_id, entry_id->size() - 4);
}

std::uint32_t identifier(libpff_item_t* item) {
  std::uint32_t id = 0;
  pff_error error;
  if (libpff_item_get_identifier(item, &id, &error) != 1) forget(error);
  return id;
}

class folder_walker {
 public:
  folder_walker(const outlook_limits& limits,
                const std::function<void(const std::string&, int, const outlook_message&)>& sink,
                const std::function<bool()>& stopped, const pst_range* range)
      : limits_(limits), sink_(sink), stopped_(stopped), range_(range) {}

  // With counts_only, items are not read: item_counts() lists each folder's number of them.
  void count_only() { counts_only_ = true; }
  // The folder left out of paths (see read_pst).
  void hide_folder(std::optional<std::uint32_t> id) { hidden_id_ = id; }
  [[nodiscard]] const std::vector<int>& item_counts() const { return counts_; }

  void folder(libpff_item_t* item, const std::string& path, int depth) {
    if (depth > 64 || stopped_()) return;
    const std::size_t ordinal = counts_.size();
    counts_.push_back(0);
    if (range_ == nullptr || range_->folder == ordinal) messages(item, path, counts_.back());
    if (range_ != nullptr && ordinal >= range_->folder) return;  // the range's folder is done
    int count = 0;
    pff_error error;
    if (libpff_folder_get_number_of_sub_folders(item, &count, &error) != 1) {
      forget(error);
      return;
    }
    std::vector<std::pair<std::string, int>> order;
    for (int k = 0; k < count; ++k) {
      pff_item sub;
      if (libpff_folder_get_sub_folder(item, k, sub.out(), &error) != 1) {
        forget(error);
        continue;
      }
      order.emplace_back(folder_name(sub.get()), k);
    }
    std::stable_sort(order.begin(), order.end(),
                     [](const auto& a, const auto& b) { return a.first < b.first; });
    for (const auto& [name, index] : order) {
      pff_item sub;
      if (libpff_folder_get_sub_folder(item, index, sub.out(), &error) != 1) {
        forget(error);
        continue;
      }
      const bool hidden = depth == 0 && hidden_id_ && identifier(sub.get()) == *hidden_id_;
      // Two sibling folders may share a name (or both have none that can be read).
      const std::string sub_path =
          hidden ? path
                 : folder_paths_.claim(path.empty() ? id_segment(name)
                                                    : path + "/" + id_segment(name));
      folder(sub.get(), sub_path, depth + 1);
    }
  }

 private:
  void messages(libpff_item_t* folder, const std::string& path, int& count) {
    pff_error error;
    if (libpff_folder_get_number_of_sub_messages(folder, &count, &error) != 1) {
      forget(error);
      count = 0;
      return;
    }
    if (counts_only_) return;
    const int first = range_ != nullptr ? std::max(0, range_->first) : 0;
    const int end = range_ != nullptr ? std::min(count, range_->first + range_->count) : count;
    for (int k = first; k < end && !stopped_(); ++k) {
      outlook_message m;
      read_budget budget{limits_.max_item_bytes, {}};
      pff_item item;
      if (libpff_folder_get_sub_message(folder, k, item.out(), &error) != 1) {
        m.read_error = describe(error, "cannot read this message");
      } else {
        message_reader(limits_, budget).read(item.get(), 0, m);
        m.read_error = budget.error;
      }
      sink_(path, k + 1, m);
    }
  }

  const outlook_limits& limits_;
  const std::function<void(const std::string&, int, const outlook_message&)>& sink_;
  const std::function<bool()>& stopped_;
  const pst_range* range_;
  std::optional<std::uint32_t> hidden_id_;
  repeated_names folder_paths_{kRepeatedFolderMarker};
  bool counts_only_ = false;
  std::vector<int> counts_;
};

// An open PST: a libbfio memory handle over the bytes and a libpff file on it.
class open_pst {
 public:
  explicit open_pst(std::string_view bytes);
  ~open_pst();
  open_pst(const open_pst&) = delete;
  open_pst& operator=(const open_pst&) = delete;
  [[nodiscard]] const std::string& failure() const { return failure_; }
  [[nodiscard]] libpff_file_t* file() const { return file_; }

 private:
  void open(std::string_view bytes);
  libbfio_handle_t* io_ = nullptr;
  libpff_file_t* file_ = nullptr;
  bool is_open_ = false;
  std::string failure_;
};

// libpff fills a shared table on its first use: the first open in the process runs alone
// (call_once makes every other caller wait until it is done).
std::once_flag g_first_open;

open_pst::open_pst(std::string_view bytes) {
  bool opened_first = false;
  std::call_once(g_first_open, [&] {
    open(bytes);
    opened_first = true;
  });
  if (!opened_first) open(bytes);
}

void open_pst::open(std::string_view bytes) {
  pff_error error;
  io_ = mail::memory_bfio_handle(bytes);
  if (io_ == nullptr || libpff_file_initialize(&file_, &error) != 1) {
    failure_ = describe(error, "cannot set up the PST reader");
  } else if (libpff_file_open_file_io_handle(file_, io_, LIBPFF_OPEN_READ, &error) != 1) {
    failure_ = describe(error, "not a readable PST file");
  } else {
    is_open_ = true;
  }
}

open_pst::~open_pst() {
  if (is_open_) libpff_file_close(file_, nullptr);
  if (file_ != nullptr) libpff_file_free(&file_, nullptr);
  if (io_ != nullptr) libbfio_handle_free(&io_, nullptr);
}

void walk_pst(const open_pst& pst, folder_walker& walker, std::string& failure) {
  failure = pst.failure();
  if (!failure.empty()) return;
  pff_item root;
  pff_error error;
  if (libpff_file_get_root_folder(pst.file(), root.out(), &error) != 1) {
    failure = describe(error, "PST has no root folder");
    return;
  }
  walker.hide_folder(ipm_subtree_id(pst.file()));
  walker.folder(root.get(), "", 0);
}

}  // namespace

bool is_pst(std::string_view bytes) noexcept { return bytes.substr(0, 4) == "!BDN"; }

std::vector<int> pst_folder_item_counts(std::string_view bytes) {
  const open_pst pst(bytes);
  const std::function<void(const std::string&, int, const outlook_message&)> ignore =
      [](auto&&...) {};
  const std::function<bool()> never = [] { return false; };
  folder_walker walker({}, ignore, never, nullptr);
  walker.count_only();
  std::string failure;
  walk_pst(pst, walker, failure);
  return walker.item_counts();
}

void read_pst(std::string_view bytes, const outlook_limits& limits,
              const std::function<void(const std::string&, int, const outlook_message&)>& sink,
              const std::function<bool()>& stopped, const pst_range* range) {
  const open_pst pst(bytes);
  folder_walker walker(limits, sink, stopped, range);
  std::string failure;
  walk_pst(pst, walker, failure);
  if (!failure.empty()) {
    outlook_message m;
    m.read_error = failure;
    sink("", 0, m);
  }
}

}  // namespace mfsim::corpus
