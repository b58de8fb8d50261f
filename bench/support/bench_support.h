// What the benchmarks under bench/ share (docs/benchmarks.md): the statistics they print and
// the one way they run and time a whole process.
// The statistics take their series by value (they sort a copy); a series must not be empty.
// RunProcess forks and execs: call it from one thread. Everything else is pure and thread-safe.
#pragma once

#include <algorithm>
#include <string>
#include <utility>
#include <vector>

namespace kittylog::bench {

// The upper median: the element at size/2 of the sorted series.
double Median(std::vector<double> values);

// The element at size*9/10 of the sorted series.
double Percentile90(std::vector<double> values);

// The upper median element of `values` ordered by `key` (e.g. the run of median wall time, with
// its own CPU time).
template <typename T, typename Key>
T MedianBy(std::vector<T> values, Key key) {
  std::sort(values.begin(), values.end(), [&](const T& a, const T& b) { return key(a) < key(b); });
  return values[values.size() / 2];
}

// How a child runs. Streams not named stay ours, except stdout, which goes to /dev/null.
struct ProcessOptions {
  std::string cwd;                       // "" = ours
  std::string stdin_path;                // "" = ours
  std::string stdout_path = "/dev/null";  // "" = ours
  std::string stderr_path;               // "" = ours
  bool append = false;                   // open stdout_path/stderr_path for appending, not truncated
  std::string* capture_stdout = nullptr;  // when set, stdout is read through a pipe into it
  std::vector<std::pair<std::string, std::string>> environment;  // set in the child
};

// One run of a child: wall time from just before fork to its reaping, and what wait4 says.
struct ProcessRun {
  double wall_ms = 0;
  double cpu_ms = 0;      // user + system of the child: steadier than wall time on a shared machine
  long max_rss_kb = 0;    // the child's peak resident set
  int exit_code = -1;     // 128 + signal when killed; -1 when it could not be started
  bool ok() const { return exit_code == 0; }
};

// Runs argv (PATH searched) to completion. Flushes our stdout and stderr first, so the child
// never writes our buffers again.
ProcessRun RunProcess(const std::vector<std::string>& argv, const ProcessOptions& options = {});

// RunProcess, and exits the benchmark with "command failed (exit N): argv..." on stderr when
// the child does not exit 0.
ProcessRun RunOrExit(const std::vector<std::string>& argv, const ProcessOptions& options = {});

}  // namespace kittylog::bench
