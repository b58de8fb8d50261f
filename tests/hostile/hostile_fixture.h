// The fixture of the hostile-input tests (tests/hostile/*_test.cc; issue 11, DESIGN §1, §3,
// §8-§10, §12): a teammate's branch commits symlinks, directories and FIFOs under .kittify/, odd
// hooks arrive with hook managers, commands run in odd places. Everything goes through the real
// binaries and the real git in temporary repositories (git_fixture.h).
//
// Where the user matters (what a link can reach, what a process may create), a test runs twice:
// as the user running the tests and, when that is root, as `nobody` through setpriv(1) after the
// test directory was handed over (chown -R). The `nobody` variant is skipped, with the reason,
// when the tests do not run as root or setpriv is missing.
#pragma once

#include <ostream>
#include <string>
#include <vector>

#include "tests/integration/git_fixture.h"

namespace kittylog::gittest {

enum class Who { kSelf, kNobody };

std::string WhoName(const ::testing::TestParamInfo<Who>& info);
inline void PrintTo(Who who, std::ostream* out) { *out << (who == Who::kSelf ? "the test user" : "nobody"); }

class HostileTest : public GitTest, public ::testing::WithParamInterface<Who> {
 protected:
  // Skips the test (GTEST_SKIP in the caller) when the `nobody` variant cannot run; call first.
  bool CannotRunAsNobody();

  // Gives every file of the test directory to the user of the variant (a no-op for kSelf).
  void HandOver();

  // kittylog / kittylog-merge / git as the variant's user, with the fixture's environment.
  ProcessResult KlAs(const std::string& dir, const std::vector<std::string>& args, const ProcessOptions& extra = {});
  ProcessResult MergeDriverAs(const std::string& dir, const std::vector<std::string>& args);
  ProcessResult GitAs(const std::string& dir, const std::vector<std::string>& args, const ProcessOptions& extra = {});

 private:
  std::vector<std::string> Prefix() const;
};

// Runs `argv` bounded by `seconds` (timeout -k 5): a hang is exit 124 instead of a stuck test.
ProcessResult RunBounded(int seconds, std::vector<std::string> argv, const ProcessOptions& options);

// Whether `text` holds exactly one JSON document (python3's json module: a second document,
// text around it or nothing at all fail).
::testing::AssertionResult IsOneJsonDocument(const std::string& text);

}  // namespace kittylog::gittest
