// AttachmentHasExecutableContent: whether an attachment's bytes are an executable of the kinds
// Exchange's mail flow rules inspect, judged from the content, never from the file name.
#pragma once

#include <string_view>

namespace mfsim::mail {

// True for the DOS "MZ" header that every type on Microsoft's list ("Supported executable file
// types for mail flow rule inspection": Windows and 16-bit executables, DLLs, self-extracting
// and uninstall programs, OS/2 and DOS files) starts with, and for the EICAR antivirus test
// file Microsoft lists as a .com program.
[[nodiscard]] bool is_executable_content(std::string_view bytes) noexcept;

}  // namespace mfsim::mail
