// Shared test helpers: temporary directories, running real processes, reading files.
//
// Integration tests drive the real binaries (KITTYLOG_BINARY, KITTYLOG_MERGE_BINARY compile
// definitions) in real temporary directories and git repositories; nothing is mocked.
#pragma once

#include <map>
#include <string>
#include <vector>

namespace kittylog::testing {

// A fresh directory under $TMPDIR (or /tmp), removed with its contents on destruction.
class TempDir {
 public:
  TempDir();
  ~TempDir();
  TempDir(const TempDir&) = delete;
  TempDir& operator=(const TempDir&) = delete;
  const std::string& path() const { return path_; }
  std::string operator/(const std::string& name) const { return path_ + "/" + name; }

 private:
  std::string path_;
};

struct ProcessResult {
  int exit_code = -1;  // -1 when killed by a signal (then `signal` is set)
  int signal = 0;
  std::string out;
  std::string err;
};

struct ProcessOptions {
  std::string cwd;
  std::string stdin_data;
  std::map<std::string, std::string> env;  // added to / overriding the inherited environment
};

// Runs argv[0] (a path, or a name looked up in PATH) and waits for it.
ProcessResult Run(const std::vector<std::string>& argv, const ProcessOptions& options = {});

// Runs `kittylog ARGS...` in `cwd` with KITTYLOG_ACTOR=test-actor.
ProcessResult Kittylog(const std::string& cwd, const std::vector<std::string>& args,
                       const ProcessOptions& extra = {});

std::string ReadFileOrEmpty(const std::string& path);
void WriteFile(const std::string& path, const std::string& bytes);
std::vector<std::string> SplitLines(const std::string& text);
// Every file under `dir` (recursively) with its bytes, for "nothing changed" checks.
std::map<std::string, std::string> Snapshot(const std::string& dir);

}  // namespace kittylog::testing
