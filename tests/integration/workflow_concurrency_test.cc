// Replay and the merge rules through the real `kittylog` binary (issue 4, DESIGN §6): events
// written out of clock order replay in order, a bad line is skipped with a warning, concurrent
// events (same clock, same entity) are resolved by Last-Write-Wins with rollback precedence and
// tags union, every resolution is shown under the board, and two real git branches merged
// through the driver end up with the same board and the same warning.
#include <gtest/gtest.h>

#include "tests/integration/workflow_fixture.h"

namespace kittylog::workflow_test {
namespace {

using testing::ProcessResult;

bool Contains(const std::string& text, const std::string& part) { return text.find(part) != std::string::npos; }

std::string LaneOf(const std::string& status_json, const std::string& wp) {
  std::string key = R"("work_package_id":")" + wp + R"(")";
  size_t at = status_json.find(key);
  if (at == std::string::npos) return "";
  size_t lane = status_json.find(R"("lane":")", at);
  if (lane == std::string::npos) return "";
  lane += 8;
  return status_json.substr(lane, status_json.find('"', lane) - lane);
}

TEST_F(WorkflowTest, EventsWrittenOutOfClockOrderReplayInOrder) {
  CreateFeature(1);  // clocks 1, 2
  // Lines as a merge without the driver might leave them: clock 5 before 3 and 4.
  AppendMove(5, 5, "WP01", "for_review", "done");
  AppendMove(3, 3, "WP01", "planned", "doing");
  AppendMove(4, 4, "WP01", "doing", "for_review");
  ProcessResult json = Run({"--json", "status"});
  ASSERT_EQ(json.exit_code, 0) << json.err;
  EXPECT_EQ(LaneOf(json.out, "WP01"), "done");
  EXPECT_TRUE(Contains(json.out, R"("lifecycle_breaks":[])")) << json.out;  // in clock order it is a clean lifecycle
  std::vector<std::string> history = testing::SplitLines(Ok({"history", "WP01", "--feature", kFeature}));
  ASSERT_EQ(history.size(), 5u);
  EXPECT_TRUE(history[2].starts_with("clock 3: planned -> doing"));
  EXPECT_TRUE(history[3].starts_with("clock 4: doing -> for_review"));
  EXPECT_TRUE(history[4].starts_with("clock 5: for_review -> done"));
  // The next move continues from the replayed state and the highest clock.
  Move("WP01", "doing");
  Event reopened = Events().back();
  EXPECT_EQ(reopened.lamport_clock, 6);
  EXPECT_EQ(reopened.payload.old_status, "done");
}

TEST_F(WorkflowTest, AnInvalidLineIsSkippedWithAWarning) {
  CreateFeature(1);
  AppendLine("{this is not json");
  AppendMove(4, 4, "WP01", "planned", "doing");
  // The first reader after the bad line arrived reports it (the index remembers the file as read).
  ProcessResult status = Run({"status"});
  ASSERT_EQ(status.exit_code, 0) << status.err;
  EXPECT_TRUE(Contains(status.err, "2026-01-27.jsonl:3:")) << status.err;  // file:line of the bad line
  EXPECT_TRUE(Contains(status.out, "Doing (1)")) << status.out;           // its neighbours still count
  Move("WP01", "for_review");
  EXPECT_TRUE(Contains(Ok({"status"}), "For Review (1)"));
  // `conflicts` reads the index, like `status`; `verify` reads the JSONL and lists the line again.
  EXPECT_EQ(Run({"conflicts"}).exit_code, 0);
  ProcessResult verify = Run({"verify"});
  EXPECT_TRUE(Contains(verify.out + verify.err, "2026-01-27.jsonl:3")) << verify.out << verify.err;
  EXPECT_TRUE(Contains(testing::ReadFileOrEmpty(DailyFile()), "{this is not json\n"));  // never deleted
  ProcessResult quiet = Run({"--quiet", "status"});
  EXPECT_EQ(quiet.err, "");
}

TEST_F(WorkflowTest, ConcurrentMovesAtTheSameClockResolveByLastWriteWins) {
  CreateFeature(1);
  Move("WP01", "doing");  // clock 3
  // Two branches both moved WP01 at clock 4: the later event id wins.
  AppendMove(40, 4, "WP01", "doing", "for_review", "alice");
  AppendMove(41, 4, "WP01", "doing", "planned", "bob");
  ProcessResult status = Run({"status"});
  ASSERT_EQ(status.exit_code, 0) << status.err;
  EXPECT_TRUE(Contains(status.out, "Planned (1)")) << status.out;
  std::string warning = "warning: concurrent status changes to 001-login/WP01 at clock 4: " + Ulid(40) +
                        " (doing -> for_review, by alice), " + Ulid(41) +
                        " (doing -> planned, by bob); last-write-wins -> lane planned (event " + Ulid(41) + ")";
  EXPECT_TRUE(Contains(status.out, warning)) << status.out;

  ProcessResult json = Run({"--json", "status"});
  EXPECT_EQ(LaneOf(json.out, "WP01"), "planned");
  EXPECT_TRUE(Contains(json.out, R"("rule":"last-write-wins","winner_id":")" + Ulid(41) + R"(","result":"lane planned")"))
      << json.out;

  std::string conflicts = Ok({"conflicts"});
  EXPECT_TRUE(Contains(conflicts, "clock 4  001-login/WP01  status")) << conflicts;
  EXPECT_TRUE(Contains(conflicts, "rule: last-write-wins  result: lane planned"));
  EXPECT_TRUE(Contains(conflicts, "1 concurrent change resolved."));
  EXPECT_TRUE(Contains(Ok({"--json", "conflicts"}), R"("entity":"001-login/WP01","aspect":"status","lamport_clock":4)"));

  std::string history = Ok({"history", "WP01", "--feature", kFeature});
  EXPECT_TRUE(Contains(history, "doing -> for_review  by alice  2026-01-27 12:00  [concurrent: overruled, last-write-wins]"))
      << history;
  EXPECT_TRUE(Contains(history, "doing -> planned  by bob  2026-01-27 12:00  [concurrent: wins, last-write-wins]"));
  // The next move starts from the winner's lane.
  Move("WP01", "doing");
  EXPECT_EQ(Events().back().payload.old_status, "planned");
}

TEST_F(WorkflowTest, AReviewerRollbackBeatsAConcurrentDone) {
  CreateFeature(1);
  Move("WP01", "doing");
  Move("WP01", "for_review");  // clock 4
  AppendMove(50, 5, "WP01", "for_review", "doing", "codex-reviewer");  // changes requested
  AppendMove(51, 5, "WP01", "for_review", "done", "implementer");      // later id, but forward
  ProcessResult json = Run({"--json", "status"});
  ASSERT_EQ(json.exit_code, 0) << json.err;
  EXPECT_EQ(LaneOf(json.out, "WP01"), "doing");
  EXPECT_TRUE(Contains(json.out, R"("rule":"rollback-precedence","winner_id":")" + Ulid(50))) << json.out;
  std::string status = Ok({"status"});
  EXPECT_TRUE(Contains(status, "rollback-precedence -> lane doing (event " + Ulid(50) + ")")) << status;
  EXPECT_TRUE(Contains(status, "progress: 0/1 done"));
}

TEST_F(WorkflowTest, ConcurrentTagsAreBothKept) {
  CreateFeature(1);
  std::string payload_a = R"({"tags":["backend"],"feature_slug":"001-login"})";
  std::string payload_b = R"({"tags":["security","backend"],"feature_slug":"001-login"})";
  AppendLine(EncodeEventLine(MakeEvent(60, 3, "TagsAdded", "WP01", "WorkPackage", payload_a, "alice")));
  AppendLine(EncodeEventLine(MakeEvent(61, 3, "TagsAdded", "WP01", "WorkPackage", payload_b, "bob")));
  ProcessResult status = Run({"status"});
  ASSERT_EQ(status.exit_code, 0) << status.err;
  EXPECT_TRUE(Contains(status.out, "[backend, security]")) << status.out;
  EXPECT_TRUE(Contains(status.out, "tags-union -> tags backend, security all kept")) << status.out;
  // Tags only grow: a later tag adds, nothing removes.
  Ok({"wp", "tag", "WP01", "--feature", kFeature, "urgent"});
  EXPECT_TRUE(Contains(Ok({"--json", "status"}), R"("tags":["backend","security","urgent"])"));
}

TEST_F(WorkflowTest, HistoryThatBreaksTheLifecycleIsFlaggedNotHidden) {
  CreateFeature(1);
  AppendMove(70, 3, "WP01", "planned", "done", "importer");  // skips doing and review
  ProcessResult status = Run({"status"});
  ASSERT_EQ(status.exit_code, 0);
  EXPECT_TRUE(Contains(status.out, "Done (1)")) << status.out;  // replayed as written
  EXPECT_TRUE(Contains(status.out, "lifecycle break in 001-login/WP01 at clock 3")) << status.out;
  EXPECT_TRUE(Contains(status.out, "planned -> done is not a lifecycle move"));
  std::string history = Ok({"history", "WP01", "--feature", kFeature});
  EXPECT_TRUE(Contains(history, "[lifecycle break: planned -> done is not a lifecycle move")) << history;
}

// Two worktrees (two agents, each with its own Lamport clock) moving the same WP on two
// branches, merged through the driver that `kittylog init` installs: the board shows the
// resolution and the warning.
class WorkflowGitTest : public WorkflowTest {
 protected:
  void SetUp() override {
    ASSERT_EQ(Git(dir_.path(), {"init", "-q", "-b", "main"}).exit_code, 0);
    Git(dir_.path(), {"config", "user.email", "t@example.com"});
    Git(dir_.path(), {"config", "user.name", "Tester"});
    WorkflowTest::SetUp();
  }
  static ProcessResult Git(const std::string& cwd, const std::vector<std::string>& args) {
    std::vector<std::string> argv = {"git"};
    argv.insert(argv.end(), args.begin(), args.end());
    testing::ProcessOptions options;
    options.cwd = cwd;
    options.env["KITTYLOG_NOW"] = std::to_string(kJan27Noon);
    return testing::Run(argv, options);
  }
  // Commits the event log only (the clock, the index and the error log are per checkout).
  static void Commit(const std::string& cwd, const std::string& message) {
    ProcessResult add = Git(cwd, {"add", "--", ":(glob).kittify/events/*.jsonl"});
    ASSERT_EQ(add.exit_code, 0) << add.err;
    ProcessResult commit = Git(cwd, {"commit", "-q", "-m", message});
    ASSERT_EQ(commit.exit_code, 0) << commit.err;
  }
  void MoveIn(const std::string& cwd, const std::string& wp, const std::string& to, const std::string& actor,
              int64_t now_millis = kJan27Noon) {
    ProcessResult moved = RunIn(cwd, {"wp", "move", wp, "--feature", kFeature, "--to", to}, actor, now_millis);
    ASSERT_EQ(moved.exit_code, 0) << moved.err;
  }
  testing::TempDir other_;
};

TEST_F(WorkflowGitTest, TwoBranchesMergeIntoOneBoardWithTheRollbackWinning) {
  CreateFeature(2);
  Move("WP01", "doing");
  Move("WP01", "for_review");  // clock 5
  Commit(dir_.path(), "feature planned, WP01 in review");
  const std::string worktree = other_.path() + "/review";
  ProcessResult added = Git(dir_.path(), {"worktree", "add", "-q", "-b", "review", worktree});
  ASSERT_EQ(added.exit_code, 0) << added.err;

  // The reviewer's worktree: changes requested at clock 6, and a tag.
  MoveIn(worktree, "WP01", "doing", "codex-reviewer");
  ProcessResult tagged = RunIn(worktree, {"wp", "tag", "WP01", "--feature", kFeature, "needs-tests"}, "codex-reviewer");
  ASSERT_EQ(tagged.exit_code, 0) << tagged.err;
  Commit(worktree, "changes requested");

  // Meanwhile on main: the implementer marks it done, also at clock 6, a minute later (so its
  // event id is the greater: last-write-wins alone would pick it).
  MoveIn(dir_.path(), "WP01", "done", "implementer", kJan27Noon + 60000);
  MoveIn(dir_.path(), "WP02", "doing", "implementer");
  ProcessResult urgent = RunIn(dir_.path(), {"wp", "tag", "WP01", "--feature", kFeature, "urgent"}, "implementer");
  ASSERT_EQ(urgent.exit_code, 0) << urgent.err;  // clock 8; the reviewer's tag has clock 7
  Commit(dir_.path(), "WP01 done");

  ProcessResult merge = Git(dir_.path(), {"merge", "-q", "--no-edit", "review"});
  ASSERT_EQ(merge.exit_code, 0) << merge.out << merge.err;
  ProcessResult json = Run({"--json", "status"});
  ASSERT_EQ(json.exit_code, 0) << json.err;
  EXPECT_EQ(LaneOf(json.out, "WP01"), "doing") << json.out;
  EXPECT_EQ(LaneOf(json.out, "WP02"), "doing");
  EXPECT_TRUE(Contains(json.out, R"("rule":"rollback-precedence")"));
  EXPECT_TRUE(Contains(json.out, R"("tags":["needs-tests","urgent"])"));
  std::string status = Ok({"status"});
  EXPECT_TRUE(Contains(status, "concurrent status changes to 001-login/WP01 at clock 6")) << status;
  EXPECT_TRUE(Contains(status, "rollback-precedence -> lane doing")) << status;
  // The log alone shows the equal-clock group; the merge commit also shows the tags both sides
  // added at different clocks.
  std::string in_log = Ok({"conflicts"});
  EXPECT_TRUE(Contains(in_log, "1 concurrent change resolved.")) << in_log;
  std::string at_merge = Ok({"conflicts", "--rev", "HEAD"});
  EXPECT_TRUE(Contains(at_merge, "001-login/WP01  status")) << at_merge;
  EXPECT_TRUE(Contains(at_merge, "rule: rollback-precedence  result: lane doing"));
  EXPECT_TRUE(Contains(at_merge, "001-login/WP01  tags"));
  EXPECT_TRUE(Contains(at_merge, "rule: tags-union  result: tags needs-tests, urgent all kept"));
  EXPECT_TRUE(Contains(at_merge, "2 entities changed on both sides."));
  std::string json_at_merge = Ok({"--json", "conflicts", "--rev", "HEAD"});
  EXPECT_TRUE(Contains(json_at_merge, R"("entity":"001-login/WP01","aspect":"status","ours":[)")) << json_at_merge;
  // Not a merge commit, not in the repository: one line, exit 1.
  for (const std::string& rev : {std::string("HEAD~1"), std::string("no-such-rev")}) {
    ProcessResult bad = Run({"conflicts", "--rev", rev});
    EXPECT_EQ(bad.exit_code, 1) << rev;
    EXPECT_EQ(ErrorLines(bad.err).size(), 1u) << bad.err;
  }

  // The next move on the merged checkout continues after both branches' clocks.
  Move("WP01", "for_review");
  Result<LogContents> merged = ReadLogFile(DailyFile());
  ASSERT_TRUE(merged.ok());
  EXPECT_EQ(merged->events.back().lamport_clock, 9);
  EXPECT_EQ(merged->events.back().payload.old_status, "doing");
}

}  // namespace
}  // namespace kittylog::workflow_test
