// The conditions on the content of attachments (issue 15; decisions.md 250-259): each reads
// what the MIME walk's inspection found (engine/mail/attachment_content.h), every file of
// every attachment, archives' and documents' insides included.
#include <string>

#include "engine/ascii.h"
#include "engine/eval/eval_context.h"
#include "engine/eval/message_conditions.h"

namespace mfsim::eval_detail {
namespace {

using kind = rules::condition_kind;

const mail::attachment_contents& contents_of(context& ctx) { return body_of(ctx).contents; }

// A match in a file's text: the file's path and a window of the text around it, with the
// match's place in that window for explain's caret.
void note_in_text(condition_match* where, const mail::inspected_file& f, std::string_view term,
                  std::size_t offset, std::size_t length) {
  if (where == nullptr) return;
  constexpr std::size_t kBefore = 60, kWindow = 160;
  const std::size_t from = offset > kBefore ? offset - kBefore : 0;
  const std::string label = f.path + ": ";
  const std::string window = label + f.text_lower.substr(from, kWindow);
  const std::size_t at = label.size() + offset - from;
  where->note(window, term, at, std::min(length, window.size() - std::min(window.size(), at)));
}

bool contains_words(context& ctx, const compiled_condition& c, condition_match* where) {
  for (const auto& f : contents_of(ctx).files) {
    eval::word_match w;
    if (f.text_lower.empty() || !c.words.matches(f.text_lower, &w)) continue;
    const std::string_view term = c.source->values[w.word];
    note_in_text(where, f, term, w.offset, term.size());
    return true;
  }
  return false;
}

bool matches_patterns(context& ctx, const compiled_condition& c, condition_match* where) {
  for (const auto& f : contents_of(ctx).files) {
    if (f.text_lower.empty()) continue;
    const int k = first_matching_pattern(ctx, c, f.text_lower);
    if (k < 0) continue;
    note_in_text(where, f, c.source->values[static_cast<std::size_t>(k)],
                 static_cast<std::size_t>(ctx.s.match.position()),
                 static_cast<std::size_t>(ctx.s.match.length()));
    return true;
  }
  return false;
}

// AttachmentPropertyContainsWords: a property of that name (without case) holds one of its
// words; several properties, or several words, are alternatives.
bool property_has_words(context& ctx, const compiled_condition& c, condition_match* where) {
  for (const auto& f : contents_of(ctx).files) {
    for (const auto& p : f.properties) {
      for (const auto& wanted : c.properties) {
        eval::word_match w;
        if (!ascii_iequals(p.name, wanted.name_lower) || !wanted.words.matches(p.value_lower, &w)) {
          continue;
        }
        if (where != nullptr) {
          where->note(f.path + ": " + p.name + ": " + p.value_lower, p.name, std::nullopt, 0);
        }
        return true;
      }
    }
  }
  return false;
}

bool is_unsupported(context& ctx, condition_match* where) {
  for (const auto& f : contents_of(ctx).files) {
    if (f.type != mail::content_type::unsupported) continue;
    if (where != nullptr) where->note(f.path, "a file type rules cannot inspect", std::nullopt, 0);
    return true;
  }
  return false;
}

}  // namespace

bool attachment_content_holds(context& ctx, const compiled_condition& c, condition_match* where) {
  switch (c.kind) {
    case kind::attachment_contains_words: return contains_words(ctx, c, where);
    case kind::attachment_matches_patterns: return matches_patterns(ctx, c, where);
    case kind::attachment_property_contains_words: return property_has_words(ctx, c, where);
    case kind::attachment_is_unsupported: return is_unsupported(ctx, where);
    case kind::attachment_processing_limit_exceeded: {
      const auto& contents = contents_of(ctx);
      if (!contents.limit_exceeded) return false;
      if (where != nullptr)
        where->note(contents.limit_reason, "scanning did not complete", std::nullopt, 0);
      return true;
    }
    default: return false;
  }
}

void list_attachment_content_inputs(context& ctx, const compiled_condition& c, condition_trace& t) {
  if (!eval::inspects_attachments(c.kind)) return;
  const auto& contents = contents_of(ctx);
  for (const auto& f : contents.files) {
    std::string line = f.path + ": " + mail::to_string(f.type);
    if (!f.contents_read) line += " (its text is not read)";
    if (!f.text_lower.empty())
      line += ", " + std::to_string(f.text_lower.size()) + " bytes of text";
    for (const auto& p : f.properties) line += ", " + p.name + "=" + p.value_lower;
    t.decoded_values.push_back(std::move(line));
  }
  list_unfinished_inspection(ctx, t);
}

void list_unfinished_inspection(context& ctx, condition_trace& t) {
  const auto& contents = contents_of(ctx);
  if (contents.limit_exceeded)
    t.decoded_values.push_back("not completed: " + contents.limit_reason);
}

}  // namespace mfsim::eval_detail
