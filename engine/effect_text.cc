// Writing an effect as JSON and as one line of words.
#include "engine/effect_text.h"

#include <utility>

#include "engine/escape.h"
#include "engine/utf8.h"

namespace mfsim {
namespace {

// max_value 0: the whole value.
std::string cut(std::string_view value, std::size_t max_value) {
  return max_value == 0 ? std::string(value) : shortened_at(value, max_value);
}

}  // namespace

void append_effect_json(std::string& out, const effect& e, std::string_view rule_name) {
  out += "{\"action\":";
  append_json_string(out, e.action);
  out += ",\"rule\":";
  append_json_string(out, rule_name);
  out += ",\"value\":";
  switch (e.kind) {
    case effect_value::flag: out += "true"; break;
    case effect_value::text: append_json_string(out, e.text); break;
    case effect_value::number: out += std::to_string(e.number); break;
    case effect_value::list:
      out += '[';
      for (std::size_t k = 0; k < e.list.size(); ++k) {
        if (k) out += ',';
        append_json_string(out, e.list[k]);
      }
      out += ']';
      break;
  }
  for (const auto& d : e.shown_details()) {
    out += ',';
    append_json_string(out, d.key);
    out += ':';
    append_json_string(out, d.value);
  }
  out += '}';
}

std::string effect_summary(const effect& e, std::size_t max_value) {
  std::string out = e.action;
  switch (e.kind) {
    case effect_value::flag: break;
    case effect_value::text: out += " '" + cut(e.text, max_value) + "'"; break;
    case effect_value::number: out += ' ' + std::to_string(e.number); break;
    case effect_value::list:
      for (std::size_t k = 0; k < e.list.size(); ++k) {
        out += k ? ", " : " ";
        out += cut(e.list[k], max_value);
      }
      break;
  }
  if (e.detail_count > 0) {
    // By key, so an effect read back from a JSON object (keys sorted) reads the same.
    // An insertion sort of at most kMaxDetails entries (GCC 12 warns on std::sort here).
    std::array<effect_detail, effect::kMaxDetails> sorted = e.details;
    for (std::size_t i = 1; i < e.detail_count && i < sorted.size(); ++i) {
      for (std::size_t j = i;
           j > 0 && std::string_view(sorted[j].key) < std::string_view(sorted[j - 1].key); --j) {
        std::swap(sorted[j], sorted[j - 1]);
      }
    }
    out += " (";
    for (std::size_t k = 0; k < e.detail_count; ++k) {
      if (k) out += "; ";
      out += sorted[k].key;
      out += ' ';
      out += cut(sorted[k].value, max_value);
    }
    out += ')';
  }
  return out;
}

}  // namespace mfsim
