// Process-level facts from the operating system: wall-clock time and kernel randomness.
//
// NowMillis() honours KITTYLOG_NOW (milliseconds since the Unix epoch) so tests can inject the
// time, e.g. to cross a UTC midnight. Both functions are thread-safe.
#pragma once

#include <cstddef>
#include <cstdint>

namespace kittylog::platform {

// Milliseconds since the Unix epoch (UTC), or KITTYLOG_NOW when it is set to an integer.
int64_t NowMillis();

// Fills `out` with `size` bytes from getrandom(2); blocks only until the pool is initialised.
void RandomBytes(uint8_t* out, size_t size);

}  // namespace kittylog::platform
