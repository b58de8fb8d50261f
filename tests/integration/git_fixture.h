// The fixture of the git integration tests (tests/integration/git_*.cc): real `git` and the
// real kittylog binaries in temporary repositories, with a private HOME (its .gitconfig gives
// git a user and `main` as the first branch) and GIT_CONFIG_NOSYSTEM, so the machine's git
// config never leaks in. Every emit happens at a fixed KITTYLOG_NOW, so all events of a test
// land in one daily file.
#pragma once

#include <cstdint>
#include <string>
#include <vector>

#include <gtest/gtest.h>

#include "event/event.h"
#include "tests/support/test_support.h"

namespace kittylog::gittest {

using testing::ProcessOptions;
using testing::ProcessResult;

inline constexpr const char* kFeature = "001-demo";
inline constexpr const char* kDay = "2026-01-27";
inline constexpr const char* kDailyFile = ".kittify/events/2026-01-27.jsonl";

class GitTest : public ::testing::Test {
 protected:
  GitTest();

  // tmp/<name>
  std::string Path(const std::string& name) const { return tmp_ / name; }

  // The environment every process of the test gets (plus `extra`).
  ProcessOptions Env(const ProcessOptions& extra = {}) const;

  ProcessResult Git(const std::string& dir, const std::vector<std::string>& args, const ProcessOptions& extra = {});
  ProcessResult Kl(const std::string& dir, const std::vector<std::string>& args, const ProcessOptions& extra = {});
  // The same, adding a test failure (with stderr) when the exit code is not 0.
  ProcessResult GitOk(const std::string& dir, const std::vector<std::string>& args, const ProcessOptions& extra = {});
  ProcessResult KlOk(const std::string& dir, const std::vector<std::string>& args, const ProcessOptions& extra = {});

  // `git init` of tmp/<name> on branch main; returns its path.
  std::string NewRepo(const std::string& name);
  // A repository with `kittylog init` (and so install) run, a feature with WP01 and WP02
  // created, all committed on main.
  std::string NewKittylogRepo(const std::string& name);

  void MoveWp(const std::string& dir, const std::string& wp, const std::string& to, const std::string& actor = "tester");
  void Commit(const std::string& dir, const std::string& message);

  // Events of every daily file of the checkout, in file order.
  std::vector<Event> LogEvents(const std::string& dir) const;
  int64_t MaxClockInLog(const std::string& dir) const;
  // The value in .kittify/clock.json (-1 when absent or unreadable).
  int64_t StoredClock(const std::string& dir) const;
  // The lane `kittylog status --json`... read from the text board: the lane heading WP is under.
  std::string LaneOf(const std::string& dir, const std::string& wp);

  std::string ReadFile(const std::string& path) const { return testing::ReadFileOrEmpty(path); }

  testing::TempDir tmp_;
  std::string home_;
};

// Whether `text` contains `needle`, for EXPECT_TRUE with a readable failure.
::testing::AssertionResult Contains(const std::string& text, const std::string& needle);

// Runs the merge driver on three versions; returns what it writes into %A.
std::string DriverResult(const std::string& scratch_dir, const std::string& base, const std::string& ours,
                         const std::string& theirs);

}  // namespace kittylog::gittest
