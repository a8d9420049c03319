// The text of an HTML document as it reads when rendered, for word matching.
#pragma once

#include <string>
#include <string_view>

namespace mfsim::mail {

// The text of `html` as it reads when rendered, appended to `out`: comments and tags removed
// (block tags such as p, br, div, td separate words; inline ones such as b or span do not),
// &amp; &lt; &gt; &quot; &apos; &nbsp; &#N; &#xN; decoded, runs of white space made one space.
void append_html_text(std::string_view html, std::string& out);

}  // namespace mfsim::mail
