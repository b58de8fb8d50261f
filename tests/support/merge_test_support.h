// Helpers shared by the merge driver's tests: event lines, ids, temporary directories, files
// and child processes. Test-only; not thread-safe.
#pragma once

#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

namespace kittylog::merge::testing {

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

class TempDir {
 public:
  TempDir();
  ~TempDir();
  TempDir(const TempDir&) = delete;
  TempDir& operator=(const TempDir&) = delete;
  const std::string& path() const { return path_; }
  std::string operator/(std::string_view name) const { return path_ + "/" + std::string(name); }

 private:
  std::string path_;
};

std::string ReadBytes(const std::string& path);
void WriteBytes(const std::string& path, std::string_view bytes);
bool Exists(const std::string& path);
// Names in `dir` (recursively, relative, sorted), skipping `skip` subdirectories by name.
std::vector<std::string> ListTree(const std::string& dir, std::string_view skip = "");

struct ProcessResult {
  int exit_code = -1;     // -1: not exited normally
  int signal = 0;         // the signal that ended it, if any
  std::string output;     // stdout
  std::string errors;     // stderr
};

// Runs `argv` (no shell) in `cwd` with extra environment entries "NAME=value".
ProcessResult RunProcess(const std::vector<std::string>& argv, const std::string& cwd = "",
                         const std::vector<std::string>& env = {});
// Runs a shell command line in `cwd` (sh -c), e.g. for git.
ProcessResult Shell(const std::string& cwd, const std::string& command);

}  // namespace kittylog::merge::testing
