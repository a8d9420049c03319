// olecf_item_name (olecf_items.h).
#include "engine/mail/olecf_items.h"

#include <cstdint>
#include <cstring>

namespace mfsim::mail {

std::string olecf_item_name(libolecf_item_t* item) {
  ole_error error;
  std::size_t size = 0;
  if (libolecf_item_get_utf8_name_size(item, &size, &error) != 1 || size == 0 || size > 256)
    return {};
  std::string name(size, '\0');
  if (libolecf_item_get_utf8_name(item, reinterpret_cast<std::uint8_t*>(name.data()), size,
                                  &error) != 1) {
    return {};
  }
  name.resize(std::strlen(name.c_str()));
  return name;
}

}  // namespace mfsim::mail
