// The text of an HTML document as it reads when rendered: html_text.h.
#include "engine/mail/html_text.h"

#include "engine/ascii.h"
#include "engine/mail/markup_text.h"
#include "engine/mail/rendered_text.h"

namespace mfsim::mail {

namespace {

// Tags that start a new line when HTML is rendered; any other tag (b, span, a, ...) sits inside
// a word run: "<b>wire</b> transfer" reads "wire transfer".
bool breaks_text(std::string_view tag) {
  std::size_t i = 0;
  if (i < tag.size() && tag[i] == '/') ++i;
  std::size_t end = i;
  while (end < tag.size() &&
         ((tag[end] >= 'a' && tag[end] <= 'z') || (tag[end] >= 'A' && tag[end] <= 'Z') ||
          (tag[end] >= '0' && tag[end] <= '9'))) {
    ++end;
  }
  const std::string name = ascii_lower_copy(tag.substr(i, end - i));
  static constexpr std::string_view blocks[] = {
      "br",      "p",      "div",    "td",    "th",         "tr",   "li",
      "ul",      "ol",     "table",  "h1",    "h2",         "h3",   "h4",
      "h5",      "h6",     "hr",     "title", "blockquote", "pre",  "section",
      "article", "header", "footer", "body",  "html",       "head", "center"};
  for (const auto block : blocks) {
    if (name == block) return true;
  }
  return false;
}

}  // namespace

void append_html_text(std::string_view html, std::string& out) {
  std::string decoded;
  for (std::size_t i = 0; i < html.size();) {
    const char c = html[i];
    if (c == '<') {
      const bool comment = html.substr(i, 4) == "<!--";
      const auto end = comment ? html.find("-->", i + 4) : html.find('>', i + 1);
      if (end == std::string_view::npos) break;
      if (!comment && breaks_text(html.substr(i + 1, end - i - 1))) decoded += ' ';
      i = end + (comment ? 3 : 1);
      continue;
    }
    if (c == '&') {
      if (const std::size_t used = decode_character_reference(html, i, decoded)) {
        i += used;
        continue;
      }
    }
    decoded += c;
    ++i;
  }
  append_rendered(decoded, out);  // HTML's rule: a run of white space is one space
}

}  // namespace mfsim::mail
