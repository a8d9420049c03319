// The ASF properties of a message's text: its HTML tags, remote images and web bugs, and the
// hosts and ports of its links.
#include <algorithm>
#include <charconv>
#include <optional>

#include "engine/ascii.h"
#include "engine/mail/asf_signals.h"
#include "engine/mail/header_scanner.h"
#include "engine/mail/message_auth.h"

namespace mfsim::mail {
namespace {

bool is_space(char c) { return c == ' ' || c == '\t' || c == '\r' || c == '\n' || c == '\f'; }
bool is_name_char(char c) {
  return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '-' ||
         c == '_' || c == ':';
}

bool starts_with_ignoring_case(std::string_view text, std::string_view prefix) {
  return text.size() >= prefix.size() && ascii_iequals(text.substr(0, prefix.size()), prefix);
}

std::string_view trim_spaces(std::string_view v) {
  while (!v.empty() && is_space(v.front())) v.remove_prefix(1);
  while (!v.empty() && is_space(v.back())) v.remove_suffix(1);
  return v;
}

// A size in pixels: "1", "1px", " 0 "; nullopt for anything else (percentages, "auto").
std::optional<int> pixels(std::string_view v) {
  v = trim_spaces(v);
  if (starts_with_ignoring_case(v.size() >= 2 ? v.substr(v.size() - 2) : v, "px")) {
    v = trim_spaces(v.substr(0, v.size() - 2));
  }
  int n = 0;
  const auto [stop, ec] = std::from_chars(v.data(), v.data() + v.size(), n);
  if (ec != std::errc() || stop != v.data() + v.size() || v.empty()) return std::nullopt;
  return n;
}

// The value of a CSS property in a style attribute ("width:1px; height:1px").
std::optional<int> css_pixels(std::string_view style, std::string_view property) {
  for (std::size_t start = 0; start < style.size();) {
    const std::size_t end = std::min(style.find(';', start), style.size());
    const std::string_view declaration = style.substr(start, end - start);
    start = end + 1;
    const std::size_t colon = declaration.find(':');
    if (colon == std::string_view::npos) continue;
    if (ascii_iequals(trim_spaces(declaration.substr(0, colon)), property)) {
      return pixels(declaration.substr(colon + 1));
    }
  }
  return std::nullopt;
}

bool is_remote(std::string_view url) {
  url = trim_spaces(url);
  return starts_with_ignoring_case(url, "http://") || starts_with_ignoring_case(url, "https://") ||
         url.substr(0, 2) == "//";
}

bool is_script_url(std::string_view url) {
  url = trim_spaces(url);
  return starts_with_ignoring_case(url, "javascript:") ||
         starts_with_ignoring_case(url, "vbscript:");
}

// One tag, from its name to the closing '>': the attributes it has that ASF reads.
struct tag_facts {
  std::string_view name;
  std::string_view src, width, height, style;
  bool script_attribute = false;  // an on* handler or a javascript:/vbscript: value
};

// Reads the tag that starts after '<' at `i`; returns the position after its '>'.
std::size_t read_tag(std::string_view html, std::size_t i, tag_facts& tag) {
  std::size_t j = i;
  while (j < html.size() && is_name_char(html[j])) ++j;
  tag.name = html.substr(i, j - i);
  while (j < html.size() && html[j] != '>') {
    if (!is_name_char(html[j])) {
      ++j;
      continue;
    }
    const std::size_t name_start = j;
    while (j < html.size() && is_name_char(html[j])) ++j;
    const std::string_view attribute = html.substr(name_start, j - name_start);
    while (j < html.size() && is_space(html[j])) ++j;
    std::string_view value;
    if (j < html.size() && html[j] == '=') {
      ++j;
      while (j < html.size() && is_space(html[j])) ++j;
      if (j < html.size() && (html[j] == '"' || html[j] == '\'')) {
        const char quote = html[j];
        const std::size_t close = std::min(html.find(quote, j + 1), html.size());
        value = html.substr(j + 1, close - j - 1);
        j = close + 1;
      } else {
        const std::size_t value_start = j;
        while (j < html.size() && !is_space(html[j]) && html[j] != '>') ++j;
        value = html.substr(value_start, j - value_start);
      }
    }
    if (attribute.size() > 2 && starts_with_ignoring_case(attribute, "on")) {
      tag.script_attribute = true;
    }
    if (is_script_url(value)) tag.script_attribute = true;
    if (ascii_iequals(attribute, "src")) tag.src = value;
    if (ascii_iequals(attribute, "width")) tag.width = value;
    if (ascii_iequals(attribute, "height")) tag.height = value;
    if (ascii_iequals(attribute, "style")) tag.style = value;
  }
  return j < html.size() ? j + 1 : html.size();
}

// A web bug: an image at most one pixel wide and high, by its attributes or its style.
bool is_tiny(const tag_facts& img) {
  const auto width = img.width.empty() ? css_pixels(img.style, "width") : pixels(img.width);
  const auto height = img.height.empty() ? css_pixels(img.style, "height") : pixels(img.height);
  return width && height && *width <= 1 && *height <= 1;
}

std::uint32_t signals_of(const tag_facts& tag) {
  std::uint32_t found = tag.script_attribute ? signal_script : 0u;
  const std::string_view n = tag.name;
  if (ascii_iequals(n, "script")) found |= signal_script;
  if (ascii_iequals(n, "embed")) found |= signal_embed_tag;
  if (ascii_iequals(n, "object")) found |= signal_object_tag;
  if (ascii_iequals(n, "form")) found |= signal_form_tag;
  if (ascii_iequals(n, "frame") || ascii_iequals(n, "iframe")) found |= signal_frame_tag;
  if (ascii_iequals(n, "img") && is_remote(tag.src)) {
    found |= signal_remote_image;
    if (is_tiny(tag)) found |= signal_web_bug;
  }
  return found;
}

// The host of a URL's authority is a literal address: dotted digits ("192.0.2.7", also
// "3232235777" as one number), or a bracketed IPv6 address.
bool is_numeric_host(std::string_view host) {
  if (host.size() > 1 && host.front() == '[') return true;
  if (host.empty()) return false;
  for (const char c : host) {
    if (!ascii_is_digit(c) && c != '.') return false;
  }
  return true;
}

bool ends_with_ignoring_case(std::string_view text, std::string_view suffix) {
  return text.size() > suffix.size() &&
         ascii_iequals(text.substr(text.size() - suffix.size()), suffix);
}

// The signals of the authority that starts at `authority` (just after "scheme://").
std::uint32_t url_signals(std::string_view authority) {
  // A host name has at most 253 characters: looking further would only make a text of
  // repeated "http://" cost its square.
  authority = authority.substr(0, 320);
  std::size_t end = 0;
  while (end < authority.size() && !is_space(authority[end]) &&
         std::string_view("/?#\"'<>\\`").find(authority[end]) == std::string_view::npos) {
    ++end;
  }
  authority = authority.substr(0, end);
  if (const auto at = authority.rfind('@'); at != std::string_view::npos) {
    authority.remove_prefix(at + 1);  // user:password@
  }
  std::string_view host = authority;
  std::string_view port;
  const std::size_t bracket = authority.find(']');
  const std::size_t colon = authority.find(':', bracket == std::string_view::npos ? 0 : bracket);
  if (colon != std::string_view::npos) {
    host = authority.substr(0, colon);
    port = authority.substr(colon + 1);
  }
  while (!host.empty() && host.back() == '.') host.remove_suffix(1);  // "example.biz."
  std::uint32_t found = 0;
  if (is_numeric_host(host)) found |= signal_numeric_ip_url;
  if (ends_with_ignoring_case(host, ".biz") || ends_with_ignoring_case(host, ".info")) {
    found |= signal_biz_info_url;
  }
  if (!port.empty() && port != "80" && port != "8080" && port != "443") {
    found |= signal_other_port_url;
  }
  return found;
}

}  // namespace

void scan_html_signals(std::string_view html, std::uint32_t& signals) {
  for (std::size_t i = html.find('<'); i != std::string_view::npos && i < html.size();
       i = html.find('<', i)) {
    if (html.substr(i, 4) == "<!--") {
      const std::size_t end = html.find("-->", i + 4);
      if (end == std::string_view::npos) return;
      i = end + 3;
      continue;
    }
    tag_facts tag;
    i = read_tag(html, i + 1, tag);
    signals |= signals_of(tag);
  }
}

void scan_url_signals(std::string_view text, std::uint32_t& signals) {
  for (std::size_t i = text.find("://"); i != std::string_view::npos; i = text.find("://", i + 3)) {
    const std::string_view before = text.substr(0, i);
    if (!ends_with_ignoring_case(before, "http") && !ends_with_ignoring_case(before, "https") &&
        !ascii_iequals(before, "http") && !ascii_iequals(before, "https")) {
      continue;
    }
    signals |= url_signals(text.substr(i + 3));
  }
}

bool returned_from_organization(std::string_view header_text) {
  header_block block;
  scan_headers(header_text, scan_limits{}, block);
  return read_message_auth(block.fields).internal_sender();
}

}  // namespace mfsim::mail
