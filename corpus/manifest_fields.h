// What both forms of a manifest (JSONL, CSV) do with an entry's values, internal to its reader
// (manifest.cc, manifest_csv_rows.cc): each problem placed at its line, and a CSV cell's column
// (decision 772), within kMaxManifestProblems and kMaxManifestEntries.
#pragma once

#include <cstddef>
#include <string>
#include <string_view>
#include <vector>

#include "corpus/manifest_entry.h"
#include "corpus/manifest_index.h"
#include "engine/status.h"

namespace mfsim::corpus::manifest_reading {

// A value from the file as quoted in a message: at most 64 bytes, so that a 100 KB column
// name is not echoed whole; format_diagnostic escapes the rest.
[[nodiscard]] std::string shown(std::string_view text);

// Where a value was read: its line, and for a CSV cell its column too (decision 772); a JSONL
// line's problems name the line.
struct line_context {
  const std::string& file;
  int line;
  std::vector<diagnostic>& problems;
  int col = 0;
  void fail(int at_col, const std::string& message) const {
    problems.push_back({diag_code::bad_value, {file, line, at_col != 0 ? at_col : col}, message});
  }
};

// Past kMaxManifestProblems, says the rest is not read and returns true: the wrong file given
// (an mbox, a log) has a problem on every line (decision 574).
bool too_many_problems(std::vector<diagnostic>& problems, const std::string& file, int line);

inline constexpr std::string_view kKnownKeys =
    "id, client_ip, recipients, received, auth_as, direction";
inline constexpr std::string_view kKeys[] = {"id",       "client_ip", "recipients",
                                             "received", "auth_as",   "direction"};

// Each sets its field from a value's text, an empty one leaving it unset, or says why it cannot.
void set_client_ip(manifest_entry& e, std::string_view text, const line_context& at);
void set_received(manifest_entry& e, std::string_view text, const line_context& at);
// `key`: auth_as or direction.
void set_auth(manifest_entry& e, std::string_view key, std::string_view text,
              const line_context& at);
void add_recipient(manifest_entry& e, std::string_view text, const line_context& at);

// The entries read, and how many the file may give (kMaxManifestEntries; tests give fewer).
struct entry_store {
  manifest_index& index;
  std::size_t max_entries;
};

// Adds the entry of `id`. Past `max_entries` the file is refused (a load_error) at the entry's
// line with no other problem, as past its bytes: short entries would otherwise take gigabytes
// within the byte budget (1031).
void insert(entry_store& entries, std::string_view id, manifest_entry e, const line_context& at);

}  // namespace mfsim::corpus::manifest_reading
