// Exchange parity: for every parameter of the cmdlets mfsim reads, what mfsim does with it,
// derived from the parameter tables (param_tables.cc) and the notes that say why
// (parity_notes.cc). `mfsim parity` writes docs/parity.md from it; a test keeps the two equal.
#pragma once

#include <span>
#include <string>
#include <string_view>
#include <vector>

#include "engine/rules/validate.h"

namespace mfsim::rules {

// What mfsim does with a parameter, as docs/parity.md words it.
enum class parity_status {
  simulated,          // changes the outcome as Exchange documents it
  no_effect,          // accepted; changes nothing mfsim reports (the note says why)
  user_data,          // simulated from data the user supplies (the note says which)
  cannot_simulate,    // needs something mfsim cannot have (the note says what)
  not_simulated_yet,  // refused until it is built (temporary)
};

// The note on one parameter: its status where the table alone cannot tell (user_data,
// cannot_simulate), and the why or which the document prints.
struct parity_note {
  std::string_view name;
  parity_status status;
  std::string_view detail;
};

// The notes of a family, and the names Microsoft's cmdlet reference lists for it (those the
// script runner handles itself, such as -WhatIf, come with their notes too).
[[nodiscard]] std::span<const parity_note> parity_notes(cmdlet_family family);
[[nodiscard]] std::span<const std::string_view> reference_parameters(cmdlet_family family);
// New-TransportRule's actions, to tell them from the rule's properties.
[[nodiscard]] bool is_transport_action(std::string_view name);

struct parity_row {
  std::string name;
  parity_status status = parity_status::not_simulated_yet;
  std::string_view detail;
};

struct parity_group {
  std::string_view title;  // "Conditions", "Exceptions", "Actions", "Properties", "Parameters"
  std::vector<parity_row> rows;
};

struct parity_section {
  std::string_view cmdlets;  // "New-TransportRule", "New-/Set-HostedContentFilterPolicy", ...
  cmdlet_family family = cmdlet_family::transport_rule;
  std::vector<parity_group> groups;
};

// Every parameter of every family, grouped as docs/parity.md shows them, sorted by name.
[[nodiscard]] std::vector<parity_section> parity_sections();
// The status of one parameter of a family: its table entry refined by its note.
[[nodiscard]] parity_status parity_of(cmdlet_family family, std::string_view name);
// docs/parity.md, byte for byte.
[[nodiscard]] std::string parity_markdown();

}  // namespace mfsim::rules
