// The second readings' records (engine/mail/second_readings.h): a replay is kept as a
// reference to the record it replayed, and replaying a record that holds one does what
// replaying the copy did (decisions 1104, 1143).
#include "engine/mail/second_readings.h"

#include <doctest/doctest.h>

#include <string>

namespace {

namespace mail = mfsim::mail;

// A message M holding three attachments read by a first reading, within a message N whose
// second reading replays M: the records of both remembered.
void read_nested(mail::second_readings& readings) {
  const std::size_t n_record = readings.record_start();
  const std::size_t n_first = readings.first_reading_start();
  const std::size_t m_record = readings.record_start();
  CHECK(readings.add("a.exe", 1));
  CHECK(readings.add("bb.exe", 2));
  CHECK(readings.add("ccc.exe", 3));
  readings.remember("M", m_record, {3, 0, 0});
  readings.begin(n_first);
  CHECK(readings.replay("M"));
  readings.end();
  readings.remember("N", n_record, {4, 0, 0});
}

}  // namespace

TEST_SUITE("second readings") {
  TEST_CASE("a replay is recorded once, as a reference, and costs what its copy did") {
    mail::second_readings readings;
    read_nested(readings);
    // M's record: a byte and the name of each attachment. N's: M's, begin and end, and the
    // replay of M, which costs what recording M again did.
    REQUIRE(readings.cost_of("M").has_value());
    CHECK(readings.cost_of("M")->record_bytes == 3 + 5 + 6 + 7);
    CHECK(readings.cost_of("N")->record_bytes == 2 * (3 + 5 + 6 + 7) + 2);
    // M's 3 attachments, begin, the replay, end: 6 events, not 8 (the replay's copy of M).
    CHECK(readings.record_start() == 6);
    // Replaying N, which holds a replay of M, in a second reading around it matches each
    // attachment its first reading found, and adds one event.
    readings.begin(0);
    CHECK(readings.replay("N"));
    CHECK(readings.record_start() == 8);
    readings.end();
  }

  TEST_CASE("a replay that meets an attachment not found already records nothing") {
    mail::second_readings readings;
    read_nested(readings);
    const std::size_t seen = readings.first_reading_start();
    // A second reading whose first reading found none of N's attachments: replaying N would add
    // them, so it is read instead, and the replay leaves no trace.
    readings.begin(seen);
    CHECK_FALSE(readings.replay("N"));
    CHECK(readings.record_start() == 7);
    CHECK(readings.first_reading_start() == seen);
    // Read instead, its attachments are the second reading's own.
    CHECK(readings.add("a.exe", 1));
    readings.end();
  }
}
