// The CLIXML tree builder: walks the XML elements xml_reader.h gives (with offsets) and builds
// the values, following [MS-PSRP] 2.2.5 (serialization of primitive and complex objects).
#include "engine/rules/clixml_tree.h"

#include <fmt/format.h>

#include <algorithm>
#include <charconv>
#include <cmath>
#include <cstdint>
#include <map>
#include <optional>
#include <set>
#include <span>
#include <utility>
#include <vector>

#include "engine/ascii.h"
#include "engine/rules/clixml_text.h"

namespace mfsim::rules::clixml {
namespace {

using json = nlohmann::ordered_json;
using json_export::kMaxNesting;
using json_export::located;

// What one value takes in memory besides its text, roughly: its json node, its place in an
// object or list, and its located offsets.
constexpr std::size_t kValueBytes = 128;

// A value read, with the bytes a copy of it takes (what keeping or copying it for a <Ref>
// costs) and how deep it nests.
struct value {
  json v;
  located at;
  std::size_t cost = kValueBytes;
  int depth = 1;
};

constexpr std::string_view text_types[] = {"S",  "DT",  "G",  "URI", "Version",
                                           "XD", "SBK", "SS", "BA"};
constexpr std::string_view integer_types[] = {"By", "SB", "U16", "I16", "U32", "I32", "U64", "I64"};
constexpr std::string_view real_types[] = {"Sg", "Db", "D"};
constexpr std::string_view list_types[] = {"LST", "IE", "STK", "QUE"};

bool is_one_of(std::string_view name, std::span<const std::string_view> names) {
  return std::find(names.begin(), names.end(), name) != names.end();
}

bool is_primitive(std::string_view name) {
  return is_one_of(name, text_types) || is_one_of(name, integer_types) ||
         is_one_of(name, real_types) || name == "B" || name == "C" || name == "TS" || name == "Nil";
}

bool is_space(char c) noexcept { return c == ' ' || c == '\t' || c == '\r' || c == '\n'; }

// The offset of the first character of `t` that is not white space, else `fallback`.
std::size_t text_offset(const xml::text& t, std::size_t fallback) {
  for (std::size_t k = 0; k < t.bytes.size(); ++k) {
    if (!is_space(t.bytes[k])) return t.offset_of(k);
  }
  return fallback;
}

// Hours of an xs:duration as XmlConvert writes a TimeSpan ("PT4H", "P1D", "P7DT0.5S",
// "-PT30M"): days, hours, minutes and seconds. Years and months have no fixed length, and
// TimeSpan never writes them.
std::optional<double> duration_hours(std::string_view text) {
  const bool negative = !text.empty() && text.front() == '-';
  if (negative) text.remove_prefix(1);
  if (text.empty() || text.front() != 'P') return std::nullopt;
  text.remove_prefix(1);
  bool in_time = false;
  bool any = false;
  double seconds = 0;
  while (!text.empty()) {
    if (text.front() == 'T' && !in_time) {
      in_time = true;
      text.remove_prefix(1);
      continue;
    }
    double n = 0;
    const auto [stop, ec] =
        std::from_chars(text.data(), text.data() + text.size(), n, std::chars_format::fixed);
    if (ec != std::errc() || stop == text.data() + text.size() || *text.data() == '-') {
      return std::nullopt;
    }
    const char unit = *stop;
    text.remove_prefix(static_cast<std::size_t>(stop - text.data()) + 1);
    if (!in_time && unit == 'D') {
      seconds += n * 86400;
    } else if (in_time && unit == 'H') {
      seconds += n * 3600;
    } else if (in_time && unit == 'M') {
      seconds += n * 60;
    } else if (in_time && unit == 'S') {
      seconds += n;
    } else {
      return std::nullopt;
    }
    any = true;
  }
  if (!any || !std::isfinite(seconds)) return std::nullopt;
  return (negative ? -seconds : seconds) / 3600;
}

}  // namespace

class builder {
 public:
  // The RefIds `referenced` holds had their own budget in xml::check(): charged here too, they
  // left an export that names each object once again too little for the objects (decision 1012).
  // `document_size`: the budgets of what <Ref>s take (reference_budget) and of the RefIds kept
  // of every <Obj> and <TN> (expansion_budget, decision 1078).
  builder(std::size_t document_size, std::set<std::string> referenced)
      : budget_(reference_budget(document_size)),
        id_budget_(expansion_budget(document_size)),
        referenced_(std::move(referenced)) {}

  // The values of one item of <Objs>, appended to the root of `out`.
  bool read_item(const xml::element& item, tree& out);
  [[nodiscard]] const problem& why() const { return why_; }
  // Adds the RefIds the <Ref>s inside `e` name (a whole document's, before its items).
  void collect_references(const xml::element& e);

 private:
  bool fail(std::size_t offset, std::string message, diag_code code = diag_code::bad_value) {
    why_ = problem{code, offset, std::move(message)};
    return false;
  }
  // `whole`: an object's properties are wanted (a rule, a policy), not its ToString.
  bool item(const xml::element& e, int depth, bool whole, value& out);
  bool primitive(const xml::element& e, value& out);
  bool object(const xml::element& e, int depth, bool whole, value& out);
  bool reference(const xml::element& e, int depth, value& out);
  bool add_member(const xml::element& at, std::string key, value member, value& out);
  bool members(const xml::element& set, int depth, value& out);
  bool entries(const xml::element& dictionary, int depth, value& out);
  bool items(const xml::element& list, int depth, bool whole, value& out);
  // Adds `cost` bytes to what <Ref>s take; false (and fail()) past the budget.
  bool charge(std::size_t cost, std::size_t offset);
  // Keeps `id` in `ids` (object_ids_ or type_names_), charged as the first reading charges a
  // RefId (xml::kept_value_bytes); false (and fail()) past id_budget_. `kept`: false when `ids`
  // held it already.
  bool keep_id(std::set<std::string>& ids, const std::string& id, std::size_t offset, bool& kept);

  std::size_t budget_;
  std::size_t spent_ = 0;  // bytes of the objects kept for <Ref>s and of their copies
  std::size_t id_budget_;
  std::size_t id_spent_ = 0;  // bytes object_ids_ and type_names_ hold
  problem why_;
  std::set<std::string> referenced_;      // RefIds some <Ref> names: only those objects are kept
  std::map<std::string, value> objects_;  // finished objects a <Ref> names, by RefId
  std::set<std::string> object_ids_;      // RefIds of the objects read or being read
  std::set<std::string> open_;            // RefIds of the objects being read
  std::set<std::string> type_names_;      // RefIds of the <TN> elements read
};

void builder::collect_references(const xml::element& e) {
  if (e.name == "Ref") {
    if (const xml::attribute* id = e.find_attribute("RefId")) referenced_.insert(id->value);
  }
  for (const auto& c : e.children) collect_references(c);
}

bool builder::read_item(const xml::element& c, tree& out) {
  if (!out.root.is_array()) out.root = json::array();
  value v;
  if (!item(c, 1, true, v)) return false;
  if (v.v.is_array()) {
    // Export-Clixml -InputObject $rules: the array is one object; its items are the rules.
    for (std::size_t k = 0; k < v.v.size(); ++k) {
      out.root.push_back(std::move(v.v[k]));
      out.at.children.push_back(std::move(v.at.children[k]));
    }
    return true;
  }
  out.root.push_back(std::move(v.v));
  out.at.children.push_back(std::move(v.at));
  return true;
}

bool builder::item(const xml::element& e, int depth, bool whole, value& out) {
  if (depth > kMaxNesting) {
    return fail(e.offset,
                fmt::format("values nested more than {} deep (the nesting limit)", kMaxNesting));
  }
  if (e.name == "Obj") return object(e, depth, whole, out);
  if (e.name == "Ref") return reference(e, depth, out);
  if (is_primitive(e.name)) return primitive(e, out);
  return fail(e.offset, fmt::format("<{}> is not a CLIXML value (such as <S>, <I32>, <B>, <Nil/>, "
                                    "<Obj> or <Ref>)",
                                    e.name));
}

bool builder::primitive(const xml::element& e, value& out) {
  if (!e.children.empty()) {
    return fail(e.children.front().offset, fmt::format("<{}> inside <{}>, which holds text only",
                                                       e.children.front().name, e.name));
  }
  out.at.offset = text_offset(e.content, e.offset);
  const std::string_view text = e.name == "S"
                                    ? std::string_view(e.content.bytes)
                                    : ascii_trim_blanks(std::string_view(e.content.bytes));
  out.cost = kValueBytes + text.size();
  const auto refuse = [&](std::string_view expected) {
    return fail(
        out.at.offset,
        fmt::format("<{}> holds '{}', not {}", e.name,
                    text.size() > 40 ? std::string(text.substr(0, 37)) + "..." : std::string(text),
                    expected));
  };
  if (e.name == "Nil") {
    out.v = nullptr;
  } else if (is_one_of(e.name, text_types)) {
    out.v = decode_string(text);
  } else if (e.name == "B") {
    if (text != "true" && text != "false" && text != "1" && text != "0") {
      return refuse("true or false");
    }
    out.v = text == "true" || text == "1";
  } else if (is_one_of(e.name, integer_types) || e.name == "C") {
    const std::string_view digits = text.substr(!text.empty() && text.front() == '+' ? 1 : 0);
    const char* end = digits.data() + digits.size();
    std::int64_t n = 0;
    std::uint64_t u = 0;
    const bool is_unsigned = e.name == "U64";
    const auto [stop, ec] = is_unsigned ? std::from_chars(digits.data(), end, u)
                                        : std::from_chars(digits.data(), end, n);
    if (ec != std::errc() || stop != end || digits.empty()) return refuse("an integer");
    if (e.name == "C") {
      // A character as its UTF-16 code unit.
      if (n < 0 || n > 0xFFFF) return refuse("a UTF-16 code unit");
      out.v = decode_char(static_cast<std::uint32_t>(n));
    } else if (is_unsigned) {
      out.v = u;
    } else {
      out.v = n;
    }
  } else if (is_one_of(e.name, real_types)) {
    double n = 0;
    const char* end = text.data() + text.size();
    const auto [stop, ec] = std::from_chars(text.data(), end, n);
    if (ec != std::errc() || stop != end || text.empty() || !std::isfinite(n)) {
      return refuse("a finite number");
    }
    out.v = n;
  } else {  // TS: what ConvertTo-Json writes for a TimeSpan, whose TotalHours the importer reads
    const auto hours = duration_hours(text);
    if (!hours) return refuse("a duration such as PT4H or P1D (xs:duration in days to seconds)");
    out.v = json::object();
    out.v["TotalHours"] = *hours;
    out.at.keys.emplace_back("TotalHours", out.at.offset);
    out.at.children.push_back(located{out.at.offset, {}, {}});
    out.depth = 2;
  }
  return true;
}

bool builder::object(const xml::element& e, int depth, bool whole, value& out) {
  std::string id;
  if (const xml::attribute* ref = e.find_attribute("RefId")) {
    id = ref->value;
    bool kept = false;
    if (!keep_id(object_ids_, id, ref->value_offset, kept)) return false;
    if (!kept) {
      return fail(ref->value_offset,
                  fmt::format("RefId \"{}\" is given to an earlier <Obj> too", id));
    }
    open_.insert(id);
  }
  const xml::element* to_string = nullptr;
  const xml::element* own = nullptr;  // the value of an enumeration or extended primitive
  const xml::element* collection = nullptr;
  std::vector<const xml::element*> member_sets;
  for (const auto& c : e.children) {
    if (c.name == "TN") {
      bool kept = false;
      if (const xml::attribute* tn = c.find_attribute("RefId");
          tn != nullptr && !keep_id(type_names_, tn->value, c.offset, kept))
        return false;
    } else if (c.name == "TNRef") {
      const xml::attribute* tn = c.find_attribute("RefId");
      if (tn == nullptr || type_names_.count(tn->value) == 0) {
        return fail(c.offset,
                    fmt::format("<TNRef RefId=\"{}\"> names no earlier <TN RefId=\"{}\">",
                                tn ? tn->value : "", tn ? tn->value : ""),
                    diag_code::bad_reference);
      }
    } else if (c.name == "ToString") {
      to_string = &c;
    } else if (c.name == "Props" || c.name == "MS") {
      member_sets.push_back(&c);
    } else if (c.name == "DCT" || is_one_of(c.name, list_types) || is_primitive(c.name)) {
      if (collection != nullptr || own != nullptr) {
        return fail(c.offset, fmt::format("<{}>: an <Obj> holds one value or collection", c.name));
      }
      (is_primitive(c.name) ? own : collection) = &c;
    } else {
      return fail(c.offset, fmt::format("<{}> is not part of a CLIXML <Obj>", c.name));
    }
  }
  out.at.offset = e.offset;
  bool ok = true;
  if (collection != nullptr) {
    ok = collection->name == "DCT" ? entries(*collection, depth, out)
                                   : items(*collection, depth, whole, out);
  } else if (own != nullptr && to_string == nullptr) {
    ok = primitive(*own, out);
  } else if (!member_sets.empty() && own == nullptr && (whole || to_string == nullptr)) {
    out.v = json::object();
    for (const xml::element* set : member_sets) {
      if (ok) ok = members(*set, depth, out);
    }
  } else if (to_string != nullptr) {
    out.v = decode_string(to_string->content.bytes);
    out.at.offset = text_offset(to_string->content, to_string->offset);
    out.cost = kValueBytes + to_string->content.bytes.size();
  } else {
    out.v = json::object();
  }
  if (!ok) return false;
  if (!id.empty()) {
    open_.erase(id);
    // The copy kept for the <Ref>s that name it is charged too: a <Ref> that is never
    // expanded (inside a <ToString>) would otherwise keep copies of every object for free.
    if (referenced_.count(id) != 0) {
      if (!charge(out.cost, e.offset)) return false;
      objects_.emplace(id, out);
    }
  }
  return true;
}

bool builder::charge(std::size_t cost, std::size_t offset) {
  spent_ += cost;
  if (spent_ <= budget_) return true;
  return fail(offset, fmt::format("the objects <Ref> elements name take more than {} MiB when "
                                  "kept and copied, more than an export holds (a Ref fan-out)",
                                  budget_ >> 20));
}

bool builder::keep_id(std::set<std::string>& ids, const std::string& id, std::size_t offset,
                      bool& kept) {
  kept = ids.insert(id).second;
  if (!kept) return true;
  id_spent_ += xml::kept_value_bytes(id.size());
  if (id_spent_ <= id_budget_) return true;
  return fail(offset, fmt::format("the RefIds of the <Obj> and <TN> elements take more than {} "
                                  "MiB to keep, more than an export holds",
                                  id_budget_ >> 20));
}

bool builder::reference(const xml::element& e, int depth, value& out) {
  const xml::attribute* ref = e.find_attribute("RefId");
  const std::string id = ref != nullptr ? ref->value : "";
  if (open_.count(id) != 0) {
    return fail(e.offset,
                fmt::format("<Ref RefId=\"{}\"> names an object that contains it (a loop)", id),
                diag_code::bad_reference);
  }
  const auto found = objects_.find(id);
  if (found == objects_.end()) {
    return fail(e.offset,
                fmt::format("<Ref RefId=\"{}\"> names no earlier <Obj RefId=\"{}\">", id, id),
                diag_code::bad_reference);
  }
  if (depth - 1 + found->second.depth > kMaxNesting) {
    return fail(e.offset, fmt::format("values nested more than {} deep once <Ref> elements are "
                                      "expanded (the nesting limit)",
                                      kMaxNesting));
  }
  if (!charge(found->second.cost, e.offset)) return false;
  out = found->second;
  out.at.offset = e.offset;
  return true;
}

bool builder::add_member(const xml::element& at, std::string key, value member, value& out) {
  if (out.v.contains(key)) {
    return fail(at.offset, fmt::format("property '{}' is given twice", key), diag_code::duplicate);
  }
  out.cost += member.cost + key.size();
  out.depth = std::max(out.depth, member.depth + 1);
  out.v[key] = std::move(member.v);
  out.at.keys.emplace_back(std::move(key), at.offset);
  out.at.children.push_back(std::move(member.at));
  return true;
}

bool builder::members(const xml::element& set, int depth, value& out) {
  for (const auto& c : set.children) {
    const xml::attribute* name = c.find_attribute("N");
    if (name == nullptr) {
      return fail(c.offset, fmt::format("<{}> inside <{}> has no N=\"...\" (the property's name)",
                                        c.name, set.name));
    }
    value member;
    if (c.name == "MS") {  // a property set: its properties, as an object
      if (depth + 1 > kMaxNesting) {
        return fail(c.offset, fmt::format("values nested more than {} deep (the nesting limit)",
                                          kMaxNesting));
      }
      member.v = json::object();
      member.at.offset = c.offset;
      if (!members(c, depth + 1, member)) return false;
    } else if (!item(c, depth + 1, false, member)) {
      return false;
    }
    if (!add_member(c, decode_string(name->value), std::move(member), out)) return false;
  }
  return true;
}

bool builder::entries(const xml::element& dictionary, int depth, value& out) {
  out.v = json::object();
  for (const auto& entry : dictionary.children) {
    const xml::element* key = nullptr;
    const xml::element* item_value = nullptr;
    for (const auto& c : entry.children) {
      const xml::attribute* n = c.find_attribute("N");
      if (n != nullptr && n->value == "Key") key = &c;
      if (n != nullptr && n->value == "Value") item_value = &c;
    }
    if (entry.name != "En" || key == nullptr) {
      return fail(entry.offset, fmt::format("<{}> inside <DCT>: expected <En> with a value "
                                            "N=\"Key\" and one N=\"Value\"",
                                            entry.name));
    }
    value k;
    value v;
    if (!item(*key, depth + 1, false, k)) return false;
    if (item_value == nullptr) {
      v.v = nullptr;
      v.at.offset = entry.offset;
    } else if (!item(*item_value, depth + 1, false, v)) {
      return false;
    }
    std::string name = k.v.is_string() ? k.v.get<std::string>() : k.v.dump();
    if (!add_member(*key, std::move(name), std::move(v), out)) return false;
  }
  return true;
}

bool builder::items(const xml::element& list, int depth, bool whole, value& out) {
  out.v = json::array();
  for (const auto& c : list.children) {
    value member;
    if (!item(c, depth + 1, whole, member)) return false;
    out.cost += member.cost;
    out.depth = std::max(out.depth, member.depth + 1);
    out.v.push_back(std::move(member.v));
    out.at.children.push_back(std::move(member.at));
  }
  return true;
}

std::size_t expansion_budget(std::size_t document_size) noexcept {
  return document_size + (std::size_t{16} << 20);
}

std::size_t reference_budget(std::size_t document_size) noexcept {
  return kReferenceBytesPerByte * document_size + (std::size_t{16} << 20);
}

bool read(const xml::element& root, std::size_t document_size, tree& out, problem& why) {
  builder b(document_size, {});
  b.collect_references(root);
  out.root = json::array();
  out.at = located{};
  out.at.offset = root.offset;
  for (const auto& c : root.children) {
    if (!b.read_item(c, out)) {
      why = b.why();
      return false;
    }
  }
  return true;
}

item_reader::item_reader(std::size_t document_size, std::set<std::string> referenced)
    : builder_(std::make_unique<builder>(document_size, std::move(referenced))) {}

item_reader::~item_reader() = default;

bool item_reader::read(const xml::element& item, tree& out, problem& why) {
  if (builder_->read_item(item, out)) return true;
  why = builder_->why();
  return false;
}

}  // namespace mfsim::rules::clixml
