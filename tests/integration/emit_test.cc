// The foundation's promises, through the real `kittylog` binary in temporary directories:
// emit appends durable canonical lines with increasing clocks, batches are atomic, rejected
// writes change nothing, torn tails are never glued onto, daily files rotate at UTC midnight,
// concurrent writers never share a clock, and the clock recovers from the log.
#include <sys/wait.h>
#include <unistd.h>

#include <algorithm>
#include <map>
#include <ranges>
#include <set>

#include <gtest/gtest.h>

#include "event/event_codec.h"
#include "event/line_reader.h"
#include "event/ulid.h"
#include "tests/support/test_support.h"

namespace kittylog {
namespace {

using testing::Kittylog;
using testing::ProcessOptions;
using testing::ProcessResult;
using testing::TempDir;

constexpr const char* kPayload = R"({"feature_slug":"001-demo","old_status":"planned","new_status":"doing"})";
constexpr int64_t kJan27Noon = 1769515200000;  // 2026-01-27T12:00:00.000Z

std::vector<std::string> EmitArgs(const std::string& entity, const std::string& payload = kPayload) {
  return {"emit", "WPStatusChanged", "--entity", entity, "--entity-type", "WorkPackage", "--payload", payload};
}

ProcessOptions At(int64_t millis) {
  ProcessOptions options;
  options.env["KITTYLOG_NOW"] = std::to_string(millis);
  return options;
}

class EmitTest : public ::testing::Test {
 protected:
  void SetUp() override { ASSERT_EQ(Kittylog(dir_.path(), {"init"}).exit_code, 0); }
  std::string Day(const std::string& date) const { return dir_.path() + "/.kittify/events/" + date + ".jsonl"; }
  std::vector<Event> Events(const std::string& date) const {
    EventDecoder::Options options;
    options.keep_payload_json = true;
    Result<LogContents> contents = ReadLogFile(Day(date), options);
    EXPECT_TRUE(contents.ok());
    EXPECT_TRUE(contents->problems.empty()) << contents->problems.front().Format(date);
    return contents->events;
  }
  // Bytes of everything the log and clock hold (the index and error log are derived / separate).
  std::map<std::string, std::string> LogState() const {
    auto files = testing::Snapshot(dir_.path() + "/.kittify");
    std::map<std::string, std::string> kept;
    for (auto& [path, bytes] : files) {
      if (path.find("/errors/") == std::string::npos && path.find("index.db") == std::string::npos) {
        kept[path] = bytes;
      }
    }
    return kept;
  }
  TempDir dir_;
};

TEST_F(EmitTest, AppendsCanonicalLinesWithIncreasingClocks) {
  for (int i = 0; i < 3; ++i) {
    ProcessResult result = Kittylog(dir_.path(), EmitArgs("WP0" + std::to_string(i)), At(kJan27Noon + i));
    ASSERT_EQ(result.exit_code, 0) << result.err;
  }
  std::vector<Event> events = Events("2026-01-27");
  ASSERT_EQ(events.size(), 3u);
  for (size_t i = 0; i < events.size(); ++i) {
    EXPECT_EQ(events[i].lamport_clock, static_cast<int64_t>(i + 1));
    EXPECT_TRUE(IsValidUlid(events[i].event_id));
    EXPECT_EQ(events[i].actor, "test-actor");
    EXPECT_EQ(events[i].raw_line, EncodeEventLine(events[i]));  // canonical bytes
  }
  EXPECT_EQ(events[0].timestamp, "2026-01-27T12:00:00.000Z");
  EXPECT_EQ(Kittylog(dir_.path(), {"verify"}).exit_code, 0);
}

TEST_F(EmitTest, RotatesDailyFilesAtUtcMidnight) {
  const int64_t last_ms_of_jan27 = 1769558399999;  // 2026-01-27T23:59:59.999Z
  ASSERT_EQ(Kittylog(dir_.path(), EmitArgs("WP01"), At(last_ms_of_jan27)).exit_code, 0);
  ASSERT_EQ(Kittylog(dir_.path(), EmitArgs("WP01"), At(last_ms_of_jan27 + 1)).exit_code, 0);
  std::vector<Event> before = Events("2026-01-27");
  std::vector<Event> after = Events("2026-01-28");
  ASSERT_EQ(before.size(), 1u);
  ASSERT_EQ(after.size(), 1u);
  EXPECT_EQ(before[0].timestamp, "2026-01-27T23:59:59.999Z");
  EXPECT_EQ(after[0].timestamp, "2026-01-28T00:00:00.000Z");
  EXPECT_EQ(after[0].lamport_clock, before[0].lamport_clock + 1);
}

TEST_F(EmitTest, TornTailIsKeptAndNeverGluedOnto) {
  ASSERT_EQ(Kittylog(dir_.path(), EmitArgs("WP01"), At(kJan27Noon)).exit_code, 0);
  const std::string fragment = R"({"event_id":"01JFRAGMENT","event_ty)";
  {
    std::string bytes = testing::ReadFileOrEmpty(Day("2026-01-27"));
    testing::WriteFile(Day("2026-01-27"), bytes + fragment);  // a crash mid-write
  }
  ProcessResult verify = Kittylog(dir_.path(), {"verify"});
  EXPECT_EQ(verify.exit_code, 1);
  EXPECT_NE(verify.err.find("2026-01-27.jsonl:2: torn tail"), std::string::npos) << verify.err;

  ASSERT_EQ(Kittylog(dir_.path(), EmitArgs("WP02"), At(kJan27Noon + 5)).exit_code, 0);
  std::vector<std::string> lines = testing::SplitLines(testing::ReadFileOrEmpty(Day("2026-01-27")));
  ASSERT_EQ(lines.size(), 3u);
  EXPECT_EQ(lines[1], fragment);  // the fragment is kept, on its own line
  Result<LogContents> contents = ReadLogFile(Day("2026-01-27"));
  ASSERT_TRUE(contents.ok());
  ASSERT_EQ(contents->events.size(), 2u);
  EXPECT_EQ(contents->events[1].entity_id, "WP02");
  EXPECT_EQ(contents->events[1].lamport_clock, 2);
  EXPECT_FALSE(contents->torn_tail);
}

TEST_F(EmitTest, RejectedWritesLeaveEveryFileByteIdentical) {
  ASSERT_EQ(Kittylog(dir_.path(), EmitArgs("WP01"), At(kJan27Noon)).exit_code, 0);
  const auto before = LogState();
  const std::vector<std::pair<std::vector<std::string>, std::string>> cases = {
      {EmitArgs("WP01", "{not json"), "--payload: not valid JSON"},
      {EmitArgs("WP01", R"({"feature_slug":"001-demo","old_status":"planned"})"), "payload.new_status: required"},
      {EmitArgs("WP01", R"({"feature_slug":"001-demo","old_status":"planned","new_status":7})"),
       "payload.new_status: must be one of"},
      {EmitArgs("WP01", R"({"feature_slug":"demo","old_status":"planned","new_status":"doing"})"),
       "payload.feature_slug: must match"},
      {EmitArgs("WP01", R"({"feature_slug":"001-demo","old_status":"planned","new_status":"shipped"})"),
       "payload.new_status: must be one of"},
      {EmitArgs("WP\x1b[31m01"), "entity_id: must not contain control characters"},
      {{"emit", "Nonsense", "--entity", "X", "--entity-type", "Gate", "--payload", "{}"}, "event_type: unknown type"},
      {{"emit", "WPStatusChanged", "--entity", "WP01", "--entity-type", "Gate", "--payload", kPayload},
       "entity_type: WPStatusChanged events apply to WorkPackage"},
      {{"emit", "TagsAdded", "--entity", "WP01", "--entity-type", "WorkPackage", "--payload", R"({"tags":[]})"},
       "payload.tags: must be a non-empty array"},
  };
  for (const auto& [args, message] : cases) {
    ProcessResult result = Kittylog(dir_.path(), args, At(kJan27Noon + 10));
    EXPECT_EQ(result.exit_code, 1) << message;
    EXPECT_NE(result.err.find(message), std::string::npos) << result.err;
    // One error line; the warnings before it say WP01 already has refusals (docs/error-log.md).
    std::vector<std::string> lines = testing::SplitLines(result.err);
    EXPECT_EQ(std::count_if(lines.begin(), lines.end(),
                            [](const std::string& line) { return !line.starts_with("kittylog: warning: "); }),
              1)
        << result.err;
    EXPECT_EQ(LogState(), before) << message;
  }
  // A usage error (missing flags) is exit 2 and changes nothing either.
  ProcessResult usage = Kittylog(dir_.path(), {"emit", "WPStatusChanged"});
  EXPECT_EQ(usage.exit_code, 2);
  EXPECT_EQ(LogState(), before);
}

TEST_F(EmitTest, InjectedDiskFailuresChangeNothing) {
  ASSERT_EQ(Kittylog(dir_.path(), EmitArgs("WP01"), At(kJan27Noon)).exit_code, 0);
  const auto before = LogState();
  for (const char* fault : {"write:ENOSPC", "fsync:EIO", "open:EROFS", "rename:EACCES"}) {
    ProcessOptions options = At(kJan27Noon + 1);
    options.env["KITTYLOG_FAULT"] = fault;
    ProcessResult result = Kittylog(dir_.path(), EmitArgs("WP02"), options);
    EXPECT_EQ(result.exit_code, 3) << fault << ": " << result.err;
    // Warnings (e.g. the index could not be read either) may precede it; the error is one line.
    std::vector<std::string> lines = testing::SplitLines(result.err);
    ASSERT_FALSE(lines.empty());
    EXPECT_EQ(lines.back().rfind("kittylog: error: ", 0), 0u) << result.err;
    EXPECT_EQ(LogState(), before) << fault;
  }
}

TEST_F(EmitTest, FileSizeLimitGivesEfbigAndNoPartialLine) {
  ASSERT_EQ(Kittylog(dir_.path(), EmitArgs("WP01"), At(kJan27Noon)).exit_code, 0);
  const std::string log = Day("2026-01-27");
  const std::string before = testing::ReadFileOrEmpty(log);
  // RLIMIT_FSIZE just above the current file: the next append cannot fit.
  std::string limit_blocks = std::to_string(before.size() / 1024 + 1);
  std::string command = "ulimit -f " + limit_blocks + "; exec \"$0\" \"$@\"";
  std::vector<std::string> argv = {"bash", "-c", command, KITTYLOG_BINARY};
  std::string big(3000, 'x');
  for (const std::string& arg : EmitArgs("WP01", std::string(R"({"feature_slug":"001-demo","old_status":"planned","new_status":"doing","reason":")") + big + "\"}")) {
    argv.push_back(arg);
  }
  ProcessOptions options = At(kJan27Noon + 1);
  options.cwd = dir_.path();
  options.env["KITTYLOG_ACTOR"] = "test-actor";
  ProcessResult result = testing::Run(argv, options);
  EXPECT_EQ(result.signal, 0) << "killed by SIGXFSZ";
  EXPECT_EQ(result.exit_code, 3) << result.err;
  std::string after = testing::ReadFileOrEmpty(log);
  // Only whole lines: either unchanged or a torn tail that readers report (never a glued line).
  ASSERT_GE(after.size(), before.size());
  EXPECT_EQ(after.substr(0, before.size()), before);
}

TEST_F(EmitTest, StdinBatchIsAtomic) {
  std::string batch;
  for (int i = 0; i < 1000; ++i) {
    batch += R"({"event_type":"CounterIncremented","entity_id":"WP01","entity_type":"WorkPackage","payload":{"counter":"edits","delta":1}})";
    batch += "\n";
  }
  ProcessOptions options = At(kJan27Noon);
  options.stdin_data = batch;
  ProcessResult result = Kittylog(dir_.path(), {"emit", "--stdin"}, options);
  ASSERT_EQ(result.exit_code, 0) << result.err;
  std::vector<Event> events = Events("2026-01-27");
  ASSERT_EQ(events.size(), 1000u);
  for (size_t i = 0; i < events.size(); ++i) EXPECT_EQ(events[i].lamport_clock, static_cast<int64_t>(i + 1));

  const auto before = LogState();
  options.stdin_data = batch.substr(0, 300) + "{\"event_type\":\"TagsAdded\"}\n" + batch.substr(0, 300);
  ProcessResult bad = Kittylog(dir_.path(), {"emit", "--stdin"}, options);
  EXPECT_EQ(bad.exit_code, 1);
  EXPECT_NE(bad.err.find("stdin:"), std::string::npos) << bad.err;
  EXPECT_EQ(LogState(), before);
}

TEST_F(EmitTest, ConcurrentProcessesNeverShareAClock) {
  constexpr int kProcesses = 4;
#if defined(__SANITIZE_ADDRESS__)
  constexpr int kEmitsEach = 75;  // each sanitized process is ~10x slower; the contention is the same
#else
  constexpr int kEmitsEach = 250;
#endif
  constexpr size_t kTotal = kProcesses * kEmitsEach;
  std::vector<pid_t> children;
  for (int p = 0; p < kProcesses; ++p) {
    pid_t pid = ::fork();
    if (pid == 0) {
      int failures = 0;
      for (int i = 0; i < kEmitsEach; ++i) {
        failures += Kittylog(dir_.path(), EmitArgs("WP" + std::to_string(p))).exit_code != 0;
      }
      _exit(failures == 0 ? 0 : 1);
    }
    children.push_back(pid);
  }
  for (pid_t pid : children) {
    int status = 0;
    ::waitpid(pid, &status, 0);
    EXPECT_TRUE(WIFEXITED(status) && WEXITSTATUS(status) == 0);
  }
  std::set<int64_t> clocks;
  std::set<std::string> ids;
  size_t total = 0;
  for (const std::string& name : testing::Snapshot(dir_.path() + "/.kittify/events") | std::views::keys) {
    if (!name.ends_with(".jsonl")) continue;
    Result<LogContents> contents = ReadLogFile(name);
    ASSERT_TRUE(contents.ok());
    EXPECT_TRUE(contents->problems.empty());
    for (const Event& event : contents->events) {
      clocks.insert(event.lamport_clock);
      ids.insert(event.event_id);
      ++total;
    }
  }
  EXPECT_EQ(total, kTotal);
  EXPECT_EQ(clocks.size(), kTotal);
  EXPECT_EQ(ids.size(), kTotal);
  EXPECT_EQ(*clocks.rbegin(), static_cast<int64_t>(kTotal));
  EXPECT_EQ(Kittylog(dir_.path(), {"verify"}).exit_code, 0);
}

TEST_F(EmitTest, ClockWitnessesTheLogAndRecoversFromGarbage) {
  Event event;
  UlidGenerator ulids;
  event.event_id = ulids.Next(kJan27Noon);
  event.event_type = "TagsAdded";
  event.lamport_clock = 500;
  event.entity_id = "WP01";
  event.entity_type = "WorkPackage";
  event.timestamp = "2026-01-27T12:00:00.000Z";
  event.actor = "merged-from-a-branch";
  event.payload_json = R"({"tags":["x"]})";
  testing::WriteFile(Day("2026-01-27"), EncodeEventLine(event) + "\n");

  ProcessResult show = Kittylog(dir_.path(), {"clock", "show"});
  EXPECT_EQ(show.out, "500\n");
  ASSERT_EQ(Kittylog(dir_.path(), {"clock", "witness"}).exit_code, 0);
  EXPECT_NE(testing::ReadFileOrEmpty(dir_.path() + "/.kittify/clock.json").find("\"value\":500"), std::string::npos);

  testing::WriteFile(dir_.path() + "/.kittify/clock.json", "\x01garbage{{{");
  ProcessResult emit = Kittylog(dir_.path(), EmitArgs("WP01"), At(kJan27Noon + 1));
  ASSERT_EQ(emit.exit_code, 0) << emit.err;
  EXPECT_NE(emit.err.find("recovering the clock from the log"), std::string::npos) << emit.err;
  EXPECT_EQ(Events("2026-01-27").back().lamport_clock, 501);
}

TEST_F(EmitTest, VerifyNamesFileAndLineOfEachProblem) {
  ASSERT_EQ(Kittylog(dir_.path(), EmitArgs("WP01"), At(kJan27Noon)).exit_code, 0);
  ASSERT_EQ(Kittylog(dir_.path(), EmitArgs("WP02"), At(kJan27Noon + 1)).exit_code, 0);
  std::vector<std::string> lines = testing::SplitLines(testing::ReadFileOrEmpty(Day("2026-01-27")));
  // Reversed order, a duplicate, and a line that is not JSON.
  testing::WriteFile(Day("2026-01-27"), lines[1] + "\n" + lines[0] + "\nnot json\n" + lines[0] + "\n");
  ProcessResult verify = Kittylog(dir_.path(), {"verify"});
  EXPECT_EQ(verify.exit_code, 1);
  EXPECT_NE(verify.err.find(".kittify/events/2026-01-27.jsonl:2: out of order"), std::string::npos) << verify.err;
  EXPECT_NE(verify.err.find(".kittify/events/2026-01-27.jsonl:3: not valid JSON"), std::string::npos) << verify.err;
  EXPECT_NE(verify.err.find(".kittify/events/2026-01-27.jsonl:4: duplicate event_id"), std::string::npos) << verify.err;
}

TEST_F(EmitTest, EmitWithoutInitIsARepositoryError) {
  TempDir bare;
  ProcessResult result = Kittylog(bare.path(), EmitArgs("WP01"));
  EXPECT_EQ(result.exit_code, 3);
  EXPECT_NE(result.err.find("kittylog init"), std::string::npos);
}

}  // namespace
}  // namespace kittylog
