// Concurrency stress (docs/reliability.md, "Concurrency"): N writer processes each run M
// `kittylog emit`s against one checkout while reader processes loop over `query`, `status`,
// `verify` and `clock show`. Then: exactly N*M events with N*M distinct clocks (1..N*M, since
// no emit fails) and ids, each writer's events in its own order, every reader exited 0 each
// time and saw only whole events, and what readers saw never went backwards.
//
// Sizing: KITTYLOG_STRESS_WRITERS (default 8), KITTYLOG_STRESS_EMITS per writer (default 500,
// 150 under sanitizers).
#include <sys/wait.h>
#include <unistd.h>

#include <cstdio>
#include <functional>
#include <map>
#include <set>

#include <fmt/format.h>
#include <gtest/gtest.h>

#include "event/event_codec.h"
#include "tests/reliability/reliability_support.h"
#include "tests/support/test_support.h"

namespace kittylog {
namespace {

using testing::Kittylog;
using testing::ProcessResult;
using testing::TempDir;

// A child's verdict, written to a file the parent reads: "<runs> <failures>\n" then messages.
void WriteVerdict(const std::string& path, int runs, const std::vector<std::string>& failures) {
  std::string text = fmt::format("{} {}\n", runs, failures.size());
  for (size_t i = 0; i < failures.size() && i < 5; ++i) text += failures[i] + "\n";
  testing::WriteFile(path, text);
}

struct Verdict {
  int runs = 0;
  int failures = 0;
  std::string messages;
};

Verdict ReadVerdict(const std::string& path) {
  Verdict verdict;
  std::string text = testing::ReadFileOrEmpty(path);
  if (std::sscanf(text.c_str(), "%d %d", &verdict.runs, &verdict.failures) != 2) verdict.failures = -1;
  size_t newline = text.find('\n');
  if (newline != std::string::npos) verdict.messages = text.substr(newline + 1);
  return verdict;
}

pid_t ForkChild(const std::function<void()>& body) {
  pid_t pid = ::fork();
  if (pid == 0) {
    body();
    _exit(0);
  }
  return pid;
}

TEST(StressTest, ConcurrentWritersAndReadersAgreeOnEveryEvent) {
  const int writers = testing::ScaledCount("KITTYLOG_STRESS_WRITERS", 8, 8);
  const int emits = testing::ScaledCount("KITTYLOG_STRESS_EMITS", 500, 150);
  TempDir dir, scratch;
  ASSERT_EQ(Kittylog(dir.path(), {"init"}).exit_code, 0);
  const bool have_query = testing::HasCommand(dir.path(), {"query"});
  const bool have_index = testing::HasCommand(dir.path(), {"index", "check"});
  const std::string stop = scratch / "stop";

  std::vector<pid_t> writer_pids, reader_pids;
  const int64_t begin = testing::MonotonicMillis();
  for (int w = 0; w < writers; ++w) {
    writer_pids.push_back(ForkChild([&, w] {
      std::vector<std::string> failures;
      for (int i = 0; i < emits; ++i) {
        ProcessResult result = Kittylog(dir.path(), {"emit", "TagsAdded", "--entity", fmt::format("s{}-{}", w, i),
                                                     "--entity-type", "WorkPackage", "--payload",
                                                     R"({"tags":["stress"],"feature_slug":"001-stress"})"});
        if (result.exit_code != 0) failures.push_back(fmt::format("emit exited {}: {}", result.exit_code, result.err));
      }
      WriteVerdict(scratch / fmt::format("writer-{}", w), emits, failures);
    }));
  }

  std::vector<std::string> readers = {"verify", "status", "clock"};
  if (have_query) readers.push_back("query");
  for (const std::string& reader : readers) {
    reader_pids.push_back(ForkChild([&, reader] {
      std::vector<std::string> failures;
      int runs = 0;
      int64_t last_seen = 0;  // events (query) or clock (clock show): never goes backwards
      EventDecoder decoder;
      while (::access(stop.c_str(), F_OK) != 0) {
        ++runs;
        ProcessResult result;
        if (reader == "verify") {
          result = Kittylog(dir.path(), {"verify"});
        } else if (reader == "status") {
          result = Kittylog(dir.path(), {"status"});
        } else if (reader == "clock") {
          result = Kittylog(dir.path(), {"clock", "show"});
          if (result.exit_code == 0) {
            int64_t clock = std::stoll(result.out);
            if (clock < last_seen) failures.push_back(fmt::format("clock went back from {} to {}", last_seen, clock));
            last_seen = clock;
          }
        } else {
          result = Kittylog(dir.path(), {"query", "--format", "jsonl"});
          int64_t count = 0;
          for (const std::string& line : testing::SplitLines(result.out)) {
            ++count;
            Result<Event> event = decoder.DecodeUnpadded(line);
            if (!event.ok() || event->lamport_clock < 1) failures.push_back("query printed a partial event: " + line);
          }
          if (result.exit_code == 0 && count < last_seen) {
            failures.push_back(fmt::format("query saw {} events after {}", count, last_seen));
          }
          last_seen = std::max(last_seen, count);
        }
        if (result.exit_code != 0 || result.signal != 0) {
          failures.push_back(fmt::format("{} exited {} (signal {}): {}", reader, result.exit_code, result.signal,
                                         result.err.substr(0, 500)));
        }
      }
      WriteVerdict(scratch / ("reader-" + reader), runs, failures);
    }));
  }

  for (pid_t pid : writer_pids) ::waitpid(pid, nullptr, 0);
  const double seconds = static_cast<double>(testing::MonotonicMillis() - begin) / 1000.0;
  testing::WriteFile(stop, "");
  for (pid_t pid : reader_pids) ::waitpid(pid, nullptr, 0);

  for (int w = 0; w < writers; ++w) {
    Verdict verdict = ReadVerdict(scratch / fmt::format("writer-{}", w));
    EXPECT_EQ(verdict.runs, emits);
    EXPECT_EQ(verdict.failures, 0) << "writer " << w << ": " << verdict.messages;
  }
  int reader_runs = 0;
  for (const std::string& reader : readers) {
    Verdict verdict = ReadVerdict(scratch / ("reader-" + reader));
    EXPECT_GT(verdict.runs, 0) << reader;
    EXPECT_EQ(verdict.failures, 0) << reader << ": " << verdict.messages;
    std::printf("stress: reader %s ran %d times, %d failures\n", reader.c_str(), verdict.runs, verdict.failures);
    reader_runs += verdict.runs;
  }

  const size_t total = static_cast<size_t>(writers) * static_cast<size_t>(emits);
  testing::LogScan scan = testing::ScanLog(dir.path());
  EXPECT_TRUE(scan.problems.empty()) << scan.problems.front().problem.Format(scan.problems.front().file);
  EXPECT_TRUE(scan.notes.empty()) << scan.notes.front().problem.Format(scan.notes.front().file);
  std::set<int64_t> clocks;
  std::set<std::string> ids, entities;
  for (const Event& event : scan.events) {
    clocks.insert(event.lamport_clock);
    ids.insert(event.event_id);
    entities.insert(event.entity_id);
  }
  EXPECT_EQ(scan.events.size(), total);
  EXPECT_EQ(clocks.size(), total);
  EXPECT_EQ(ids.size(), total);
  EXPECT_EQ(entities.size(), total);
  EXPECT_EQ(clocks.empty() ? 0 : *clocks.begin(), 1);
  EXPECT_EQ(clocks.empty() ? 0 : *clocks.rbegin(), static_cast<int64_t>(total));
  // A writer's emits are sequential: their clocks increase in its order.
  std::map<std::string, int64_t> clock_of;
  for (const Event& event : scan.events) clock_of[event.entity_id] = event.lamport_clock;
  int out_of_order = 0;
  for (int w = 0; w < writers; ++w) {
    for (int i = 1; i < emits; ++i) {
      out_of_order += clock_of[fmt::format("s{}-{}", w, i - 1)] >= clock_of[fmt::format("s{}-{}", w, i)];
    }
  }
  EXPECT_EQ(out_of_order, 0);
  EXPECT_EQ(testing::StoredClock(dir.path()), static_cast<int64_t>(total));

  ProcessResult verify = Kittylog(dir.path(), {"verify"});
  EXPECT_EQ(verify.exit_code, 0) << verify.err;
  if (have_index) {
    ProcessResult check = Kittylog(dir.path(), {"index", "check"});
    EXPECT_EQ(check.exit_code, 0) << check.out << check.err;
  } else {
    std::printf("stress: NOTE `kittylog index check` is not available in this build\n");
  }
  if (have_query) {
    ProcessResult query = Kittylog(dir.path(), {"query", "--format", "jsonl"});
    EXPECT_EQ(testing::SplitLines(query.out).size(), total);
  }
  std::printf("stress: %d writers x %d emits = %zu events in %.1f s (%.0f emits/s), %d reader runs\n", writers,
              emits, total, seconds, static_cast<double>(total) / seconds, reader_runs);
  RecordProperty("events", static_cast<int>(total));
  RecordProperty("reader_runs", reader_runs);
}

}  // namespace
}  // namespace kittylog
