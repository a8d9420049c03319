// What the attachment content conditions read (issue 15): each attachment's file type, found
// from its bytes as Exchange does, the text extracted from it, the properties of Office
// documents, and the files inside archives and documents, all within budgets.
//
// AttachmentContainsWords / AttachmentMatchesPatterns read `text_lower`, AttachmentIsUnsupported
// the type, AttachmentPropertyContainsWords the properties, AttachmentProcessingLimitExceeded
// `limit_exceeded` (docs/decisions.md 250-259 say what each follows in Microsoft's pages).
#pragma once

#include <cstddef>
#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

namespace mfsim::mail {

// The budgets of one message's attachment inspection. Exchange documents the first: only the
// first 1 MB of text extracted from an attachment is inspected. The others bound what
// archives and documents nested in each other can cost; reaching one means the inspection did
// not complete (AttachmentProcessingLimitExceeded).
struct content_limits {
  std::size_t max_text_bytes = 1u << 20;       // text kept per file (Exchange's 1 MB)
  std::size_t max_depth = 4;                   // archives and embedded files inside each other
  std::size_t max_files = 256;                 // files inspected per message, nested ones too
  std::size_t max_file_bytes = 16u << 20;      // one file once unpacked
  std::size_t max_unpacked_bytes = 32u << 20;  // everything unpacked from one message
  std::uint64_t max_ratio = 100;               // unpacked:packed of an entry over 1 MiB
  // False: archives are opened only for their files' names and whether each is a program or
  // locked (the file name, executable and password conditions); no file's text, properties or
  // embedded files are read.
  bool read_contents = true;
};

// File types by their content. `unsupported` is a type Exchange cannot inspect.
enum class content_type : std::uint8_t {
  text,            // plain text (.txt, .csv, scripts, source files)
  html,            // HTML, read as it renders
  xml,             // any other XML document
  rtf,             // Rich Text Format
  word,            // Office Open XML: .docx, .docm
  spreadsheet,     // .xlsx, .xlsm, .xlsb
  presentation,    // .pptx, .pptm
  office_package,  // another Office Open XML package (.vsdx, ...): supported, no text read
  open_document,   // .odt, .ods, .odp
  office_binary,   // OLE compound file: .doc, .xls, .ppt (text read), .vsd (supported; text
                   // not read)
  pdf,             // PDF: its pages' text read
  image,           // JPEG, TIFF: supported, only metadata (which is not read)
  executable,      // the DOS MZ header: a type AttachmentHasExecutableContent knows
  archive,         // ZIP, gzip, tar, 7z, RAR, cabinet, bzip2: their files read
  unsupported,
};

// "text", "word", ... as explain shows them.
[[nodiscard]] const char* to_string(content_type type) noexcept;

// A document property: its name as Office shows it ("Title", "Author", or a custom
// property's own name, "Confidentiality"), and its value lower-cased for word matching.
struct document_property {
  std::string name;
  std::string value_lower;
};

struct inspected_file {
  std::string path;  // the attachment's name; files inside it: "a.zip/docs/b.docx"
  content_type type = content_type::unsupported;
  bool contents_read = true;  // false for files whose text mfsim cannot extract (.vsd, ...)
  std::string text_lower;     // the extracted text, case-folded, at most max_text_bytes
  std::vector<document_property> properties;
};

struct attachment_contents {
  std::vector<inspected_file> files;  // attachments in part order, each followed by its insides
  // The name of every file an archive lists (its path inside the archive), nested archives'
  // too, whether or not it could be unpacked: what the file name conditions read.
  std::vector<std::string> archived_names;
  // The paths of the files unpacked from archives whose content is executable
  // (is_executable_content): what AttachmentHasExecutableContent reads besides the attachments.
  std::vector<std::string> archived_executables;
  // ... and those locked by a password (is_password_protected): what
  // AttachmentIsPasswordProtected reads besides the attachments.
  std::vector<std::string> archived_locked;
  bool limit_exceeded = false;     // a budget was reached: the inspection did not complete
  std::string limit_reason;        // the first budget reached, for explain
  std::size_t unpacked_bytes = 0;  // counted against max_unpacked_bytes

  void clear() noexcept {
    files.clear();
    archived_names.clear();
    archived_executables.clear();
    archived_locked.clear();
    limit_exceeded = false;
    limit_reason.clear();
    unpacked_bytes = 0;
  }
  void exceed(std::string reason) {
    if (!limit_exceeded) limit_reason = std::move(reason);
    limit_exceeded = true;
  }
};

// Inspects one attachment (its decoded bytes) and the files inside it into `out`. Never
// throws: bytes it cannot read are data (the type says what was found).
void inspect_attachment(std::string_view name, std::string_view bytes, const content_limits& limits,
                        attachment_contents& out) noexcept;

}  // namespace mfsim::mail
