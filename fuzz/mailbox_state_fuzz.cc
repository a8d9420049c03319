// Fuzzes the --mailbox-state readers (YAML, or JSON that YAML reads; Exchange's exports as JSON,
// CSV or CLIXML, without a directory). load_error is the
// documented way to reject a file, each diagnostic placed in it; any other exception, a crash,
// a sanitizer report or a stack overflow (deep nesting, aliases) is a bug. A state that loads
// finds each of its mailboxes by its recipient.
#include <cstddef>
#include <cstdint>
#include <cstdio>
#include <exception>
#include <string>
#include <string_view>

#include "engine/mailbox/load_mailbox_export.h"
#include "engine/mailbox/load_mailbox_state.h"
#include "engine/status.h"
#include "fuzz/fuzz_check.h"
#include "fuzz/load_error_check.h"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  const std::string_view text(reinterpret_cast<const char*>(data), size);
  try {
    const auto state =
        mfsim::mailbox::is_mailbox_export(text)
            ? mfsim::mailbox::mailbox_state(
                  mfsim::mailbox::load_mailbox_export(text, "fuzz.yaml", nullptr), "fuzz.yaml")
            : mfsim::mailbox::load_mailbox_state_yaml(text, "fuzz.yaml");
    for (const auto& m : state.mailboxes()) {
      if (m.recipient == "*") {
        MFSIM_FUZZ_CHECK(state.default_mailbox() != nullptr);
      } else {
        MFSIM_FUZZ_CHECK(state.find(m.recipient) != nullptr);
      }
    }
  } catch (const mfsim::load_error& e) {
    mfsim::fuzz::check_refusal(e, "fuzz.yaml");
  } catch (const std::exception& e) {
    std::fprintf(stderr, "the mailbox state reader threw something other than load_error: %s\n",
                 e.what());
    std::abort();
  }
  return 0;
}
