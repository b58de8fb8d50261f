#include "event/conflict_markers.h"

#include <gtest/gtest.h>

namespace kittylog {
namespace {

TEST(ConflictMarkersTest, NamesEachMarker) {
  EXPECT_EQ(ConflictMarkerOf("<<<<<<<"), ConflictMarker::kOpen);
  EXPECT_EQ(ConflictMarkerOf("<<<<<<< HEAD"), ConflictMarker::kOpen);
  EXPECT_EQ(ConflictMarkerOf("||||||| merged common ancestors"), ConflictMarker::kBase);
  EXPECT_EQ(ConflictMarkerOf("======="), ConflictMarker::kSeparator);
  EXPECT_EQ(ConflictMarkerOf(">>>>>>> feature/x"), ConflictMarker::kClose);
}

TEST(ConflictMarkersTest, RefusesLookAlikes) {
  for (std::string_view line : {"", "<<<<<<", "<<<<<<<HEAD", "========", "======= label", "<<<<<<=",
                                "+++++++", "{\"event_id\":\"x\"}", "<<<<<<<\r"}) {
    EXPECT_EQ(ConflictMarkerOf(line), ConflictMarker::kNone) << line;
  }
}

TEST(ConflictMarkersTest, IsConflictMarkerIgnoresOneCarriageReturn) {
  EXPECT_TRUE(IsConflictMarker(">>>>>>> feature/x\r"));
  EXPECT_TRUE(IsConflictMarker("=======\r"));
  EXPECT_FALSE(IsConflictMarker("=======\r\r"));
  EXPECT_FALSE(IsConflictMarker("========"));
}

}  // namespace
}  // namespace kittylog
