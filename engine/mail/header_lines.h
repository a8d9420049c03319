// The lines of a header block as the MIME walk reads them (bounded_for_mimetic()): where each
// ends, which are fields, folds and part delimiters, and which line after a bare CR goes on the
// field before it (decision 1160).
#pragma once

#include <cstddef>
#include <span>
#include <string_view>
#include <vector>

namespace mfsim::mail {

// The line starting at `at`: its text without the line end, and where the next line starts.
// mimetic takes "\r\n" and "\n\r" each as one line end, and CR or LF alone.
struct header_line {
  std::string_view text;
  std::size_t next = 0;
};

[[nodiscard]] header_line line_at(std::string_view message, std::size_t at);

// Whether the line starting at `next` (past the first) starts with a blank: RFC 5322's folding.
[[nodiscard]] bool folded_at(std::string_view message, std::size_t next);

// Whether mimetic reads the header line starting at `at` as a field: a name of printable bytes
// but the colon, blanks, then the colon (its parser's sName state).
[[nodiscard]] bool mimetic_reads_field(std::string_view message, std::size_t at);

// Whether the header line starting at `next` goes on the field the line before it holds
// although no blank starts it: that line ended at a bare CR, which RFC 5322 section 2.3 allows
// only before a LF, and this one is no field, no empty line and no delimiter (mimetic took it
// for the first line of the body, and `message/rfc822<CR>; x=1` hid the attached message). Both
// readers read the CR as a blank (decision 1160): the walk joins the lines, and mimetic is given
// a space in its place.
[[nodiscard]] bool joins_at_bare_cr(std::string_view message, std::size_t next);

// Whether mimetic takes the header line `line`, starting at `at`, for the first line of the
// body although it is no empty line: no field, no fold, and not one starting with a colon
// (which mimetic skips).
[[nodiscard]] bool ends_header_for_mimetic(std::string_view message, std::size_t at,
                                           std::string_view line);

// Whether the line at `next` goes on the field the line before it holds, and so what joins
// the two in the field's unfolded value: nothing past a fold's blank, a blank for a bare CR.
[[nodiscard]] bool continues_field(std::string_view message, std::size_t next);

// The boundary parameter a header line declares, or "" (boundary=X, boundary="X", and with
// spaces or tabs around the '=', as mimetic reads it).
[[nodiscard]] std::string_view declared_boundary(std::string_view line);

// Whether a Content-Type line mentions a boundary that declared_boundary() may not have read
// as mimetic reads it: mentioned but not read (`boundary=""`, `boundary*=x`), mentioned twice
// (`xboundary="z"; boundary="q"`), or past the 4 KiB it searches. Mimetic then makes parts of
// delimiter lines the budget would not count.
[[nodiscard]] bool unsure_boundary(std::string_view line, std::string_view declared);

// Whether `line` is the delimiter of a part (not the close delimiter) of a declared boundary.
[[nodiscard]] bool opens_part(std::string_view line,
                              const std::vector<std::string_view>& boundaries);

// Whether `line` is the close delimiter of one of `boundaries` ("--" BOUNDARY "--"), where
// mimetic ends the last part of that boundary's multipart.
[[nodiscard]] bool closes_part(std::string_view line, std::span<const std::string_view> boundaries);

// Whether `line` starts a field named `name`: the name in any case, then the colon, with the
// spaces or tabs mimetic allows before it ("Content-Type :").
[[nodiscard]] bool is_field_line(std::string_view line, std::string_view name);

[[nodiscard]] bool is_content_type_line(std::string_view line);

}  // namespace mfsim::mail
