// One event_id counts once everywhere, and counters saturate (issue 10, items 4 and 5; DESIGN
// §6): a line a text merge duplicated is one event for `query` as for replay, the index and the
// counters; two deltas of 2^63-1 give 2^63-1 with a warning, never undefined overflow.
#include <filesystem>

#include <gtest/gtest.h>

#include "tests/integration/workflow_fixture.h"

namespace kittylog::workflow_test {
namespace {

using testing::ProcessResult;

bool Contains(const std::string& text, const std::string& part) { return text.find(part) != std::string::npos; }

size_t CountOf(const std::string& text, const std::string& part) {
  size_t count = 0;
  for (size_t at = text.find(part); at != std::string::npos; at = text.find(part, at + part.size())) ++count;
  return count;
}

constexpr const char* kMax = "9223372036854775807";

class CountOnceTest : public WorkflowTest {
 protected:
  std::string CounterLine(int id, int64_t clock, const std::string& delta, const std::string& actor = "someone") const {
    return EncodeEventLine(MakeEvent(id, clock, "CounterIncremented", "WP01", "WorkPackage",
                                     R"({"counter":"reviews","delta":)" + delta + R"(,"feature_slug":"001-login"})",
                                     actor));
  }
  void RemoveIndex() const {
    for (const char* suffix : {"", "-wal", "-shm"}) {
      std::filesystem::remove(dir_.path() + "/.kittify/events/index.db" + suffix);
    }
  }
};

TEST_F(CountOnceTest, ADuplicatedLineIsOneEventForQueryReplayAndCounters) {
  CreateFeature(1);  // clocks 1, 2
  Ok({"status"});    // warm index
  const std::string counted = CounterLine(80, 3, "5");
  AppendLine(counted);
  AppendMove(81, 4, "WP01", "planned", "doing");
  AppendLine(counted);  // what a merge without the driver leaves: the same line twice
  // query, every format, with and without filters: the id once.
  for (const std::vector<std::string>& args :
       {std::vector<std::string>{"query", "--format", "jsonl"}, {"query", "--format", "json"},
        {"query", "--format", "jsonl", "--entity", "WP01"}, {"query", "--format", "jsonl", "--type", "CounterIncremented"},
        {"query", "--format", "jsonl", "--since-clock", "3"}}) {
    ProcessResult query = Run(args);
    ASSERT_EQ(query.exit_code, 0) << query.err;
    EXPECT_EQ(CountOf(query.out, Ulid(80)), 1u) << args.back() << "\n" << query.out;
  }
  // A limit counts events, not lines: the first three are clocks 1, 2, 3; the fourth is 4.
  ProcessResult limited = Run({"query", "--format", "jsonl", "--limit", "4"});
  ASSERT_EQ(limited.exit_code, 0) << limited.err;
  EXPECT_EQ(testing::SplitLines(limited.out).size(), 4u) << limited.out;
  EXPECT_TRUE(Contains(limited.out, Ulid(81))) << limited.out;
  // The counter counts the event once, through the index and through a full replay.
  for (bool warm : {true, false}) {
    if (!warm) RemoveIndex();
    ProcessResult json = Run({"--json", "status"});
    EXPECT_TRUE(Contains(json.out, R"("counters":{"reviews":5})")) << json.out;
  }
  // history shows the event once, through the index as from the files; verify names the copy.
  for (bool warm : {true, false}) {
    std::string history = Ok({"history", "WP01", "--feature", kFeature});
    EXPECT_EQ(CountOf(history, "counter reviews +5"), 1u) << history;
    if (warm) RemoveIndex();
  }
  ProcessResult verify = Run({"verify"});
  EXPECT_EQ(verify.exit_code, 1);
  EXPECT_TRUE(Contains(verify.err, "2026-01-27.jsonl:5: duplicate event_id " + Ulid(80))) << verify.err;
}

// The same id with other bytes at a later clock (two versions of one event): replay keeps the
// first copy in total order, and so do query and the counters.
TEST_F(CountOnceTest, TwoVersionsOfOneIdKeepTheFirstInTotalOrderEverywhere) {
  CreateFeature(1);
  Ok({"status"});
  AppendLine(CounterLine(90, 3, "2"));
  AppendLine(CounterLine(90, 9, "40", "rewriter"));
  ProcessResult query = Run({"query", "--format", "jsonl", "--type", "CounterIncremented"});
  ASSERT_EQ(query.exit_code, 0) << query.err;
  EXPECT_EQ(testing::SplitLines(query.out), std::vector<std::string>{CounterLine(90, 3, "2")});
  ProcessResult json = Run({"--json", "status"});
  EXPECT_TRUE(Contains(json.out, R"("counters":{"reviews":2})")) << json.out;
}

TEST_F(CountOnceTest, CountersSaturateWithAWarning) {
  CreateFeature(1);
  for (const char* delta : {kMax, kMax}) {
    Ok({"emit", "CounterIncremented", "--entity", "WP01", "--entity-type", "WorkPackage", "--payload",
        std::string(R"({"counter":"reviews","delta":)") + delta + R"(,"feature_slug":"001-login"})"});
  }
  // And one below: -(2^63) twice, written by hand, ends at -(2^63-1).
  AppendLine(EncodeEventLine(MakeEvent(95, 5, "CounterIncremented", "WP01", "WorkPackage",
                                       R"({"counter":"debt","delta":-9223372036854775808,"feature_slug":"001-login"})")));
  AppendLine(EncodeEventLine(MakeEvent(96, 6, "CounterIncremented", "WP01", "WorkPackage",
                                       R"({"counter":"debt","delta":-9223372036854775807,"feature_slug":"001-login"})")));
  for (bool warm : {true, false}) {
    if (!warm) RemoveIndex();
    ProcessResult json = Run({"--json", "status"});
    ASSERT_EQ(json.exit_code, 0) << json.err;
    EXPECT_TRUE(Contains(json.out, R"("counters":{"debt":-9223372036854775807,"reviews":9223372036854775807})"))
        << json.out;
    ProcessResult status = Run({"status"});
    EXPECT_TRUE(Contains(status.out, "counter reviews of 001-login/WP01 saturated at 9223372036854775807")) << status.out;
    EXPECT_TRUE(Contains(status.out, "counter debt of 001-login/WP01 saturated at -9223372036854775807")) << status.out;
  }
}

// Concurrent deltas (one clock, two branches) are summed by counter-sum: saturating too.
TEST_F(CountOnceTest, ConcurrentDeltasSaturate) {
  CreateFeature(1);
  AppendLine(CounterLine(97, 3, kMax, "alice"));
  AppendLine(CounterLine(98, 3, kMax, "bob"));
  std::string conflicts = Ok({"conflicts"});
  EXPECT_TRUE(Contains(conflicts, "rule: counter-sum  result: reviews +9223372036854775807 (total 9223372036854775807)"))
      << conflicts;
  ProcessResult json = Run({"--json", "status"});
  EXPECT_TRUE(Contains(json.out, R"("counters":{"reviews":9223372036854775807})")) << json.out;
}

}  // namespace
}  // namespace kittylog::workflow_test
