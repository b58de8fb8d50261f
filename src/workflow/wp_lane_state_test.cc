#include "workflow/wp_lane_state.h"

#include <random>
#include <string>
#include <vector>

#include <gtest/gtest.h>

#include "workflow/test_events.h"

namespace kittylog {
namespace {

using kittylog::testing::BaseEvent;

Event Move(int64_t clock, std::string suffix, std::string from, std::string to) {
  Event event = BaseEvent("C" + std::to_string(1000 + clock) + suffix, clock, std::string(kWPStatusChanged), "WP01",
                          std::string(kWorkPackageEntity));
  event.payload.feature_slug = "001-a";
  event.payload.old_status = std::move(from);
  event.payload.new_status = std::move(to);
  return event;
}

Event Creation(int64_t clock, std::string title) {
  Event event = BaseEvent("C" + std::to_string(1000 + clock) + "c", clock, std::string(kWPCreated), "WP01",
                          std::string(kWorkPackageEntity));
  event.payload.feature_slug = "001-a";
  event.payload.title = std::move(title);
  return event;
}

TEST(WpLaneStateTest, OnlyMovesAndCreationsOfAWorkPackageWithAFeatureShapeALane) {
  EXPECT_TRUE(ShapesWpLane(kWPStatusChanged, kWorkPackageEntity, "001-a"));
  EXPECT_TRUE(ShapesWpLane(kWPCreated, kWorkPackageEntity, "001-a"));
  EXPECT_FALSE(ShapesWpLane(kWPCreated, kWorkPackageEntity, ""));
  EXPECT_FALSE(ShapesWpLane(kWPStatusChanged, "Gate", "001-a"));
  EXPECT_FALSE(ShapesWpLane(kTagsAdded, kWorkPackageEntity, "001-a"));
  EXPECT_TRUE(IsWpMove(kWPStatusChanged));
  EXPECT_FALSE(IsWpMove(kWPCreated));
}

TEST(WpLaneStateTest, AnEventDecidesAloneOnlyWhenNoEarlierEventCanChangeIt) {
  const WpLaneHead fresh{"planned", "", 0, "", 0};
  EXPECT_EQ(EffectOnWpLane(fresh, {kWPCreated, 3, "C3", "", ""}), WpLaneEffect::kSetsTitle);
  EXPECT_EQ(EffectOnWpLane(fresh, {kWPStatusChanged, 3, "C3", "planned", "doing"}), WpLaneEffect::kReplay);
  const WpLaneHead created{"planned", "C3", 3, "", 0};
  EXPECT_EQ(EffectOnWpLane(created, {kWPStatusChanged, 4, "C4", "planned", "doing"}), WpLaneEffect::kMovesLane);
  EXPECT_EQ(EffectOnWpLane(created, {kWPStatusChanged, 3, "C3b", "planned", "doing"}), WpLaneEffect::kReplay);
  EXPECT_EQ(EffectOnWpLane(created, {kWPStatusChanged, 4, "C4", "doing", "for_review"}), WpLaneEffect::kReplay);
  EXPECT_EQ(EffectOnWpLane(created, {kWPCreated, 4, "C4", "", ""}), WpLaneEffect::kSetsTitle);
  EXPECT_EQ(EffectOnWpLane(created, {kWPCreated, 2, "C2", "", ""}), WpLaneEffect::kReplay);
  const WpLaneHead moved{"doing", "C3", 3, "C4", 4};
  EXPECT_EQ(EffectOnWpLane(moved, {kWPStatusChanged, 5, "C5", "doing", "for_review"}), WpLaneEffect::kMovesLane);
  EXPECT_EQ(EffectOnWpLane(moved, {kWPStatusChanged, 4, "C4b", "doing", "for_review"}), WpLaneEffect::kReplay);
  EXPECT_EQ(EffectOnWpLane(moved, {kWPCreated, 5, "C5", "", ""}), WpLaneEffect::kReplay);
}

// A resumed replay answers as a full one: the same lane, breaks and latest move, and the
// conflicts after its conflicts_after are the full replay's.
TEST(WpLaneStateTest, AReplayResumedFromTheCheckpointAnswersAsAFullOne) {
  static const char* kLanes[] = {"planned", "doing", "for_review", "done", "rejected"};
  std::mt19937 random(12);
  for (int round = 0; round < 30; ++round) {
    std::vector<Event> events = {Creation(1, "One")};
    std::string lane = "planned";
    for (int64_t clock = 2; clock < 80; ++clock) {
      const int copies = random() % 4 == 0 ? 2 : 1;  // some concurrent moves
      for (int i = 0; i < copies; ++i) {
        const std::string from = random() % 5 == 0 ? kLanes[random() % 5] : lane;
        const std::string to = kLanes[random() % 5];
        events.push_back(Move(clock, std::string(1, static_cast<char>('a' + i)), from, to));
        if (i == 0) lane = to;
      }
    }
    const WpLaneState before = ReplayWpLane(events, "001-a", "WP01");
    ASSERT_TRUE(before.checkpoint.has_value());
    // Later moves arrive (as a merge brings them).
    for (int64_t clock = 80; clock < 84; ++clock) {
      events.push_back(Move(clock, "m", lane, kLanes[random() % 5]));
    }
    const WpLaneState full = ReplayWpLane(events, "001-a", "WP01");
    std::vector<Event> after;
    for (const Event& event : events) {
      if (event.lamport_clock > before.checkpoint->through) after.push_back(event);
    }
    std::optional<WpLaneState> resumed = ResumeWpLane(*before.checkpoint, after, "001-a", "WP01");
    if (!resumed) continue;  // no move after the checkpoint set the lane: a full replay answers
    EXPECT_EQ(resumed->decided, full.decided) << "round " << round;
    EXPECT_EQ(resumed->last_move, full.last_move);
    EXPECT_EQ(resumed->title_event, "");  // no creation after the checkpoint
    std::vector<ResolvedConflict> expected;
    for (const ResolvedConflict& conflict : full.conflicts) {
      if (conflict.last_clock > resumed->conflicts_after) expected.push_back(conflict);
    }
    EXPECT_EQ(resumed->conflicts, expected) << "round " << round;
  }
}

}  // namespace
}  // namespace kittylog
