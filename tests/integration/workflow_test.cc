// The workflow commands through the real `kittylog` binary (issue 4, DESIGN §5, §6, §10):
// status changes are emitted into the daily file with increasing clocks, the board follows a
// sequence of moves, invalid transitions and bad input are refused with one line and logged to
// the error log, and nothing else is written.
#include <algorithm>

#include <gtest/gtest.h>

#include "tests/integration/workflow_fixture.h"

namespace kittylog::workflow_test {
namespace {

using testing::ProcessResult;

bool Contains(const std::string& text, const std::string& part) { return text.find(part) != std::string::npos; }

TEST_F(WorkflowTest, EmptyRepositoryShowsAnEmptyBoard) {
  ProcessResult status = Run({"status"});
  EXPECT_EQ(status.exit_code, 0) << status.err;
  EXPECT_TRUE(Contains(status.out, "board is empty")) << status.out;
  ProcessResult json = Run({"--json", "status"});
  EXPECT_EQ(json.exit_code, 0);
  EXPECT_TRUE(Contains(json.out, R"("features":[])")) << json.out;
  EXPECT_TRUE(Contains(json.out, R"("conflicts":[])")) << json.out;
}

TEST_F(WorkflowTest, StatusChangesAreEmittedWithIncreasingClocks) {
  CreateFeature(1);
  Move("WP01", "doing");
  Move("WP01", "for_review", "codex-reviewer");
  std::vector<Event> events = Events();
  ASSERT_EQ(events.size(), 4u);
  for (size_t i = 0; i < events.size(); ++i) EXPECT_EQ(events[i].lamport_clock, static_cast<int64_t>(i + 1));
  EXPECT_EQ(events[0].event_type, "SpecCreated");
  EXPECT_EQ(events[1].event_type, "WPCreated");
  EXPECT_EQ(events[2].event_type, "WPStatusChanged");
  EXPECT_EQ(events[2].entity_id, "WP01");
  EXPECT_EQ(events[2].entity_type, "WorkPackage");
  EXPECT_EQ(events[2].payload.feature_slug, kFeature);
  EXPECT_EQ(events[2].payload.old_status, "planned");
  EXPECT_EQ(events[2].payload.new_status, "doing");
  EXPECT_EQ(events[2].actor, "test-actor");
  EXPECT_EQ(events[3].payload.old_status, "doing");  // the replayed current state
  EXPECT_EQ(events[3].payload.new_status, "for_review");
  EXPECT_EQ(events[3].actor, "codex-reviewer");
  EXPECT_EQ(events[3].raw_line, EncodeEventLine(events[3]));  // canonical line
}

TEST_F(WorkflowTest, WritingCommandsTakeActorReasonCausationAndCorrelation) {
  CreateFeature(1);
  Ok({"wp", "move", "WP01", "--feature", kFeature, "--to", "doing", "--reason", "starting", "--actor", "claude",
      "--causation", "op-1", "--correlation", "session-9"});
  Event move = Events().back();
  EXPECT_EQ(move.actor, "claude");
  EXPECT_EQ(move.payload.reason, "starting");
  EXPECT_EQ(move.causation_id.value_or(""), "op-1");
  EXPECT_EQ(move.correlation_id.value_or(""), "session-9");
  ProcessResult json = Run({"--json", "wp", "move", "WP01", "--feature", kFeature, "--to", "for_review"});
  ASSERT_EQ(json.exit_code, 0) << json.err;
  EXPECT_EQ(json.out, Events().back().raw_line + "\n");  // --json prints the written event
}

TEST_F(WorkflowTest, BoardAfterASequenceOfMoves) {
  CreateFeature(4);
  Move("WP01", "doing");
  Move("WP01", "for_review");
  Move("WP01", "done");
  Move("WP02", "doing");
  Move("WP03", "doing");
  Move("WP03", "for_review");
  Ok({"wp", "tag", "WP02", "--feature", kFeature, "backend", "urgent"});
  ProcessResult status = Run({"status"});
  ASSERT_EQ(status.exit_code, 0) << status.err;
  std::vector<std::string> lines = testing::SplitLines(status.out);
  ASSERT_GE(lines.size(), 6u) << status.out;
  EXPECT_EQ(lines[0], "001-login  Login");
  EXPECT_TRUE(Contains(lines[1], "Planned (1)")) << lines[1];
  EXPECT_TRUE(Contains(lines[1], "Doing (1)"));
  EXPECT_TRUE(Contains(lines[1], "For Review (1)"));
  EXPECT_TRUE(Contains(lines[1], "Done (1)"));
  EXPECT_FALSE(Contains(status.out, "Rejected"));  // only when used
  // Each card sits under its column.
  auto column_of = [&](const std::string& text) {
    for (size_t i = 3; i < lines.size(); ++i) {
      if (size_t at = lines[i].find(text); at != std::string::npos) return at;
    }
    return std::string::npos;
  };
  EXPECT_EQ(column_of("WP04"), lines[1].find("Planned"));
  EXPECT_EQ(column_of("WP02"), lines[1].find("Doing"));
  EXPECT_EQ(column_of("WP03"), lines[1].find("For Review"));
  EXPECT_EQ(column_of("WP01"), lines[1].find("Done"));
  EXPECT_TRUE(Contains(status.out, "[backend, urgent]"));
  EXPECT_TRUE(Contains(status.out, "progress: 1/4 done  [#####---------------]  25%")) << status.out;
  EXPECT_FALSE(Contains(status.out, "\x1b["));  // not a terminal: no colour

  ProcessResult json = Run({"--json", "status"});
  ASSERT_EQ(json.exit_code, 0);
  EXPECT_TRUE(Contains(json.out, R"("work_package_id":"WP03","title":"Work 3","lane":"for_review")")) << json.out;
  EXPECT_TRUE(Contains(json.out, R"("tags":["backend","urgent"])"));
  EXPECT_TRUE(Contains(json.out, R"("progress":{"done":1,"total":4})"));
  EXPECT_TRUE(Contains(json.out, R"("columns":["planned","doing","for_review","done"])"));
}

TEST_F(WorkflowTest, RejectedColumnAppearsWhenUsed) {
  CreateFeature(1);
  Move("WP01", "doing");
  Move("WP01", "for_review");
  Move("WP01", "rejected");
  std::string out = Ok({"status"});
  EXPECT_TRUE(Contains(out, "Rejected (1)")) << out;
  EXPECT_TRUE(Contains(out, "progress: 0/1 done"));
}

TEST_F(WorkflowTest, StatusOfOneFeature) {
  CreateFeature(1);
  Ok({"spec", "create", "002-billing", "--title", "Billing"});
  std::string out = Ok({"status", "--feature", "002-billing"});
  EXPECT_TRUE(Contains(out, "002-billing  Billing"));
  EXPECT_FALSE(Contains(out, "001-login"));
  ProcessResult unknown = Run({"status", "--feature", "003-nope"});
  EXPECT_EQ(unknown.exit_code, 1);
  EXPECT_EQ(ErrorLines(unknown.err).size(), 1u);
}

TEST_F(WorkflowTest, HistoryShowsTheTimeline) {
  CreateFeature(1);
  Move("WP01", "doing");
  Move("WP01", "for_review", "codex-reviewer");
  std::string out = Ok({"history", "WP01", "--feature", kFeature});
  std::vector<std::string> lines = testing::SplitLines(out);
  ASSERT_EQ(lines.size(), 4u) << out;
  EXPECT_EQ(lines[0], R"(001-login/WP01  "Work 1"  lane for_review)");
  EXPECT_EQ(lines[1], R"(clock 2: created "Work 1"  by test-actor  2026-01-27 12:00)");
  EXPECT_EQ(lines[2], "clock 3: planned -> doing  by test-actor  2026-01-27 12:00");
  EXPECT_EQ(lines[3], "clock 4: doing -> for_review  by codex-reviewer  2026-01-27 12:00");
  // Without --feature: the only feature that has a WP01.
  EXPECT_EQ(Ok({"history", "WP01"}), out);
}

TEST_F(WorkflowTest, HistoryAsksForTheFeatureWhenTheIdIsAmbiguous) {
  CreateFeature(1);
  Ok({"spec", "create", "002-billing", "--title", "Billing"});
  Ok({"wp", "create", "WP01", "--feature", "002-billing", "--title", "Invoices"});
  ProcessResult ambiguous = Run({"history", "WP01"});
  EXPECT_EQ(ambiguous.exit_code, 2);
  EXPECT_TRUE(Contains(ambiguous.err, "001-login, 002-billing")) << ambiguous.err;
  EXPECT_TRUE(Contains(Ok({"history", "WP01", "--feature", "002-billing"}), "Invoices"));
  EXPECT_EQ(Run({"history", "WP77"}).exit_code, 1);
}

TEST_F(WorkflowTest, InvalidTransitionIsRefusedAndLogged) {
  CreateFeature(1);
  auto before = LogState();
  ProcessResult refused = Run({"wp", "move", "WP01", "--feature", kFeature, "--to", "done"});
  EXPECT_EQ(refused.exit_code, 1);
  std::vector<std::string> errors = ErrorLines(refused.err);
  ASSERT_EQ(errors.size(), 1u) << refused.err;
  EXPECT_EQ(errors[0], "kittylog: error: invalid transition for 001-login/WP01: planned -> done (valid from planned: doing)");
  EXPECT_EQ(LogState(), before);  // nothing written but the error log

  ProcessResult json = Run({"--json", "errors", "--entity", "WP01"});
  ASSERT_EQ(json.exit_code, 0) << json.err;
  EXPECT_TRUE(Contains(json.out, R"("error_type":"InvalidTransition")")) << json.out;
  EXPECT_TRUE(Contains(json.out, R"("entity_id":"WP01")"));
  EXPECT_TRUE(Contains(json.out, R"("attempted_operation":"wp move WP01 --to done --feature 001-login")"));
  EXPECT_TRUE(Contains(json.out, R"("reason":"invalid transition for 001-login/WP01: planned -> done)"));
  EXPECT_TRUE(Contains(json.out, R"("context":{"feature":"001-login","from":"planned","to":"done","valid":["doing"]})"));
  std::string text = Ok({"errors"});
  EXPECT_TRUE(Contains(text, "InvalidTransition  WP01  wp move WP01 --to done --feature 001-login")) << text;
  EXPECT_TRUE(Contains(text, "1 error."));

  // The same mistake again: the command warns that the WP has earlier errors of that kind.
  ProcessResult again = Run({"wp", "move", "WP01", "--feature", kFeature, "--to", "done"});
  EXPECT_EQ(again.exit_code, 1);
  EXPECT_TRUE(Contains(again.err, "001-login/WP01 already has 1 earlier InvalidTransition error")) << again.err;
  EXPECT_EQ(Ok({"errors", "--entity", "WP02"}), "No errors recorded for WP02.\n");
}

TEST_F(WorkflowTest, EveryLifecycleMoveIsAcceptedAndOthersRefused) {
  CreateFeature(1);
  const std::vector<std::string> path = {"doing", "planned", "doing", "for_review", "doing", "for_review",
                                         "rejected", "doing", "for_review", "done", "doing"};
  for (const std::string& lane : path) Move("WP01", lane);
  EXPECT_EQ(Events().back().payload.new_status, "doing");
  EXPECT_EQ(Run({"wp", "move", "WP01", "--feature", kFeature, "--to", "doing"}).exit_code, 1);  // doing -> doing
  EXPECT_EQ(Run({"wp", "move", "WP01", "--feature", kFeature, "--to", "done"}).exit_code, 1);
}

TEST_F(WorkflowTest, BadInputIsOneLineAndWritesOnlyTheErrorLog) {
  CreateFeature(1);
  struct Case {
    std::vector<std::string> args;
    int exit_code;
    std::string message;
  };
  const std::vector<Case> cases = {
      {{"wp", "move", "WP01", "--feature", kFeature, "--to", "sideways"}, 1, "unknown lane \"sideways\""},
      {{"wp", "move", "WP09", "--feature", kFeature, "--to", "doing"}, 1, "unknown work package WP09"},
      {{"wp", "move", "WP01", "--feature", "009-nope", "--to", "doing"}, 1, "unknown feature 009-nope"},
      {{"wp", "move", "WP01", "--feature", "Not A Slug", "--to", "doing"}, 1, "must match"},
      {{"wp", "tag", "WP01", "--feature", kFeature, "ok", "bad\x1b[31mtag"}, 1, "control characters"},
      {{"wp", "create", "WP01", "--feature", kFeature, "--title", "again"}, 1, "already exists"},
      {{"spec", "create", kFeature, "--title", "again"}, 1, "already exists"},
      {{"gate", "result", "gate-nope", "--status", "passed"}, 1, "unknown gate gate-nope"},
      {{"gate", "create", "g1", "--wp", "WP01", "--type", "FUZZ", "--feature", kFeature}, 1, "unknown gate type"},
      {{"wp", "move", "WP01", "--feature", kFeature}, 2, "--to"},
      {{"wp", "subtask", "WP01", "--feature", kFeature, "--index", "-1"}, 1, "--index"},
  };
  auto before = LogState();
  size_t refused = 0;
  for (const Case& c : cases) {
    ProcessResult result = Run(c.args);
    EXPECT_EQ(result.exit_code, c.exit_code) << c.args[1] << " " << c.args[2] << ": " << result.err;
    std::vector<std::string> errors = ErrorLines(result.err);
    ASSERT_EQ(errors.size(), 1u) << result.err;
    EXPECT_TRUE(Contains(errors[0], c.message)) << errors[0];
    EXPECT_FALSE(Contains(result.err, "\x1b")) << "control characters must be escaped";
    EXPECT_EQ(LogState(), before) << c.args[1] << " " << c.args[2];
    refused += c.exit_code == 1;
  }
  ProcessResult json = Run({"--json", "errors"});
  size_t logged = 0;
  for (size_t at = json.out.find("\"error_id\""); at != std::string::npos; at = json.out.find("\"error_id\"", at + 1)) {
    ++logged;
  }
  EXPECT_EQ(logged, refused);  // every refusal (exit 1) is in the error log; usage errors are not
  EXPECT_TRUE(Contains(json.out, R"("error_type":"UnknownEntity")"));
  EXPECT_TRUE(Contains(json.out, R"("error_type":"ValidationError")"));
}

TEST_F(WorkflowTest, WorkspacesSubtasksAndGates) {
  CreateFeature(1);
  Ok({"wp", "workspace", "WP01", "--feature", kFeature, "--path", ".worktrees/wp01", "--branch", "001-login-WP01"});
  Ok({"wp", "subtask", "WP01", "--feature", kFeature, "--index", "2", "--text", "write tests"});
  Ok({"gate", "create", "gate-ci-WP01", "--wp", "WP01", "--type", "CI_CHECK", "--feature", kFeature});
  Ok({"gate", "result", "gate-ci-WP01", "--status", "failed", "--data", R"({"run": 7})"});
  Ok({"gate", "result", "gate-ci-WP01", "--status", "passed"});
  std::vector<Event> events = Events();
  ASSERT_EQ(events.size(), 7u);
  EXPECT_EQ(events[2].event_type, "WorkspaceCreated");
  EXPECT_EQ(events[3].payload.subtask_index.value_or(-1), 2);
  EXPECT_EQ(events[5].payload.old_status, "pending");
  EXPECT_TRUE(Contains(events[5].raw_line, R"("result_data":{"run":7})")) << events[5].raw_line;
  EXPECT_EQ(events[6].payload.old_status, "failed");  // the gate's replayed state
  std::string history = Ok({"history", "WP01", "--feature", kFeature});
  EXPECT_TRUE(Contains(history, "workspace .worktrees/wp01 on branch 001-login-WP01")) << history;
  EXPECT_TRUE(Contains(history, R"(subtask 2 done "write tests")"));
  std::string gate = Ok({"history", "gate-ci-WP01"});
  EXPECT_TRUE(Contains(gate, "gate gate-ci-WP01 (CI_CHECK) created")) << gate;
  EXPECT_TRUE(Contains(gate, "gate failed -> passed")) << gate;
  EXPECT_TRUE(Contains(Ok({"--json", "status"}), R"("gate_id":"gate-ci-WP01","gate_type":"CI_CHECK","feature_slug":"001-login","work_package_id":"WP01","status":"passed")"));
}

TEST_F(WorkflowTest, WorksFromASubdirectoryAndWithDashC) {
  CreateFeature(1);
  std::string sub = dir_.path() + "/src/deep";
  ASSERT_EQ(testing::Run({"mkdir", "-p", sub}).exit_code, 0);
  EXPECT_TRUE(Contains(Ok({"-C", sub, "status"}), "001-login  Login"));
}

}  // namespace
}  // namespace kittylog::workflow_test
