// Benchmark of the merge driver against git's built-in union merge (issue 5, docs/merge-driver.md).
//
// Generates realistic event logs (ULIDs, WPStatusChanged and friends, ~420 bytes a line) in a
// temporary directory, then times whole processes, each on fresh copies of the same files in the
// same run: `kittylog-merge BASE OURS THEIRS` against `git merge-file --union OURS BASE THEIRS`.
// Prints the medians, the ratio and peak RSS (ru_maxrss of the child, from wait4). Then the worst
// case: two unsorted, fully divergent logs with an empty base. Exit status 1 when a target is
// missed (with --check), 2 on a setup error.
//
//   kittylog_merge_bench [--base N] [--added N] [--worst N] [--runs N] [--driver PATH] [--check] [--keep]
#include <fcntl.h>
#include <sys/stat.h>
#include <malloc.h>
#include <unistd.h>

#include <algorithm>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <string>
#include <vector>

#include "bench/merge/log_generator.h"
#include "bench/support/bench_support.h"

namespace {

using kittylog::bench::ProcessRun;

// Runs `argv` with stdout and stderr sent to /dev/null (stderr to `errors` when given, with
// KITTYLOG_MERGE_STATS=1); times it and reads its peak RSS.
ProcessRun Spawn(const std::vector<std::string>& argv, const std::string& errors = "") {
  kittylog::bench::ProcessOptions options;
  options.stderr_path = errors.empty() ? "/dev/null" : errors;
  if (!errors.empty()) options.environment.emplace_back("KITTYLOG_MERGE_STATS", "1");
  return kittylog::bench::RunProcess(argv, options);
}

// Streams the copy through a small buffer: the benchmark's own memory must stay small, because a
// forked child starts with its parent's resident set and ru_maxrss would count it.
bool CopyFile(const std::string& from, const std::string& to) {
  int in = ::open(from.c_str(), O_RDONLY | O_CLOEXEC);
  if (in < 0) return false;
  int out = ::open(to.c_str(), O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0644);
  if (out < 0) {
    ::close(in);
    return false;
  }
  static char buffer[1 << 20];
  ssize_t n;
  bool ok = true;
  while ((n = ::read(in, buffer, sizeof buffer)) > 0) ok = ok && ::write(out, buffer, static_cast<size_t>(n)) == n;
  ::close(in);
  return ::close(out) == 0 && ok && n == 0;
}

// Gives freed memory back to the system before the next fork (see CopyFile).
void Shrink(std::string& bytes) {
  bytes.clear();
  bytes.shrink_to_fit();
  ::malloc_trim(0);
}

struct Series {
  std::vector<ProcessRun> runs;
  double median_seconds() const { return Median([](const ProcessRun& run) { return run.wall_ms; }) / 1000; }
  double median_cpu_seconds() const { return Median([](const ProcessRun& run) { return run.cpu_ms; }) / 1000; }
  long max_rss_kb() const {
    long peak = 0;
    for (const ProcessRun& run : runs) peak = std::max(peak, run.max_rss_kb);
    return peak;
  }
  bool all_exit(int code) const {
    return std::all_of(runs.begin(), runs.end(), [&](const ProcessRun& run) { return run.exit_code == code; });
  }

 private:
  template <typename Field>
  double Median(Field field) const {
    std::vector<double> values;
    for (const ProcessRun& run : runs) values.push_back(field(run));
    return values.empty() ? 0 : kittylog::bench::Median(std::move(values));
  }
};

// Times `runs` executions of the driver and of git merge-file, alternating, on fresh copies.
void TimeBoth(const std::string& dir, const std::string& driver, int runs, Series* ours_series, Series* git_series) {
  std::string base = dir + "/base.jsonl", ours = dir + "/ours.jsonl", theirs = dir + "/theirs.jsonl";
  std::string work = dir + "/work.jsonl", work_git = dir + "/work-git.jsonl";
  for (int i = 0; i < runs; ++i) {
    CopyFile(ours, work);
    ::sync();
    ours_series->runs.push_back(Spawn({driver, base, work, theirs, "7", "bench.jsonl"}));
    CopyFile(ours, work_git);
    ::sync();
    git_series->runs.push_back(Spawn({"git", "merge-file", "--union", work_git, base, theirs}));
  }
}

double MiB(double bytes) { return bytes / (1024.0 * 1024.0); }

// One more run of the driver on a fresh copy, with KITTYLOG_MERGE_STATS=1: prints how %A was
// written (in place, from which offset, how many bytes) and the driver's own timings.
void PrintWriteStats(const std::string& dir, const std::string& driver) {
  std::string work = dir + "/work.jsonl", errors = dir + "/stats.txt";
  CopyFile(dir + "/ours.jsonl", work);
  ::sync();
  Spawn({driver, dir + "/base.jsonl", work, dir + "/theirs.jsonl", "7", "bench.jsonl"}, errors);
  std::string text;
  kittylog::bench::ReadWholeFile(errors, &text);
  ::unlink(errors.c_str());
  size_t at = text.find(" write=");
  if (at == std::string::npos) return;
  size_t end = text.find('\n', at);
  std::printf("  kittylog-merge stats:%s\n", text.substr(at, end == std::string::npos ? end : end - at).c_str());
}

}  // namespace

int main(int argc, char** argv) {
  size_t base_events = 100000, added = 5000, worst = 500000;
  int runs = 7;
  bool check = false;
  bool keep = false;
  std::string driver = KITTYLOG_MERGE_BINARY;
  for (int i = 1; i < argc; ++i) {
    std::string arg = argv[i];
    auto next = [&]() -> std::string { return i + 1 < argc ? argv[++i] : ""; };
    if (arg == "--base") base_events = std::strtoull(next().c_str(), nullptr, 10);
    else if (arg == "--added") added = std::strtoull(next().c_str(), nullptr, 10);
    else if (arg == "--worst") worst = std::strtoull(next().c_str(), nullptr, 10);
    else if (arg == "--runs") runs = std::max(1, std::atoi(next().c_str()));
    else if (arg == "--driver") driver = next();
    else if (arg == "--check") check = true;
    else if (arg == "--keep") keep = true;
    else {
      std::fprintf(stderr, "usage: %s [--base N] [--added N] [--worst N] [--runs N] [--driver PATH] [--check] [--keep]\n",
                   argv[0]);
      return 2;
    }
  }
  char dir_template[] = "/tmp/kittylog-merge-bench-XXXXXX";
  if (::mkdtemp(dir_template) == nullptr) {
    std::perror("mkdtemp");
    return 2;
  }
  std::string dir = dir_template;
  using kittylog::bench::LogGenerator;

  // Typical: a shared history, two branches that each appended since.
  LogGenerator generator(42);
  std::string base = generator.Events(base_events, 1);
  LogGenerator ours_gen(7), theirs_gen(8);
  std::string ours = base + ours_gen.Events(added, base_events + 1);
  std::string theirs = base + theirs_gen.Events(added, base_events + 1);
  bool written = kittylog::bench::WriteWholeFile(dir + "/base.jsonl", base) &&
                 kittylog::bench::WriteWholeFile(dir + "/ours.jsonl", ours) &&
                 kittylog::bench::WriteWholeFile(dir + "/theirs.jsonl", theirs);
  if (!written) {
    std::fprintf(stderr, "cannot write the test files in %s\n", dir.c_str());
    return 2;
  }
  std::printf("typical: base %zu events (%.1f MiB, %.0f bytes/line), +%zu on each side (%.1f MiB per side)\n",
              base_events, MiB(base.size()), static_cast<double>(base.size()) / std::max<size_t>(1, base_events),
              added, MiB(ours.size()));
  Shrink(base), Shrink(ours), Shrink(theirs);
  Series driver_runs, git_runs;
  TimeBoth(dir, driver, runs, &driver_runs, &git_runs);
  std::string merged;
  kittylog::bench::ReadWholeFile(dir + "/work.jsonl", &merged);
  size_t merged_lines = static_cast<size_t>(std::count(merged.begin(), merged.end(), '\n'));
  Shrink(merged);
  double ratio = git_runs.median_seconds() / std::max(1e-9, driver_runs.median_seconds());
  double cpu_ratio = git_runs.median_cpu_seconds() / std::max(1e-9, driver_runs.median_cpu_seconds());
  std::printf("  kittylog-merge           median %8.1f ms (cpu %7.1f ms)  peak RSS %7.1f MiB  (%d runs, exit %s, %zu lines)\n",
              driver_runs.median_seconds() * 1000, driver_runs.median_cpu_seconds() * 1000,
              driver_runs.max_rss_kb() / 1024.0, runs, driver_runs.all_exit(0) ? "0" : "NOT 0", merged_lines);
  std::printf("  git merge-file --union   median %8.1f ms (cpu %7.1f ms)  peak RSS %7.1f MiB\n",
              git_runs.median_seconds() * 1000, git_runs.median_cpu_seconds() * 1000, git_runs.max_rss_kb() / 1024.0);
  std::printf("  ratio (git / kittylog-merge): %.1fx wall, %.1fx cpu   [target >= 10x, RSS <= 150 MiB]\n", ratio,
              cpu_ratio);
  PrintWriteStats(dir, driver);
  bool ok = ratio >= 10 && driver_runs.max_rss_kb() <= 150 * 1024 && driver_runs.all_exit(0) &&
            merged_lines == base_events + 2 * added;

  // Worst case: empty base, two unsorted logs with no event in common.
  if (worst > 0) {
    LogGenerator worst_ours(11), worst_theirs(12);
    std::string a = worst_ours.Events(worst, 1, /*shuffle=*/true);
    std::string b = worst_theirs.Events(worst, 1, /*shuffle=*/true);
    double input = static_cast<double>(a.size() + b.size());
    written = kittylog::bench::WriteWholeFile(dir + "/base.jsonl", "") &&
              kittylog::bench::WriteWholeFile(dir + "/ours.jsonl", a) &&
              kittylog::bench::WriteWholeFile(dir + "/theirs.jsonl", b);
    Shrink(a), Shrink(b);
    if (!written) return 2;
    Series worst_runs, worst_git;
    std::string work = dir + "/work.jsonl";
    for (int i = 0; i < std::min(runs, 3); ++i) {
      CopyFile(dir + "/ours.jsonl", work);
      ::sync();
      worst_runs.runs.push_back(Spawn({driver, dir + "/base.jsonl", work, dir + "/theirs.jsonl", "7", "worst.jsonl"}));
    }
    CopyFile(dir + "/ours.jsonl", dir + "/work-git.jsonl");
    ::sync();
    worst_git.runs.push_back(Spawn({"git", "merge-file", "--union", dir + "/work-git.jsonl", dir + "/base.jsonl",
                                    dir + "/theirs.jsonl"}));
    double rss = worst_runs.max_rss_kb() * 1024.0;
    std::printf("worst: 2 x %zu unsorted events, empty base, input %.1f MiB\n", worst, MiB(input));
    std::printf("  kittylog-merge           median %8.1f ms (cpu %7.1f ms)  peak RSS %7.1f MiB = %.2fx input  (exit %s)\n",
                worst_runs.median_seconds() * 1000, worst_runs.median_cpu_seconds() * 1000, rss / (1024.0 * 1024.0),
                rss / input,
                worst_runs.all_exit(0) ? "0" : "NOT 0");
    std::printf("  git merge-file --union   %8.1f ms (cpu %7.1f ms)  peak RSS %7.1f MiB (1 run, for scale)\n",
                worst_git.median_seconds() * 1000, worst_git.median_cpu_seconds() * 1000,
                worst_git.max_rss_kb() / 1024.0);
    std::printf("  [target <= 2000 ms, RSS <= 3x input]\n");
    ok = ok && worst_runs.median_seconds() <= 2.0 && rss <= 3 * input && worst_runs.all_exit(0);
  }
  if (keep) {
    std::printf("files kept in %s\n", dir.c_str());
  } else {
    for (const char* name : {"base.jsonl", "ours.jsonl", "theirs.jsonl", "work.jsonl", "work-git.jsonl"}) {
      ::unlink((dir + "/" + name).c_str());
    }
    ::rmdir(dir.c_str());
  }
  std::printf("targets %s\n", ok ? "met" : "MISSED");
  return check && !ok ? 1 : 0;
}
