// The text of markup as a reader sees it: character references and XML documents (Office Open
// XML and OpenDocument parts), for the attachment content conditions (issue 15); RTF is
// rtf_text.h's.
#pragma once

#include <cstddef>
#include <string>
#include <string_view>

namespace mfsim::mail {

// The character reference at text[at] ('&'): &amp; &lt; &gt; &quot; &apos; &nbsp; &#N; &#xN;.
// Appends what it stands for (UTF-8) and returns the bytes it spans; 0 when there is none.
std::size_t decode_character_reference(std::string_view text, std::size_t at, std::string& out);

// The text of an XML document appended to `out`: tags, comments and processing instructions
// removed, references decoded, CDATA kept. Elements that end a paragraph, cell or line in
// Office's and OpenDocument's formats (p, br, tab, tc, si, table-cell, ...) separate words;
// runs (w:r, a:r) do not, so "<w:t>Hel</w:t><w:t>lo</w:t>" reads "Hello". Stops once `out`
// holds max_bytes; returns false then.
bool append_xml_text(std::string_view xml, std::string& out, std::size_t max_bytes);

// The value of attribute `name` in a start tag's text ("property name=\"Project\" pid=\"2\""),
// references decoded; empty when the tag has none.
[[nodiscard]] std::string xml_attribute(std::string_view tag, std::string_view name);

// The local name of a tag's text ("w:p" -> "p", "/w:p" -> "p", "br/" -> "br").
[[nodiscard]] std::string_view xml_local_name(std::string_view tag);

}  // namespace mfsim::mail
