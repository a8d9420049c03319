// inspect_attachment(): the file type from the bytes, the text, the properties and the files
// inside, within the budgets of content_limits.
#include "engine/mail/attachment_content.h"

#include <fmt/format.h>

#include <algorithm>

#include "engine/ascii.h"
#include "engine/case_fold.h"
#include "engine/mail/attachment_key_derivations.h"
#include "engine/mail/executable_content.h"
#include "engine/mail/html_text.h"
#include "engine/mail/inflate_bounded.h"
#include "engine/mail/markup_text.h"
#include "engine/mail/office_binary_protection.h"
#include "engine/mail/office_binary_text.h"
#include "engine/mail/office_documents.h"
#include "engine/mail/packed_archive.h"
#include "engine/mail/password_protected.h"
#include "engine/mail/pdf_text.h"
#include "engine/mail/rtf_text.h"
#include "engine/mail/tar_headers.h"
#include "engine/mail/tnef_attachments.h"
#include "engine/mail/zip_archive.h"
#include "engine/mail/zip_format.h"
#include "engine/utf8.h"
#include "engine/utf8_bom.h"

namespace mfsim::mail {
namespace {

constexpr std::string_view kOle("\xD0\xCF\x11\xE0\xA1\xB1\x1A\xE1", 8);

// Which of the ways of reading a file applies, from its first bytes.
enum class sniffed { zip, gzip, tar, packed, tnef, other };

// Text: no NUL and few control characters in the first 4 KiB (ESC is allowed: ISO-2022-JP).
bool looks_like_text(std::string_view b) {
  const std::string_view head = b.substr(0, 4096);
  std::size_t control = 0;
  for (const char ch : head) {
    const auto c = static_cast<unsigned char>(ch);
    if (c == 0) return false;
    if (c < 0x20 && c != '\t' && c != '\n' && c != '\r' && c != '\f' && c != 0x1b) ++control;
  }
  return control * 20 <= head.size();
}

bool has_utf16_bom(std::string_view b) {
  return b.starts_with("\xFF\xFE") || b.starts_with("\xFE\xFF");
}

// The type of a file that is not a ZIP, gzip or tar archive.
content_type type_of(std::string_view b) {
  if (b.starts_with("%PDF-")) return content_type::pdf;
  if (b.starts_with(kOle)) return content_type::office_binary;
  if (b.starts_with("{\\rtf")) return content_type::rtf;
  if (b.starts_with("\xFF\xD8\xFF") || b.starts_with(std::string_view("II*\0", 4)) ||
      b.starts_with(std::string_view("MM\0*", 4))) {
    return content_type::image;
  }
  if (is_executable_content(b)) return content_type::executable;
  if (!has_utf16_bom(b) && !looks_like_text(b)) return content_type::unsupported;
  std::string_view head = without_utf8_bom(b.substr(0, 512));
  while (!head.empty() && (head.front() == ' ' || head.front() == '\t' || head.front() == '\r' ||
                           head.front() == '\n')) {
    head.remove_prefix(1);
  }
  const std::string lower = ascii_lower_copy(head.substr(0, 16));
  if (lower.starts_with("<!doctype html") || lower.starts_with("<html")) return content_type::html;
  if (lower.starts_with("<?xml")) return content_type::xml;
  return content_type::text;
}

sniffed container_of(std::string_view b) {
  if (looks_like_zip(b)) return sniffed::zip;
  if (b.starts_with("\x1F\x8B")) return sniffed::gzip;
  if (b.size() >= 512 && b.substr(257, 5) == "ustar") return sniffed::tar;
  if (packed_format_of(b)) return sniffed::packed;
  if (looks_like_tnef(b)) return sniffed::tnef;
  return sniffed::other;
}

// UTF-16 text (with its byte order mark) as UTF-8, at most max_bytes of it.
void append_utf16(std::string_view b, std::string& out, std::size_t max_bytes) {
  const bool big_endian = b.starts_with("\xFE\xFF");
  for_each_utf16_code_point(b.substr(2), big_endian, [&](std::uint32_t code) {
    if (out.size() >= max_bytes) return false;
    append_utf8_code_point(code == 0 ? ' ' : code, out);
    return true;
  });
}

// A file's place in its attachment, "ATTACHMENT/ENTRY/...", with each name at most about
// kMaxNameInPath bytes: its start and end around "..." (the extension stays), cut between
// characters. Paths label explain's notes and limit messages only; uncut, an archive of
// 60,000-byte entry names nested four deep held a quarter megabyte per file.
constexpr std::size_t kMaxNameInPath = 256;

std::string path_of(std::string_view parent, std::string_view name) {
  std::string out(parent);
  if (!parent.empty()) out += '/';
  if (name.size() <= kMaxNameInPath) {
    out += name;
    return out;
  }
  const std::size_t half = kMaxNameInPath / 2;
  out += name.substr(0, utf8_cut_before(name, half));
  out += "...";
  out += name.substr(utf8_cut_before(name, name.size() - half));
  return out;
}

// The name of the one file a compressed file holds: "notes.txt.gz" holds "notes.txt".
std::string compressed_file_name(std::string_view path, std::string_view suffix) {
  std::string name(path.substr(path.find_last_of('/') + 1));
  if (name.size() > suffix.size() &&
      ascii_iequals(std::string_view(name).substr(name.size() - suffix.size()), suffix)) {
    name.resize(name.size() - suffix.size());
  }
  return name;
}

class inspector {
 public:
  inspector(const content_limits& limits, attachment_contents& out,
            message_key_derivations& derivations)
      : limits_(limits), out_(out), derivations_(derivations) {}

  // `archived`: the file was unpacked from an archive (not embedded in a document).
  void inspect(std::string path, std::string_view bytes, std::size_t depth, bool archived = false) {
    if (depth > limits_.max_depth) {
      out_.exceed(fmt::format("{} is nested more than {} levels deep", path, limits_.max_depth));
      return;
    }
    if (!room_for_file()) return;
    const std::size_t index = out_.files.size();
    out_.files.push_back({std::move(path), content_type::unsupported, true, {}, {}});
    // AttachmentHasExecutableContent and AttachmentIsPasswordProtected scan archives' files
    // too (decisions 410, 411).
    const std::size_t refused = derivations_.refused();
    if (archived && !in_document_) {
      if (is_executable_content(bytes)) out_.archived_executables.push_back(file(index).path);
      if (is_password_protected(bytes, derivations_.checks))
        out_.archived_locked.push_back(file(index).path);
    }
    if (bytes.starts_with(kOle) && limits_.read_contents) {
      // An Office 2007 and later workbook encrypted with Excel's default password opens
      // without a prompt: its package is read as the workbook (decisions 187, 379).
      auto workbook = default_password_workbook(bytes, unpack_room(), derivations_.contents);
      if (workbook) {
        out_.unpacked_bytes += workbook->size();
        read_zip(index, *workbook, depth);
        return;
      }
    }
    // Its key past the message's budget: the file was not opened (decision 1000).
    if (derivations_.refused() > refused)
      out_.exceed(derivations_.checks.refusal(file(index).path));
    switch (container_of(bytes)) {
      case sniffed::zip: read_zip(index, bytes, depth); return;
      case sniffed::gzip: read_gzip(index, bytes, depth); return;
      case sniffed::tar: read_tar(index, bytes, depth); return;
      case sniffed::packed: read_packed(index, bytes, depth); return;
      case sniffed::tnef: read_tnef(index, bytes, depth); return;
      case sniffed::other: break;
    }
    if (!limits_.read_contents) return;
    const content_type type = type_of(bytes);
    file(index).type = type;
    std::string text;
    std::vector<embedded_file> embedded;  // in an Office 97-2003 file or OLE object
    std::size_t embedded_room = 0;        // the bytes they could unpack to
    switch (type) {
      case content_type::text:
        if (has_utf16_bom(bytes)) {
          append_utf16(bytes, text, limits_.max_text_bytes);
        } else {
          text = bytes.substr(0, limits_.max_text_bytes);
        }
        break;
      case content_type::html:
        append_html_text(bytes.substr(0, limits_.max_file_bytes), text);
        break;
      case content_type::xml: (void)append_xml_text(bytes, text, limits_.max_text_bytes); break;
      case content_type::rtf:
        (void)append_rtf_text(bytes, text, limits_.max_text_bytes, rtf_layout::words);
        break;
      case content_type::office_binary: {
        // Word's, Excel's and PowerPoint's text; Visio files are not read (decisions 375, 377).
        // One embedded file more than there is room for, so that the budget says it was hit.
        embedded_room = unpack_room();
        office_binary_extras extras{file(index).properties,
                                    embedded,
                                    {limits_.max_files - out_.files.size() + 1, embedded_room}};
        if (!append_office_binary_text(bytes, text, limits_.max_text_bytes, extras))
          file(index).contents_read = false;
        break;
      }
      case content_type::pdf: read_pdf(index, bytes, text); break;
      case content_type::executable:
      case content_type::unsupported: break;
      default: file(index).contents_read = false; break;
    }
    keep_text(index, text);
    // Embedded files are read as files of their own, as an archive's are (decision 380).
    const std::string parent = file(index).path;
    const in_document inside(*this);
    for (const embedded_file& e : embedded) {
      if (!room_for_file()) return;
      out_.unpacked_bytes += e.bytes.size();
      const std::string where = path_of(parent, e.name);
      if (e.cut) {
        out_.exceed(fmt::format("{} unpacks to more than {} bytes", where, embedded_room));
        return;
      }
      inspect(where, e.bytes, depth + 1);
    }
  }

 private:
  // While files embedded in a document are read: archives among them are content of the
  // document, not attachments, so their files' names are not listed (decision 407).
  class in_document {
   public:
    explicit in_document(inspector& i, bool applies = true) : i_(i), was_(i.in_document_) {
      i_.in_document_ = was_ || applies;
    }
    ~in_document() { i_.in_document_ = was_; }
    in_document(const in_document&) = delete;
    in_document& operator=(const in_document&) = delete;

   private:
    inspector& i_;
    bool was_;
  };

  inspected_file& file(std::size_t index) { return out_.files[index]; }

  // A file an archive lists, for the file name conditions.
  void note_archived_name(std::string_view name) {
    if (!in_document_) out_.archived_names.emplace_back(name);
  }

  // Appends text to what the file holds, case-folded, up to max_text_bytes in all.
  void keep_text(std::size_t index, std::string_view text) {
    std::string& kept = file(index).text_lower;
    if (text.empty()) return;
    if (!kept.empty()) {
      if (kept.size() >= limits_.max_text_bytes) return;
      kept += ' ';
    }
    append_case_folded(text.substr(0, limits_.max_text_bytes - kept.size()), kept);
  }

  // Whether one more file may be inspected; says why not when it may not.
  bool room_for_file() {
    if (out_.files.size() < limits_.max_files) return true;
    out_.exceed(fmt::format("more than {} files to inspect", limits_.max_files));
    return false;
  }

  // The bytes one unpacked file may still take: its own bound and what the message has left.
  std::size_t unpack_room() const {
    const std::size_t left =
        limits_.max_unpacked_bytes - std::min(limits_.max_unpacked_bytes, out_.unpacked_bytes);
    return std::min(limits_.max_file_bytes, left);
  }

  // One entry's bytes within the budgets; false (after saying why, when a budget) if unread.
  bool unpack(zip_archive& zip, const zip_entry& e, const std::string& where, std::string& out) {
    if (e.size > (1u << 20) && e.compressed_size > 0 &&
        e.size / e.compressed_size > limits_.max_ratio) {
      out_.exceed(fmt::format("{} would unpack {} times its packed size", where,
                              e.size / e.compressed_size));
      return false;
    }
    const std::size_t room = unpack_room();
    const zip_read status = zip.read(e, room, out);
    out_.unpacked_bytes += out.size();
    if (status == zip_read::too_large) {
      out_.exceed(fmt::format("{} unpacks to more than {} bytes", where, room));
      return false;
    }
    return status == zip_read::ok;  // an encrypted or damaged entry is not inspected
  }

  void read_zip(std::size_t index, std::string_view bytes, std::size_t depth) {
    zip_archive zip(bytes);
    if (zip.too_many_entries()) {
      out_.exceed(fmt::format("{} states more than {} entries", file(index).path, kMaxZipEntries));
      return;
    }
    if (!zip.is_open()) return;  // a damaged archive: its content cannot be inspected
    content_type type = package_type(zip);
    file(index).type = type;
    if (type != content_type::archive && !limits_.read_contents) return;
    const std::string path = file(index).path;
    std::string part;
    std::vector<const zip_entry*> texts = text_parts(zip, type);
    if (type == content_type::office_package) {
      // A document whose parts are not where Office writes them: found by their content types
      // (decision 507).
      const zip_entry* types = zip.find("[Content_Types].xml");
      if (types != nullptr && unpack(zip, *types, path_of(path, types->name), part)) {
        declared_package declared = declared_package_parts(zip, part);
        type = file(index).type = declared.type;
        texts = std::move(declared.text);
      }
    }
    if (type != content_type::archive) {
      for (const zip_entry* e : texts) {
        std::string text;
        if (unpack(zip, *e, path_of(path, e->name), part)) {
          (void)append_xml_text(part, text, limits_.max_text_bytes);
        }
        keep_text(index, text);
      }
      read_properties(zip, index, path);
    }
    if (type == content_type::office_package) file(index).contents_read = false;
    std::vector<const zip_entry*> inside;
    if (type == content_type::archive) {
      for (const auto& e : zip.entries()) {
        inside.push_back(&e);
        if (!e.name.empty() && e.name.back() != '/') note_archived_name(e.name);
      }
    } else {
      inside = embedded_files(zip);
    }
    const in_document within(*this, type != content_type::archive);
    for (const zip_entry* e : inside) {
      if (!room_for_file()) return;
      const std::string where = path_of(path, e->name);
      if (unpack(zip, *e, where, part))
        inspect(where, part, depth + 1, type == content_type::archive);
    }
  }

  // Office Open XML's docProps parts, or an OpenDocument's meta.xml.
  void read_properties(zip_archive& zip, std::size_t index, const std::string& path) {
    std::string xml;
    for (const auto name :
         {"docProps/core.xml", "docProps/app.xml", "docProps/custom.xml", "meta.xml"}) {
      const std::string_view part(name);
      if ((part == "meta.xml") != (file(index).type == content_type::open_document)) continue;
      const zip_entry* e = zip.find(part);
      if (e == nullptr || !unpack(zip, *e, path_of(path, part), xml)) continue;
      if (part == "docProps/custom.xml") {
        read_custom_properties(xml, file(index).properties);
      } else if (part == "meta.xml") {
        read_open_document_properties(xml, file(index).properties);
      } else {
        read_builtin_properties(xml, file(index).properties);
      }
    }
  }

  // A PDF's text (decision 376); the bytes of streams it reads count as unpacked bytes.
  void read_pdf(std::size_t index, std::string_view bytes, std::string& text) {
    pdf::budget budget;
    budget.max_stream_bytes = unpack_room();
    if (!append_pdf_text(bytes, text, limits_.max_text_bytes, budget))
      file(index).contents_read = false;
    out_.unpacked_bytes += budget.stream_bytes;
    if (!budget.exceeded.empty())
      out_.exceed(fmt::format("{} {}", file(index).path, budget.exceeded));
  }

  // gzip (RFC 1952): the one file it holds, named after the archive without ".gz".
  void read_gzip(std::size_t index, std::string_view bytes, std::size_t depth) {
    file(index).type = content_type::archive;
    std::string out;
    const std::size_t room = unpack_room();
    const inflated status = inflate_gzip_members(bytes, room, out);
    const std::string path = file(index).path;
    if (status == inflated::too_large) {
      out_.unpacked_bytes += room;
      out_.exceed(fmt::format("{} unpacks to more than {} bytes", path, room));
      return;
    }
    out_.unpacked_bytes += out.size();
    const std::string name = compressed_file_name(path, ".gz");
    note_archived_name(name);
    inspect(path_of(path, name), out, depth + 1, true);
  }

  // 7z, RAR, cabinet and bzip2 through libarchive (decision 378): each file in archive order,
  // a bzip2 stream's one file named after it. An encrypted or damaged file is not inspected.
  void read_packed(std::size_t index, std::string_view bytes, std::size_t depth) {
    file(index).type = content_type::archive;
    const packed_format format = *packed_format_of(bytes);
    packed_archive archive(bytes, format);
    const std::string path = file(index).path;
    std::string name;
    std::string part;
    // What the archive may unpack in all: max_ratio times its own size, or 1 MiB (the bound
    // ZIP entries are held to, decision 254), checked while reading, as 7z and RAR keep no
    // packed size per file.
    const std::uint64_t ratio_cap =
        std::max<std::uint64_t>(1u << 20, std::uint64_t{bytes.size()} * limits_.max_ratio);
    std::uint64_t unpacked = 0;
    while (archive.next(name)) {
      if (format == packed_format::bzip2) name = compressed_file_name(path, ".bz2");
      note_archived_name(name);
      if (!room_for_file()) return;
      const std::string where = path_of(path, name);
      const std::size_t room = unpack_room();
      const auto ratio_room = static_cast<std::size_t>(ratio_cap - unpacked);
      const packed_read status = archive.read(std::min(room, ratio_room), part);
      out_.unpacked_bytes += part.size();
      unpacked += part.size();
      if (status == packed_read::too_large) {
        out_.exceed(ratio_room < room
                        ? fmt::format("{} unpacks to more than {} times its packed size", path,
                                      limits_.max_ratio)
                        : fmt::format("{} unpacks to more than {} bytes", where, room));
        return;
      }
      if (status == packed_read::ok) inspect(where, part, depth + 1, true);
    }
  }

  // tar (POSIX ustar, GNU and pax long names): each regular file's bytes, in archive order.
  void read_tar(std::size_t index, std::string_view bytes, std::size_t depth) {
    file(index).type = content_type::archive;
    const std::string path = file(index).path;
    bool full = false;  // the file budget is spent: names are still listed, as a ZIP's are
    tar_reader tar(bytes);
    for (tar_file f; tar.next(f);) {
      note_archived_name(f.name);
      full = full || !room_for_file();
      if (!full) inspect(path_of(path, f.name), f.data, depth + 1, true);
    }
  }

  // winmail.dat: the files Outlook shows in its place, as an archive's (decision 595).
  void read_tnef(std::size_t index, std::string_view bytes, std::size_t depth) {
    file(index).type = content_type::archive;
    const std::string path = file(index).path;
    // Listed up to a ZIP's bound on entries, as a ZIP's names are past the file budget.
    const std::vector<tnef_file> files = tnef_attachments(bytes, kMaxZipEntries + 1);
    if (files.size() > kMaxZipEntries) {
      out_.exceed(fmt::format("{} holds more than {} files", path, kMaxZipEntries));
      return;
    }
    bool full = false;
    for (const tnef_file& f : files) {
      note_archived_name(f.name);
      full = full || !room_for_file();
      if (!full) inspect(path_of(path, f.name), f.data, depth + 1, true);
    }
  }

  const content_limits& limits_;
  attachment_contents& out_;
  message_key_derivations& derivations_;  // the message's, shared with its password check
  bool in_document_ = false;
};

}  // namespace

const char* to_string(content_type type) noexcept {
  switch (type) {
    case content_type::text: return "text";
    case content_type::html: return "html";
    case content_type::xml: return "xml";
    case content_type::rtf: return "rtf";
    case content_type::word: return "word";
    case content_type::spreadsheet: return "spreadsheet";
    case content_type::presentation: return "presentation";
    case content_type::office_package: return "office package";
    case content_type::open_document: return "opendocument";
    case content_type::office_binary: return "office 97-2003";
    case content_type::pdf: return "pdf";
    case content_type::image: return "image";
    case content_type::executable: return "executable";
    case content_type::archive: return "archive";
    case content_type::unsupported: return "unsupported";
  }
  return "";
}

void inspect_attachment(std::string_view name, std::string_view bytes, const content_limits& limits,
                        attachment_contents& out, message_key_derivations& derivations) noexcept {
  try {
    inspector(limits, out, derivations)
        .inspect(path_of({}, name.empty() ? "(unnamed)" : name), bytes, 0);
  } catch (...) {
    out.exceed("out of memory inspecting " + path_of({}, name));
  }
}

void inspect_attachment(std::string_view name, std::string_view bytes, const content_limits& limits,
                        attachment_contents& out) noexcept {
  message_key_derivations own;
  inspect_attachment(name, bytes, limits, out, own);
}

}  // namespace mfsim::mail
