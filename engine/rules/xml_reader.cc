// The XML tree builder over expat. expat reports events with their byte index; the tree keeps
// them, and a start tag's attributes are found again in its bytes for their offsets.
#include "engine/rules/xml_reader.h"

#include <expat.h>
#include <fmt/format.h>

#include <algorithm>
#include <deque>
#include <exception>
#include <iterator>
#include <memory>
#include <optional>
#include <utility>

namespace mfsim::rules::xml {

void text::append(std::string_view chunk, std::size_t offset, bool literal) {
  if (chunk.empty()) return;
  // expat hands a long text over in pieces: one that goes on where the last run ends joins it.
  const bool continues = literal && !runs_.empty() && runs_.back().literal &&
                         runs_.back().offset + (bytes.size() - runs_.back().first) == offset;
  if (!continues) runs_.push_back({bytes.size(), offset, literal});
  bytes += chunk;
}

std::size_t text::offset_of(std::size_t k) const {
  const auto after =
      std::upper_bound(runs_.begin(), runs_.end(), k,
                       [](std::size_t index, const run& r) { return index < r.first; });
  const run& r = *std::prev(after);
  return r.literal ? r.offset + (k - r.first) : r.offset;
}

const attribute* element::find_attribute(std::string_view key) const {
  for (const auto& a : attributes) {
    if (a.name == key) return &a;
  }
  return nullptr;
}

namespace {

bool is_space(char c) noexcept { return c == ' ' || c == '\t' || c == '\r' || c == '\n'; }

using parser_ptr = std::unique_ptr<std::remove_pointer_t<XML_Parser>, decltype(&XML_ParserFree)>;

parser_ptr new_parser() { return parser_ptr(XML_ParserCreate("UTF-8"), &XML_ParserFree); }

// Gives expat the document a piece at a time: handed it whole, expat copies it into a buffer
// of its own first. False when expat stops (a problem, or a handler stopped it).
bool feed(XML_Parser p, std::string_view document) {
  constexpr std::size_t kPiece = std::size_t{1} << 16;
  for (std::size_t at = 0;; at += kPiece) {
    const std::size_t length = std::min(kPiece, document.size() - at);
    const bool last = at + length >= document.size();
    if (XML_Parse(p, document.data() + at, static_cast<int>(length), last ? XML_TRUE : XML_FALSE) !=
        XML_STATUS_OK)
      return false;
    if (last) return true;
  }
}

// What a reading keeps below the root: the whole tree (parse), each child until it is handed
// over (parse_children), or only the names and offsets of the open elements, which its
// messages name (check).
enum class keeping { tree, children, nothing };

// The values of one attribute of the elements of one name, collected by check().
struct attribute_search {
  std::string_view element;
  std::string_view attribute;
  std::set<std::string>* values = nullptr;
  std::size_t max_bytes = 0;  // what the values may take (kept_value_bytes each)
};

class tree_builder {
 public:
  // `visit`: each child of the root is handed over as it closes (keeping::children), else null.
  // `search`: what keeping::nothing collects, else null. `max_elements`: in the document
  // (keeping::tree), else in each child of the root.
  tree_builder(std::string_view document, keeping keep, std::size_t max_elements,
               const child_visitor* visit = nullptr, const attribute_search* search = nullptr)
      : s_(document),
        parser_(new_parser()),
        keep_(keep),
        max_elements_(max_elements),
        visit_(visit),
        search_(search) {}

  bool build(element& root, failure& why);

 private:
  static void XMLCALL on_start(void* self, const XML_Char* name, const XML_Char** attributes) {
    static_cast<tree_builder*>(self)->start(name, attributes);
  }
  static void XMLCALL on_end(void* self, const XML_Char*) {
    auto* b = static_cast<tree_builder*>(self);
    // expat still ends an empty element whose start tag stop() refused: it was never opened,
    // and the child of the root it sits in must not be handed over half read.
    if (b->stopped_) return;
    b->open_.pop_back();
    if (b->keep_ == keeping::nothing && !b->open_.empty()) b->shells_.pop_back();
    if (b->visit_ != nullptr && b->open_.size() == 1) b->hand_over();
  }
  static void XMLCALL on_text(void* self, const XML_Char* text, int length) {
    static_cast<tree_builder*>(self)->characters(
        std::string_view(text, static_cast<std::size_t>(length)));
  }
  static void XMLCALL on_doctype(void* self, const XML_Char*, const XML_Char*, const XML_Char*,
                                 int) {
    auto* b = static_cast<tree_builder*>(self);
    b->stop(b->offset(), "document type declarations (<!DOCTYPE>) are not supported");
  }

  [[nodiscard]] std::size_t offset() const {
    return static_cast<std::size_t>(XML_GetCurrentByteIndex(parser_.get()));
  }
  void stop(std::size_t at, std::string message) {
    if (!stopped_) stopped_ = failure{at, std::move(message)};
    XML_StopParser(parser_.get(), XML_FALSE);
  }
  void start(const XML_Char* name, const XML_Char** attributes);
  // False (and stopped) past the nesting or element limit.
  bool within_limits();
  void characters(std::string_view chunk);
  // The root's last child to visit_, and out of the tree.
  void hand_over();
  // The attributes' offsets, found in the start tag's bytes (expat checked its syntax).
  void locate_attributes(element& e, std::size_t tag_offset, std::size_t tag_length) const;
  [[nodiscard]] failure explain(XML_Error code) const;

  std::string_view s_;
  parser_ptr parser_;
  keeping keep_;
  std::size_t max_elements_;
  const child_visitor* visit_;
  const attribute_search* search_;
  std::deque<element> shells_;       // keeping::nothing: the open elements below the root
  bool visit_stopped_ = false;       // visit_ asked for no more
  std::exception_ptr visit_thrown_;  // what visit_ threw, thrown again once expat has returned
  element* root_ = nullptr;
  std::vector<element*> open_;   // the elements being read, outermost first
  std::size_t elements_ = 0;     // read so far, in the document or the child of the root
  std::size_t value_bytes_ = 0;  // what search_'s values take
  std::optional<failure> stopped_;
};

bool tree_builder::build(element& root, failure& why) {
  root_ = &root;
  XML_Parser p = parser_.get();
  XML_SetUserData(p, this);
  XML_SetElementHandler(p, &on_start, &on_end);
  XML_SetCharacterDataHandler(p, &on_text);
  XML_SetStartDoctypeDeclHandler(p, &on_doctype);
  const bool ok = feed(p, s_);
  // An exception must not unwind through expat's C frames: it was kept, and is thrown here.
  if (visit_thrown_) std::rethrow_exception(visit_thrown_);
  if (ok || visit_stopped_) return true;
  why = stopped_ ? *stopped_ : explain(XML_GetErrorCode(p));
  return false;
}

void tree_builder::hand_over() {
  element child = std::move(root_->children.back());
  root_->children.pop_back();
  try {
    if ((*visit_)(std::move(child))) return;
    visit_stopped_ = true;
  } catch (...) {
    visit_thrown_ = std::current_exception();
  }
  XML_StopParser(parser_.get(), XML_FALSE);
}

bool tree_builder::within_limits() {
  if (open_.size() >= kMaxNesting) {
    stop(offset(),
         fmt::format("elements nested more than {} deep (the XML nesting limit)", kMaxNesting));
    return false;
  }
  if (keep_ == keeping::tree) {
    if (++elements_ <= max_elements_) return true;
    stop(offset(), fmt::format("more than {} elements (the XML element limit)", max_elements_));
    return false;
  }
  // Read a child at a time, the document holds one child of its root at once (decision 931).
  if (open_.size() == 1) elements_ = 0;
  if (++elements_ <= max_elements_) return true;
  stop(offset(), fmt::format("more than {} elements in one child of <{}> (the XML element limit)",
                             max_elements_, root_->name));
  return false;
}

void tree_builder::start(const XML_Char* name, const XML_Char** attributes) {
  if (!within_limits()) return;
  if (search_ != nullptr && search_->element == name) {
    for (const XML_Char** a = attributes; *a != nullptr; a += 2) {
      if (search_->attribute != a[0] || !search_->values->insert(a[1]).second) continue;
      value_bytes_ += kept_value_bytes(std::string_view(a[1]).size());
      if (value_bytes_ > search_->max_bytes && !stopped_) {
        stop(offset(), fmt::format("the {} values of the <{}> elements take more than {} MiB to "
                                   "keep",
                                   search_->attribute, search_->element, search_->max_bytes >> 20));
        stopped_->over_budget = true;
        return;
      }
    }
  }
  if (keep_ == keeping::nothing && !open_.empty()) {
    shells_.emplace_back();
    shells_.back().name = name;
    shells_.back().offset = offset();
    open_.push_back(&shells_.back());
    return;
  }
  element* e = root_;
  if (!open_.empty()) {
    // Only the innermost open element gains children, so the pointers in open_ stay valid.
    open_.back()->children.emplace_back();
    e = &open_.back()->children.back();
  }
  e->name = name;
  e->offset = offset();
  for (const XML_Char** a = attributes; *a != nullptr; a += 2) {
    e->attributes.push_back(attribute{a[0], a[1], e->offset, e->offset});
  }
  locate_attributes(*e, e->offset,
                    static_cast<std::size_t>(XML_GetCurrentByteCount(parser_.get())));
  open_.push_back(e);
}

void tree_builder::characters(std::string_view chunk) {
  if (open_.empty() || keep_ == keeping::nothing ||
      (keep_ == keeping::children && open_.size() == 1))
    return;
  const std::size_t at = offset();
  // A run of the document's own bytes maps byte for byte; what a reference or a normalised
  // line end stands for maps to where it was written.
  const bool literal = s_.substr(at, chunk.size()) == chunk;
  open_.back()->content.append(chunk, at, literal);
}

void tree_builder::locate_attributes(element& e, std::size_t tag_offset,
                                     std::size_t tag_length) const {
  const std::string_view tag = s_.substr(tag_offset, tag_length);
  std::size_t i = 1 + e.name.size();
  for (auto& a : e.attributes) {
    while (i < tag.size() && is_space(tag[i])) ++i;
    a.name_offset = tag_offset + i;
    i = tag.find('=', i);
    if (i == std::string_view::npos) return;
    i = tag.find_first_of("\"'", i);
    if (i == std::string_view::npos) return;
    const char quote = tag[i];
    a.value_offset = tag_offset + i + 1;
    i = tag.find(quote, i + 1);
    if (i == std::string_view::npos) return;
    ++i;
  }
}

failure tree_builder::explain(XML_Error code) const {
  const std::size_t at = offset();
  switch (code) {
    case XML_ERROR_TAG_MISMATCH: {
      // expat points at the closing tag's name: report it from its '<'.
      const std::size_t lt = s_.rfind('<', at);
      std::size_t end = lt + 2;
      while (end < s_.size() && !is_space(s_[end]) && s_[end] != '>') ++end;
      if (lt != std::string_view::npos && !open_.empty()) {
        return {lt, fmt::format("</{}> closes <{}>", s_.substr(lt + 2, end - (lt + 2)),
                                open_.back()->name)};
      }
      break;
    }
    case XML_ERROR_NO_ELEMENTS:
      if (!open_.empty()) {
        return {open_.back()->offset,
                fmt::format("element <{}> is not closed", open_.back()->name)};
      }
      return {at, "expected the root element <rules> (an Export-TransportRuleCollection file)"};
    case XML_ERROR_JUNK_AFTER_DOC_ELEMENT:
      return {at, fmt::format("content after the root element </{}>", root_->name)};
    case XML_ERROR_DUPLICATE_ATTRIBUTE: return {at, "an attribute is given twice"};
    case XML_ERROR_UNDEFINED_ENTITY:
      return {at, "unknown entity (XML knows &lt; &gt; &amp; &quot; &apos;); write & as &amp;"};
    default: break;
  }
  return {at, XML_ErrorString(code)};
}

}  // namespace

bool parse(std::string_view document, element& root, failure& why) {
  return tree_builder(document, keeping::tree, kMaxElements).build(root, why);
}

bool parse_children(std::string_view document, element& root, const child_visitor& visit,
                    failure& why, std::size_t max_child_elements) {
  return tree_builder(document, keeping::children, max_child_elements, &visit).build(root, why);
}

bool check(std::string_view document, element& root, std::string_view name,
           std::string_view attribute, std::set<std::string>& values, failure& why,
           std::size_t max_value_bytes, std::size_t max_child_elements) {
  const attribute_search search{name, attribute, &values, max_value_bytes};
  return tree_builder(document, keeping::nothing, max_child_elements, nullptr, &search)
      .build(root, why);
}

}  // namespace mfsim::rules::xml
