// libarchive, loaded when the first 7z, RAR, cabinet or bzip2 attachment is read rather than at
// every start of mfsim (decisions 332, 378): most runs never meet one.
#pragma once

#include <archive.h>
#include <archive_entry.h>

#include <string>

namespace mfsim::mail {

// The libarchive functions mfsim calls.
struct archive_functions {
  decltype(&::archive_read_new) read_new;
  decltype(&::archive_read_free) read_free;
  decltype(&::archive_read_support_format_7zip) support_7zip;
  decltype(&::archive_read_support_format_rar) support_rar;
  decltype(&::archive_read_support_format_rar5) support_rar5;
  decltype(&::archive_read_support_format_cab) support_cab;
  decltype(&::archive_read_support_format_raw) support_raw;
  decltype(&::archive_read_support_filter_bzip2) support_bzip2;
  decltype(&::archive_read_open_memory) open_memory;
  decltype(&::archive_read_next_header) next_header;
  decltype(&::archive_read_data) read_data;
  decltype(&::archive_read_has_encrypted_entries) has_encrypted_entries;
  decltype(&::archive_error_string) error_string;
  decltype(&::archive_entry_pathname) entry_pathname;
  decltype(&::archive_entry_filetype) entry_filetype;
  decltype(&::archive_entry_is_data_encrypted) entry_is_data_encrypted;
  decltype(&::archive_entry_is_metadata_encrypted) entry_is_metadata_encrypted;
};

// libarchive's functions, loaded on the first call (thread-safe); null when the library cannot
// be loaded, and then `why` (when given) says why.
[[nodiscard]] const archive_functions* archive_library(std::string* why = nullptr);

}  // namespace mfsim::mail
