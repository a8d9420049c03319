// Exit statuses shared by every subcommand (cli-contract.md).
#pragma once

namespace mfsim::tools {

constexpr int kExitOk = 0;
constexpr int kExitIoFailure = 1;
constexpr int kExitUsage = 2;
// A bug: an exception no reader turned into a diagnostic reached main (decisions.md 340).
// EX_SOFTWARE of sysexits.h, apart from the contract's 0, 1 and 2 so a CI gate can tell it.
constexpr int kExitInternalError = 70;

}  // namespace mfsim::tools
