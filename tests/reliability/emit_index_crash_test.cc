// An emit killed after its events reached the log but before the index took them (DESIGN §4:
// the durable work of an emit is the append and the clock; the index needs no sync of its own
// and no checkpoint per process). The kill is a real SIGKILL at a named point
// (KITTYLOG_CRASH_AT, platform/system.h); the next command must answer from the whole log, and
// `index check` must find the index equal to a replay.
#include <signal.h>

#include <filesystem>

#include <fmt/format.h>
#include <gtest/gtest.h>

#include "tests/reliability/reliability_support.h"
#include "tests/support/test_support.h"

namespace kittylog {
namespace {

using testing::Kittylog;
using testing::ProcessOptions;
using testing::ProcessResult;
using testing::TempDir;

class EmitIndexCrashTest : public ::testing::Test {
 protected:
  void SetUp() override {
    ASSERT_EQ(Kittylog(dir_.path(), {"init"}).exit_code, 0);
    for (int i = 0; i < 5; ++i) Emit(fmt::format("before-{}", i));
  }

  ProcessResult Emit(const std::string& entity, const std::string& crash_at = "") {
    ProcessOptions options;
    if (!crash_at.empty()) options.env["KITTYLOG_CRASH_AT"] = crash_at;
    ProcessResult result = Kittylog(dir_.path(),
                                    {"emit", "TagsAdded", "--entity", entity, "--entity-type", "WorkPackage",
                                     "--payload", R"({"tags":["t"],"feature_slug":"001-crash"})"},
                                    options);
    if (crash_at.empty()) {
      EXPECT_EQ(result.exit_code, 0) << result.err;
    }
    return result;
  }

  std::string Index(const std::string& suffix = "") const {
    return dir_.path() + "/.kittify/events/index.db" + suffix;
  }

  // The killed emit's event is in the log; the next commands see it, the index equals a replay,
  // and the clock goes on above it.
  void ExpectHealed(const std::string& killed_entity, bool rebuild_expected) {
    testing::LogScan scan = testing::ScanLog(dir_.path());
    ASSERT_FALSE(scan.events.empty());
    EXPECT_EQ(scan.events.back().entity_id, killed_entity);
    const int64_t killed_clock = scan.events.back().lamport_clock;

    ProcessResult query = Kittylog(dir_.path(), {"query", "--entity", killed_entity, "--format", "jsonl"});
    ASSERT_EQ(query.exit_code, 0) << query.err;
    EXPECT_EQ(testing::SplitLines(query.out).size(), 1u) << query.out;
    EXPECT_EQ(query.err.find("rebuilt") != std::string::npos, rebuild_expected) << query.err;

    ProcessResult check = Kittylog(dir_.path(), {"index", "check"});
    EXPECT_EQ(check.exit_code, 0) << check.out << check.err;

    Emit("after");
    scan = testing::ScanLog(dir_.path());
    EXPECT_GT(scan.events.back().lamport_clock, killed_clock);
    EXPECT_EQ(Kittylog(dir_.path(), {"index", "check"}).exit_code, 0);
    EXPECT_TRUE(scan.problems.empty());
  }

  TempDir dir_;
};

TEST_F(EmitIndexCrashTest, KilledAfterTheAppendBeforeTheIndex) {
  ProcessResult killed = Emit("killed", "emit-appended");
  ASSERT_EQ(killed.signal, SIGKILL) << "exit " << killed.exit_code << ": " << killed.err;
  ExpectHealed("killed", /*rebuild_expected=*/false);
}

TEST_F(EmitIndexCrashTest, KilledWithTheIndexTransactionAboutToCommit) {
  ProcessResult killed = Emit("killed", "index-commit");
  ASSERT_EQ(killed.signal, SIGKILL) << "exit " << killed.exit_code << ": " << killed.err;
  ExpectHealed("killed", /*rebuild_expected=*/false);
}

TEST_F(EmitIndexCrashTest, CommittedWalContentIsKeptAcrossProcesses) {
  // Writers no longer checkpoint: the WAL holds their transactions, and readers trust it.
  ASSERT_GT(std::filesystem::file_size(Index("-wal")), 0u);
  ProcessResult status = Kittylog(dir_.path(), {"query", "--entity", "before-4", "--format", "jsonl"});
  EXPECT_EQ(status.exit_code, 0);
  EXPECT_EQ(status.err, "");
  EXPECT_EQ(testing::SplitLines(status.out).size(), 1u);
}

TEST_F(EmitIndexCrashTest, AWalWhoseRecordIsLostIsNotTrusted) {
  // A crash between a WAL restart and its record leaves a WAL the index cannot vouch for.
  ProcessResult killed = Emit("killed", "index-commit");
  ASSERT_EQ(killed.signal, SIGKILL);
  ASSERT_GT(std::filesystem::file_size(Index("-wal")), 0u);
  std::filesystem::remove(Index("-walid"));
  ExpectHealed("killed", /*rebuild_expected=*/true);
}

}  // namespace
}  // namespace kittylog
