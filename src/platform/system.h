// Process-level facts from the operating system: wall-clock time and kernel randomness, and
// the crash points of the crash tests.
//
// NowMillis() honours KITTYLOG_NOW (milliseconds since the Unix epoch) so tests can inject the
// time, e.g. to cross a UTC midnight. All functions are thread-safe.
#pragma once

#include <cstddef>
#include <cstdint>

namespace kittylog::platform {

// Milliseconds since the Unix epoch (UTC), or KITTYLOG_NOW when it is set to an integer.
int64_t NowMillis();

// Fills `out` with `size` bytes from getrandom(2); blocks only until the pool is initialised.
void RandomBytes(uint8_t* out, size_t size);

// When KITTYLOG_CRASH_AT names `point`, the process kills itself with SIGKILL here, as a power
// cut or the OOM killer would: the crash tests stop a command between two steps that no
// timing can hit reliably (docs/reliability.md). Points: "emit-appended" (the events are in
// the log, the index not yet updated), "index-commit" (an index transaction about to commit).
void CrashPoint(const char* point);

}  // namespace kittylog::platform
