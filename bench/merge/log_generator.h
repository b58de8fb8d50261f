// Realistic synthetic event logs for the merge benchmark (and nothing else).
//
// LogGenerator makes canonical event lines (DESIGN §2 key order, compact JSON) with ULIDs whose
// time part follows the timestamps, a mix of event types weighted like a real feature's life
// (mostly WPStatusChanged, SubtaskCompleted, GateResultChanged), and about 420 bytes a line.
// Deterministic for a seed; not thread-safe.
#pragma once

#include <cstdint>
#include <string>

namespace kittylog::bench {

class LogGenerator {
 public:
  explicit LogGenerator(uint64_t seed) : state_((seed + 1) * 0xD1B54A32D192ED03ull) {}

  // `count` lines with clocks first_clock, first_clock + 1, ...; shuffled line order on request.
  std::string Events(size_t count, uint64_t first_clock, bool shuffle = false);

 private:
  uint64_t Next();
  std::string Ulid(uint64_t millis);
  std::string Line(uint64_t clock);

  uint64_t state_;
};

bool ReadWholeFile(const std::string& path, std::string* bytes);
bool WriteWholeFile(const std::string& path, const std::string& bytes);

}  // namespace kittylog::bench
