// The parameters of a MIME field value (Content-Type, Content-Disposition), read from its text.
#pragma once

#include <cstddef>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace mfsim::mail {

struct mime_parameter {
  std::string name;   // as written (compare without case)
  std::string value;  // a quoted-string without its quotes, `\"` and `\\` unescaped
};

// The `; name=value` parameters after the value's first part (`attachment`, `text/plain`), as
// RFC 2045 section 5.1 writes them: a value is a token or an RFC 5322 quoted-string, whose `;`,
// `=` and escaped quotes belong to the value (mimetic's own reading cuts it at the `;`). An
// unterminated quoted-string runs to the end of the field. Comments are dropped
// (without_comments()).
[[nodiscard]] std::vector<mime_parameter> parse_mime_parameters(std::string_view field_value);

// The text without the RFC 5322 comments outside its quoted-strings (nested, with
// quoted-pairs): RFC 2045 section 5.1 reads these fields as structured ones, whose comments
// RFC 5322 section 3.2.2 gives no meaning (decision 668). A `(` inside a quoted-string is the
// value's own text; one that no `)` closes runs to the end after a blank, and inside a token
// is dropped with every parenthesis after it, the text kept (decision 713).
[[nodiscard]] std::string without_comments(std::string_view value);

// Where the RFC 5322 comment starting at value[at] == '(' ends, past its `)`: comments nest,
// and hold quoted-pairs. npos when it is not closed.
[[nodiscard]] std::size_t skip_comment(std::string_view value, std::size_t at);

// The value of the first parameter named `name` (without case); empty when there is none.
[[nodiscard]] std::string_view parameter_value(const std::vector<mime_parameter>& params,
                                               std::string_view name) noexcept;

// The first `name="..."` parameter of one line of a Content-Type field whose quoted value holds
// a `;` or a NUL (which mimetic's reading cuts there), closed on that line, or the first `name`
// parameter written with a comment (which mimetic's reading keeps in the value): its place [from,
// to) in the line, and the same parameter in RFC 2231's extended form, `name*=''` and the value
// percent-encoded (`;`, `%`, quotes, backslashes, controls, 8-bit bytes), which mimetic keeps
// whole and rfc2231_parameter() decodes back. nullopt for any other line.
struct parameter_rewrite {
  std::size_t from = 0;
  std::size_t to = 0;
  std::string extended;
};
// `starts_quoted`: the line continues a quoted-string an earlier line of the field left open
// (folding within it), whose rest is no parameter of its own.
[[nodiscard]] std::optional<parameter_rewrite> name_with_semicolon(std::string_view line,
                                                                   bool starts_quoted = false);

// The media type at the start of a Content-Type field's value (after its colon; a folded field
// unfolded, its line ends dropped, RFC 5322 section 3.2.2) written with a comment (`multipart
// (x)/mixed`), which mimetic's reading keeps in the type, so that it splits no multipart, or in
// the subtype, with blanks around its `/` (`multipart / mixed`, decision 821), or with its type
// or subtype past the value's first `first_line_size` bytes (`Content-Type:` then ` multipart
// /mixed`, decision 850), which mimetic reads after a blank: its place [from, to) in the value,
// up to the first `;` outside quoted-strings and comments, and the media type without its
// comments and blanks, after one space (decision 753). nullopt for a media type without a
// comment, such blanks or a fold (unless `even_as_sent`: a media type the field's budget would
// cut, decision 873), one whose comment is not closed, or one that may go on past the value (no
// `;` in it, and `value_continues`).
[[nodiscard]] std::optional<parameter_rewrite> media_type_for_mimetic(
    std::string_view value, bool value_continues,
    std::size_t first_line_size = std::string_view::npos, bool even_as_sent = false);

// Where the media type at the start of a Content-Type field's value ends: at its first `;`
// outside quoted-strings and comments, else at the value's end.
[[nodiscard]] std::size_t media_type_end(std::string_view value);

// A media type as "type/subtype", each half without the white space around it (a vertical
// tab and a form feed too, decision 1160), lower-cased (RFC 2045
// section 5.1: the names are case-insensitive); always one '/', "/" for an empty text. `media`
// is the text before the parameters; its comments are the caller's to drop or keep: the body
// walk drops them (media_type()), while the field walk reads what mimetic is given, whose
// comments mimetic keeps in the type (bounded_for_mimetic()).
[[nodiscard]] std::string type_and_subtype(std::string_view media);

// The mechanism a Content-Transfer-Encoding value names, lower-cased: its first token, RFC 822
// comments dropped (RFC 2045 section 1: they "should be ignored during MIME processing"), and
// the blanks, quotes or `;` around it that mailers add (decision 594).
[[nodiscard]] std::string transfer_encoding_mechanism(std::string_view value);

// Whether a mechanism (as transfer_encoding_mechanism() gives it) is one whose text is decoded
// to the part's bytes: base64 and quoted-printable, which decode_transfer_encoding() undoes.
[[nodiscard]] bool is_decoded_mechanism(std::string_view mechanism) noexcept;

// Whether a line of a field ends inside a quoted-string, given whether it starts inside one.
[[nodiscard]] bool ends_quoted(std::string_view line, bool starts_quoted) noexcept;

}  // namespace mfsim::mail
