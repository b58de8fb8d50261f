// The checkout's Lamport clock file, `.kittify/clock.json` (DESIGN §3; docs/clock.md):
// {"value":N,"last_updated":"<RFC 3339>"}.
//
// This module only reads and writes the file; the rules that combine it with the log
// (tick = max(stored, log max) + 1, witness = max(stored, log max)) are applied by the store
// under the writer lock. A missing file reads as value 0; an unreadable or corrupt one (bad
// JSON, wrong types, a value outside 0..2^53-1, larger than 4 KiB) reads as value 0 with
// `recovered` set and a warning, and the caller recovers from the log, so a clock value can
// never repeat.
#pragma once

#include <cstdint>
#include <string>

#include "base/status.h"

namespace kittylog {

struct ClockState {
  int64_t value = 0;
  bool recovered = false;  // the file was missing or corrupt: the value came from nowhere
  std::string warning;     // why, for the user (empty when the file was fine or simply absent)
};

ClockState LoadClock(const std::string& path);

// The file's bytes for `value` at `epoch_millis` (one line, "\n"-terminated).
std::string EncodeClock(int64_t value, int64_t epoch_millis);

// Saves atomically (temp + fsync + rename; see docs/clock.md for why the directory is not fsynced).
Status SaveClock(const std::string& path, int64_t value, int64_t epoch_millis);

}  // namespace kittylog
