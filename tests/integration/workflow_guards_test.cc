// Guards, dependencies and `ready` through the real binary in one checkout (issue 15; DESIGN §5,
// §10; docs/workflow.md "Dependencies and guards"): `wp move` refuses a start while a dependency
// is not done and a finish while a gate is not passed, names what is missing, logs it, and writes
// nothing; `--force --reason` overrides a guard (never the lifecycle) and is recorded; every move
// records what it checked; `wp create --depends` refuses bad ids and cycles; `ready` lists what
// can start; `status` marks blocked WPs and failed gates; a cycle written by another branch is
// flagged by `status`, `ready` and `verify` and never hangs them.
#include <fmt/format.h>
#include <gtest/gtest.h>
#include <simdjson.h>

#include "tests/integration/workflow_fixture.h"

namespace kittylog::workflow_test {
namespace {

using testing::ProcessResult;

bool Contains(const std::string& text, const std::string& part) { return text.find(part) != std::string::npos; }

// The payload of the last event in the log, as written.
std::string LastPayload(const std::vector<Event>& events) { return events.empty() ? "" : events.back().payload_json; }

class GuardsTest : public WorkflowTest {
 protected:
  // 001-login with WP01, WP02 (depends on WP01), WP03 (depends on WP02 and WP01): clocks 1-4.
  void CreateChain() const {
    Ok({"spec", "create", kFeature, "--title", "Login"});
    Ok({"wp", "create", "WP01", "--feature", kFeature, "--title", "Tokens"});
    Ok({"wp", "create", "WP02", "--feature", kFeature, "--title", "Refresh", "--depends", "WP01"});
    Ok({"wp", "create", "WP03", "--feature", kFeature, "--title", "Logout", "--depends", "WP02,WP01"});
  }
  // A refusal: the exit code, exactly one error line naming `expected`, nothing written.
  void ExpectRefused(const std::vector<std::string>& args, int exit_code, const std::string& expected) const {
    std::map<std::string, std::string> before = LogState();
    ProcessResult result = Run(args);
    EXPECT_EQ(result.exit_code, exit_code) << result.err;
    std::vector<std::string> errors = ErrorLines(result.err);
    ASSERT_EQ(errors.size(), 1u) << result.err;
    EXPECT_TRUE(errors[0].starts_with("kittylog: error: ")) << errors[0];
    EXPECT_TRUE(Contains(errors[0], expected)) << errors[0];
    EXPECT_EQ(result.out, "");
    EXPECT_EQ(LogState(), before) << "a refused command wrote something";
  }
};

TEST_F(GuardsTest, StartingIsRefusedWhileADependencyIsNotDone) {
  CreateChain();
  ExpectRefused({"wp", "move", "WP03", "--feature", kFeature, "--to", "doing"}, 1,
                "guard refused 001-login/WP03: planned -> doing needs every dependency done: dependency WP01 is "
                "planned, dependency WP02 is planned (--force --reason R overrides)");
  // Logged, with what was missing, for the agent to learn from.
  std::string errors = Ok({"errors", "--entity", "WP03"});
  EXPECT_TRUE(Contains(errors, "GuardRefused  WP03  wp move WP03 --to doing --feature 001-login")) << errors;
  EXPECT_TRUE(Contains(errors, R"("unmet":[{"what":"dependency WP01","state":"planned"},)")) << errors;
  // With --json the refusal is one JSON document on stdout.
  ProcessResult json = Run({"--json", "wp", "move", "WP02", "--feature", kFeature, "--to", "doing"});
  EXPECT_EQ(json.exit_code, 1);
  EXPECT_TRUE(Contains(json.out, R"({"error":{"message":"guard refused 001-login/WP02)")) << json.out;

  Move("WP01", "doing");
  Move("WP01", "for_review");
  ExpectRefused({"wp", "move", "WP02", "--feature", kFeature, "--to", "doing"}, 1, "dependency WP01 is for_review");
  Move("WP01", "done");
  Move("WP02", "doing");  // now allowed
  std::string payload = LastPayload(Events());
  EXPECT_TRUE(Contains(payload, R"("dependency_status":{"all_complete":true,"incomplete_dependencies":[]})")) << payload;
  EXPECT_FALSE(Contains(payload, "forced")) << payload;
}

TEST_F(GuardsTest, FinishingIsRefusedWhileAGateIsPendingOrFailed) {
  CreateChain();
  Ok({"gate", "create", "gate-ci-WP01", "--wp", "WP01", "--type", "CI_CHECK", "--feature", kFeature});
  Ok({"gate", "create", "gate-sec-WP01", "--wp", "WP01", "--type", "SECURITY_SCAN", "--feature", kFeature});
  Move("WP01", "doing");
  Move("WP01", "for_review");
  ExpectRefused({"wp", "move", "WP01", "--feature", kFeature, "--to", "done"}, 1,
                "for_review -> done needs every gate passed: gate gate-ci-WP01 (CI_CHECK) is pending, gate "
                "gate-sec-WP01 (SECURITY_SCAN) is pending");
  Ok({"gate", "result", "gate-ci-WP01", "--status", "failed"});
  Ok({"gate", "result", "gate-sec-WP01", "--status", "passed"});
  ExpectRefused({"wp", "move", "WP01", "--feature", kFeature, "--to", "done"}, 1,
                "gate gate-ci-WP01 (CI_CHECK) is failed (--force --reason R overrides)");
  // Moves without a guard still record what the guards would see.
  Move("WP01", "doing");
  EXPECT_TRUE(Contains(LastPayload(Events()),
                       R"("gate_results":[{"gate_type":"CI_CHECK","status":"failed","details":{"gate_id":"gate-ci-WP01"}},)"
                       R"({"gate_type":"SECURITY_SCAN","status":"passed","details":{"gate_id":"gate-sec-WP01"}}])"));
  Move("WP01", "for_review");
  Ok({"gate", "result", "gate-ci-WP01", "--status", "passed"});
  Move("WP01", "done");
  EXPECT_TRUE(Contains(LastPayload(Events()), R"("status":"passed","details":{"gate_id":"gate-ci-WP01"})"));
}

TEST_F(GuardsTest, ForceOverridesAGuardIsRecordedAndNeedsAReason) {
  CreateChain();
  ExpectRefused({"wp", "move", "WP02", "--feature", kFeature, "--to", "doing", "--force"}, 2,
                "--force needs --reason R");
  std::string out = Ok({"wp", "move", "WP02", "--feature", kFeature, "--to", "doing", "--force", "--reason",
                        "spike against the WP01 interface"});
  EXPECT_EQ(out, "001-login/WP02: planned -> doing, forced while dependency WP01 is planned (clock 5)\n");
  std::string payload = LastPayload(Events());
  EXPECT_EQ(payload,
            R"({"feature_slug":"001-login","old_status":"planned","new_status":"doing",)"
            R"("reason":"spike against the WP01 interface","gate_results":[],)"
            R"("dependency_status":{"all_complete":false,"incomplete_dependencies":["WP01"]},"forced":true})");
  // A forced move is history as it should be: no lifecycle break.
  ProcessResult status = Run({"--json", "status"});
  EXPECT_TRUE(Contains(status.out, R"("lifecycle_breaks":[])")) << status.out;
  // --force on a move whose guard is met records nothing forced.
  Move("WP01", "doing");
  Ok({"wp", "move", "WP01", "--feature", kFeature, "--to", "for_review", "--force", "--reason", "no guard here"});
  EXPECT_FALSE(Contains(LastPayload(Events()), "forced")) << LastPayload(Events());
}

TEST_F(GuardsTest, ForceNeverOverridesTheLifecycle) {
  CreateChain();
  ExpectRefused({"wp", "move", "WP01", "--feature", kFeature, "--to", "done", "--force", "--reason", "ship it"}, 1,
                "invalid transition for 001-login/WP01: planned -> done (valid from planned: doing)");
}

TEST_F(GuardsTest, DependenciesAreValidatedAtCreation) {
  CreateChain();
  auto create = [](std::vector<std::string> depends) {
    std::vector<std::string> args = {"wp", "create", "WP05", "--feature", kFeature, "--title", "Five"};
    for (std::string& value : depends) {
      args.push_back("--depends");
      args.push_back(std::move(value));
    }
    return args;
  };
  ExpectRefused(create({""}), 1, "--depends: must not be empty");
  ExpectRefused(create({"WP01,"}), 1, "--depends: must not be empty");
  ExpectRefused(create({"WP01,,WP02"}), 1, "--depends: must not be empty");
  ExpectRefused(create({"WP05"}), 1, "--depends: WP05 cannot depend on itself");
  ExpectRefused(create({"WP01,WP02,WP01"}), 1, "--depends: WP01 is listed twice");
  ExpectRefused(create({"WP01", "WP01"}), 1, "--depends: WP01 is listed twice");
  ExpectRefused(create({"WP\x1b[31m"}), 1, "--depends: must not contain control characters");
  ExpectRefused(create({"WP09"}), 1, "--depends: unknown work package WP09 in feature 001-login (known: WP01, WP02, WP03)");
  // Another tool wrote WP04 depending on WP05 before WP05 existed: creating WP05 on WP04 closes a cycle.
  AppendLine(EncodeEventLine(MakeEvent(
      90, 5, "WPCreated", "WP04", "WorkPackage",
      R"({"feature_slug":"001-login","work_package_id":"WP04","title":"Four","dependencies":["WP05"]})")));
  ExpectRefused(create({"WP01,WP04"}), 1, "--depends: WP05 -> WP04 -> WP05 would be a dependency cycle");
  std::string errors = Ok({"errors", "--entity", "WP05"});
  EXPECT_TRUE(Contains(errors, "DependencyCycle  WP05")) << errors;
  EXPECT_TRUE(Contains(errors, "UnknownEntity  WP05")) << errors;
  Ok(create({"WP01", "WP03"}));  // repeated --depends add up
  EXPECT_TRUE(Contains(LastPayload(Events()), R"("dependencies":["WP01","WP03"])")) << LastPayload(Events());
}

TEST_F(GuardsTest, ReadyListsWhatCanStartInAStableOrder) {
  CreateChain();
  Ok({"spec", "create", "000-setup", "--title", "Setup"});
  Ok({"wp", "create", "WP02", "--feature", "000-setup", "--title", "Repo"});
  Ok({"wp", "create", "WP01", "--feature", "000-setup", "--title", "CI"});
  EXPECT_EQ(Ok({"ready"}),
            "000-setup/WP01  CI\n"
            "000-setup/WP02  Repo\n"
            "001-login/WP01  Tokens\n"
            "3 ready, 2 blocked (kittylog ready --all shows by what).\n");
  EXPECT_EQ(Ok({"ready", "--feature", kFeature, "--all"}),
            "001-login/WP01  Tokens\n"
            "001-login/WP02  Refresh  blocked by WP01 (planned)\n"
            "001-login/WP03  Logout  blocked by WP01 (planned), WP02 (planned)\n"
            "1 ready, 2 blocked.\n");
  Move("WP01", "doing");
  Move("WP01", "for_review");
  Move("WP01", "done");
  EXPECT_EQ(Ok({"ready", "--feature", kFeature}), "001-login/WP02  Refresh\n1 ready, 1 blocked (kittylog ready --all shows by what).\n");
  EXPECT_EQ(Ok({"--json", "ready", "--feature", kFeature, "--all"}),
            R"({"ready":[{"feature_slug":"001-login","work_package_id":"WP02","title":"Refresh","dependencies":["WP01"]}],)"
            R"("blocked":[{"feature_slug":"001-login","work_package_id":"WP03","title":"Logout","dependencies":["WP01","WP02"],)"
            R"("blocked_by":[{"work_package_id":"WP02","lane":"planned"}]}],"counts":{"ready":1,"blocked":1},)"
            R"("dependency_cycles":[],"warnings":[]})"
            "\n");
  ExpectRefused({"ready", "--feature", "009-nothing"}, 1, "unknown feature 009-nothing");
  ExpectRefused({"ready", "--feature", "Not A Slug"}, 2, "--feature \"Not A Slug\": must match");
}

TEST_F(GuardsTest, ADependencyCreatedLaterIsResolvedWhenRead) {
  CreateChain();
  // Written by another tool (or branch) before WP09 exists here.
  AppendLine(EncodeEventLine(MakeEvent(
      90, 5, "WPCreated", "WP04", "WorkPackage",
      R"({"feature_slug":"001-login","work_package_id":"WP04","title":"Four","dependencies":["WP09"]})")));
  EXPECT_TRUE(Contains(Ok({"ready", "--all"}), "001-login/WP04  Four  blocked by WP09 (not created)\n"));
  ExpectRefused({"wp", "move", "WP04", "--feature", kFeature, "--to", "doing"}, 1, "dependency WP09 is not created");
  Ok({"wp", "create", "WP09", "--feature", kFeature, "--title", "Nine"});
  EXPECT_TRUE(Contains(Ok({"ready", "--all"}), "001-login/WP04  Four  blocked by WP09 (planned)\n"));
  Move("WP09", "doing");
  Move("WP09", "for_review");
  Move("WP09", "done");
  EXPECT_TRUE(Contains(Ok({"ready"}), "001-login/WP04  Four\n"));
  Move("WP04", "doing");
}

TEST_F(GuardsTest, StatusMarksBlockedWorkPackagesAndFailedGates) {
  CreateChain();
  Ok({"gate", "create", "gate-ci-WP01", "--wp", "WP01", "--type", "CI_CHECK", "--feature", kFeature});
  Ok({"gate", "result", "gate-ci-WP01", "--status", "failed"});
  std::string board = Ok({"status"});
  EXPECT_TRUE(Contains(board, "    blocked by WP01\n")) << board;
  EXPECT_TRUE(Contains(board, "    blocked by WP02, WP01\n") || Contains(board, "    blocked by WP01, WP02\n")) << board;
  EXPECT_TRUE(Contains(board, "    gate gate-ci-WP01 failed\n")) << board;

  ProcessResult json = Run({"--json", "status"});
  simdjson::dom::parser parser;
  simdjson::dom::element root;
  ASSERT_EQ(parser.parse(json.out).get(root), simdjson::SUCCESS) << json.out;
  std::map<std::string, std::string> fields;
  for (simdjson::dom::element wp : root["features"].at(0)["work_packages"].get_array()) {
    std::string_view id;
    ASSERT_EQ(wp["work_package_id"].get(id), simdjson::SUCCESS);
    fields[std::string(id)] = simdjson::minify(wp["dependencies"]) + " " + simdjson::minify(wp["blocked_by"]) + " " +
                              simdjson::minify(wp["gates"]);
  }
  EXPECT_EQ(fields["WP01"], R"([] [] [{"gate_id":"gate-ci-WP01","gate_type":"CI_CHECK","status":"failed"}])");
  EXPECT_EQ(fields["WP02"], R"(["WP01"] [{"work_package_id":"WP01","lane":"planned"}] [])");
  EXPECT_EQ(fields["WP03"],
            R"(["WP01","WP02"] [{"work_package_id":"WP01","lane":"planned"},{"work_package_id":"WP02","lane":"planned"}] [])");
  // Started work packages are not blocked: `blocked_by` is what keeps a planned one from starting.
  Ok({"wp", "move", "WP02", "--feature", kFeature, "--to", "doing", "--force", "--reason", "spike"});
  EXPECT_TRUE(Contains(Run({"--json", "status"}).out, R"("dependencies":["WP01"],"blocked_by":[],"gates":[])"));
}

TEST_F(GuardsTest, ACycleFromAnotherBranchIsFlaggedNeverAHang) {
  Ok({"spec", "create", kFeature, "--title", "Login"});
  // Two branches created WP03 and WP05, each depending on the other (the last WPCreated of each
  // in total order decides its dependencies).
  AppendLine(EncodeEventLine(MakeEvent(
      90, 2, "WPCreated", "WP03", "WorkPackage",
      R"({"feature_slug":"001-login","work_package_id":"WP03","title":"Three","dependencies":["WP05"]})")));
  AppendLine(EncodeEventLine(MakeEvent(
      91, 3, "WPCreated", "WP05", "WorkPackage",
      R"({"feature_slug":"001-login","work_package_id":"WP05","title":"Five","dependencies":["WP03"]})")));
  const std::string warning =
      "dependency cycle in 001-login: WP03 -> WP05 -> WP03; none of these work packages can start without --force";
  EXPECT_TRUE(Contains(Ok({"status"}), "warning: " + warning)) << Ok({"status"});
  EXPECT_TRUE(Contains(Run({"--json", "status"}).out,
                       R"("dependency_cycles":[{"feature_slug":"001-login","cycle":["WP03","WP05","WP03"],)"));
  ProcessResult ready = Run({"ready", "--all"});
  EXPECT_EQ(ready.exit_code, 0);
  EXPECT_TRUE(Contains(ready.err, "kittylog: warning: " + warning)) << ready.err;
  EXPECT_TRUE(Contains(ready.out, "0 ready, 2 blocked.")) << ready.out;
  ProcessResult verify = Run({"verify"});
  EXPECT_EQ(verify.exit_code, 0) << verify.err;  // history cannot be repaired: a warning, not a problem
  EXPECT_TRUE(Contains(verify.err, "kittylog: warning: " + warning)) << verify.err;
  ProcessResult verify_json = Run({"--json", "verify"});
  EXPECT_TRUE(Contains(verify_json.out, R"("dependency_cycles":[{"feature_slug":"001-login","cycle":["WP03","WP05","WP03"])"))
      << verify_json.out;
  // Only --force gets one of them started.
  Ok({"wp", "move", "WP03", "--feature", kFeature, "--to", "doing", "--force", "--reason", "break the cycle by hand"});
}

TEST_F(GuardsTest, AHugeDependencyCycleFinishesQuickly) {
  Ok({"spec", "create", kFeature, "--title", "Login"});
  const int n = 5000;
  std::string lines;
  for (int i = 0; i < n; ++i) {
    std::string id = fmt::format("WP{:05}", i), next = fmt::format("WP{:05}", (i + 1) % n);
    lines += EncodeEventLine(MakeEvent(100 + i, 2 + i, "WPCreated", id, "WorkPackage",
                                       R"({"feature_slug":"001-login","work_package_id":")" + id +
                                           R"(","title":"T","dependencies":[")" + next + R"("]})")) +
             "\n";
  }
  testing::WriteFile(DailyFile(), testing::ReadFileOrEmpty(DailyFile()) + lines);
  for (const std::vector<std::string>& args :
       {std::vector<std::string>{"status"}, {"ready", "--all"}, {"verify"}, {"--json", "status"}}) {
    ProcessResult result = Run(args);
    EXPECT_EQ(result.exit_code, 0) << args[0] << ": " << result.err.substr(0, 400);
    EXPECT_TRUE(Contains(result.out + result.err, "dependency cycle in 001-login: WP00000 -> WP00001 -> ")) << args[0];
  }
}


// `history` reads one entity's events: it must neither invent a guard break (the dependency is
// not among them) nor miss one (the gate is not among them). It agrees with `verify`.
TEST_F(GuardsTest, HistoryMarksExactlyTheGuardBreaksVerifyLists) {
  CreateChain();
  Move("WP01", "doing");
  Move("WP01", "for_review");
  Move("WP01", "done");
  Move("WP02", "doing");  // its dependency is done: the guard passed
  std::string history = Ok({"history", "WP02", "--feature", kFeature});
  EXPECT_EQ(history.find("lifecycle break"), std::string::npos) << history;

  // A finish written past a pending gate (emit validates the schema only): a real guard break.
  Ok({"gate", "create", "gate-ci", "--wp", "WP02", "--type", "CI_CHECK", "--feature", kFeature});
  Move("WP02", "for_review");
  Ok({"emit", "WPStatusChanged", "--entity", "WP02", "--entity-type", "WorkPackage", "--payload",
      std::string(R"({"feature_slug":")") + kFeature +
          R"(","old_status":"for_review","new_status":"done"})"});
  history = Ok({"history", "WP02", "--feature", kFeature});
  EXPECT_NE(history.find("for_review -> done while gate gate-ci (CI_CHECK) was pending"), std::string::npos) << history;
  ProcessResult verify = Run({"verify"});
  EXPECT_NE(verify.err.find("for_review -> done while gate gate-ci (CI_CHECK) was pending"), std::string::npos)
      << verify.err;
}

// The guards of a WP's moves are checked on a replay that also holds its dependencies' moves and
// its gates: their concurrent changes are theirs, never listed in the WP's history.
TEST_F(GuardsTest, HistoryListsOnlyTheConcurrentChangesOfItsOwnEntity) {
  CreateChain();  // clocks 1-4
  AppendMove(40, 5, "WP01", "planned", "doing", "alice");  // two branches started WP01 at clock 5
  AppendMove(41, 5, "WP01", "planned", "doing", "bob");
  AppendMove(42, 6, "WP02", "planned", "doing");  // guarded, WP01 not done: a break, found on WP01's moves
  ProcessResult json = Run({"--json", "history", "WP02", "--feature", kFeature});
  ASSERT_EQ(json.exit_code, 0) << json.err;
  EXPECT_TRUE(Contains(json.out, R"("conflicts":[])")) << json.out;
  EXPECT_TRUE(Contains(json.out, "planned -> doing while dependency WP01 was doing")) << json.out;
  EXPECT_TRUE(Contains(Ok({"--json", "history", "WP01", "--feature", kFeature}), R"("entity":"001-login/WP01")"));
}

// A forced move always says why: through `wp move` and through `emit` alike.
// `status` keeps the guard checks of deciding moves in the index's board snapshot and checks new
// ones on top of it (docs/index.md "board_snapshots"). A move is guarded by the dependencies its
// WP had at the move's clock, even when a later creation dropped them and no dependency is left
// on the board: as a full replay says.
TEST_F(GuardsTest, AGuardOfDependenciesALaterCreationDroppedIsStillChecked) {
  CreateFeature(1);
  Ok({"wp", "create", "WP02", "--feature", kFeature, "--title", "Two", "--depends", "WP01"});
  Ok({"status"});  // saves a snapshot
  AppendMove(900, 20, "WP02", "planned", "doing");  // while WP01 is planned (another branch)
  AppendLine(EncodeEventLine(MakeEvent(901, 21, "WPCreated", "WP02", "WorkPackage",
                                       R"({"feature_slug":"001-login","work_package_id":"WP02","title":"Again"})")));
  ProcessResult first = Run({"status"});
  EXPECT_TRUE(Contains(first.out + first.err, "lifecycle breaks in 001-login/WP02: 2 moves")) << first.out << first.err;
  ProcessResult second = Run({"status"});  // from the snapshot the first saved
  EXPECT_EQ(second.out + second.err, first.out + first.err);
  ProcessResult check = Run({"index", "check"});
  EXPECT_EQ(check.exit_code, 0) << check.out << check.err;
}

// A dependency named only by an earlier creation still has its lane when a new deciding move is
// checked on top of the snapshot: no made-up guard break.
TEST_F(GuardsTest, ADependencyOfAnEarlierCreationKeepsItsLaneOnTopOfTheSnapshot) {
  CreateFeature(1);
  Ok({"wp", "create", "WP02", "--feature", kFeature, "--title", "Two", "--depends", "WP01"});
  Ok({"wp", "create", "WP03", "--feature", kFeature, "--title", "Three"});
  for (const char* lane : {"doing", "for_review", "done"}) Move("WP01", lane);
  Ok({"index", "rebuild"});
  Ok({"status"});  // saves a snapshot: WP01's deciding move is checked
  Move("WP02", "doing");  // WP01 is done: allowed
  AppendLine(EncodeEventLine(MakeEvent(901, 40, "WPCreated", "WP02", "WorkPackage",
                                       R"({"feature_slug":"001-login","work_package_id":"WP02","title":"Again",)"
                                       R"("dependencies":["WP03"]})")));
  ProcessResult status = Run({"status"});
  const std::string all = status.out + status.err;
  EXPECT_TRUE(Contains(all, "lifecycle break in 001-login/WP02 at clock 40")) << all;  // the creation only
  EXPECT_FALSE(Contains(all, "dependency")) << all;
}

TEST_F(GuardsTest, AForcedMoveWithoutAReasonIsRefusedEverywhere) {
  CreateChain();
  ProcessResult blank = Run({"wp", "move", "WP02", "--feature", kFeature, "--to", "doing", "--force", "--reason", "  "});
  EXPECT_EQ(blank.exit_code, 2) << blank.err;
  for (const std::string& reason : {std::string(""), std::string(R"(,"reason":" ")")}) {
    ProcessResult emitted = Run({"emit", "WPStatusChanged", "--entity", "WP02", "--entity-type", "WorkPackage",
                                 "--payload", std::string(R"({"feature_slug":")") + kFeature +
                                                  R"(","old_status":"planned","new_status":"doing","forced":true)" +
                                                  reason + "}"});
    EXPECT_EQ(emitted.exit_code, 1) << emitted.err;
    EXPECT_NE(emitted.err.find("payload.reason: required, not blank, when forced is true"), std::string::npos)
        << emitted.err;
  }
}

}  // namespace
}  // namespace kittylog::workflow_test
