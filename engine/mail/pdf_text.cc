// Pages in the order of the page tree (ISO 32000-1 7.7.3), their content streams' text
// operators (9.4) and Form XObjects (8.10), the pen followed through the text matrix (9.4.2-4).
#include "engine/mail/pdf_text.h"

#include <cmath>
#include <unordered_map>
#include <unordered_set>
#include <vector>

#include "engine/mail/pdf_fonts.h"
#include "engine/mail/rendered_text.h"
#include "engine/utf8.h"

namespace mfsim::mail {
namespace {

using pdf::object;

constexpr std::size_t kMaxTreeDepth = 64;    // page tree levels
constexpr std::size_t kMaxFormDepth = 8;     // forms drawn inside forms
constexpr std::size_t kMaxOperands = 64;     // no operator takes more
constexpr std::size_t kMaxSavedStates = 64;  // q without Q
constexpr std::size_t kMaxInlineImageKeys = 256;
constexpr std::size_t kMaxFonts = 1024;
// The pen jumping more than this many font sizes forward, or half of one up, down or back,
// separates words: spaces are about a quarter of one, kerning a few hundredths.
constexpr double kWordGap = 0.15;
constexpr double kLineGap = 0.5;
constexpr std::string_view kNoBreakSpace = "\u00A0";

struct matrix {
  double a = 1, b = 0, c = 0, d = 1, e = 0, f = 0;
};

struct text_state {
  const pdf::font* font = nullptr;
  double size = 0;
  double char_spacing = 0;  // Tc
  double word_spacing = 0;  // Tw
  double scale = 1;         // Tz / 100
  double leading = 0;       // TL
};

class page_reader {
 public:
  page_reader(pdf::document& file, std::string& out, std::size_t max_bytes)
      : file_(file), out_(out), max_bytes_(max_bytes) {}

  [[nodiscard]] bool full() const noexcept { return out_.size() >= max_bytes_; }
  // Whether reading ends: the text is full, or no stream can be read any more.
  [[nodiscard]] bool done() const noexcept { return full() || file_.limits().stream_room() == 0; }
  [[nodiscard]] std::size_t pages() const noexcept { return pages_; }

  // A node of the page tree (a reference to it), and the resources its parents pass down.
  void walk(const object& reference, const object* resources, std::size_t depth) {
    // Each node once: a tree whose kids repeat or loop is read as the nodes it has.
    if (!reference.is(object::kind::ref) || !seen_.insert(reference.ref_number()).second) return;
    const object* node = file_.resolve(&reference);
    if (node == nullptr || !node->is(object::kind::dict) || depth > kMaxTreeDepth || done()) return;
    if (const object* own = file_.get(node, "Resources"); own != nullptr) resources = own;
    const object* kids = file_.get(node, "Kids");
    if (kids == nullptr || !kids->is(object::kind::array)) {
      read_page(node, resources);
      return;
    }
    for (const object& kid : kids->items) walk(kid, resources, depth + 1);
  }

 private:
  void read_page(const object* page, const object* resources) {
    ++pages_;
    std::string content;
    const object* contents = page->get("Contents");
    const object* list = file_.resolve(contents);
    if (list != nullptr && list->is(object::kind::array)) {
      for (const object& part : list->items) {  // one stream split in parts (7.7.3.3)
        if (file_.stream_data(&part, content)) content += '\n';
      }
    } else {
      (void)file_.stream_data(contents, content);
    }
    separate();
    state_ = {};
    saved_.clear();
    run(content, resources, 0);
  }

  // One content stream's operators, with the operands before each.
  void run(std::string_view content, const object* resources, std::size_t depth) {
    pdf::reader tokens(content, pdf::reader::mode::content);
    std::vector<object> operands;
    object token;
    while (!full() && tokens.next(token)) {
      if (!token.is(object::kind::op)) {
        if (operands.size() < kMaxOperands) operands.push_back(std::move(token));
        continue;
      }
      if (token.text == "BI") {
        skip_inline_image(tokens);
      } else if (token.text == "Do") {
        if (!operands.empty()) draw_form(operands.back(), resources, depth);
      } else {
        apply(token.text, operands, resources);
      }
      operands.clear();
    }
  }

  void apply(const std::string& op, const std::vector<object>& operands, const object* resources) {
    const auto n = [&](std::size_t i) {
      return pdf::number_or(i < operands.size() ? &operands[i] : nullptr, 0);
    };
    if (op == "Tj" || op == "'" || op == "\"") {
      if (op == "\"" && operands.size() == 3) {
        state_.word_spacing = n(0);
        state_.char_spacing = n(1);
      }
      if (op != "Tj") {  // the next line, whatever its leading: a new word
        next_line();
        separate();
      }
      if (!operands.empty() && operands.back().is(object::kind::string)) show(operands.back().text);
    } else if (op == "TJ") {
      if (operands.empty() || !operands.back().is(object::kind::array)) return;
      for (const object& item : operands.back().items) {
        if (item.is(object::kind::string)) show(item.text);
        if (item.is(object::kind::number)) advance(-item.number / 1000 * state_.size);
      }
    } else if (op == "Td" || op == "TD") {
      if (op == "TD") state_.leading = -n(1);
      move_line(n(0), n(1));
    } else if (op == "T*") {
      next_line();
      separate();
    } else if (op == "Tm" && operands.size() == 6) {
      line_ = {n(0), n(1), n(2), n(3), n(4), n(5)};
      text_ = line_;
    } else if (op == "BT") {
      line_ = text_ = matrix{};
    } else if (op == "Tf" && operands.size() == 2 && operands[0].is(object::kind::name)) {
      state_.font = font_named(resources, operands[0].text);
      state_.size = n(1);
    } else if (op == "Tc") {
      state_.char_spacing = n(0);
    } else if (op == "Tw") {
      state_.word_spacing = n(0);
    } else if (op == "Tz") {
      state_.scale = n(0) / 100;
    } else if (op == "TL") {
      state_.leading = n(0);
    } else if (op == "q") {
      if (saved_.size() < kMaxSavedStates) saved_.push_back(state_);
    } else if (op == "Q" && !saved_.empty()) {
      state_ = saved_.back();
      saved_.pop_back();
    }
  }

  void move_line(double tx, double ty) {
    line_.e += tx * line_.a + ty * line_.c;
    line_.f += tx * line_.b + ty * line_.d;
    text_ = line_;
  }

  void next_line() { move_line(0, -state_.leading); }

  // Moves the pen `tx` along the line, in unscaled text space units.
  void advance(double tx) {
    tx *= state_.scale;
    text_.e += tx * text_.a;
    text_.f += tx * text_.b;
  }

  // The font size as drawn: the text matrix scales it.
  double drawn_size() const {
    const double size = std::abs(state_.size) * std::hypot(text_.c, text_.d);
    return size > 0 ? size : 1;
  }

  void show(std::string_view codes) {
    if (state_.font == nullptr) return;
    if (pen_down_) {
      const double size = drawn_size();
      const double dx = text_.e - pen_x_;
      const double dy = text_.f - pen_y_;
      if (std::abs(dy) > kLineGap * size || dx > kWordGap * size || dx < -kLineGap * size)
        separate();
    }
    std::string glyph;
    for (std::size_t at = 0; at < codes.size() && !full();) {
      glyph.clear();
      const pdf::shown_code shown = state_.font->show_code(codes, at, glyph);
      if (glyph == kNoBreakSpace) glyph = " ";  // a space between words, as HTML's &nbsp; is
      for (const char c : glyph) {
        const auto u = static_cast<unsigned char>(c);
        if (u >= 0x20 || is_rendered_space(c)) append_rendered(c, out_);  // controls dropped
      }
      advance(shown.width / 1000 * state_.size + state_.char_spacing +
              (shown.word_space ? state_.word_spacing : 0));
    }
    pen_down_ = true;
    pen_x_ = text_.e;
    pen_y_ = text_.f;
    cut_utf8_to(out_, max_bytes_);
  }

  void separate() { append_rendered(' ', out_); }

  // The font a resource dictionary names, read once per font dictionary. Past kMaxFonts
  // fonts, one more is read each time it is chosen, into one slot: text is still read, and
  // memory stays bounded.
  const pdf::font* font_named(const object* resources, const std::string& name) {
    const object* fonts = file_.get(resources, "Font");
    const object* dict = fonts == nullptr ? nullptr : file_.resolve(fonts->get(name));
    if (dict == nullptr) return nullptr;
    if (auto known = fonts_.find(dict); known != fonts_.end()) return &known->second;
    if (fonts_.size() >= kMaxFonts) {
      spare_font_ = pdf::font(file_, dict);
      return &spare_font_;
    }
    return &fonts_.try_emplace(dict, file_, dict).first->second;
  }

  void draw_form(const object& name, const object* resources, std::size_t depth) {
    if (!name.is(object::kind::name) || depth >= kMaxFormDepth) return;
    const object* xobjects = file_.get(resources, "XObject");
    const object* entry = xobjects == nullptr ? nullptr : xobjects->get(name.text);
    const object* form = file_.resolve(entry);
    const object* subtype = file_.get(form, "Subtype");
    if (subtype == nullptr || !subtype->is_name("Form")) return;
    std::string content;
    if (!file_.stream_data(entry, content)) return;
    const object* own = file_.get(form, "Resources");
    const text_state outer = state_;
    run(content, own != nullptr ? own : resources, depth + 1);
    state_ = outer;
  }

  // BI key value ... ID data EI: the data is binary and must not be read as operators.
  static void skip_inline_image(pdf::reader& tokens) {
    object token;
    for (std::size_t i = 0; i < 2 * kMaxInlineImageKeys && tokens.next(token); ++i) {
      if (token.is_op("ID")) break;
    }
    tokens.skip_inline_image_data();
  }

  pdf::document& file_;
  std::string& out_;
  std::size_t max_bytes_;
  std::unordered_set<std::uint32_t> seen_;
  // Fonts by their dictionary: the document's objects stay where they are once read.
  std::unordered_map<const object*, pdf::font> fonts_;
  pdf::font spare_font_;
  text_state state_;
  std::vector<text_state> saved_;
  matrix text_;
  matrix line_;
  bool pen_down_ = false;  // whether a string was shown, and where the pen stopped after it
  double pen_x_ = 0;
  double pen_y_ = 0;
  std::size_t pages_ = 0;
};

}  // namespace

bool append_pdf_text(std::string_view bytes, std::string& out, std::size_t max_bytes,
                     pdf::budget& limits) {
  pdf::document file(bytes, limits);
  if (file.locked()) return false;
  const object* catalog = file.catalog();
  const object* root = catalog == nullptr ? nullptr : catalog->get("Pages");
  if (root == nullptr) return false;
  const std::size_t start = out.size();
  page_reader reader(file, out, max_bytes);
  reader.walk(*root, nullptr, 0);
  if (reader.pages() == 0) {
    out.resize(start);
    return false;
  }
  return true;
}

}  // namespace mfsim::mail
