// libzip, loaded when the first ZIP archive is opened instead of at every start of mfsim:
// loading it, and the libcrypto it needs, cost 2.7 ms and 140 page faults per process, a fifth
// of mfsim's start, and most runs never meet a ZIP (decisions.md 332).
#pragma once

#include <zip.h>

#include <string>

namespace mfsim::mail {

// The libzip functions mfsim calls.
struct zip_functions {
  decltype(&::zip_error_init) error_init;
  decltype(&::zip_error_fini) error_fini;
  decltype(&::zip_error_strerror) error_strerror;
  decltype(&::zip_source_buffer_create) source_buffer_create;
  decltype(&::zip_source_free) source_free;
  decltype(&::zip_open_from_source) open_from_source;
  decltype(&::zip_discard) discard;
  decltype(&::zip_get_num_entries) get_num_entries;
  decltype(&::zip_get_name) get_name;
  decltype(&::zip_stat_init) stat_init;
  decltype(&::zip_stat_index) stat_index;
  decltype(&::zip_fopen_index) fopen_index;
  decltype(&::zip_fread) fread;
  decltype(&::zip_fclose) fclose;
  decltype(&::zip_strerror) strerror;
  decltype(&::zip_file_strerror) file_strerror;
};

// libzip's functions, loaded on the first call (thread-safe); null when the library cannot be
// loaded, and then `why` (when given) says why.
[[nodiscard]] const zip_functions* zip_library(std::string* why = nullptr);

}  // namespace mfsim::mail
