// CanonicalizeEventLog and SplitConflictBlocks (merge/conflict_blocks.h): what `repair`
// uses to turn a merge made without the driver into the driver's result.
#include "merge/conflict_blocks.h"

#include <gtest/gtest.h>

#include "tests/support/merge_test_support.h"

namespace kittylog::merge {
namespace {

using testing::Ev;
using testing::Log;

TEST(ConflictBlocksTest, SplitsTwoWayAndDiff3Blocks) {
  std::string text = Log({Ev(1, 1), "<<<<<<< HEAD", Ev(2, 2), "=======", Ev(3, 2), ">>>>>>> feature", Ev(4, 4),
                          "<<<<<<< ours", Ev(5, 5), "||||||| base", Ev(6, 5), "=======", ">>>>>>> theirs"});
  std::optional<ConflictSplit> split = SplitConflictBlocks(text);
  ASSERT_TRUE(split.has_value());
  EXPECT_EQ(split->blocks, 2u);
  EXPECT_EQ(split->ours, Log({Ev(1, 1), Ev(2, 2), Ev(4, 4), Ev(5, 5)}));
  EXPECT_EQ(split->theirs, Log({Ev(1, 1), Ev(3, 2), Ev(4, 4)}));
  EXPECT_EQ(split->base, Log({Ev(1, 1), Ev(4, 4), Ev(6, 5)}));
  EXPECT_EQ(split->origin[static_cast<int>(Side::kOurs)], (std::vector<uint32_t>{1, 3, 7, 9}));
}

TEST(ConflictBlocksTest, MalformedMarkersAreNotSplit) {
  EXPECT_FALSE(SplitConflictBlocks(Log({Ev(1, 1)})).has_value());                            // no block
  EXPECT_FALSE(SplitConflictBlocks(Log({"<<<<<<< a", Ev(1, 1), "======="})).has_value());   // unterminated
  EXPECT_FALSE(SplitConflictBlocks(Log({"=======", Ev(1, 1)})).has_value());                // out of order
  EXPECT_FALSE(SplitConflictBlocks(Log({"<<<<<<< a", "<<<<<<< b", "=======", ">>>>>>> c"})).has_value());
}

TEST(ConflictBlocksTest, CanonicalizeResolvesConflictBlocksLikeTheDriver) {
  std::string text = Log({Ev(1, 1), "<<<<<<< HEAD", Ev(3, 3), Ev(2, 2), "=======", Ev(4, 2), ">>>>>>> feature"});
  MergeResult result = CanonicalizeEventLog(text);
  EXPECT_EQ(result.output, Log({Ev(1, 1), Ev(2, 2), Ev(4, 2), Ev(3, 3)}));
  EXPECT_FALSE(result.conflict());
  EXPECT_EQ(result.output, MergeEventLogs(Log({Ev(1, 1)}), Log({Ev(1, 1), Ev(3, 3), Ev(2, 2)}),
                                          Log({Ev(1, 1), Ev(4, 2)}))
                               .output);
}

TEST(ConflictBlocksTest, CanonicalizeFixesAUnionMergeAndReportsFileLines) {
  // What `git merge-file --union` leaves: both tails, duplicates, disorder, a stray line.
  std::string text = Log({Ev(1, 1), Ev(3, 3), Ev(2, 2), Ev(3, 3), "garbage"});
  MergeResult result = CanonicalizeEventLog(text);
  EXPECT_EQ(result.output, Log({Ev(1, 1), Ev(2, 2), Ev(3, 3), "garbage"}));
  bool reported_garbage = false;
  for (const ReportEntry& entry : result.report) {
    EXPECT_EQ(entry.side, Side::kFile);
    if (entry.kind == ReportEntry::Kind::kNotAnEvent) {
      reported_garbage = true;
      EXPECT_EQ(entry.line, 5u);
      EXPECT_EQ(entry.Format().substr(0, 7), "file:5:");
    }
  }
  EXPECT_TRUE(reported_garbage);
  EXPECT_EQ(CanonicalizeEventLog(result.output).output, result.output);  // idempotent
}

TEST(ConflictBlocksTest, CanonicalizeKeepsMalformedMarkersAsLines) {
  std::string text = Log({Ev(1, 1), "<<<<<<< HEAD", Ev(2, 2)});
  MergeResult result = CanonicalizeEventLog(text);
  EXPECT_EQ(result.output, Log({Ev(1, 1), Ev(2, 2), "<<<<<<< HEAD"}));
}

TEST(ConflictBlocksTest, CanonicalizeReportsBlockLinesInFileTerms) {
  std::string text = Log({Ev(1, 1), "<<<<<<< HEAD", "junk-in-ours", "=======", Ev(2, 2), ">>>>>>> x"});
  MergeResult result = CanonicalizeEventLog(text);
  ASSERT_FALSE(result.report.empty());
  bool found = false;
  for (const ReportEntry& entry : result.report) {
    if (entry.kind == ReportEntry::Kind::kNotAnEvent) {
      found = true;
      EXPECT_EQ(entry.line, 3u);
    }
  }
  EXPECT_TRUE(found);
}

}  // namespace
}  // namespace kittylog::merge
