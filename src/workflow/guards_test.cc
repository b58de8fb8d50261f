#include "workflow/guards.h"

#include <gtest/gtest.h>

#include "workflow/test_events.h"

#include "workflow/board_summary.h"

namespace kittylog {
namespace {

constexpr const char* kFeature = "001-login";

using testing::BaseEvent;

Event Create(std::string id, int64_t clock, std::string wp, std::vector<std::string> dependencies = {}) {
  Event event = BaseEvent(std::move(id), clock, "WPCreated", wp, "WorkPackage");
  event.payload.feature_slug = kFeature;
  event.payload.work_package_id = wp;
  event.payload.title = "Title of " + wp;
  event.payload.dependencies = std::move(dependencies);
  return event;
}

Event Move(std::string id, int64_t clock, std::string wp, std::string from, std::string to, bool forced = false) {
  Event event = BaseEvent(std::move(id), clock, "WPStatusChanged", std::move(wp), "WorkPackage");
  event.payload.feature_slug = kFeature;
  event.payload.old_status = std::move(from);
  event.payload.new_status = std::move(to);
  event.payload.forced = forced;
  return event;
}

Event Gate(std::string id, int64_t clock, std::string gate, std::string wp) {
  Event event = BaseEvent(std::move(id), clock, "GateCreated", gate, "Gate");
  event.payload.gate_id = gate;
  event.payload.gate_type = "CI_CHECK";
  event.payload.work_package_id = std::move(wp);
  event.payload.feature_slug = kFeature;
  return event;
}

Event GateResult(std::string id, int64_t clock, std::string gate, std::string from, std::string to) {
  Event event = BaseEvent(std::move(id), clock, "GateResultChanged", gate, "Gate");
  event.payload.gate_id = std::move(gate);
  event.payload.old_status = std::move(from);
  event.payload.new_status = std::move(to);
  return event;
}

// WP01 done at clock 5, WP02 (depends on WP01) created: the start of every scenario.
std::vector<Event> WithDoneDependency() {
  return {Create("A1", 1, "WP01"),
          Create("A2", 2, "WP02", {"WP01"}),
          Move("A3", 3, "WP01", "planned", "doing"),
          Move("A4", 4, "WP01", "doing", "for_review"),
          Move("A5", 5, "WP01", "for_review", "done")};
}

std::vector<std::string> Problems(const BoardState& board) {
  std::vector<std::string> problems;
  for (const LifecycleBreak& lifecycle_break : board.breaks) {
    problems.push_back(lifecycle_break.entity + " @" + std::to_string(lifecycle_break.event.lamport_clock) + ": " +
                       lifecycle_break.problem);
  }
  return problems;
}

TEST(GuardsTest, StartingNeedsEveryDependencyDone) {
  std::vector<Event> events = {Create("A1", 1, "WP01"), Create("A2", 2, "WP02", {"WP01", "WP09"})};
  BoardState board = Replay(events).board;
  const WorkPackageState& wp02 = *board.FindWorkPackage(kFeature, "WP02");
  GuardCheck check = CheckGuard(board, wp02, "doing");
  EXPECT_FALSE(check.passed());
  EXPECT_EQ(check.UnmetText(), "dependency WP01 is planned, dependency WP09 is not created");
  EXPECT_EQ(check.Requirement(), "every dependency done");
  // Moves without a guard record the same facts but are never blocked by them.
  EXPECT_TRUE(CheckGuard(board, wp02, "rejected").passed());
  EXPECT_EQ(CheckGuard(board, wp02, "rejected").dependencies.incomplete.size(), 2u);
}

TEST(GuardsTest, FinishingNeedsEveryGatePassed) {
  std::vector<Event> events = {Create("A1", 1, "WP01"), Gate("A2", 2, "gate-ci", "WP01"), Gate("A3", 3, "gate-sec", "WP01"),
                               Gate("A4", 4, "gate-other", "WP02"), GateResult("A5", 5, "gate-ci", "pending", "failed")};
  BoardState board = Replay(events).board;
  WorkPackageState wp01 = *board.FindWorkPackage(kFeature, "WP01");
  wp01.lane = "for_review";
  GuardCheck check = CheckGuard(board, wp01, "done");
  EXPECT_EQ(check.UnmetText(), "gate gate-ci (CI_CHECK) is failed, gate gate-sec (CI_CHECK) is pending");
  EXPECT_EQ(check.gates.size(), 2u);  // gate-other is WP02's
  EXPECT_TRUE(CheckGuard(board, wp01, "doing").passed());

  JsonWriter w;
  w.BeginObject();
  WriteGuardRecord(w, check);
  w.EndObject();
  EXPECT_EQ(w.Take(),
            R"({"gate_results":[{"gate_type":"CI_CHECK","status":"failed","details":{"gate_id":"gate-ci"}},)"
            R"({"gate_type":"CI_CHECK","status":"pending","details":{"gate_id":"gate-sec"}}],)"
            R"("dependency_status":{"all_complete":true,"incomplete_dependencies":[]}})");
}

TEST(GuardsTest, AGateWithoutAFeatureBelongsToThatIdInEveryFeature) {
  GateState gate;
  gate.work_package_id = "WP01";
  EXPECT_TRUE(GateBelongsTo(gate, "001-login", "WP01"));
  EXPECT_TRUE(GateBelongsTo(gate, "002-search", "WP01"));
  EXPECT_FALSE(GateBelongsTo(gate, "001-login", "WP02"));
  gate.feature_slug = "002-search";
  EXPECT_FALSE(GateBelongsTo(gate, "001-login", "WP01"));
}

TEST(GuardsTest, ReplayAcceptsMovesThatMetTheirGuards) {
  std::vector<Event> events = WithDoneDependency();
  events.push_back(Move("A6", 6, "WP02", "planned", "doing"));
  EXPECT_TRUE(Replay(events).board.breaks.empty());
}

TEST(GuardsTest, StartingWhileTheDependencyWasReopenedIsABreak) {
  // One branch reopened WP01 (clock 6); the other started WP02 having seen WP01 done (clock 7).
  std::vector<Event> events = WithDoneDependency();
  events.push_back(Move("B6", 6, "WP01", "done", "doing"));
  events.push_back(Move("A7", 7, "WP02", "planned", "doing"));
  ReplayResult result = Replay(events, {.verdicts = true});
  EXPECT_EQ(Problems(result.board),
            (std::vector<std::string>{"001-login/WP02 @7: planned -> doing while dependency WP01 was doing (the guard "
                                      "needs every dependency done; not forced)"}));
  EXPECT_EQ(result.board.FindWorkPackage(kFeature, "WP02")->lane, "doing");  // replayed as written
  EXPECT_NE(result.verdicts.back().problem, "");
  // It decides WP02's lane, so `status` keeps it.
  BoardState board = result.board;
  KeepDecidingResolutions(board);
  EXPECT_EQ(board.breaks.size(), 1u);
}

TEST(GuardsTest, AReopenLaterInTotalOrderIsNoBreak) {
  // The same two moves the other way round look like one checkout's history: started, then the
  // dependency reopened. Nothing a single checkout could not have written.
  std::vector<Event> events = WithDoneDependency();
  events.push_back(Move("A6", 6, "WP02", "planned", "doing"));
  events.push_back(Move("B7", 7, "WP01", "done", "doing"));
  EXPECT_TRUE(Replay(events).board.breaks.empty());
}

TEST(GuardsTest, AConcurrentReopenAtTheSameClockIsABreak) {
  // Both branches wrote one event after the merge base: same clock. The mover could not have seen
  // the reopen, and one checkout never writes two events at one clock.
  std::vector<Event> events = WithDoneDependency();
  events.push_back(Move("B6", 6, "WP01", "done", "doing"));
  events.push_back(Move("A6", 6, "WP02", "planned", "doing"));
  EXPECT_EQ(Problems(Replay(events).board).size(), 1u);
  std::swap(events[5].event_id, events[6].event_id);  // whichever comes first in total order
  EXPECT_EQ(Problems(Replay(events).board).size(), 1u);
}

TEST(GuardsTest, AForcedMoveIsNoBreak) {
  std::vector<Event> events = {Create("A1", 1, "WP01"), Create("A2", 2, "WP02", {"WP01"}),
                               Move("A3", 3, "WP02", "planned", "doing", /*forced=*/true)};
  EXPECT_TRUE(Replay(events).board.breaks.empty());
  events.back().payload.forced = false;
  EXPECT_EQ(Problems(Replay(events).board).size(), 1u);
}

TEST(GuardsTest, FinishingWhileAGateFailedIsABreak) {
  std::vector<Event> events = {Create("A1", 1, "WP01"), Gate("A2", 2, "gate-ci", "WP01"),
                               Move("A3", 3, "WP01", "planned", "doing"), Move("A4", 4, "WP01", "doing", "for_review"),
                               GateResult("B5", 5, "gate-ci", "pending", "failed"),
                               Move("A6", 6, "WP01", "for_review", "done")};
  EXPECT_EQ(Problems(Replay(events).board),
            (std::vector<std::string>{"001-login/WP01 @6: for_review -> done while gate gate-ci (CI_CHECK) was failed "
                                      "(the guard needs every gate passed; not forced)"}));
}

TEST(GuardsTest, TheIndexedBoardSeesTheSameBreakFromTheGroupsItFetches) {
  // What WorkflowSource fetches from the index: every WPCreated and gate event, each WP's deciding
  // group, and for a guarded deciding move the group that decided each dependency as of its clock.
  std::vector<Event> full = WithDoneDependency();
  full.push_back(Move("B6", 6, "WP01", "done", "doing"));
  full.push_back(Move("A7", 7, "WP02", "planned", "doing"));
  full.push_back(Move("B8", 8, "WP01", "doing", "for_review"));
  std::vector<Event> partial = {full[0], full[1], full[5], full[6], full[7]};  // B6: WP01 before clock 7
  // A partial history breaks the lifecycle in other ways; the guard breaks are what it is for.
  BoardState board = Replay(partial).board;
  std::erase_if(board.breaks, [](const LifecycleBreak& lifecycle_break) { return !lifecycle_break.guard; });
  BoardState expected = Replay(full).board;
  KeepDecidingResolutions(expected);
  std::erase_if(expected.breaks, [](const LifecycleBreak& lifecycle_break) { return !lifecycle_break.guard; });
  EXPECT_EQ(Problems(board), Problems(expected));
  EXPECT_EQ(Problems(board).size(), 1u);
}

TEST(GuardsTest, TheLastCreationDecidesTheDependencies) {
  std::vector<Event> events = {Create("A1", 1, "WP01"), Create("A2", 2, "WP02"), Create("A3", 3, "WP03", {"WP02"}),
                               Create("B4", 4, "WP03", {"WP01"})};
  BoardState board = Replay(events).board;
  EXPECT_EQ(board.FindWorkPackage(kFeature, "WP03")->dependencies, (std::vector<std::string>{"WP01"}));
  std::swap(events[2].lamport_clock, events[3].lamport_clock);
  board = Replay(events).board;
  EXPECT_EQ(board.FindWorkPackage(kFeature, "WP03")->dependencies, (std::vector<std::string>{"WP02"}));
}

}  // namespace
}  // namespace kittylog
