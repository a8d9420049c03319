// The text of an Excel 97-2003 workbook (.xls, [MS-XLS] BIFF8), for the attachment content
// conditions (decision 377): its shared strings, as the text of an .xlsx is (decision 250).
#pragma once

#include <cstddef>
#include <string>
#include <string_view>

#include "engine/mail/office_binary_encryption.h"

namespace mfsim::mail {

// Appends the text of the BIFF8 `Workbook` stream `workbook` to `out` as rendered text: each
// string of the shared string table (SST and its CONTINUE records) and of LABEL cells, a
// space between them. Stops once `out` holds `max_bytes` (cut between characters). A workbook
// encrypted with RC4 and Excel's default password is decrypted first. Returns false, `out` as
// it was, for a stream that is no BIFF8 workbook or one encrypted otherwise (FILEPASS).
bool append_workbook_text(std::string_view workbook, std::string& out, std::size_t max_bytes);

// How the BIFF8 `Workbook` stream `workbook` is locked: its FILEPASS record, and whether
// Excel's default password opens it.
[[nodiscard]] office97::protection workbook_protection(std::string_view workbook);

}  // namespace mfsim::mail
