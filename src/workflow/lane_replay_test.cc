#include "workflow/lane_replay.h"

#include <memory>
#include <string>
#include <vector>

#include <gtest/gtest.h>

namespace kittylog {
namespace {

// A move with an id that orders like its clock and its letter.
struct Moves {
  std::vector<std::string> ids;  // stable storage for the views
  LaneMove Make(int64_t clock, const char* suffix, std::string_view from, std::string_view to) {
    ids.push_back("C" + std::to_string(100 + clock) + suffix);
    return {clock, ids.back(), from, to};
  }
  Moves() { ids.reserve(1000); }
};

TEST(LaneReplayTest, PlainMovesFollowTheLifecycle) {
  Moves m;
  LaneReplay lanes;
  EXPECT_EQ(lanes.lane(), "planned");
  const LaneMove doing = m.Make(3, "a", "planned", "doing");
  const LaneStep& step = lanes.Apply({&doing, 1});
  EXPECT_TRUE(step.applied);
  EXPECT_EQ(step.rule, "");
  EXPECT_EQ(step.problems[0], "");
  EXPECT_EQ(lanes.lane(), "doing");
  EXPECT_EQ(lanes.deciding(), 0u);
  EXPECT_TRUE(ContinuesLane("doing", m.Make(4, "a", "doing", "for_review")));
  EXPECT_FALSE(ContinuesLane("doing", m.Make(4, "a", "planned", "doing")));
  EXPECT_FALSE(ContinuesLane("doing", m.Make(4, "a", "doing", "done")));
  EXPECT_FALSE(ContinuesLane("doing", m.Make(4, "a", "doing", "shipping")));
}

// DESIGN §6 (c): the case. The reviewer's rollback at clock 6, the author's done at 7
// (from for_review: it never saw the rollback): rollback precedence, whatever the clocks.
TEST(LaneReplayTest, AMoveFromALaneLeftIsConcurrentWithTheMovesSince) {
  Moves m;
  LaneReplay lanes;
  for (const LaneMove& move : {m.Make(3, "a", "planned", "doing"), m.Make(4, "a", "doing", "for_review")}) {
    lanes.Apply({&move, 1});
  }
  const LaneMove rollback = m.Make(6, "r", "for_review", "doing");
  lanes.Apply({&rollback, 1});
  const LaneMove done = m.Make(7, "d", "for_review", "done");
  const LaneStep& step = lanes.Apply({&done, 1});
  EXPECT_EQ(step.rule, "rollback-precedence");
  EXPECT_EQ(step.winner, 2u);
  EXPECT_EQ(step.competing, (std::vector<size_t>{2, 3}));
  EXPECT_EQ(step.first_clock, 6);
  EXPECT_EQ(step.problems[0], "");  // concurrency, not a break: each branch followed the lifecycle
  EXPECT_EQ(lanes.lane(), "doing");
  EXPECT_EQ(lanes.deciding(), 2u);
  EXPECT_EQ(lanes.deciding_rule(), "rollback-precedence");

  // Without a rollback among them the later move wins: two branches left doing differently.
  LaneReplay other;
  const LaneMove start = m.Make(3, "a", "planned", "doing");
  other.Apply({&start, 1});
  const LaneMove review = m.Make(5, "a", "doing", "for_review");
  other.Apply({&review, 1});
  const LaneMove back = m.Make(6, "b", "doing", "planned");
  const LaneStep& lww = other.Apply({&back, 1});
  EXPECT_EQ(lww.rule, "last-write-wins");
  EXPECT_EQ(lww.competing, (std::vector<size_t>{1, 2}));
  EXPECT_EQ(other.lane(), "planned");
}

// A lane the work package never held explains nothing: a break, replayed as written.
TEST(LaneReplayTest, AMoveFromALaneNeverHeldIsABreakOnly) {
  Moves m;
  LaneReplay lanes;
  const LaneMove odd = m.Make(3, "a", "rejected", "doing");
  const LaneStep& step = lanes.Apply({&odd, 1});
  EXPECT_EQ(step.rule, "");
  EXPECT_EQ(step.problems[0], "old_status rejected, but the replayed lane was planned (and it never was rejected)");
  EXPECT_EQ(lanes.lane(), "doing");
}

TEST(LaneReplayTest, AMoveWithoutALaneIsNotApplied) {
  Moves m;
  LaneReplay lanes;
  const LaneMove missing = m.Make(3, "a", "planned", "");
  const LaneMove invented = m.Make(3, "b", "planned", "shipping");
  const LaneMove both[] = {missing, invented};
  const LaneStep& step = lanes.Apply(both);
  EXPECT_FALSE(step.applied);
  EXPECT_TRUE(step.not_applied[0]);
  EXPECT_TRUE(step.not_applied[1]);
  EXPECT_EQ(step.problems[0], "no valid new_status (missing): not applied");
  EXPECT_NE(step.problems[1].find("\"shipping\" is not a lane"), std::string::npos);
  EXPECT_EQ(lanes.lane(), "planned");
  EXPECT_EQ(lanes.deciding(), LaneStep::kNoMove);
}

// Read from the middle (one daily file): the first move says where the work package was.
TEST(LaneReplayTest, AnUnknownStartTakesTheFirstMovesOldStatus) {
  Moves m;
  LaneReplay lanes(/*known_start=*/false);
  const LaneMove rollback = m.Make(6, "r", "for_review", "doing");
  const LaneStep& first = lanes.Apply({&rollback, 1});
  EXPECT_EQ(first.problems[0], "");
  const LaneMove done = m.Make(7, "d", "for_review", "done");
  EXPECT_EQ(lanes.Apply({&done, 1}).rule, "rollback-precedence");
  EXPECT_EQ(lanes.lane(), "doing");
}

// A hostile history where every move reaches back to the start stays linear: groups list at
// most kListedMoves moves (and the winner), counting the rest.
TEST(LaneReplayTest, HugeGroupsAreListedPartially) {
  Moves m;
  LaneReplay lanes;
  const LaneMove first = m.Make(1, "r", "planned", "doing");
  lanes.Apply({&first, 1});
  for (int64_t clock = 2; clock < 400; ++clock) {
    const LaneMove again = m.Make(clock, "x", "planned", "doing");
    const LaneStep& step = lanes.Apply({&again, 1});
    EXPECT_EQ(step.rule, "last-write-wins");
    EXPECT_EQ(step.competing.size() + step.omitted, static_cast<size_t>(clock));
    EXPECT_LE(step.competing.size(), LaneReplay::kListedMoves + 1);
    EXPECT_EQ(step.extends, clock > 2);  // the group of the move before, grown
  }
}

// The index saves a checkpoint of a replay that was itself resumed from one (every merge or emit
// moves it on): the clock of a group's first move, long gone from the kept moves, must survive
// the second save. It came back as 0 ("clocks 0..53" in `conflicts`, and `index check` found
// the index diverged from the log after 51 stale moves of one work package).
TEST(LaneReplayTest, ASecondSaveKeepsTheClockWhereAGroupBegins) {
  Moves m;
  LaneReplay straight;
  std::vector<LaneMove> moves;
  for (int64_t clock = 3; clock < 3 + 100; ++clock) moves.push_back(m.Make(clock, "s", "planned", "doing"));
  auto first = std::make_unique<LaneReplay>();
  for (size_t i = 0; i < 40; ++i) first->Apply({&moves[i], 1});
  LaneReplay second(first->Save());
  for (size_t i = 40; i < 80; ++i) second.Apply({&moves[i], 1});
  LaneReplay third(second.Save());
  for (size_t i = 0; i < 80; ++i) straight.Apply({&moves[i], 1});
  const LaneStep& resumed = third.Apply({&moves[80], 1});
  EXPECT_EQ(resumed.first_clock, 3);
  EXPECT_EQ(resumed.first_clock, straight.Apply({&moves[80], 1}).first_clock);
}

// A group extends the last one only if nothing came between and it holds all of it; a saved
// state remembers the open group, so a replay resumed from it says the same.
TEST(LaneReplayTest, AGroupExtendsOnlyTheGroupJustBeforeIt) {
  Moves m;
  LaneReplay lanes;
  for (const LaneMove& move : {m.Make(1, "a", "planned", "doing"), m.Make(2, "a", "planned", "doing")}) {
    lanes.Apply({&move, 1});
  }
  LaneReplay resumed(lanes.Save());
  const LaneMove again = m.Make(3, "a", "planned", "doing");
  EXPECT_TRUE(lanes.Apply({&again, 1}).extends);
  EXPECT_TRUE(resumed.Apply({&again, 1}).extends);
  const LaneMove plain = m.Make(4, "a", "doing", "for_review");
  EXPECT_EQ(lanes.Apply({&plain, 1}).rule, "");
  const LaneMove late = m.Make(5, "a", "doing", "planned");  // concurrent with the plain move only
  const LaneStep& step = lanes.Apply({&late, 1});
  EXPECT_EQ(step.rule, "last-write-wins");
  EXPECT_FALSE(step.extends);
}

}  // namespace
}  // namespace kittylog
