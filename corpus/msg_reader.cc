// .msg files: the [MS-OXMSG] storages and property streams, read through libolecf.
#include "corpus/msg_reader.h"

#include <libbfio.h>
#include <libolecf.h>

#include <cstdint>
#include <cstdio>
#include <map>
#include <string>
#include <vector>

#include "corpus/mapi_properties.h"
#include "engine/ascii.h"
#include "engine/little_endian.h"
#include "engine/mail/charset.h"
#include "engine/mail/compound_file_checks.h"
#include "engine/mail/libyal_support.h"
#include "engine/mail/memory_bfio.h"
#include "engine/mail/olecf_items.h"

namespace mfsim::corpus {
namespace {

constexpr std::uint32_t kDefaultCodepage = 1252;
// Bytes before the property entries of __properties_version1.0 ([MS-OXMSG] 2.4.1).
constexpr std::size_t kTopLevelHeader = 32;
constexpr std::size_t kEmbeddedHeader = 24;
constexpr std::size_t kRecipientOrAttachmentHeader = 8;

std::string describe(libolecf_error_t*& error, const char* what) {
  return mail::describe_libyal_error(error, what, libolecf_error_sprint, libolecf_error_free);
}

using mail::ole_error;
using mail::ole_item;
using read_budget = item_read_budget;

// One storage of the file (message, recipient, attachment or embedded message): its children
// by name, its fixed-size property values, and its variable-size ones read on demand.
class storage_properties final : public mapi_properties {
 public:
  storage_properties(libolecf_item_t* storage, std::size_t header_size, std::uint32_t codepage,
                     read_budget& budget)
      : storage_(storage), codepage_(codepage), budget_(budget) {
    int count = 0;
    ole_error error;
    if (libolecf_item_get_number_of_sub_items(storage_, &count, &error) != 1) {
      budget_.note(describe(error, "cannot list a storage"));
      return;
    }
    for (int k = 0; k < count; ++k) {
      libolecf_item_t* child = nullptr;
      if (libolecf_item_get_sub_item(storage_, k, &child, &error) != 1) {
        budget_.note(describe(error, "cannot read a storage entry"));
        continue;
      }
      ole_item owned(child);
      std::string name = mail::olecf_item_name(child);
      if (name.empty()) continue;
      children_.emplace(ascii_upper_copy(name), std::move(owned));
    }
    read_fixed_values(header_size);
  }

  std::optional<std::string> text(std::uint16_t id) override {
    if (auto wide = stream(value_name(id, 0x001F))) return mail::utf16le_to_utf8(*wide);
    if (auto narrow = stream(value_name(id, 0x001E)))
      return mail::codepage_to_utf8(*narrow, codepage_);
    return std::nullopt;
  }
  std::optional<std::string> binary(std::uint16_t id) override {
    return stream(value_name(id, 0x0102));
  }
  std::optional<std::int64_t> integer(std::uint16_t id) override {
    const auto it = fixed_.find(id);
    if (it == fixed_.end()) return std::nullopt;
    return it->second;
  }
  item_read_budget& budget() override { return budget_; }

  // The child storages whose names start with `prefix`, in name (= stored) order.
  [[nodiscard]] std::vector<libolecf_item_t*> storages(std::string_view prefix) const {
    std::vector<libolecf_item_t*> out;
    for (auto it = children_.lower_bound(std::string(prefix)); it != children_.end(); ++it) {
      if (it->first.compare(0, prefix.size(), prefix) != 0) break;
      out.push_back(it->second.get());
    }
    return out;
  }
  [[nodiscard]] libolecf_item_t* child(const std::string& name) const {
    const auto it = children_.find(name);
    return it == children_.end() ? nullptr : it->second.get();
  }
  [[nodiscard]] bool has_properties() const { return child("__PROPERTIES_VERSION1.0") != nullptr; }
  [[nodiscard]] std::uint32_t codepage() const { return codepage_; }

 private:
  static std::string value_name(std::uint16_t id, std::uint16_t type) {
    char name[32];
    std::snprintf(name, sizeof name, "__SUBSTG1.0_%04X%04X", id, type);
    return name;
  }

  std::optional<std::string> stream(const std::string& name) {
    libolecf_item_t* item = child(name);
    if (item == nullptr) return std::nullopt;
    std::uint32_t size = 0;
    ole_error error;
    if (libolecf_item_get_size(item, &size, &error) != 1) {
      budget_.note(describe(error, "cannot size a property stream"));
      return std::nullopt;
    }
    std::size_t want = size;
    if (want > budget_.bytes_left) {
      budget_.note_over_limit();
      want = budget_.bytes_left;
    }
    std::string out(want, '\0');
    if (want > 0) {
      const ssize_t n = libolecf_stream_read_buffer_at_offset(
          item, reinterpret_cast<std::uint8_t*>(out.data()), want, 0, &error);
      if (n < 0) {
        budget_.note(describe(error, "cannot read a property stream"));
        return std::nullopt;
      }
      out.resize(static_cast<std::size_t>(n));
    }
    budget_.bytes_left -= out.size();
    return out;
  }

  // __properties_version1.0: 16-byte entries (tag, flags, 8-byte value) after the header.
  void read_fixed_values(std::size_t header_size) {
    auto data = stream("__PROPERTIES_VERSION1.0");
    if (!data || data->size() < header_size) return;
    for (std::size_t at = header_size; at + 16 <= data->size(); at += 16) {
      const auto type = static_cast<std::uint16_t>(read_le16(*data, at));
      const auto id = static_cast<std::uint16_t>(read_le16(*data, at + 2));
      const std::uint64_t value = read_le(*data, at + 8, 8);
      switch (type) {
        case 0x0002: fixed_[id] = static_cast<std::int16_t>(value & 0xFFFF); break;      // PT_SHORT
        case 0x0003: fixed_[id] = static_cast<std::int32_t>(value & 0xFFFFFFFF); break;  // PT_LONG
        case 0x000B: fixed_[id] = static_cast<std::int64_t>(value & 1); break;  // PT_BOOLEAN
        case 0x0014:
        case 0x0040: fixed_[id] = static_cast<std::int64_t>(value); break;  // PT_I8, PT_SYSTIME
        default: break;
      }
    }
    for (const std::uint16_t id : {prop::message_codepage, prop::internet_cpid}) {
      const auto it = fixed_.find(id);
      if (it != fixed_.end() && it->second > 0 && it->second < 65536) {
        codepage_ = static_cast<std::uint32_t>(it->second);
        break;
      }
    }
  }

  libolecf_item_t* storage_;
  std::uint32_t codepage_;
  read_budget& budget_;
  std::map<std::string, ole_item> children_;
  std::map<std::uint16_t, std::int64_t> fixed_;
};

class msg_parser {
 public:
  msg_parser(const outlook_limits& limits, read_budget& budget)
      : limits_(limits), budget_(budget) {}

  void read_message(libolecf_item_t* storage, std::size_t header_size, std::uint32_t codepage,
                    int depth, outlook_message& m) {
    storage_properties p(storage, header_size, codepage, budget_);
    if (!p.has_properties()) {
      budget_.note("compound file holds no Outlook message (no __properties_version1.0 stream)");
      return;
    }
    m.found = true;
    read_message_fields(p, m);
    const auto recipients = p.storages("__RECIP_VERSION1.0_#");
    for (libolecf_item_t* r : recipients) {
      if (m.recipients.size() >= limits_.max_recipients) {
        budget_.note("more recipients than the limit: the rest were not read");
        break;
      }
      storage_properties rp(r, kRecipientOrAttachmentHeader, p.codepage(), budget_);
      read_recipient(rp, m.recipients.emplace_back());
    }
    for (libolecf_item_t* a : p.storages("__ATTACH_VERSION1.0_#")) {
      if (m.attachments.size() >= limits_.max_attachments) {
        budget_.note("more attachments than the limit: the rest were not read");
        break;
      }
      read_attachment(a, p.codepage(), depth, m.attachments.emplace_back());
    }
  }

 private:
  void read_attachment(libolecf_item_t* storage, std::uint32_t codepage, int depth,
                       outlook_attachment& a) {
    storage_properties p(storage, kRecipientOrAttachmentHeader, codepage, budget_);
    read_attachment_names(p, a);
    if (libolecf_item_t* inner = p.child("__SUBSTG1.0_3701000D")) {
      if (depth + 1 > limits_.max_embedding_depth) {
        budget_.note("messages embedded deeper than the limit were not read");
        return;
      }
      a.embedded = std::make_unique<outlook_message>();
      read_message(inner, kEmbeddedHeader, codepage, depth + 1, *a.embedded);
      if (a.file_name.empty()) a.file_name = a.embedded->subject;
      return;
    }
    a.data = p.binary(prop::attach_data).value_or(std::string());
  }

  const outlook_limits& limits_;
  read_budget& budget_;
};

}  // namespace

bool is_compound_file(std::string_view bytes) noexcept {
  static constexpr std::string_view kSignature = "\xD0\xCF\x11\xE0\xA1\xB1\x1A\xE1";
  return bytes.substr(0, kSignature.size()) == kSignature;
}

outlook_message read_msg(std::string_view bytes, const outlook_limits& limits) {
  outlook_message m;
  if (is_compound_file(bytes)) {
    m.read_error = mail::refusal_before_opening(bytes);
    if (!m.read_error.empty()) return m;
  }
  read_budget budget{limits.max_item_bytes, {}};
  libbfio_handle_t* io = mail::memory_bfio_handle(bytes);
  libolecf_file_t* file = nullptr;
  ole_error error;
  if (io == nullptr || libolecf_file_initialize(&file, &error) != 1) {
    m.read_error = describe(error, "cannot set up the compound-file reader");
  } else if (libolecf_file_open_file_io_handle(file, io, LIBOLECF_OPEN_READ, &error) != 1) {
    m.read_error = describe(error, "not a readable compound file (.msg)");
  } else {
    libolecf_item_t* root = nullptr;
    if (libolecf_file_get_root_item(file, &root, &error) != 1) {
      m.read_error = describe(error, "compound file has no root storage");
    } else {
      ole_item owned(root);
      msg_parser(limits, budget).read_message(root, kTopLevelHeader, kDefaultCodepage, 0, m);
      m.read_error = budget.error;
    }
    libolecf_file_close(file, nullptr);
  }
  if (file != nullptr) libolecf_file_free(&file, nullptr);
  if (io != nullptr) libbfio_handle_free(&io, nullptr);
  return m;
}

}  // namespace mfsim::corpus
