// The DLP conditions (issue 15): MessageContainsDataClassifications counts the sensitive
// information types in the subject, the body text and the text of the attachments' files;
// HasSenderOverride reads the header Exchange stamps when the sender overrode a Policy Tip
// (docs/decisions.md, "DLP").
#include <string>

#include "engine/case_fold.h"
#include "engine/eval/eval_context.h"
#include "engine/eval/message_conditions.h"
#include "engine/mail/sensitive_info.h"

namespace mfsim::eval_detail {
namespace {

// What one type of the condition found: in the subject, the body, then each attachment's
// files in part order (decision 260).
struct classification_count {
  std::size_t count = 0;
  int highest_confidence = 0;
  std::string_view first_text;  // the text of the first instance counted
  std::string_view first_file;  // the file it is in; empty for the subject and the body
};

// The subject as decoded, and folded as the body is so that the lists' keywords meet it alike
// (decision 381). Folding keeps every offset (engine/case_fold.h), so an instance found in
// `folded` is shown from `decoded` at the same place. Made once per condition, for all its types.
struct subject_text {
  std::string_view decoded;
  std::string folded;
};

subject_text subject_of(context& ctx, const compiled_condition& c) {
  subject_text subject;
  any_value(ctx, c.slots.empty() ? kNoSlot : c.slots.front(), [&](const slot_value& v) {
    subject.decoded = v.decoded;
    append_case_folded(v.decoded, subject.folded);
    return true;  // the first Subject: is the subject
  });
  return subject;
}

classification_count count_type(context& ctx, const subject_text& subject,
                                const compiled_classification& k) {
  classification_count out;
  if (!k.known) return out;  // not a type mfsim reads: never found
  // `text` is scanned; the first instance is shown from `shown`, of the same length.
  const auto scan = [&](std::string_view text, std::string_view shown, std::string_view file) {
    const auto r = mail::scan_sensitive(k.type, text, k.min_confidence, k.max_confidence);
    if (r.count == 0) return;
    if (out.count == 0) {
      out.first_text = shown.substr(r.first_offset, r.first_length);
      out.first_file = file;
    }
    out.count += r.count;
    out.highest_confidence = std::max(out.highest_confidence, r.highest_confidence);
  };
  scan(subject.folded, subject.decoded, {});
  const mail::body_summary& body = body_of(ctx);
  scan(body.text_lower, body.text_lower, {});
  for (const auto& f : body.contents.files) scan(f.text_lower, f.text_lower, f.path);
  return out;
}

bool count_fits(const compiled_classification& k, std::size_t count) {
  if (count == 0 || count < static_cast<std::size_t>(k.min_count)) return false;
  return k.max_count < 0 || count <= static_cast<std::size_t>(k.max_count);
}

std::string_view type_name(const compiled_condition& c, std::size_t k) {
  return c.source->classifications[k].name;
}

}  // namespace

bool dlp_condition_holds(context& ctx, const compiled_condition& c, condition_match* where) {
  if (c.kind == rules::condition_kind::has_sender_override) {
    // Present with any value: Exchange writes the sender's justification there.
    return any_value(ctx, c.slots.empty() ? kNoSlot : c.slots.front(), [&](const slot_value& v) {
      if (where != nullptr) where->note(v.decoded, "sender override", std::nullopt, 0);
      return true;
    });
  }
  // Any one type found within its counts and confidence holds (Exchange: "contains any of").
  const subject_text subject = subject_of(ctx, c);
  for (std::size_t k = 0; k < c.classifications.size(); ++k) {
    const compiled_classification& type = c.classifications[k];
    const classification_count found = count_type(ctx, subject, type);
    if (!count_fits(type, found.count)) continue;
    if (where != nullptr) {
      std::string what = std::string(type_name(c, k)) + ": " + std::to_string(found.count) +
                         " found, confidence " + std::to_string(found.highest_confidence);
      if (!found.first_file.empty()) what += ", the first in " + std::string(found.first_file);
      where->note(found.first_text, what, 0, found.first_text.size());
    }
    return true;
  }
  return false;
}

void list_dlp_inputs(context& ctx, const compiled_condition& c, condition_trace& t) {
  if (c.kind == rules::condition_kind::has_sender_override) {
    any_value(ctx, c.slots.empty() ? kNoSlot : c.slots.front(), [&](const slot_value& v) {
      t.raw_values.emplace_back(v.raw);
      t.decoded_values.emplace_back(v.decoded);
      return false;  // every value
    });
    return;
  }
  const subject_text subject = subject_of(ctx, c);
  for (std::size_t k = 0; k < c.classifications.size(); ++k) {
    const compiled_classification& type = c.classifications[k];
    std::string line(type_name(c, k));
    if (!type.known) {
      t.decoded_values.push_back(line + ": not a type mfsim reads, never found by mfsim");
      continue;
    }
    const classification_count found = count_type(ctx, subject, type);
    line += ": " + std::to_string(found.count) + " found at confidence " +
            std::to_string(type.min_confidence) + " to " + std::to_string(type.max_confidence);
    if (found.count > 0) line += ", highest " + std::to_string(found.highest_confidence);
    line += " (wanted " + std::to_string(type.min_count) +
            (type.max_count < 0 ? " or more)" : " to " + std::to_string(type.max_count) + ")");
    t.decoded_values.push_back(std::move(line));
  }
}

}  // namespace mfsim::eval_detail
