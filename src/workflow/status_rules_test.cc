#include "workflow/status_rules.h"

#include <algorithm>
#include <string>
#include <vector>

#include <gtest/gtest.h>

namespace kittylog {
namespace {

Event StatusChange(int64_t clock, std::string id, std::string old_status, std::string new_status,
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

// Resolves `events` in every input order and checks that the answer never changes.
Resolution ResolveInEveryOrder(const std::vector<Event>& events) {
  std::vector<size_t> order(events.size());
  for (size_t i = 0; i < order.size(); ++i) order[i] = i;
  std::vector<const Event*> pointers;
  auto resolve = [&] {
    pointers.clear();
    for (size_t i : order) pointers.push_back(&events[i]);
    return ResolveConcurrentStatus(pointers);
  };
  Resolution first = resolve();
  while (std::next_permutation(order.begin(), order.end())) {
    Resolution again = resolve();
    EXPECT_EQ(again.winner, first.winner) << "winner depends on input order";
    EXPECT_EQ(again.rule, first.rule);
  }
  return first;
}

TEST(StatusRulesTest, ReviewRollbackAndApprovalClassification) {
  EXPECT_TRUE(IsReviewRollback(StatusChange(1, "A", "for_review", "doing")));
  EXPECT_TRUE(IsReviewRollback(StatusChange(1, "A", "for_review", "rejected")));
  EXPECT_FALSE(IsReviewRollback(StatusChange(1, "A", "for_review", "done")));
  EXPECT_FALSE(IsReviewRollback(StatusChange(1, "A", "doing", "planned")));
  EXPECT_FALSE(IsReviewRollback(StatusChange(1, "A", "done", "doing")));
  EXPECT_TRUE(IsReviewApproval(StatusChange(1, "A", "for_review", "done")));
  EXPECT_FALSE(IsReviewApproval(StatusChange(1, "A", "doing", "done")));
  EXPECT_FALSE(IsReviewApproval(StatusChange(1, "A", "for_review", "doing")));

  Event other = StatusChange(1, "A", "for_review", "doing");
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
  std::vector<Event> events = {StatusChange(3, "01A", "planned", "doing")};
  Resolution resolution = ResolveInEveryOrder(events);
  EXPECT_EQ(resolution.winner, &events[0]);
  EXPECT_EQ(resolution.rule, "last-write-wins");
}

TEST(StatusRulesTest, LastWriteWinsByClock) {
  std::vector<Event> events = {StatusChange(3, "01C", "planned", "doing"),
                               StatusChange(5, "01A", "doing", "for_review"),
                               StatusChange(4, "01B", "doing", "planned")};
  Resolution resolution = ResolveInEveryOrder(events);
  EXPECT_EQ(resolution.winner, &events[1]);
  EXPECT_EQ(resolution.rule, "last-write-wins");
}

TEST(StatusRulesTest, LastWriteWinsTieBrokenByEventId) {
  std::vector<Event> events = {StatusChange(7, "01HQ000000000000000000000B", "doing", "for_review"),
                               StatusChange(7, "01HQ000000000000000000000C", "doing", "planned"),
                               StatusChange(7, "01HQ000000000000000000000A", "planned", "doing")};
  Resolution resolution = ResolveInEveryOrder(events);
  EXPECT_EQ(resolution.winner, &events[1]);
  EXPECT_EQ(resolution.rule, "last-write-wins");
}

TEST(StatusRulesTest, AbsentClockSortsFirst) {
  std::vector<Event> events = {StatusChange(0, "7ZZZ", "doing", "done"), StatusChange(1, "0000", "doing", "planned")};
  Resolution resolution = ResolveInEveryOrder(events);
  EXPECT_EQ(resolution.winner, &events[1]);
}

TEST(StatusRulesTest, RollbackBeatsConcurrentApprovalRegardlessOfOrder) {
  // Same clock, the approval's id is larger: LWW alone would pick done.
  std::vector<Event> events = {StatusChange(7, "01HQ000000000000000000000A", "for_review", "doing"),
                               StatusChange(7, "01HQ000000000000000000000Z", "for_review", "done")};
  Resolution resolution = ResolveInEveryOrder(events);
  EXPECT_EQ(resolution.winner, &events[0]);
  EXPECT_EQ(resolution.rule, "rollback-precedence");
}

TEST(StatusRulesTest, RollbackBeatsApprovalFromTheOtherSideOfAMerge) {
  // Concurrent across a merge: the approval has the higher clock but still loses.
  std::vector<Event> events = {StatusChange(9, "01B", "for_review", "done"),
                               StatusChange(8, "01A", "for_review", "rejected")};
  Resolution resolution = ResolveInEveryOrder(events);
  EXPECT_EQ(resolution.winner, &events[1]);
  EXPECT_EQ(resolution.rule, "rollback-precedence");
}

TEST(StatusRulesTest, LastRollbackWinsAmongSeveral) {
  std::vector<Event> events = {StatusChange(7, "01C", "for_review", "done"),
                               StatusChange(6, "01A", "for_review", "doing"),
                               StatusChange(6, "01B", "for_review", "rejected"),
                               StatusChange(5, "01D", "for_review", "doing")};
  Resolution resolution = ResolveInEveryOrder(events);
  EXPECT_EQ(resolution.winner, &events[2]);
  EXPECT_EQ(resolution.rule, "rollback-precedence");
}

TEST(StatusRulesTest, RollbackThatIsLastIsPlainLastWriteWins) {
  std::vector<Event> events = {StatusChange(7, "01A", "for_review", "done"),
                               StatusChange(7, "01B", "for_review", "doing")};
  Resolution resolution = ResolveInEveryOrder(events);
  EXPECT_EQ(resolution.winner, &events[1]);
  EXPECT_EQ(resolution.rule, "last-write-wins");
}

TEST(StatusRulesTest, ApprovalWinsWhenNoRollbackCompetes) {
  std::vector<Event> events = {StatusChange(7, "01A", "doing", "for_review"),
                               StatusChange(7, "01B", "for_review", "done"),
                               StatusChange(6, "01C", "doing", "planned")};
  Resolution resolution = ResolveInEveryOrder(events);
  EXPECT_EQ(resolution.winner, &events[1]);
  EXPECT_EQ(resolution.rule, "last-write-wins");
}

TEST(StatusRulesTest, NonReviewChangeLastIsLastWriteWinsEvenWithRollbacks) {
  // Only an approval out of for_review is overruled; any other last change stands.
  std::vector<Event> events = {StatusChange(7, "01A", "for_review", "doing"),
                               StatusChange(8, "01B", "done", "doing"),
                               StatusChange(6, "01C", "for_review", "done")};
  Resolution resolution = ResolveInEveryOrder(events);
  EXPECT_EQ(resolution.winner, &events[1]);
  EXPECT_EQ(resolution.rule, "last-write-wins");
}

TEST(WorkPackageKeyTest, FeatureSlugAndEntityId) {
  EXPECT_EQ(WorkPackageKey(StatusChange(1, "A", "planned", "doing")), "025-cli-event-log/WP01");
  EXPECT_EQ(WorkPackageKey(StatusChange(1, "A", "planned", "doing", "026-other")), "026-other/WP01");
  // The same WP id in two features is two work packages.
  EXPECT_NE(WorkPackageKey(StatusChange(1, "A", "planned", "doing", "001-a", "WP01")),
            WorkPackageKey(StatusChange(1, "A", "planned", "doing", "002-b", "WP01")));
}

TEST(WorkPackageKeyTest, EmptyWhenNotAWorkPackage) {
  EXPECT_EQ(WorkPackageKey(StatusChange(1, "A", "planned", "doing", "")), "");
  Event gate = StatusChange(1, "A", "pending", "passed");
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
