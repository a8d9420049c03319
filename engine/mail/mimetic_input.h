// What mimetic is given to parse: the message with any header field longer than
// kMaxMimeticFieldBytes cut there. mimetic grows a field's buffer 128 bytes at a time, copying
// it whole each time, so one field of L bytes costs about L * L / 256 bytes of copying: a
// folded Subject of 840 KB took 3.4 s, and a 64 MiB one would take hours. Our own header
// scanner reads the message as it is; mimetic needs only the MIME fields (Content-Type,
// Content-Disposition, Content-Transfer-Encoding), which are short.
#pragma once

#include <cstddef>
#include <string>
#include <string_view>

namespace mfsim::mail {

// A field (its first line and continuation lines) past this is cut, in the message's header
// and in the header of every MIME part. Costs at most 64 bytes of copying per byte read.
inline constexpr std::size_t kMaxMimeticFieldBytes = std::size_t{16} << 10;

// A Content-Type's media type is read within the first this many bytes of its field value, its
// continuation lines joined (decision 873): past kMaxMimeticFieldBytes, so that 100,000 comments
// or blank lines before a `multipart/mixed` do not hide it, and as many as the header scanner
// reads of a message's header block (--max-header-bytes' default).
inline constexpr std::size_t kMaxMediaTypeBytes = std::size_t{1} << 20;

// mimetic parses nested entities (multipart parts, attached messages) by recursion, one level
// per entity: 100,000 nested multiparts in a 7 MB message overflowed the stack (SIGSEGV). Its
// input ends before the Content-Type line past this many (each nested entity needs one), so
// the depth stays far within any thread's stack; the body walk reads at most 1,000 parts
// anyway (body_limits::max_parts).
// Each part mimetic reads is an entity too, with or without a Content-Type (a million empty
// parts in 35 MB took 4 GB): its input also ends before the part delimiter past this many.
inline constexpr std::size_t kMaxMimeticEntities = 1024;

// mimetic keeps every header field it reads (15 million fields of "a:b" took 1.6 GB): the
// fields of all header blocks past this many are left out of its input.
inline constexpr std::size_t kMaxMimeticFields = 65536;

// mimetic keeps an entry for each `;` of a Content-Type or Content-Disposition field: such a
// field ends before its `;` past this many (RFC 2231 continuations of a name as long as
// kMaxMimeticFieldBytes allows come to fewer).
inline constexpr std::size_t kMaxMimeticParameters = 256;

struct mimetic_input {
  std::string_view text;
  bool cut_short = false;  // entities or fields were left out: say the body was truncated
  // A header block (the message's or a part's) holds one of Content-Type,
  // Content-Transfer-Encoding or Content-Disposition more than once (decision 667).
  bool duplicate_fields = false;
  // A Content-Type's media type does not end within kMaxMediaTypeBytes of its field, or even
  // without its comments and blanks is longer than kMaxMimeticFieldBytes: mimetic reads a part
  // of it, which may split no multipart that a client splits (decision 873).
  bool media_type_unread = false;
  // A Content-Type's boundary parameter is past the bytes of its field mimetic is given
  // (kMaxMimeticFieldBytes, kMaxMimeticParameters), or cut by them: mimetic splits no multipart
  // on it, where a client does (decision 910).
  bool boundary_unread = false;
};

// Which of a field given twice in one header block mimetic reads. It reads the first; RFC 2045
// and RFC 5322 allow one, so a sender who writes two hides what the other reading sees.
enum class duplicate_reading : bool {
  first,  // as the message is: mimetic takes the first
  last,   // the earlier ones left out, so that mimetic takes the last
};

// `message` itself when nothing needs cutting (the common case: no copy), otherwise a copy in
// `storage` with each over-long field cut to kMaxMimeticFieldBytes (a Content-Type or
// Content-Disposition before its parameter past kMaxMimeticParameters), the fields past
// kMaxMimeticFields left out, the message ended before its Content-Type line or its part
// delimiter past kMaxMimeticEntities, and a Content-Type's quoted `name` that holds a `;`
// written in RFC 2231's form (name_with_semicolon()), which mimetic does not cut at the `;`,
// when the field so written stays within kMaxMimeticFieldBytes, and a Content-Type's media type
// written with a comment or folded onto continuation lines given without them, unfolded on the
// field's first line (media_type_for_mimetic()), so that mimetic splits `multipart (x)/mixed`
// and `Content-Type:` then ` multipart/mixed` as multiparts.
// Header fields are those of the header block, of every block that follows a delimiter line of
// a boundary the message declares ("--" BOUNDARY), and of every attached message (the body of a
// message/rfc822 entity), up to the next empty line; CR, LF and CRLF end lines, as mimetic
// reads them. With duplicate_reading::last, the earlier instances of a field given twice in
// one header block are left out as well.
[[nodiscard]] mimetic_input bounded_for_mimetic(
    std::string_view message, std::string& storage,
    duplicate_reading reading = duplicate_reading::first);

}  // namespace mfsim::mail
