// Names of files that are not messages (input_names.h).
#include "corpus/input_names.h"

#include "engine/ascii.h"

namespace mfsim::corpus {

bool is_desktop_metadata_name(std::string_view name) noexcept {
  return name == ".DS_Store" || name == "__MACOSX" || ascii_iequals(name, "Thumbs.db") ||
         ascii_iequals(name, "desktop.ini");
}

}  // namespace mfsim::corpus
