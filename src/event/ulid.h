// ULID event ids: 26 characters of Crockford base32 (48-bit millisecond time, 80 random bits
// from getrandom), first character 0-7 (docs/event-format.md).
//
// UlidGenerator is monotonic within one millisecond in one process: the random part of the
// previous id plus one. It is not thread-safe; a process has one per writer.
#pragma once

#include <array>
#include <cstdint>
#include <string>
#include <string_view>

namespace kittylog {

inline constexpr size_t kUlidLength = 26;

// Strict check: length 26, Crockford alphabet in upper case (no I, L, O, U), first char <= '7'.
// The one ULID rule: the decoder, validation and the index's scan of every line call it.
bool IsValidUlid(std::string_view text);

// The millisecond timestamp encoded in a valid ULID.
int64_t UlidMillis(std::string_view ulid);

class UlidGenerator {
 public:
  // A new id for time `epoch_millis`; strictly greater than every id this generator made.
  std::string Next(int64_t epoch_millis);

 private:
  int64_t last_millis_ = -1;
  std::array<uint8_t, 10> last_random_{};
};

}  // namespace kittylog
