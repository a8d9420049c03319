// Loading libarchive on first use (archive_library.h). A static build has none
// (MFSIM_LIBARCHIVE_ABSENT): Debian's libarchive.a needs archives of libacl, libzstd and liblz4
// that Debian does not ship.
#include "engine/mail/archive_library.h"

#include "engine/mail/shared_library.h"

namespace mfsim::mail {
namespace {

#if defined(MFSIM_LIBARCHIVE_ABSENT)

const archive_functions* load(std::string& why) {
  why = "this static build of mfsim has no libarchive (it reads no 7z, RAR, cabinet or bzip2)";
  return nullptr;
}

#else

bool find(void* library, const char* name, auto& function, std::string& why) {
  return find_symbol(library, MFSIM_LIBARCHIVE_SONAME, name, function, why);
}

const archive_functions* load(std::string& why) {
  void* library = load_shared_library(MFSIM_LIBARCHIVE_SONAME, why);
  if (library == nullptr) return nullptr;
  static archive_functions loaded{};
  archive_functions& f = loaded;
  const bool all =
      find(library, "archive_read_new", f.read_new, why) &&
      find(library, "archive_read_free", f.read_free, why) &&
      find(library, "archive_read_support_format_7zip", f.support_7zip, why) &&
      find(library, "archive_read_support_format_rar", f.support_rar, why) &&
      find(library, "archive_read_support_format_rar5", f.support_rar5, why) &&
      find(library, "archive_read_support_format_cab", f.support_cab, why) &&
      find(library, "archive_read_support_format_raw", f.support_raw, why) &&
      find(library, "archive_read_support_filter_bzip2", f.support_bzip2, why) &&
      find(library, "archive_read_open_memory", f.open_memory, why) &&
      find(library, "archive_read_next_header", f.next_header, why) &&
      find(library, "archive_read_data", f.read_data, why) &&
      find(library, "archive_read_has_encrypted_entries", f.has_encrypted_entries, why) &&
      find(library, "archive_error_string", f.error_string, why) &&
      find(library, "archive_entry_pathname", f.entry_pathname, why) &&
      find(library, "archive_entry_filetype", f.entry_filetype, why) &&
      find(library, "archive_entry_is_data_encrypted", f.entry_is_data_encrypted, why) &&
      find(library, "archive_entry_is_metadata_encrypted", f.entry_is_metadata_encrypted, why);
  return all ? &loaded : nullptr;
}

#endif

}  // namespace

const archive_functions* archive_library(std::string* why) {
  return load_once<archive_functions, load>(why);
}

}  // namespace mfsim::mail
