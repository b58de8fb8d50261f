// Helpers shared by the merge tests (src/merge/, mergedriver/): event lines, ids, files. The
// temporary directory and the child process are the suite's own (tests/support/test_support.h,
// re-exported here); RunProcess and Shell only adapt their arguments to testing::Run.
// Test-only; not thread-safe.
#pragma once

#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

#include "tests/support/test_support.h"

namespace kittylog::merge::testing {

using kittylog::testing::ProcessResult;
using kittylog::testing::TempDir;

// A valid ULID made from `n` (distinct n give distinct ids, ordered like n).
std::string IdFor(uint64_t n);

struct LineSpec {
  std::string id;
  int64_t clock = 1;
  std::string entity = "WP01";
  std::string event_type = "WPStatusChanged";
  std::string old_status = "planned";
  std::string new_status = "doing";
  std::string feature = "025-cli-event-log";
  std::string actor = "agent";
};

// A canonical event line, without "\n".
std::string EventLine(const LineSpec& spec);
// Shorthand: a status change of WP01 with `clock`, id IdFor(n).
std::string Ev(uint64_t n, int64_t clock, std::string_view new_status = "doing");

// Joins lines, each followed by "\n".
std::string Log(const std::vector<std::string>& lines);
// The lines of `bytes` (split on "\n", a last empty piece dropped).
std::vector<std::string> Lines(std::string_view bytes);

std::string ReadBytes(const std::string& path);
void WriteBytes(const std::string& path, std::string_view bytes);
bool Exists(const std::string& path);
// Names in `dir` (recursively, relative, sorted), skipping `skip` subdirectories by name.
std::vector<std::string> ListTree(const std::string& dir, std::string_view skip = "");

// Runs `argv` (no shell) in `cwd` with extra environment entries "NAME=value" (testing::Run).
ProcessResult RunProcess(const std::vector<std::string>& argv, const std::string& cwd = "",
                         const std::vector<std::string>& env = {});
// Runs a shell command line in `cwd` (sh -c), e.g. for git.
ProcessResult Shell(const std::string& cwd, const std::string& command);

}  // namespace kittylog::merge::testing
