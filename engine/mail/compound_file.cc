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

namespace {

// At most `max_bytes` of the stream `item`; nullopt when it cannot be read. `cut`, when given,
// says whether the stream held more.
std::optional<std::string> read_stream(libolecf_item_t* item, std::size_t max_bytes,
                                       bool* cut = nullptr) {
  ole_error error;
  std::uint32_t size = 0;
  if (libolecf_item_get_size(item, &size, &error) != 1) return std::nullopt;
  if (cut != nullptr) *cut = size > max_bytes;
  std::string out(std::min<std::size_t>(size, max_bytes), '\0');
  if (out.empty()) return out;
  const ssize_t n = libolecf_stream_read_buffer_at_offset(
      item, reinterpret_cast<std::uint8_t*>(out.data()), out.size(), 0, &error);
  if (n < 0) return std::nullopt;
  out.resize(static_cast<std::size_t>(n));
  return out;
}

// Calls visit(path, item) for each item under `storage`, storages before what they hold,
// entering storages at most `depth` deep; stops once `budget` items were visited.
template <class Visit>
void walk(libolecf_item_t* storage, const std::string& path, std::size_t depth, std::size_t& budget,
          Visit&& visit) {
  ole_error error;
  int count = 0;
  if (libolecf_item_get_number_of_sub_items(storage, &count, &error) != 1) return;
  for (int k = 0; k < count && budget > 0; ++k, --budget) {
    ole_item child;
    if (libolecf_item_get_sub_item(storage, k, child.out(), &error) != 1) continue;
    const std::string child_path =
        path.empty() ? olecf_item_name(child.get()) : path + "/" + olecf_item_name(child.get());
    std::uint8_t type = 0;
    if (libolecf_item_get_type(child.get(), &type, &error) != 1) continue;
    visit(child_path, child.get(), type);
    if (type == LIBOLECF_ITEM_TYPE_STORAGE && depth > 0)
      walk(child.get(), child_path, depth - 1, budget, visit);
  }
}

}  // namespace

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
    if (ascii_iequals(olecf_item_name(child.get()), name))
      return read_stream(child.get(), max_bytes);
  }
  return std::nullopt;
}

std::vector<compound_file::found_stream> compound_file::streams_named(std::string_view name,
                                                                      std::size_t max_streams,
                                                                      std::size_t max_bytes) const {
  std::vector<found_stream> out;
  if (!impl_->open) return out;
  std::size_t budget = kMaxItemsWalked;
  std::size_t bytes_left = max_bytes;
  walk(impl_->root.get(), "", kMaxStorageDepth, budget,
       [&](const std::string& path, libolecf_item_t* item, std::uint8_t type) {
         if (type != LIBOLECF_ITEM_TYPE_STREAM || out.size() >= max_streams ||
             !ascii_iequals(path.substr(path.find_last_of('/') + 1), name)) {
           return;
         }
         bool cut = false;
         auto bytes = read_stream(item, bytes_left, &cut);
         if (!bytes) return;
         bytes_left -= bytes->size();
         out.push_back({path, std::move(*bytes), cut});
       });
  return out;
}

}  // namespace mfsim::mail
