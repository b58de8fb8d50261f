// Helpers of the reliability harnesses (tests/reliability/, docs/reliability.md): sizing runs
// for the build (sanitizers are slower), starting `kittylog` without waiting for it (so it can
// be killed), and reading what a checkout holds straight from its files.
#pragma once

#include <sys/types.h>

#include <cstdint>
#include <map>
#include <string>
#include <vector>

#include "event/event.h"
#include "event/line_reader.h"

namespace kittylog::testing {

// True when this test binary (and so the kittylog under test) is built with ASan/UBSan.
bool UnderSanitizers();

// The integer in environment variable `name`, else `normal` (or `sanitized` under sanitizers).
int ScaledCount(const char* name, int normal, int sanitized);

// Starts `kittylog ARGS...` in `cwd` without waiting: stdin from `stdin_path` (or /dev/null),
// stdout to /dev/null, stderr to `stderr_path` (or /dev/null). Returns the pid.
struct SpawnOptions {
  std::string cwd;
  std::string stdin_path;
  std::string stderr_path;
  std::map<std::string, std::string> env;
};
pid_t SpawnKittylog(const std::vector<std::string>& args, const SpawnOptions& options);

// One line a reader reported, with the daily file it is in.
struct FileProblem {
  std::string file;  // name, e.g. "2026-01-27.jsonl"
  LineProblem problem;
};

// Every daily file of `checkout`, read by the tolerant reader.
struct LogScan {
  std::vector<Event> events;
  std::vector<FileProblem> problems;  // hard problems only (lines that are not events)
  std::vector<FileProblem> notes;     // soft problems of events (e.g. no final newline)
  int64_t max_clock = 0;
  size_t files = 0;
};
LogScan ScanLog(const std::string& checkout);

// Whether `line` can be what a crash or a failed write left of a line kittylog was writing:
// a prefix of an event line (it starts like one, or is a prefix of how one starts) that does not
// decode as an event.
bool IsWriteFragment(const std::string& line);

// The "value" of .kittify/clock.json, or -1 when the file is absent or unreadable.
int64_t StoredClock(const std::string& checkout);

// Bytes of every file that holds the log and the clock (.kittify/ without the index, error log
// and quarantine), for "nothing changed" checks.
std::map<std::string, std::string> LogState(const std::string& checkout);

// Whether the CLI has a command (its --help works), e.g. {"index", "check"} or {"repair"}.
bool HasCommand(const std::string& cwd, const std::vector<std::string>& command);

// Milliseconds on a monotonic clock.
int64_t MonotonicMillis();

}  // namespace kittylog::testing
