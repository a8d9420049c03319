// libolecf's items as mfsim's compound-file readers hold them (corpus/msg_reader.cc for .msg,
// compound_file.cc for Office 97-2003 attachments): owned handles, errors, names.
#pragma once

#include <libolecf.h>

#include <string>

#include "engine/mail/libyal_support.h"

namespace mfsim::mail {

using ole_item = libyal_handle<libolecf_item_t, libolecf_error_t, libolecf_item_free>;
using ole_error = libyal_error<libolecf_error_t, libolecf_error_free>;

// The name of a storage or stream; empty when libolecf cannot give it or it is longer than
// 256 bytes (no name mfsim looks for is).
[[nodiscard]] std::string olecf_item_name(libolecf_item_t* item);

}  // namespace mfsim::mail
