// compound_file: libolecf over memory, for the streams of an attached Office 97-2003 file.
#include "engine/mail/compound_file.h"

#include "engine/ascii.h"
#include "engine/mail/compound_file_checks.h"
#include "engine/mail/memory_bfio.h"
#include "engine/mail/olecf_items.h"

namespace mfsim::mail {

struct compound_file::impl {
  libbfio_handle_t* io = nullptr;
  libolecf_file_t* file = nullptr;
  ole_item root;
  bool open = false;
};

compound_file::compound_file(std::string_view bytes)
    : impl_(std::make_unique<impl>()), size_(bytes.size()) {
  if (!refusal_before_opening(bytes).empty()) return;
  impl_->io = memory_bfio_handle(bytes);
  ole_error error;
  if (impl_->io == nullptr || libolecf_file_initialize(&impl_->file, &error) != 1) return;
  if (libolecf_file_open_file_io_handle(impl_->file, impl_->io, LIBOLECF_OPEN_READ, &error) != 1)
    return;
  impl_->open = libolecf_file_get_root_item(impl_->file, impl_->root.out(), &error) == 1;
}

compound_file::~compound_file() {
  impl_->root = ole_item();  // before the file it belongs to
  if (impl_->file != nullptr) {
    libolecf_file_close(impl_->file, nullptr);
    libolecf_file_free(&impl_->file, nullptr);
  }
  if (impl_->io != nullptr) libbfio_handle_free(&impl_->io, nullptr);
}

bool compound_file::opened() const noexcept { return impl_->open; }

std::optional<std::string> compound_file::root_stream(std::string_view name,
                                                      std::size_t max_bytes) const {
  if (!impl_->open) return std::nullopt;
  ole_error error;
  int count = 0;
  if (libolecf_item_get_number_of_sub_items(impl_->root.get(), &count, &error) != 1)
    return std::nullopt;
  for (int k = 0; k < count; ++k) {
    ole_item child;
    if (libolecf_item_get_sub_item(impl_->root.get(), k, child.out(), &error) != 1) continue;
    if (!ascii_iequals(olecf_item_name(child.get()), name)) continue;
    std::uint32_t size = 0;
    if (libolecf_item_get_size(child.get(), &size, &error) != 1) return std::nullopt;
    std::string out(std::min<std::size_t>(size, max_bytes), '\0');
    if (out.empty()) return out;
    const ssize_t n = libolecf_stream_read_buffer_at_offset(
        child.get(), reinterpret_cast<std::uint8_t*>(out.data()), out.size(), 0, &error);
    if (n < 0) return std::nullopt;
    out.resize(static_cast<std::size_t>(n));
    return out;
  }
  return std::nullopt;
}

}  // namespace mfsim::mail
