// Crash harness (docs/reliability.md, "Crashes"): concurrent `kittylog emit` loops (single events
// and --stdin batches) plus a maintenance loop (index rebuild, clock witness, verify, query,
// status), with processes killed by SIGKILL at random moments, hundreds of times. Then: every
// event whose emit exited 0 is in the log exactly once; the only damage is write fragments
// (torn tails), which `verify` reports and `repair` quarantines; no two events share a clock or
// an id; the clock is >= every clock in the log; the index rebuilds to match the log.
//
// A SIGKILL almost never lands inside the write(2) of a line, so the harness also simulates the
// power cut that would: now and then it takes the writers' lock and appends a prefix of an event
// line without its newline, as a crash mid-write leaves it ("simulated torn writes").
//
// Sizing: KITTYLOG_CRASH_KILLS (default 500, 150 under sanitizers) kills, KITTYLOG_CRASH_SECONDS
// (default 150, 300 under sanitizers) at most for the kill phase; KITTYLOG_CRASH_SEED fixes the
// random schedule (printed on every run).
#include <fcntl.h>
#include <signal.h>
#include <sys/file.h>
#include <sys/wait.h>
#include <unistd.h>

#include <algorithm>
#include <cstdio>
#include <map>
#include <random>
#include <set>

#include <fmt/format.h>
#include <gtest/gtest.h>

#include "tests/reliability/reliability_support.h"
#include "tests/support/test_support.h"

namespace kittylog {
namespace {

using testing::Kittylog;
using testing::ProcessResult;
using testing::TempDir;

enum class SlotKind { kEmit, kBatch, kMaintenance };

struct Slot {
  SlotKind kind = SlotKind::kEmit;
  int index = 0;
  pid_t pid = 0;
  int64_t started_ms = 0;
  int64_t kill_at_ms = -1;           // -1: let it finish
  std::vector<std::string> markers;  // entity ids the running emit writes
  std::vector<std::string> command;  // what it runs (for messages)
  std::string stderr_path;
  int sequence = 0;
};

struct Figures {
  int kills = 0, emit_kills = 0, batch_kills = 0, maintenance_kills = 0;
  int emits_acked = 0, batches_acked = 0, maintenance_done = 0;
  int unexpected_failures = 0;
  int torn_writes = 0;
  std::vector<std::string> failures;
};

constexpr int kBatchSize = 16;  // ~5 KB: a batch spans pages

class CrashTest : public ::testing::Test {
 protected:
  void SetUp() override {
    ProcessResult init = Kittylog(dir_.path(), {"init"});
    ASSERT_EQ(init.exit_code, 0) << init.err;
    have_index_ = testing::HasCommand(dir_.path(), {"index", "rebuild"}) &&
                  testing::HasCommand(dir_.path(), {"index", "check"});
    have_query_ = testing::HasCommand(dir_.path(), {"query"});
    have_status_ = testing::HasCommand(dir_.path(), {"status"});
    have_repair_ = testing::HasCommand(dir_.path(), {"repair"});
  }

  // Starts the next process of `slot`, maybe with a kill deadline.
  void Start(Slot& slot, std::mt19937_64& rng, int64_t now) {
    testing::SpawnOptions options;
    options.cwd = dir_.path();
    options.stderr_path = slot.stderr_path;
    slot.markers.clear();
    ++slot.sequence;
    switch (slot.kind) {
      case SlotKind::kEmit: {
        std::string marker = fmt::format("crash-e{}-{}", slot.index, slot.sequence);
        slot.markers.push_back(marker);
        slot.command = {"emit", "TagsAdded", "--entity", marker, "--entity-type", "WorkPackage",
                        "--payload", R"({"tags":["crash"],"feature_slug":"001-crash"})"};
        break;
      }
      case SlotKind::kBatch: {
        std::string batch;
        for (int i = 0; i < kBatchSize; ++i) {
          std::string marker = fmt::format("crash-b{}-{}-{}", slot.index, slot.sequence, i);
          slot.markers.push_back(marker);
          batch += fmt::format(R"({{"event_type":"CounterIncremented","entity_id":"{}","entity_type":"WorkPackage",)"
                               R"("payload":{{"counter":"kills","delta":1,"feature_slug":"001-crash"}}}})",
                               marker) + "\n";
        }
        options.stdin_path = scratch_ / fmt::format("batch-{}", slot.index);
        testing::WriteFile(options.stdin_path, batch);
        slot.command = {"emit", "--stdin"};
        break;
      }
      case SlotKind::kMaintenance: {
        std::vector<std::vector<std::string>> commands = {{"clock", "witness"}, {"verify"}};
        if (have_index_) commands.push_back({"index", "rebuild"});
        if (have_query_) commands.push_back({"query", "--limit", "5"});
        if (have_status_) commands.push_back({"status"});
        slot.command = commands[static_cast<size_t>(slot.sequence) % commands.size()];
        break;
      }
    }
    slot.pid = testing::SpawnKittylog(slot.command, options);
    slot.started_ms = now;
    double& average = slot.kind == SlotKind::kMaintenance ? maintenance_ms_ : emit_ms_;
    slot.kill_at_ms = -1;
    if (std::uniform_real_distribution<double>(0, 1)(rng) < kill_chance_) {
      // A moment inside the process's usual lifetime: start-up, lock, clock, write, fsync, index.
      slot.kill_at_ms = now + static_cast<int64_t>(std::uniform_real_distribution<double>(0, 1.3 * average)(rng));
    }
  }

  // Records how a process of `slot` ended.
  void Finished(Slot& slot, int status, int64_t now, Figures& figures) {
    slot.pid = 0;
    if (WIFSIGNALED(status) && WTERMSIG(status) == SIGKILL) {
      ++figures.kills;
      if (slot.kind == SlotKind::kEmit) ++figures.emit_kills;
      if (slot.kind == SlotKind::kBatch) ++figures.batch_kills;
      if (slot.kind == SlotKind::kMaintenance) ++figures.maintenance_kills;
      for (const std::string& marker : slot.markers) unknown_.insert(marker);
      return;
    }
    int code = WIFEXITED(status) ? WEXITSTATUS(status) : -WTERMSIG(status);
    double& average = slot.kind == SlotKind::kMaintenance ? maintenance_ms_ : emit_ms_;
    average = 0.9 * average + 0.1 * static_cast<double>(now - slot.started_ms);
    bool ok = code == 0 || (code == 1 && slot.command.front() == "verify");
    if (!ok) {
      ++figures.unexpected_failures;
      if (figures.failures.size() < 10) {
        figures.failures.push_back(fmt::format("`kittylog {}` exited {}: {}", fmt::join(slot.command, " "), code,
                                               testing::ReadFileOrEmpty(slot.stderr_path)));
      }
      for (const std::string& marker : slot.markers) unknown_.insert(marker);
      return;
    }
    if (slot.kind == SlotKind::kMaintenance) {
      ++figures.maintenance_done;
      return;
    }
    (slot.kind == SlotKind::kEmit ? figures.emits_acked : figures.batches_acked) += 1;
    for (const std::string& marker : slot.markers) acked_.insert(marker);
  }

  // A crash inside write(2): a prefix of an event line, no newline, appended under the lock.
  void SimulateTornWrite(std::mt19937_64& rng, int sequence) {
    std::string line = fmt::format(
        R"({{"event_id":"01KAB3XR6V{:016}","event_type":"TagsAdded","event_version":1,"lamport_clock":{},)"
        R"("entity_id":"torn-{}","entity_type":"WorkPackage","timestamp":"2026-01-27T12:00:00.000Z",)"
        R"("actor":"reliability","causation_id":null,"correlation_id":null,"payload":{{"tags":["torn"]}}}})",
        sequence, 1000000 + sequence, sequence);
    size_t cut = std::uniform_int_distribution<size_t>(1, line.size() - 1)(rng);
    int lock = ::open((dir_.path() + "/.kittify/.lock").c_str(), O_RDWR | O_CREAT | O_CLOEXEC, 0644);
    ASSERT_GE(lock, 0);
    ASSERT_EQ(::flock(lock, LOCK_EX), 0);
    // The day the writers are on (they run on the real clock).
    std::string newest;
    for (const auto& [path, bytes] : testing::Snapshot(dir_.path() + "/.kittify/events")) {
      if (path.ends_with(".jsonl")) newest = std::max(newest, path);
    }
    if (!newest.empty()) {
      int fd = ::open(newest.c_str(), O_WRONLY | O_APPEND | O_CLOEXEC);
      ASSERT_GE(fd, 0);
      ASSERT_EQ(::write(fd, line.data(), cut), static_cast<ssize_t>(cut));
      ::close(fd);
    }
    ::close(lock);
  }

  TempDir dir_;
  TempDir scratch_;
  bool have_index_ = false, have_query_ = false, have_status_ = false, have_repair_ = false;
  double emit_ms_ = 30, maintenance_ms_ = 50;
  double kill_chance_ = 0.6;
  std::set<std::string> acked_;    // markers of events whose emit exited 0
  std::set<std::string> unknown_;  // markers of killed emits: in the log at most once
};

TEST_F(CrashTest, KilledProcessesNeverLoseAnAcknowledgedEvent) {
  const int target_kills = testing::ScaledCount("KITTYLOG_CRASH_KILLS", 500, 150);
  const int max_seconds = testing::ScaledCount("KITTYLOG_CRASH_SECONDS", 150, 300);
  uint64_t seed = static_cast<uint64_t>(testing::ScaledCount("KITTYLOG_CRASH_SEED", 0, 0));
  if (seed == 0) seed = static_cast<uint64_t>(::getpid()) * 2654435761u + static_cast<uint64_t>(testing::MonotonicMillis());
  std::printf("crash: seed %llu (KITTYLOG_CRASH_SEED), %d kills wanted, at most %d s\n",
              static_cast<unsigned long long>(seed), target_kills, max_seconds);
  std::mt19937_64 rng(seed);

  std::vector<Slot> slots(5);
  for (size_t i = 0; i < slots.size(); ++i) {
    slots[i].kind = i < 3 ? SlotKind::kEmit : i == 3 ? SlotKind::kBatch : SlotKind::kMaintenance;
    slots[i].index = static_cast<int>(i);
    slots[i].stderr_path = scratch_ / fmt::format("stderr-{}", i);
  }

  Figures figures;
  const int64_t begin = testing::MonotonicMillis();
  const int64_t deadline = begin + max_seconds * 1000LL;
  const int torn_every = std::max(1, target_kills / 20);  // about 20 simulated torn writes per run
  int next_torn = torn_every;
  bool stopping = false;
  for (;;) {
    int64_t now = testing::MonotonicMillis();
    stopping = stopping || figures.kills >= target_kills || now >= deadline;
    bool running = false;
    for (Slot& slot : slots) {
      if (slot.pid == 0 && !stopping) Start(slot, rng, now);
      if (slot.pid != 0 && slot.kill_at_ms >= 0 && now >= slot.kill_at_ms) {
        ::kill(slot.pid, SIGKILL);
        slot.kill_at_ms = -1;
      }
      running = running || slot.pid != 0;
    }
    if (!running) break;
    if (!stopping && figures.kills >= next_torn) {
      next_torn += torn_every;
      SimulateTornWrite(rng, ++figures.torn_writes);
    }
    int status = 0;
    for (pid_t pid; (pid = ::waitpid(-1, &status, WNOHANG)) > 0;) {
      for (Slot& slot : slots) {
        if (slot.pid == pid) Finished(slot, status, testing::MonotonicMillis(), figures);
      }
    }
    ::usleep(200);
  }
  const double seconds = static_cast<double>(testing::MonotonicMillis() - begin) / 1000.0;
  std::printf("crash: %d kills (%d emit, %d batch, %d maintenance) and %d simulated torn writes in %.1f s; "
              "%d emits and %d batches acknowledged, %d maintenance commands done; average emit %.1f ms\n",
              figures.kills, figures.emit_kills, figures.batch_kills, figures.maintenance_kills, figures.torn_writes,
              seconds, figures.emits_acked, figures.batches_acked, figures.maintenance_done, emit_ms_);
  for (const std::string& failure : figures.failures) ADD_FAILURE() << failure;
  EXPECT_EQ(figures.unexpected_failures, 0);
  EXPECT_GE(figures.kills, target_kills) << "the kill phase ran out of time (KITTYLOG_CRASH_SECONDS)";
  EXPECT_GT(figures.emit_kills + figures.batch_kills, 0);

  // 1. Every acknowledged event is in the log exactly once; nothing else is there.
  testing::LogScan scan = testing::ScanLog(dir_.path());
  std::map<std::string, int> seen;
  std::set<int64_t> clocks;
  std::set<std::string> ids;
  for (const Event& event : scan.events) {
    ++seen[event.entity_id];
    EXPECT_TRUE(clocks.insert(event.lamport_clock).second) << "clock " << event.lamport_clock << " is shared";
    EXPECT_TRUE(ids.insert(event.event_id).second) << "event_id " << event.event_id << " is shared";
    EXPECT_TRUE(acked_.count(event.entity_id) || unknown_.count(event.entity_id))
        << "an event nobody emitted: " << event.raw_line;
  }
  int lost = 0;
  for (const std::string& marker : acked_) lost += seen[marker] != 1;
  EXPECT_EQ(lost, 0) << "acknowledged events missing or repeated";
  int landed_unacknowledged = 0;
  for (const std::string& marker : unknown_) {
    EXPECT_LE(seen[marker], 1) << marker;
    landed_unacknowledged += seen[marker];
  }

  // 2. The only damage is write fragments, and verify names each of them.
  std::set<std::string> fragment_lines;
  for (const testing::FileProblem& problem : scan.problems) {
    EXPECT_TRUE(testing::IsWriteFragment(problem.problem.raw_line))
        << problem.problem.Format(problem.file) << ": " << problem.problem.raw_line;
    fragment_lines.insert(fmt::format(".kittify/events/{}:{}:", problem.file, problem.problem.line_number));
  }
  ProcessResult verify = Kittylog(dir_.path(), {"verify"});
  EXPECT_EQ(verify.exit_code, scan.problems.empty() ? 0 : 1) << verify.err;
  size_t reported = 0;
  for (const std::string& line : testing::SplitLines(verify.err)) {
    if (line.find(".kittify/events/") != 0) continue;
    ++reported;
    bool known = std::any_of(fragment_lines.begin(), fragment_lines.end(),
                             [&](const std::string& where) { return line.starts_with(where); });
    EXPECT_TRUE(known) << "verify reports something other than a write fragment: " << line;
  }
  EXPECT_EQ(reported, fragment_lines.size()) << verify.err;

  // 3. The clock is ahead of every clock in the log.
  EXPECT_GE(testing::StoredClock(dir_.path()), scan.max_clock);
  ProcessResult show = Kittylog(dir_.path(), {"clock", "show"});
  ASSERT_EQ(show.exit_code, 0) << show.err;
  EXPECT_GE(std::stoll(show.out), scan.max_clock);

  // 4. repair quarantines the fragments and nothing else; verify is clean afterwards.
  if (have_repair_) {
    ProcessResult repair = Kittylog(dir_.path(), {"repair"});
    EXPECT_EQ(repair.exit_code, 0) << repair.err;
    std::string quarantined;
    for (const auto& [path, bytes] : testing::Snapshot(dir_.path() + "/.kittify/quarantine")) {
      if (path.ends_with(".jsonl")) quarantined += bytes;
    }
    std::vector<std::string> quarantined_lines = testing::SplitLines(quarantined);
    EXPECT_EQ(quarantined_lines.size(), scan.problems.size());
    for (const testing::FileProblem& problem : scan.problems) {
      EXPECT_NE(std::find(quarantined_lines.begin(), quarantined_lines.end(), problem.problem.raw_line),
                quarantined_lines.end())
          << "not quarantined: " << problem.problem.raw_line;
    }
    testing::LogScan after = testing::ScanLog(dir_.path());
    EXPECT_TRUE(after.problems.empty());
    EXPECT_EQ(after.events.size(), scan.events.size());
    ProcessResult clean = Kittylog(dir_.path(), {"verify"});
    EXPECT_EQ(clean.exit_code, 0) << clean.err;
  } else {
    std::printf("crash: NOTE `kittylog repair` is not available in this build: quarantine not checked\n");
  }

  // 5. The index rebuilds to match the log.
  if (have_index_) {
    ProcessResult rebuild = Kittylog(dir_.path(), {"index", "rebuild"});
    EXPECT_EQ(rebuild.exit_code, 0) << rebuild.err;
    ProcessResult check = Kittylog(dir_.path(), {"index", "check"});
    EXPECT_EQ(check.exit_code, 0) << check.out << check.err;
  } else {
    std::printf("crash: NOTE `kittylog index rebuild|check` are not available in this build: index not checked\n");
  }
  if (have_query_) {
    ProcessResult query = Kittylog(dir_.path(), {"query", "--format", "jsonl", "--limit", "100000000"});
    EXPECT_EQ(query.exit_code, 0) << query.err;
    EXPECT_EQ(testing::SplitLines(query.out).size(), scan.events.size());
  }

  // 6. Life goes on: the next event takes a clock above everything before it.
  ProcessResult next = Kittylog(dir_.path(), {"emit", "TagsAdded", "--entity", "after-the-crashes", "--entity-type",
                                              "WorkPackage", "--payload", R"({"tags":["alive"]})"});
  ASSERT_EQ(next.exit_code, 0) << next.err;
  testing::LogScan final_scan = testing::ScanLog(dir_.path());
  EXPECT_GT(final_scan.max_clock, scan.max_clock);

  std::printf("crash: checked %zu acknowledged events (%zu lines in the log, %d from killed emits), "
              "%zu write fragments\n",
              acked_.size(), scan.events.size(), landed_unacknowledged, scan.problems.size());
  RecordProperty("kills", figures.kills);
  RecordProperty("acknowledged_events", static_cast<int>(acked_.size()));
  RecordProperty("fragments", static_cast<int>(scan.problems.size()));
}

}  // namespace
}  // namespace kittylog
