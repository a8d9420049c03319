// A --mailbox-state file that is the wrong file stops after 1,000 problems (decision 620).
#include <doctest/doctest.h>

#include <string>

#include "engine/mailbox/load_mailbox_state.h"
#include "tests/support/load_problems.h"

TEST_SUITE("mailbox") {
  TEST_CASE("a mailbox state with more than 1000 problems is read no further") {
    std::string text = "mfsim_mailbox: 1\nmailboxes:\n";
    for (int k = 0; k < 5000; ++k) text += "  - x\n";  // not a mailbox: a problem each
    const auto problems = mfsim::test::load_problems(
        [&] { (void)mfsim::mailbox::load_mailbox_state_yaml(text, "state.yaml"); });
    REQUIRE(problems.size() == 1001);
    CHECK(problems.back() ==
          "1003:5: more than 1000 problems (the limit kMaxStateProblems): the rest of the file "
          "is not read");
    // The same recipient given again and again is one problem a time, counted alike.
    std::string twice = "mfsim_mailbox: 1\nmailboxes:\n";
    for (int k = 0; k < 3000; ++k) twice += "  - {Recipient: a@contoso.com}\n";
    CHECK(mfsim::test::load_problems([&] {
            (void)mfsim::mailbox::load_mailbox_state_yaml(twice, "state.yaml");
          }).size() == 1001);
  }
}
