// What a compiled plan reads of each message besides its header block, so that a reader can
// read only that: a plan of header conditions needs only the header block of each file (and
// its size, from fstat, for MessageSizeOver); one that reads the body or attachments needs it
// all. Every condition kind and every policy setting that looks past the header block must say
// so here, or readers would hand it a message cut after its header.
#pragma once

#include "engine/engine.h"
#include "engine/rules/rule_set.h"

namespace mfsim {

struct message_reads {
  bool size = false;         // the whole message's size in bytes (MessageSizeOver)
  bool body = false;         // the body text (SubjectOrBodyContainsWords)
  bool attachments = false;  // the MIME parts (AttachmentExtensionMatchesWords)

  // True when the header block (and the size) is all the plan reads.
  [[nodiscard]] bool header_block_only() const noexcept { return !body && !attachments; }
  message_reads& operator|=(const message_reads& other) noexcept {
    size = size || other.size;
    body = body || other.body;
    attachments = attachments || other.attachments;
    return *this;
  }
};

// What one condition reads. A new condition kind must be added to the switch (the compiler
// warns about a missing case).
[[nodiscard]] message_reads condition_reads(rules::condition_kind kind) noexcept;

// What the rule set's policies read beyond the header block: the body and attachments when an
// Advanced Spam Filter setting that looks at them is On or in Test.
[[nodiscard]] message_reads policy_reads(const rules::rule_set& set) noexcept;

// What the compiled plan reads: every condition and exception of every rule, and the policies.
[[nodiscard]] message_reads reads_of(const plan& p) noexcept;

}  // namespace mfsim
