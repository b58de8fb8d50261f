// The board snapshot codec (board_snapshot_codec.h): what the index stores is what it reads back.
#include "index/board_snapshot_codec.h"

#include <algorithm>

#include <climits>

#include <gtest/gtest.h>

#include "index/board_snapshots.h"
#include "workflow/test_events.h"

namespace kittylog::index_internal {
namespace {

using kittylog::testing::BaseEvent;

Event WithFeature(Event event, std::string feature) {
  event.payload.feature_slug = std::move(feature);
  return event;
}

TEST(BoardSnapshotCodecTest, ABoardWithEveryKindOfStateRoundTrips) {
  std::vector<Event> events;
  Event spec = WithFeature(BaseEvent("S1", 1, "SpecCreated", "001-a", "FeatureSpec"), "001-a");
  spec.payload.title = "A \"quoted\" title\n with a newline";
  events.push_back(spec);
  for (const char* id : {"C1", "C2"}) {  // created twice at one clock: a title conflict and a break
    Event created = WithFeature(BaseEvent(id, 2, "WPCreated", "WP01", "WorkPackage"), "001-a");
    created.payload.title = std::string("title ") + id;
    created.payload.dependencies = {"WP02", "WP00"};
    events.push_back(created);
  }
  Event again = WithFeature(BaseEvent("C3", 8, "WPCreated", "WP01", "WorkPackage"), "001-a");  // a break
  again.payload.title = "again";
  events.push_back(again);
  Event tags = WithFeature(BaseEvent("T1", 3, "TagsAdded", "WP01", "WorkPackage"), "001-a");
  tags.payload.tags = {"b", "a"};
  events.push_back(tags);
  for (const char* id : {"N1", "N2"}) {  // saturates
    Event count = WithFeature(BaseEvent(id, 4, "CounterIncremented", "001-a", "FeatureSpec"), "001-a");
    count.payload.counter = "reviews";
    count.payload.delta = INT64_MAX;
    events.push_back(count);
  }
  Event subtask = WithFeature(BaseEvent("U1", 5, "SubtaskCompleted", "T1", "Subtask"), "001-a");
  subtask.payload.work_package_id = "WP01";
  subtask.payload.subtask_index = 3;
  events.push_back(subtask);
  Event gate = BaseEvent("G1", 6, "GateCreated", "gate-1", "Gate");
  gate.payload.gate_id = "gate-1";
  gate.payload.gate_type = "CI_CHECK";
  gate.payload.work_package_id = "WP01";
  events.push_back(gate);
  for (const char* id : {"R1", "R2"}) {
    Event result = BaseEvent(id, 7, "GateResultChanged", "gate-1", "Gate");
    result.payload.gate_id = "gate-1";
    result.payload.new_status = id[1] == '1' ? "passed" : "failed";
    events.push_back(result);
  }
  BoardSnapshot snapshot;
  snapshot.through = 8;
  snapshot.board = Replay(events).board;
  ASSERT_FALSE(snapshot.board.conflicts.empty());
  ASSERT_FALSE(snapshot.board.breaks.empty());
  ASSERT_FALSE(snapshot.board.saturated.empty());
  snapshot.checked = {"M1", "M2"};
  LifecycleBreak guard{"001-a/WP01", EventRef::Of(events[1]), "dependency WP02 is planned", 1, true};
  snapshot.guard_breaks = {guard};
  snapshot.dependencies_seen = true;
  const std::optional<BoardSnapshot> decoded = DecodeBoardSnapshot(EncodeBoardSnapshot(snapshot));
  ASSERT_TRUE(decoded.has_value());
  EXPECT_EQ(decoded->board.features, snapshot.board.features);
  EXPECT_EQ(decoded->board.gates, snapshot.board.gates);
  EXPECT_EQ(decoded->board.conflicts, snapshot.board.conflicts);
  EXPECT_EQ(decoded->board.breaks, snapshot.board.breaks);
  EXPECT_EQ(decoded->board.saturated, snapshot.board.saturated);
  EXPECT_EQ(*decoded, snapshot);
}

TEST(BoardSnapshotCodecTest, TextThatIsNotASnapshotIsNone) {
  EXPECT_FALSE(DecodeBoardSnapshot("").has_value());
  EXPECT_FALSE(DecodeBoardSnapshot("{\"through\":3}").has_value());
  EXPECT_FALSE(DecodeBoardSnapshot("not json").has_value());
}

// The ladder keeps the two newest snapshots and, below them, one per power-of-two distance: a
// few dozen at most however long the log, and always one far down (the oldest).
TEST(BoardSnapshotLadderTest, KeepsTheNewestAndOnePerPowerOfTwoBelow) {
  std::vector<int64_t> throughs;
  for (int64_t clock = 1; clock <= 1000000; clock += 997) throughs.push_back(clock);
  std::vector<int64_t> kept = KeptBoardSnapshots(throughs);
  std::sort(kept.begin(), kept.end());
  EXPECT_LE(kept.size(), 2u + 10u);
  EXPECT_EQ(kept.back(), throughs.back());
  EXPECT_EQ(kept[kept.size() - 2], throughs[throughs.size() - 2]);
  EXPECT_EQ(kept.front(), throughs.front()) << "the deepest rung keeps its oldest";
  // Every distance from the newest has a snapshot at most twice as far down (or the oldest).
  for (int64_t distance = 2 * kBoardSnapshotStep; distance < throughs.back(); distance *= 2) {
    const int64_t clock = throughs.back() - distance;
    auto below = std::upper_bound(kept.begin(), kept.end(), clock);
    ASSERT_NE(below, kept.begin()) << distance;
    EXPECT_GE(*std::prev(below), throughs.back() - 2 * distance) << distance;
  }
  // Kept again, the ladder is what it was.
  EXPECT_EQ(KeptBoardSnapshots(kept).size(), kept.size());
}

}  // namespace
}  // namespace kittylog::index_internal
