// Runs a docs scenario (tests/docs/transcript.h) for real: one bash process on a pseudo-terminal
// (so stdout and stderr interleave exactly as a reader sees them), in a scratch HOME that is
// also the starting directory, with the real kittylog and kittylog-merge first on PATH.
//
// The environment is built from nothing, so the machine's never leaks in: HOME (a .gitconfig
// naming user `alice`, branch `main`, no colour, no pager), GIT_CONFIG_NOSYSTEM, NO_COLOR,
// TZ=UTC, LC_ALL=C.UTF-8, TMPDIR under HOME, a 120-column terminal, stdin from /dev/null.
// Each step's output is what the terminal showed between two markers the runner prints;
// the PathMap it returns turns the scratch and build paths into `~` and `/usr/local/bin`.
// Test-only; not thread-safe (forks).
#pragma once

#include <string>
#include <vector>

#include "tests/docs/transcript.h"

namespace kittylog::doctest {

struct StepResult {
  bool ran = false;  // false after the shell ended early (exit, a killed shell, the deadline)
  int exit_code = -1;
  std::string output;  // PathMap applied
};

struct ScenarioRun {
  std::vector<StepResult> steps;  // one per scenario step
  std::string error;              // "" when every step ran
  std::vector<std::string> outputs() const;
};

struct RunnerOptions {
  std::string kittylog;        // the binaries to put first on PATH
  std::string kittylog_merge;
  int deadline_seconds = 300;  // the whole scenario
};

ScenarioRun RunScenario(const Scenario& scenario, const RunnerOptions& options);

}  // namespace kittylog::doctest
