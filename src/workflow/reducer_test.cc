#include "workflow/reducer.h"

#include "workflow/board_summary.h"

#include <algorithm>
#include <climits>
#include <random>

#include <gtest/gtest.h>

#include "workflow/test_events.h"

namespace kittylog {
namespace {

constexpr const char* kFeature = "001-login";

using testing::BaseEvent;

Event Spec(std::string id, int64_t clock, std::string slug, std::string title) {
  Event event = BaseEvent(std::move(id), clock, "SpecCreated", slug, "FeatureSpec");
  event.payload.feature_slug = slug;
  event.payload.title = std::move(title);
  return event;
}

Event Create(std::string id, int64_t clock, std::string wp, std::string title, std::string feature = kFeature) {
  Event event = BaseEvent(std::move(id), clock, "WPCreated", wp, "WorkPackage");
  event.payload.feature_slug = std::move(feature);
  event.payload.work_package_id = wp;
  event.payload.title = std::move(title);
  return event;
}

Event Move(std::string id, int64_t clock, std::string wp, std::string from, std::string to,
           std::string feature = kFeature) {
  Event event = BaseEvent(std::move(id), clock, "WPStatusChanged", std::move(wp), "WorkPackage");
  event.payload.feature_slug = std::move(feature);
  event.payload.old_status = std::move(from);
  event.payload.new_status = std::move(to);
  return event;
}

Event Tags(std::string id, int64_t clock, std::string wp, std::vector<std::string> tags,
           std::string feature = kFeature) {
  Event event = BaseEvent(std::move(id), clock, "TagsAdded", std::move(wp), "WorkPackage");
  event.payload.feature_slug = std::move(feature);
  event.payload.tags = std::move(tags);
  return event;
}

Event Count(std::string id, int64_t clock, std::string wp, std::string counter, int64_t delta) {
  Event event = BaseEvent(std::move(id), clock, "CounterIncremented", std::move(wp), "WorkPackage");
  event.payload.feature_slug = kFeature;
  event.payload.counter = std::move(counter);
  event.payload.delta = delta;
  return event;
}

// A feature with WP01 created: clocks 1 and 2.
std::vector<Event> Created() { return {Spec("A1", 1, kFeature, "Login"), Create("A2", 2, "WP01", "Tokens")}; }

const WorkPackageState& Wp(const BoardState& board, std::string_view id = "WP01", std::string_view feature = kFeature) {
  const WorkPackageState* wp = board.FindWorkPackage(feature, id);
  EXPECT_NE(wp, nullptr) << id;
  static const WorkPackageState kMissing;
  return wp ? *wp : kMissing;
}

TEST(ReducerTest, EmptyLogIsAnEmptyBoard) {
  ReplayResult result = Replay({});
  EXPECT_TRUE(result.board.features.empty());
  EXPECT_TRUE(result.board.conflicts.empty());
  EXPECT_TRUE(result.board.breaks.empty());
  EXPECT_EQ(result.board.event_count, 0u);
  EXPECT_EQ(result.board.max_clock, 0);
}

TEST(ReducerTest, ReplaysALifecycle) {
  std::vector<Event> events = Created();
  events.push_back(Create("A3", 3, "WP02", "Refresh"));
  events.push_back(Move("A4", 4, "WP01", "planned", "doing"));
  events.push_back(Move("A5", 5, "WP01", "doing", "for_review"));
  events.push_back(Move("A6", 6, "WP01", "for_review", "done"));
  BoardState board = Replay(events).board;
  ASSERT_EQ(board.features.size(), 1u);
  EXPECT_EQ(board.features[0].title, "Login");
  EXPECT_TRUE(board.features[0].created);
  ASSERT_EQ(board.features[0].work_packages.size(), 2u);
  EXPECT_EQ(Wp(board).lane, "done");
  EXPECT_EQ(Wp(board).title, "Tokens");
  EXPECT_EQ(Wp(board).deciding_event_id, "A6");
  EXPECT_EQ(Wp(board).deciding_clock, 6);
  EXPECT_EQ(Wp(board, "WP02").lane, "planned");
  EXPECT_EQ(Wp(board, "WP02").deciding_event_id, "A3");
  EXPECT_TRUE(board.breaks.empty());
  EXPECT_TRUE(board.conflicts.empty());
  EXPECT_EQ(board.event_count, 6u);
  EXPECT_EQ(board.max_clock, 6);
}

TEST(ReducerTest, InputOrderDoesNotMatter) {
  std::vector<Event> events = Created();
  events.push_back(Move("A4", 4, "WP01", "planned", "doing"));
  events.push_back(Move("A5", 5, "WP01", "doing", "for_review"));
  events.push_back(Move("B5", 5, "WP01", "doing", "planned"));
  events.push_back(Tags("A6", 6, "WP01", {"x"}));
  events.push_back(Tags("B6", 6, "WP01", {"y"}));
  events.push_back(Move("A7", 7, "WP01", "planned", "doing"));
  BoardState expected = Replay(events).board;
  std::mt19937 random(42);
  for (int round = 0; round < 20; ++round) {
    std::shuffle(events.begin(), events.end(), random);
    BoardState board = Replay(events).board;
    EXPECT_EQ(Wp(board).lane, Wp(expected).lane);
    EXPECT_EQ(Wp(board).deciding_event_id, Wp(expected).deciding_event_id);
    EXPECT_EQ(Wp(board).tags, Wp(expected).tags);
    ASSERT_EQ(board.conflicts.size(), expected.conflicts.size());
    for (size_t i = 0; i < board.conflicts.size(); ++i) {
      EXPECT_EQ(board.conflicts[i].winner_id, expected.conflicts[i].winner_id);
      EXPECT_EQ(board.conflicts[i].result, expected.conflicts[i].result);
    }
  }
}

TEST(ReducerTest, ConcurrentMovesResolveByLastWriteWins) {
  std::vector<Event> events = Created();
  events.push_back(Move("A3", 3, "WP01", "planned", "doing"));
  events.push_back(Move("C4", 4, "WP01", "doing", "planned"));     // later id: wins
  events.push_back(Move("B4", 4, "WP01", "doing", "for_review"));
  BoardState board = Replay(events).board;
  EXPECT_EQ(Wp(board).lane, "planned");
  EXPECT_EQ(Wp(board).deciding_event_id, "C4");
  ASSERT_EQ(board.conflicts.size(), 1u);
  const ResolvedConflict& conflict = board.conflicts[0];
  EXPECT_EQ(conflict.entity, "001-login/WP01");
  EXPECT_EQ(conflict.aspect, "status");
  EXPECT_EQ(conflict.lamport_clock, 4);
  ASSERT_EQ(conflict.competing.size(), 2u);
  EXPECT_EQ(conflict.competing[0].event_id, "B4");  // total order
  EXPECT_EQ(conflict.competing[1].event_id, "C4");
  EXPECT_EQ(conflict.rule, "last-write-wins");
  EXPECT_EQ(conflict.winner_id, "C4");
  EXPECT_EQ(conflict.result, "lane planned");
  EXPECT_TRUE(board.breaks.empty());  // both moves started from the replayed lane
}

TEST(ReducerTest, ReviewerRollbackBeatsConcurrentDone) {
  std::vector<Event> events = Created();
  events.push_back(Move("A3", 3, "WP01", "planned", "doing"));
  events.push_back(Move("A4", 4, "WP01", "doing", "for_review"));
  events.push_back(Move("A5", 5, "WP01", "for_review", "doing"));  // reviewer, earlier id
  events.push_back(Move("Z5", 5, "WP01", "for_review", "done"));   // implementer, later id
  BoardState board = Replay(events).board;
  EXPECT_EQ(Wp(board).lane, "doing");
  ASSERT_EQ(board.conflicts.size(), 1u);
  EXPECT_EQ(board.conflicts[0].rule, "rollback-precedence");
  EXPECT_EQ(board.conflicts[0].winner_id, "A5");
  EXPECT_EQ(board.conflicts[0].result, "lane doing");
}

TEST(ReducerTest, RejectedAlsoBeatsConcurrentDone) {
  std::vector<Event> events = Created();
  events.push_back(Move("A3", 3, "WP01", "planned", "doing"));
  events.push_back(Move("A4", 4, "WP01", "doing", "for_review"));
  events.push_back(Move("Z5", 5, "WP01", "for_review", "done"));
  events.push_back(Move("B5", 5, "WP01", "for_review", "rejected"));
  EXPECT_EQ(Wp(Replay(events).board).lane, "rejected");
}

TEST(ReducerTest, ConcurrentTagsAreBothKept) {
  std::vector<Event> events = Created();
  events.push_back(Tags("A3", 3, "WP01", {"backend", "urgent"}));
  events.push_back(Tags("B3", 3, "WP01", {"security", "urgent"}));
  BoardState board = Replay(events).board;
  EXPECT_EQ(Wp(board).tags, (std::vector<std::string>{"backend", "security", "urgent"}));
  ASSERT_EQ(board.conflicts.size(), 1u);
  EXPECT_EQ(board.conflicts[0].rule, "tags-union");
  EXPECT_EQ(board.conflicts[0].aspect, "tags");
  EXPECT_TRUE(board.conflicts[0].winner_id.empty());
  EXPECT_EQ(board.conflicts[0].result, "tags backend, security, urgent all kept");
}

TEST(ReducerTest, CountersSumOncePerEventId) {
  std::vector<Event> events = Created();
  events.push_back(Count("A3", 3, "WP01", "reviews", 2));
  events.push_back(Count("A3", 3, "WP01", "reviews", 2));  // the same event twice (bad merge)
  events.push_back(Count("A4", 4, "WP01", "reviews", 1));
  events.push_back(Count("B4", 4, "WP01", "reviews", 5));
  ReplayResult result = Replay(events, {.verdicts = true});
  EXPECT_EQ(Wp(result.board).counters.at("reviews"), 8);
  EXPECT_EQ(result.board.duplicate_count, 1u);
  EXPECT_EQ(result.board.event_count, 5u);
  ASSERT_EQ(result.board.conflicts.size(), 1u);
  EXPECT_EQ(result.board.conflicts[0].rule, "counter-sum");
  EXPECT_EQ(result.board.conflicts[0].result, "reviews +6 (total 8)");
  int duplicates = 0;
  for (const EventVerdict& verdict : result.verdicts) duplicates += verdict.duplicate;
  EXPECT_EQ(duplicates, 1);
}

TEST(ReducerTest, SameClockOnDifferentEntitiesIsNotAConflict) {
  std::vector<Event> events = Created();
  events.push_back(Create("B2", 2, "WP01", "Other feature's WP01", "002-other"));
  events.push_back(Move("A3", 3, "WP01", "planned", "doing"));
  events.push_back(Move("B3", 3, "WP01", "planned", "doing", "002-other"));
  events.push_back(Tags("C3", 3, "WP01", {"x"}));
  BoardState board = Replay(events).board;
  EXPECT_TRUE(board.conflicts.empty());
  EXPECT_EQ(Wp(board).lane, "doing");
  EXPECT_EQ(Wp(board, "WP01", "002-other").lane, "doing");
  EXPECT_EQ(board.features.size(), 2u);
  EXPECT_FALSE(board.features[1].created);  // 002-other has no SpecCreated: shown, untitled
}

TEST(ReducerTest, LifecycleBreaksAreFlaggedAndReplayedAsWritten) {
  std::vector<Event> events = Created();
  events.push_back(Move("A3", 3, "WP01", "planned", "done"));      // not a lifecycle move
  events.push_back(Move("A4", 4, "WP01", "for_review", "doing"));  // stale old_status
  events.push_back(Move("A5", 5, "WP09", "planned", "doing"));     // never created
  events.push_back(Create("A6", 6, "WP01", "Tokens again"));       // created twice
  BoardState board = Replay(events).board;
  ASSERT_EQ(board.breaks.size(), 4u);
  EXPECT_EQ(board.breaks[0].event.event_id, "A3");
  EXPECT_EQ(board.breaks[0].problem, "planned -> done is not a lifecycle move (valid from planned: doing)");
  EXPECT_EQ(board.breaks[1].problem, "old_status for_review, but the replayed lane was done (and it never was for_review)");
  EXPECT_EQ(board.breaks[2].entity, "001-login/WP09");
  EXPECT_EQ(board.breaks[2].problem, "moved before any WPCreated for 001-login/WP09");
  EXPECT_EQ(board.breaks[3].problem, "work package created again (WPCreated seen before)");
  EXPECT_EQ(Wp(board).lane, "doing");
  EXPECT_EQ(Wp(board).title, "Tokens again");
  EXPECT_EQ(Wp(board, "WP09").lane, "doing");
  EXPECT_FALSE(Wp(board, "WP09").created);
}

TEST(ReducerTest, VerdictsMarkConcurrentWinnersAndLosers) {
  std::vector<Event> events = Created();
  events.push_back(Move("A3", 3, "WP01", "planned", "doing"));
  events.push_back(Move("B3", 3, "WP01", "planned", "doing"));
  events.push_back(Move("C4", 4, "WP01", "for_review", "done"));
  ReplayResult result = Replay(events, {.verdicts = true});
  ASSERT_EQ(result.verdicts.size(), 5u);
  EXPECT_FALSE(result.verdicts[0].concurrent);
  EXPECT_TRUE(result.verdicts[2].concurrent);
  EXPECT_FALSE(result.verdicts[2].applied);
  EXPECT_TRUE(result.verdicts[3].concurrent);
  EXPECT_TRUE(result.verdicts[3].applied);
  EXPECT_EQ(result.verdicts[3].rule, "last-write-wins");
  EXPECT_EQ(result.verdicts[4].problem, "old_status for_review, but the replayed lane was doing (and it never was "
                                        "for_review)");
}

TEST(ReducerTest, GatesStartPendingAndFollowTheirResults) {
  std::vector<Event> events = Created();
  Event gate = BaseEvent("A3", 3, "GateCreated", "gate-ci-WP01", "Gate");
  gate.payload.gate_id = "gate-ci-WP01";
  gate.payload.gate_type = "CI_CHECK";
  gate.payload.work_package_id = "WP01";
  gate.payload.feature_slug = kFeature;
  events.push_back(gate);
  BoardState board = Replay(events).board;
  ASSERT_NE(board.FindGate("gate-ci-WP01"), nullptr);
  EXPECT_EQ(board.FindGate("gate-ci-WP01")->status, "pending");
  Event failed = BaseEvent("A4", 4, "GateResultChanged", "gate-ci-WP01", "Gate");
  failed.payload.gate_id = "gate-ci-WP01";
  failed.payload.old_status = "pending";
  failed.payload.new_status = "failed";
  Event passed = failed;
  passed.event_id = "B4";
  passed.payload.new_status = "passed";
  events.push_back(failed);
  events.push_back(passed);
  board = Replay(events).board;
  EXPECT_EQ(board.FindGate("gate-ci-WP01")->status, "passed");
  ASSERT_EQ(board.conflicts.size(), 1u);
  EXPECT_EQ(board.conflicts[0].entity, "gate:gate-ci-WP01");
  EXPECT_EQ(board.conflicts[0].result, "status passed");
}

TEST(ReducerTest, TagsWithoutAFeatureFindTheOnlyWorkPackageOfThatId) {
  std::vector<Event> events = Created();
  events.push_back(Tags("A3", 3, "WP01", {"solo"}, ""));
  events.push_back(Create("B4", 4, "WP01", "twin", "002-other"));
  events.push_back(Tags("A5", 5, "WP01", {"ambiguous"}, ""));
  BoardState board = Replay(events).board;
  EXPECT_EQ(Wp(board).tags, std::vector<std::string>{"solo"});
  ASSERT_EQ(board.breaks.size(), 1u);
  EXPECT_EQ(board.breaks[0].event.event_id, "A5");
}

TEST(ReducerTest, SubtasksAndFeatureTags) {
  std::vector<Event> events = Created();
  Event subtask = BaseEvent("A3", 3, "SubtaskCompleted", "WP01-T1", "Subtask");
  subtask.payload.work_package_id = "WP01";
  subtask.payload.feature_slug = kFeature;
  subtask.payload.subtask_index = 1;
  events.push_back(subtask);
  Event feature_tags = BaseEvent("A4", 4, "TagsAdded", kFeature, "FeatureSpec");
  feature_tags.payload.tags = {"q1"};
  events.push_back(feature_tags);
  BoardState board = Replay(events).board;
  EXPECT_EQ(Wp(board).subtasks_done, std::vector<int64_t>{1});
  EXPECT_EQ(board.features[0].tags, std::vector<std::string>{"q1"});
}

TEST(ReducerTest, KeepDecidingResolutionsKeepsWhatShapesTheBoard) {
  std::vector<Event> events = Created();
  events.push_back(Create("B2", 2, "WP02", "Other"));
  events.push_back(Move("A3", 3, "WP01", "planned", "doing"));
  events.push_back(Move("B3", 3, "WP01", "planned", "doing"));     // a group, reopened at clock 5
  events.push_back(Tags("A4", 4, "WP01", {"x"}));
  events.push_back(Tags("B4", 4, "WP01", {"y"}));                  // tag union: always shapes the board
  events.push_back(Move("A5", 5, "WP01", "planned", "for_review"));  // from planned: concurrent with 3's moves
  events.push_back(Move("A6", 6, "WP02", "planned", "done"));      // not a lifecycle move
  events.push_back(Move("A7", 7, "WP02", "done", "doing"));
  events.push_back(Move("C7", 7, "WP02", "done", "doing"));        // deciding group
  events.push_back(Move("A8", 8, "WP02", "for_review", "done"));   // from a lane WP02 never held
  BoardState board = Replay(events).board;
  EXPECT_EQ(board.conflicts.size(), 3u);  // the group of clock 3, grown at 5, is listed once
  EXPECT_EQ(board.breaks.size(), 3u);
  KeepDecidingResolutions(board);
  ASSERT_EQ(board.conflicts.size(), 2u);
  EXPECT_EQ(board.conflicts[0].aspect, "tags");
  EXPECT_EQ(board.conflicts[1].winner_id, "A5");  // WP02's group was superseded by A8
  EXPECT_EQ(board.conflicts[1].lamport_clock, 3);
  EXPECT_EQ(board.conflicts[1].last_clock, 5);
  ASSERT_EQ(board.breaks.size(), 2u);  // one line per work package
  EXPECT_EQ(board.breaks[0].event.event_id, "A5");
  EXPECT_EQ(board.breaks[0].count, 1);
  EXPECT_EQ(board.breaks[1].event.event_id, "A8");
  EXPECT_EQ(board.breaks[1].count, 2);
}

// An import whose every move says planned -> doing: each move reaches back over the whole group
// before it (DESIGN §6 (c)), so the group grows; `conflicts` lists it once, with all of its
// moves, not once per move that joined it (which made a 10,000-move import list 318,000 lines).
TEST(ReducerTest, AGroupThatGrowsIsListedOnce) {
  std::vector<Event> events = Created();
  for (int64_t clock = 3; clock < 103; ++clock) {
    events.push_back(Move("M" + std::to_string(clock), clock, "WP01", "planned", "doing"));
  }
  BoardState board = Replay(events).board;
  ASSERT_EQ(board.conflicts.size(), 1u);
  const ResolvedConflict& group = board.conflicts[0];
  EXPECT_EQ(group.lamport_clock, 3);
  EXPECT_EQ(group.last_clock, 102);
  EXPECT_EQ(group.competing.size() + group.omitted, 100u);
  EXPECT_EQ(group.winner_id, "M102");
  ASSERT_TRUE(board.FindWorkPackage(kFeature, "WP01")->resolution.has_value());
  EXPECT_EQ(*board.FindWorkPackage(kFeature, "WP01")->resolution, group);

  // A plain move closes the group: a later group is another conflict (which grows in turn).
  events.push_back(Move("P200", 200, "WP01", "doing", "for_review"));
  events.push_back(Move("Q201", 201, "WP01", "doing", "planned"));     // concurrent with P200
  events.push_back(Move("R202", 202, "WP01", "doing", "for_review"));  // with both: the group grows
  board = Replay(events).board;
  ASSERT_EQ(board.conflicts.size(), 2u);
  EXPECT_EQ(board.conflicts[0].last_clock, 102);
  EXPECT_EQ(board.conflicts[1].winner_id, "R202");
  EXPECT_EQ(board.conflicts[1].lamport_clock, 200);
  EXPECT_EQ(board.conflicts[1].last_clock, 202);
  EXPECT_EQ(board.conflicts[1].competing.size(), 3u);
}

// DESIGN §6 (c): a move that started from a lane the WP had left is concurrent with every move
// since; the rollback at clock 6 against a done at 7 keeps the rollback.
TEST(ReducerTest, AMoveFromALaneLeftCompetesWithTheMovesSince) {
  std::vector<Event> events = Created();
  events.push_back(Move("A3", 3, "WP01", "planned", "doing"));
  events.push_back(Move("A4", 4, "WP01", "doing", "for_review"));
  events.push_back(Move("R6", 6, "WP01", "for_review", "doing"));
  events.push_back(Tags("T6", 6, "WP01", {"shipped"}));
  events.push_back(Move("D7", 7, "WP01", "for_review", "done"));
  ReplayResult result = Replay(events, {.verdicts = true});
  const WorkPackageState& wp = Wp(result.board);
  EXPECT_EQ(wp.lane, "doing");
  EXPECT_EQ(wp.deciding_event_id, "R6");
  EXPECT_EQ(wp.rule, "rollback-precedence");
  ASSERT_TRUE(wp.resolution.has_value());
  EXPECT_EQ(wp.resolution->competing.size(), 2u);
  ASSERT_EQ(result.board.conflicts.size(), 1u);
  EXPECT_EQ(result.board.conflicts[0].lamport_clock, 6);
  EXPECT_EQ(result.board.conflicts[0].last_clock, 7);
  EXPECT_TRUE(result.board.breaks.empty());  // concurrency: each branch followed the lifecycle
  for (const EventVerdict& verdict : result.verdicts) {
    const std::string& id = events[verdict.index].event_id;
    if (id == "R6") {
      EXPECT_TRUE(verdict.concurrent && verdict.applied);
    } else if (id == "D7") {
      EXPECT_TRUE(verdict.concurrent && !verdict.applied);
    }
  }
  // Whatever the order the clocks come in.
  events[6].lamport_clock = 5;  // D7
  events[4].lamport_clock = 7;  // R6
  EXPECT_EQ(Wp(Replay(events).board).lane, "doing");
}

TEST(ReducerTest, AMoveWithoutAValidNewStatusIsFlaggedAndNotApplied) {
  std::vector<Event> events = Created();
  events.push_back(Move("A3", 3, "WP01", "planned", "doing"));
  events.push_back(Move("A4", 4, "WP01", "doing", ""));
  events.push_back(Move("A5", 5, "WP01", "doing", "shipping"));
  BoardState board = Replay(events).board;
  EXPECT_EQ(Wp(board).lane, "doing");
  EXPECT_EQ(Wp(board).deciding_event_id, "A3");
  ASSERT_EQ(board.breaks.size(), 2u);
  EXPECT_EQ(board.breaks[0].problem, "no valid new_status (missing): not applied");
}

TEST(ReducerTest, CountersSaturateWithAWarning) {
  std::vector<Event> events = Created();
  events.push_back(Count("A3", 3, "WP01", "reviews", INT64_MAX));
  events.push_back(Count("A4", 4, "WP01", "reviews", INT64_MAX));
  events.push_back(Count("A5", 5, "WP01", "debt", INT64_MIN));
  BoardState board = Replay(events).board;
  EXPECT_EQ(Wp(board).counters.at("reviews"), INT64_MAX);
  EXPECT_EQ(Wp(board).counters.at("debt"), -INT64_MAX);
  ASSERT_EQ(board.saturated.size(), 2u);
  EXPECT_EQ(board.saturated[0].counter, "debt");
  EXPECT_EQ(board.saturated[1].counter, "reviews");
  EXPECT_EQ(board.saturated[1].event_id, "A4");
}

// A replay resumed from a checkpoint decides exactly what a full replay does (the index keeps
// one checkpoint per work package and replays only the moves after it). Random histories of one
// WP, with equal clocks, stale moves (DESIGN §6 (c)), breaks and moves without a lane.
TEST(ReducerTest, ResumingFromACheckpointGivesTheFullReplaysAnswer) {
  std::mt19937 random(1234);
  const std::vector<std::string> lanes = {"planned", "doing", "for_review", "done", "rejected", "bogus", ""};
  for (int round = 0; round < 300; ++round) {
    SCOPED_TRACE(round);
    std::vector<Event> events;
    if (random() % 5 != 0) events.push_back(Create("C" + std::to_string(random() % 40), 1 + random() % 6, "WP01", "T"));
    int64_t clock = 1;
    const int moves = 1 + static_cast<int>(random() % 120);
    for (int m = 0; m < moves; ++m) {
      clock += static_cast<int64_t>(random() % 2);  // equal clocks now and then
      const std::string& from = lanes[random() % 5];
      const std::string& to = lanes[random() % 100 < 95 ? random() % 5 : 5 + random() % 2];
      events.push_back(Move("M" + std::to_string(1000 + m), clock, "WP01", from, to));
    }
    const BoardState full = Replay(events).board;
    const DecidedLane expected = DecidedLaneOf(full, kFeature, "WP01");
    const int64_t through = static_cast<int64_t>(random() % static_cast<uint64_t>(clock));
    ReplayOptions save;
    save.checkpoint_through = through;
    ReplayResult saved = Replay(events, save);
    EXPECT_EQ(DecidedLaneOf(saved.board, kFeature, "WP01"), expected);  // saving changes nothing
    auto checkpoint = saved.checkpoints.find(std::string(kFeature) + "/WP01");
    if (checkpoint == saved.checkpoints.end()) continue;  // no move at or before `through`
    std::vector<Event> after;
    for (const Event& event : events) {
      if (event.lamport_clock > through) after.push_back(event);
    }
    std::map<std::string, LaneCheckpoint> resume = {*checkpoint};
    ReplayOptions options;
    options.resume = &resume;
    BoardState resumed = Replay(after, options).board;
    DecidedLane got = DecidedLaneOf(resumed, kFeature, "WP01");
    if (got.deciding_clock <= through) continue;  // decided before the checkpoint: replayed in full
    EXPECT_EQ(got.lane, expected.lane);
    EXPECT_EQ(got.deciding_event_id, expected.deciding_event_id);
    EXPECT_EQ(got.rule, expected.rule);
    EXPECT_EQ(got.resolution, expected.resolution);
    EXPECT_EQ(got.breaks, expected.breaks);
    EXPECT_EQ(got.last_break, expected.last_break);
    // The groups: those an earlier replay reported through the checkpoint, less the last one
    // when a group here grew out of it, then these (what the index keeps, wp_conflicts).
    std::vector<Event> before;
    for (const Event& event : events) {
      if (event.lamport_clock <= through) before.push_back(event);
    }
    std::vector<ResolvedConflict> groups = Replay(before).board.conflicts;
    ReplayResult resumed_result = Replay(after, options);
    if (!resumed_result.grown_past_checkpoint.empty()) {
      ASSERT_FALSE(groups.empty());
      groups.pop_back();
    }
    groups.insert(groups.end(), resumed_result.board.conflicts.begin(), resumed_result.board.conflicts.end());
    EXPECT_EQ(groups, full.conflicts);
  }
}

// The index keeps the board of every event but the status changes through a clock, and `status`
// replays only the later events on top of it (ReplayOptions::resume_board): the answer must be
// the replay of all of them, whatever the events and wherever the split.
TEST(ReducerTest, ResumingFromABoardGivesTheFullReplaysAnswer) {
  std::mt19937 random(4321);
  const std::vector<std::string> features = {kFeature, "002-search"};
  const std::vector<std::string> wps = {"WP01", "WP02", "WP03"};
  const std::vector<std::string> gate_results = {"pending", "passed", "failed"};
  for (int round = 0; round < 300; ++round) {
    SCOPED_TRACE(round);
    std::vector<Event> events;
    int64_t clock = 1;
    const int count = 1 + static_cast<int>(random() % 80);
    for (int i = 0; i < count; ++i) {
      clock += static_cast<int64_t>(random() % 2);  // same clocks now and then: concurrent groups
      const std::string id = "E" + std::to_string(1000 + i);
      const std::string& feature = features[random() % features.size()];
      const std::string& wp = wps[random() % wps.size()];
      switch (random() % 8) {
        case 0: events.push_back(Spec(id, clock, feature, "Spec " + id)); break;
        case 1: {
          Event created = Create(id, clock, wp, "Title " + id, feature);
          if (random() % 2 == 0) created.payload.dependencies = {wps[random() % wps.size()]};
          events.push_back(std::move(created));
          break;
        }
        case 2: events.push_back(Tags(id, clock, wp, {"t" + std::to_string(random() % 4)}, feature)); break;
        case 3: {
          Event counted = Count(id, clock, wp, "c" + std::to_string(random() % 2),
                                random() % 10 == 0 ? INT64_MAX / 2 + 7 : static_cast<int64_t>(random() % 5));
          counted.payload.feature_slug = feature;
          events.push_back(std::move(counted));
          break;
        }
        case 4: {
          Event subtask = BaseEvent(id, clock, "SubtaskCompleted", "T" + std::to_string(random() % 5), "Subtask");
          subtask.payload.work_package_id = wp;
          if (random() % 3 != 0) subtask.payload.feature_slug = feature;  // else: the only WP of that id
          subtask.payload.subtask_index = static_cast<int64_t>(random() % 6);
          events.push_back(std::move(subtask));
          break;
        }
        case 5: {
          Event gate = BaseEvent(id, clock, "GateCreated", "G" + std::to_string(random() % 3), "Gate");
          gate.payload.gate_id = gate.entity_id;
          gate.payload.gate_type = "CI_CHECK";
          gate.payload.work_package_id = wp;
          if (random() % 2 == 0) gate.payload.feature_slug = feature;
          events.push_back(std::move(gate));
          break;
        }
        case 6: {
          Event result = BaseEvent(id, clock, "GateResultChanged", "G" + std::to_string(random() % 3), "Gate");
          result.payload.gate_id = result.entity_id;
          result.payload.new_status = gate_results[random() % gate_results.size()];
          events.push_back(std::move(result));
          break;
        }
        default:
          if (!events.empty()) events.push_back(events[random() % events.size()]);  // a duplicated line
          break;
      }
    }
    std::shuffle(events.begin(), events.end(), random);
    const BoardState full = Replay(events).board;
    const int64_t through = static_cast<int64_t>(random() % static_cast<uint64_t>(clock + 1));
    std::vector<Event> before, after;
    for (const Event& event : events) (event.lamport_clock <= through ? before : after).push_back(event);
    const BoardState base = Replay(before).board;
    EXPECT_EQ(Replay(after, {.resume_board = &base}).board, full);
  }
}

TEST(ReducerTest, ShortTimestamp) {
  EXPECT_EQ(ShortTimestamp("2026-01-27T10:30:00.123Z"), "2026-01-27 10:30");
  EXPECT_EQ(ShortTimestamp("garbage"), "garbage");
}

}  // namespace
}  // namespace kittylog
