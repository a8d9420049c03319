// Loading libzip on first use (zip_library.h). A static build links it instead
// (MFSIM_ZIP_LINKED): a static binary cannot load shared libraries reliably; a static build
// where libzip has no archive (Debian) has none (MFSIM_ZIP_ABSENT).
#include "engine/mail/zip_library.h"

#include "engine/mail/shared_library.h"

namespace mfsim::mail {
namespace {

#if defined(MFSIM_ZIP_LINKED)

const zip_functions* load(std::string&) {
  static const zip_functions linked{&::zip_error_init,     &::zip_error_fini,
                                    &::zip_error_strerror, &::zip_source_buffer_create,
                                    &::zip_source_free,    &::zip_open_from_source,
                                    &::zip_discard,        &::zip_get_num_entries,
                                    &::zip_get_name,       &::zip_stat_init,
                                    &::zip_stat_index,     &::zip_fopen_index,
                                    &::zip_fread,          &::zip_fclose,
                                    &::zip_strerror,       &::zip_file_strerror};
  return &linked;
}

#elif defined(MFSIM_ZIP_ABSENT)

const zip_functions* load(std::string& why) {
  why = "this static build of mfsim has no libzip (no libzip.a was found to link)";
  return nullptr;
}

#else

bool find(void* library, const char* name, auto& function, std::string& why) {
  return find_symbol(library, MFSIM_LIBZIP_SONAME, name, function, why);
}

const zip_functions* load(std::string& why) {
  void* library = load_shared_library(MFSIM_LIBZIP_SONAME, why);
  if (library == nullptr) return nullptr;
  static zip_functions loaded{};
  zip_functions& f = loaded;
  const bool all = find(library, "zip_error_init", f.error_init, why) &&
                   find(library, "zip_error_fini", f.error_fini, why) &&
                   find(library, "zip_error_strerror", f.error_strerror, why) &&
                   find(library, "zip_source_buffer_create", f.source_buffer_create, why) &&
                   find(library, "zip_source_free", f.source_free, why) &&
                   find(library, "zip_open_from_source", f.open_from_source, why) &&
                   find(library, "zip_discard", f.discard, why) &&
                   find(library, "zip_get_num_entries", f.get_num_entries, why) &&
                   find(library, "zip_get_name", f.get_name, why) &&
                   find(library, "zip_stat_init", f.stat_init, why) &&
                   find(library, "zip_stat_index", f.stat_index, why) &&
                   find(library, "zip_fopen_index", f.fopen_index, why) &&
                   find(library, "zip_fread", f.fread, why) &&
                   find(library, "zip_fclose", f.fclose, why) &&
                   find(library, "zip_strerror", f.strerror, why) &&
                   find(library, "zip_file_strerror", f.file_strerror, why);
  return all ? &loaded : nullptr;  // the library stays loaded: its functions are in use
}

#endif

}  // namespace

const zip_functions* zip_library(std::string* why) { return load_once<zip_functions, load>(why); }

}  // namespace mfsim::mail
