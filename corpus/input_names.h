// Which files of a walked folder or a ZIP archive are not messages, by their names and where
// they lie: what Maildir servers and desktops leave beside the mail (decision 394).
#pragma once

#include <optional>
#include <string>
#include <string_view>

#include "corpus/skipped_inputs.h"

namespace mfsim::corpus {

// True for the names desktops leave in folders and archives: macOS's .DS_Store and its
// AppleDouble folder __MACOSX, Windows' Thumbs.db and desktop.ini (ASCII case ignored).
// AppleDouble files "._NAME" need their neighbour: see is_apple_double().
[[nodiscard]] bool is_desktop_metadata_name(std::string_view name) noexcept;

// True when `name` is "._X" and X is a file or folder beside it (`has_sibling(X)`): the
// resource fork macOS writes next to a file on a volume without them.
template <class HasSibling>
[[nodiscard]] bool is_apple_double(std::string_view name, HasSibling&& has_sibling) {
  return name.size() > 2 && name.substr(0, 2) == "._" && has_sibling(name.substr(2));
}

// For a ZIP entry's path (folders separated by '/'): why it is not read, if it is not. Entries
// under __MACOSX/, desktop metadata, AppleDouble files, and in a Maildir (a folder P with
// entries under P/cur/ and P/new/: `is_maildir(P)`) the entries under P/tmp/ and the files of
// P itself. `exists(path)` tells whether a file or folder of that path is in the archive.
template <class IsMaildir, class Exists>
[[nodiscard]] std::optional<skip_reason> zip_entry_skip(std::string_view path,
                                                        IsMaildir&& is_maildir, Exists&& exists) {
  const std::size_t slash = path.rfind('/');
  const std::string_view folder = slash == std::string_view::npos ? "" : path.substr(0, slash + 1);
  const std::string_view name = path.substr(folder.size());
  if (path.substr(0, 9) == "__MACOSX/" || path.find("/__MACOSX/") != std::string_view::npos ||
      is_desktop_metadata_name(name) || is_apple_double(name, [&](std::string_view x) {
        return exists(std::string(folder) + std::string(x));
      })) {
    return skip_reason::desktop_metadata;
  }
  if (is_maildir(folder)) return skip_reason::maildir_control;
  // Any folder above that is a Maildir's tmp/.
  for (std::size_t at = path.find("tmp/"); at != std::string_view::npos;
       at = path.find("tmp/", at + 1)) {
    if ((at == 0 || path[at - 1] == '/') && is_maildir(path.substr(0, at)))
      return skip_reason::maildir_tmp;
  }
  return std::nullopt;
}

}  // namespace mfsim::corpus
