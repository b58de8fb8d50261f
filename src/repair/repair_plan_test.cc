// Repair's plans (repair/repair_plan.h), checked against the merge driver's result and the
// fsck's count of merge damage (event/log_fsck.h).
#include "repair/repair_plan.h"

#include <gtest/gtest.h>

#include "event/log_fsck.h"
#include "merge/merge.h"

namespace kittylog::repair {
namespace {

std::string Line(const std::string& id, int clock) {
  return R"({"event_id":")" + id + R"(","event_type":"TagsAdded","event_version":1,"lamport_clock":)" +
         std::to_string(clock) +
         R"(,"entity_id":"WP01","entity_type":"WorkPackage","timestamp":"2026-01-27T10:30:00.123Z","actor":"a",)"
         R"("causation_id":null,"correlation_id":null,"payload":{"tags":["x"]}})" "\n";
}

const std::string kA = Line("01KA0000000000000000000000", 1);
const std::string kB = Line("01KB0000000000000000000000", 2);
const std::string kC = Line("01KC0000000000000000000000", 2);
const std::string kD = Line("01KD0000000000000000000000", 3);

TEST(RepairTest, ConflictBlocksBecomeTheDriversResult) {
  std::string base = kA, ours = kA + kB + kD, theirs = kA + kC;
  std::string damaged = kA + "<<<<<<< HEAD\n" + kB + kD + "=======\n" + kC + ">>>>>>> other\n";
  RepairPlan plan = PlanRepair(damaged);
  EXPECT_TRUE(plan.needed);
  EXPECT_EQ(plan.repaired, merge::MergeEventLogs(base, ours, theirs).output);
  EXPECT_EQ(plan.conflict_blocks, 1u);
  EXPECT_TRUE(plan.quarantined.empty());
  EXPECT_TRUE(CheckEventLog(plan.repaired).empty());
  EXPECT_FALSE(PlanRepair(plan.repaired).needed);
}

TEST(RepairTest, DuplicatesDisorderAndNonEventsAreAccountedFor) {
  std::string damaged = kD + kA + kA + "not json\n" + kB + "\n" + kC.substr(0, kC.size() - 1);
  std::vector<LogProblem> problems = CheckEventLog(damaged);
  EXPECT_EQ(SummarizeProblems(problems), "1 duplicate id, 1 malformed line, 1 event out of order, 1 torn tail");
  RepairPlan plan = PlanRepair(damaged);
  EXPECT_EQ(plan.repaired, kA + kB + kC + kD);
  EXPECT_EQ(plan.duplicates_removed, 1u);
  ASSERT_EQ(plan.quarantined.size(), 1u);
  EXPECT_EQ(plan.quarantined[0].line, 4u);
  EXPECT_EQ(plan.quarantined[0].bytes, "not json");
}

TEST(RepairTest, LosingVersionsOfAnEventAreQuarantined) {
  std::string changed = kB.substr(0, kB.find("\"x\"")) + "\"y\"]}}\n";
  std::string damaged = kA + "<<<<<<< HEAD\n" + kB + "=======\n" + changed + ">>>>>>> other\n";
  RepairPlan plan = PlanRepair(damaged);
  ASSERT_EQ(plan.conflicting_ids.size(), 1u);
  EXPECT_EQ(plan.quarantined.size(), 1u);  // the version the merge did not keep
}

// A quarantined line was moved out of the file, not "kept after the events" (what the driver
// does with it): its reason is the reader's, and every copy of a repeated line carries it.
TEST(RepairTest, QuarantineReasonsAreTheReadersNotTheDrivers) {
  std::string damaged = kA + "not json\n" + kB + "not json\n" + "{\"event_type\":\"no id\"}\n";
  RepairPlan plan = PlanRepair(damaged);
  ASSERT_EQ(plan.quarantined.size(), 3u);
  for (const QuarantinedLine& line : plan.quarantined) {
    EXPECT_EQ(line.reason.find("kept after the events"), std::string::npos) << line.reason;
    EXPECT_TRUE(line.reason.starts_with("not an event (")) << line.reason;
  }
  EXPECT_EQ(plan.quarantined[0].line, 2u);
  EXPECT_EQ(plan.quarantined[1].line, 4u);
  EXPECT_EQ(plan.quarantined[0].reason, plan.quarantined[1].reason);
  EXPECT_EQ(plan.quarantined[2].reason, "not an event (no string event_id)");
}

// An unmerged file: the git index's versions merged as the driver would, joined with the work
// tree's file (what git left there and what was added since); each non-event line quarantined
// once, numbered in the work tree's file, or 0 when only the git index's versions hold it.
TEST(RepairTest, ResolutionJoinsTheIndexVersionsWithTheWorkTree) {
  std::string stages = merge::MergeEventLogs(kA, kA + kB + "junk\n", "only in the index\n").output;
  std::string work_tree = kA + kB + "junk\n" + kC;  // git left ours; kC appended since
  RepairPlan plan = PlanResolution(stages, work_tree, "deleted by them");
  EXPECT_EQ(plan.repaired, kA + kB + kC);
  EXPECT_TRUE(plan.needed);
  EXPECT_EQ(plan.duplicates_removed, 0u);
  ASSERT_EQ(plan.quarantined.size(), 2u);
  EXPECT_EQ(plan.quarantined[0].line, 0u);
  EXPECT_EQ(plan.quarantined[0].bytes, "only in the index");
  EXPECT_EQ(plan.quarantined[1].line, 3u);
  EXPECT_EQ(plan.quarantined[1].bytes, "junk");
  EXPECT_EQ(plan.Summary(),
            "unmerged in the git index (deleted by them): kept, its versions there merged as the driver would, 2 lines "
            "quarantined");
  // No work tree file (both deleted): the versions alone.
  EXPECT_EQ(PlanResolution(merge::MergeEventLogs(kA + kB, "", "").output, "", "both deleted").repaired, kA + kB);
}

}  // namespace
}  // namespace kittylog::repair
