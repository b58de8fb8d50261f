#include "workflow/status_rules.h"

#include <algorithm>
#include <string>
#include <vector>

#include <gtest/gtest.h>

namespace kittylog {
namespace {

Event StatusEvent(int64_t clock, std::string id, std::string old_status, std::string new_status,
                  std::string slug = "025-cli-event-log", std::string wp = "WP01") {
  Event event;
  event.event_id = std::move(id);
  event.event_type = "WPStatusChanged";
  event.lamport_clock = clock;
  event.entity_id = std::move(wp);
  event.entity_type = "WorkPackage";
  event.payload.feature_slug = std::move(slug);
  event.payload.old_status = std::move(old_status);
  event.payload.new_status = std::move(new_status);
  return event;
}

// A Resolution, its winner mapped back to the event it is the status change of.
struct EventResolution {
  const Event* winner = nullptr;
  std::string rule;
};

// Resolves the status changes of `events` in every input order and checks that the answer
// never changes.
EventResolution ResolveInEveryOrder(const std::vector<Event>& events) {
  std::vector<size_t> order(events.size());
  for (size_t i = 0; i < order.size(); ++i) order[i] = i;
  std::vector<StatusChange> changes;
  auto resolve = [&] {
    changes.clear();
    for (size_t i : order) {
      const Event& event = events[i];
      changes.push_back({event.lamport_clock, event.event_id, event.payload.old_status, event.payload.new_status});
    }
    Resolution resolution = ResolveConcurrentStatus(changes);
    EventResolution result;
    if (resolution.winner != nullptr) result.winner = &events[order[resolution.winner - changes.data()]];
    result.rule = resolution.rule;
    return result;
  };
  EventResolution first = resolve();
  while (std::next_permutation(order.begin(), order.end())) {
    EventResolution again = resolve();
    EXPECT_EQ(again.winner, first.winner) << "winner depends on input order";
    EXPECT_EQ(again.rule, first.rule);
  }
  return first;
}

TEST(StatusRulesTest, ReviewRollbackAndApprovalClassification) {
  EXPECT_TRUE(IsReviewRollback(StatusEvent(1, "A", "for_review", "doing")));
  EXPECT_TRUE(IsReviewRollback(StatusEvent(1, "A", "for_review", "rejected")));
  EXPECT_FALSE(IsReviewRollback(StatusEvent(1, "A", "for_review", "done")));
  EXPECT_FALSE(IsReviewRollback(StatusEvent(1, "A", "doing", "planned")));
  EXPECT_FALSE(IsReviewRollback(StatusEvent(1, "A", "done", "doing")));
  EXPECT_TRUE(IsReviewApproval(StatusEvent(1, "A", "for_review", "done")));
  EXPECT_FALSE(IsReviewApproval(StatusEvent(1, "A", "doing", "done")));
  EXPECT_FALSE(IsReviewApproval(StatusEvent(1, "A", "for_review", "doing")));

  Event other = StatusEvent(1, "A", "for_review", "doing");
  other.event_type = "WPCreated";
  EXPECT_FALSE(IsReviewRollback(other));
  other.payload.new_status = "done";
  EXPECT_FALSE(IsReviewApproval(other));
}

TEST(StatusRulesTest, EmptyInputHasNoWinner) {
  Resolution resolution = ResolveConcurrentStatus({});
  EXPECT_EQ(resolution.winner, nullptr);
}

TEST(StatusRulesTest, SingleEventWins) {
  std::vector<Event> events = {StatusEvent(3, "01A", "planned", "doing")};
  EventResolution resolution = ResolveInEveryOrder(events);
  EXPECT_EQ(resolution.winner, &events[0]);
  EXPECT_EQ(resolution.rule, "last-write-wins");
}

TEST(StatusRulesTest, LastWriteWinsByClock) {
  std::vector<Event> events = {StatusEvent(3, "01C", "planned", "doing"),
                               StatusEvent(5, "01A", "doing", "for_review"),
                               StatusEvent(4, "01B", "doing", "planned")};
  EventResolution resolution = ResolveInEveryOrder(events);
  EXPECT_EQ(resolution.winner, &events[1]);
  EXPECT_EQ(resolution.rule, "last-write-wins");
}

TEST(StatusRulesTest, LastWriteWinsTieBrokenByEventId) {
  std::vector<Event> events = {StatusEvent(7, "01HQ000000000000000000000B", "doing", "for_review"),
                               StatusEvent(7, "01HQ000000000000000000000C", "doing", "planned"),
                               StatusEvent(7, "01HQ000000000000000000000A", "planned", "doing")};
  EventResolution resolution = ResolveInEveryOrder(events);
  EXPECT_EQ(resolution.winner, &events[1]);
  EXPECT_EQ(resolution.rule, "last-write-wins");
}

TEST(StatusRulesTest, AbsentClockSortsFirst) {
  std::vector<Event> events = {StatusEvent(0, "7ZZZ", "doing", "done"), StatusEvent(1, "0000", "doing", "planned")};
  EventResolution resolution = ResolveInEveryOrder(events);
  EXPECT_EQ(resolution.winner, &events[1]);
}

TEST(StatusRulesTest, RollbackBeatsConcurrentApprovalRegardlessOfOrder) {
  // Same clock, the approval's id is larger: LWW alone would pick done.
  std::vector<Event> events = {StatusEvent(7, "01HQ000000000000000000000A", "for_review", "doing"),
                               StatusEvent(7, "01HQ000000000000000000000Z", "for_review", "done")};
  EventResolution resolution = ResolveInEveryOrder(events);
  EXPECT_EQ(resolution.winner, &events[0]);
  EXPECT_EQ(resolution.rule, "rollback-precedence");
}

TEST(StatusRulesTest, RollbackBeatsApprovalFromTheOtherSideOfAMerge) {
  // Concurrent across a merge: the approval has the higher clock but still loses.
  std::vector<Event> events = {StatusEvent(9, "01B", "for_review", "done"),
                               StatusEvent(8, "01A", "for_review", "rejected")};
  EventResolution resolution = ResolveInEveryOrder(events);
  EXPECT_EQ(resolution.winner, &events[1]);
  EXPECT_EQ(resolution.rule, "rollback-precedence");
}

TEST(StatusRulesTest, LastRollbackWinsAmongSeveral) {
  std::vector<Event> events = {StatusEvent(7, "01C", "for_review", "done"),
                               StatusEvent(6, "01A", "for_review", "doing"),
                               StatusEvent(6, "01B", "for_review", "rejected"),
                               StatusEvent(5, "01D", "for_review", "doing")};
  EventResolution resolution = ResolveInEveryOrder(events);
  EXPECT_EQ(resolution.winner, &events[2]);
  EXPECT_EQ(resolution.rule, "rollback-precedence");
}

TEST(StatusRulesTest, RollbackThatIsLastIsPlainLastWriteWins) {
  std::vector<Event> events = {StatusEvent(7, "01A", "for_review", "done"),
                               StatusEvent(7, "01B", "for_review", "doing")};
  EventResolution resolution = ResolveInEveryOrder(events);
  EXPECT_EQ(resolution.winner, &events[1]);
  EXPECT_EQ(resolution.rule, "last-write-wins");
}

TEST(StatusRulesTest, ApprovalWinsWhenNoRollbackCompetes) {
  std::vector<Event> events = {StatusEvent(7, "01A", "doing", "for_review"),
                               StatusEvent(7, "01B", "for_review", "done"),
                               StatusEvent(6, "01C", "doing", "planned")};
  EventResolution resolution = ResolveInEveryOrder(events);
  EXPECT_EQ(resolution.winner, &events[1]);
  EXPECT_EQ(resolution.rule, "last-write-wins");
}

TEST(StatusRulesTest, NonReviewChangeLastIsLastWriteWinsEvenWithRollbacks) {
  // Only an approval out of for_review is overruled; any other last change stands.
  std::vector<Event> events = {StatusEvent(7, "01A", "for_review", "doing"),
                               StatusEvent(8, "01B", "done", "doing"),
                               StatusEvent(6, "01C", "for_review", "done")};
  EventResolution resolution = ResolveInEveryOrder(events);
  EXPECT_EQ(resolution.winner, &events[1]);
  EXPECT_EQ(resolution.rule, "last-write-wins");
}

TEST(WorkPackageKeyTest, FeatureSlugAndEntityId) {
  EXPECT_EQ(WorkPackageKey(StatusEvent(1, "A", "planned", "doing")), "025-cli-event-log/WP01");
  EXPECT_EQ(WorkPackageKey(StatusEvent(1, "A", "planned", "doing", "026-other")), "026-other/WP01");
  // The same WP id in two features is two work packages.
  EXPECT_NE(WorkPackageKey(StatusEvent(1, "A", "planned", "doing", "001-a", "WP01")),
            WorkPackageKey(StatusEvent(1, "A", "planned", "doing", "002-b", "WP01")));
}

TEST(WorkPackageKeyTest, EmptyWhenNotAWorkPackage) {
  EXPECT_EQ(WorkPackageKey(StatusEvent(1, "A", "planned", "doing", "")), "");
  Event gate = StatusEvent(1, "A", "pending", "passed");
  gate.entity_type = "Gate";
  EXPECT_EQ(WorkPackageKey(gate), "");
  Event spec;
  spec.entity_type = "FeatureSpec";
  spec.entity_id = "025-cli-event-log";
  spec.payload.feature_slug = "025-cli-event-log";
  EXPECT_EQ(WorkPackageKey(spec), "");
}

}  // namespace
}  // namespace kittylog
