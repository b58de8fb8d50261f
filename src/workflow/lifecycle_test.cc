#include "workflow/lifecycle.h"

#include <gtest/gtest.h>

#include "event/event.h"

namespace kittylog {
namespace {

TEST(LifecycleTest, AllowsExactlyTheDesignMoves) {
  const std::vector<std::pair<std::string_view, std::string_view>> allowed = {
      {"planned", "doing"},   {"doing", "for_review"},   {"doing", "planned"}, {"for_review", "done"},
      {"for_review", "doing"}, {"for_review", "rejected"}, {"rejected", "doing"}, {"done", "doing"}};
  int count = 0;
  for (std::string_view from : kLanes) {
    for (std::string_view to : kLanes) {
      bool expected = std::find(allowed.begin(), allowed.end(), std::make_pair(from, to)) != allowed.end();
      EXPECT_EQ(IsValidTransition(from, to), expected) << from << " -> " << to;
      count += expected;
    }
  }
  EXPECT_EQ(count, 8);
}

TEST(LifecycleTest, ValidTargetsInDocumentedOrder) {
  EXPECT_EQ(JoinValidTargets("for_review"), "done, doing, rejected");
  EXPECT_EQ(JoinValidTargets("doing"), "for_review, planned");
  EXPECT_EQ(JoinValidTargets("planned"), "doing");
  EXPECT_EQ(JoinValidTargets("done"), "doing");
  EXPECT_EQ(JoinValidTargets("rejected"), "doing");
  EXPECT_EQ(JoinValidTargets("nowhere"), "none");
  EXPECT_TRUE(ValidTargets("nowhere").empty());
  EXPECT_FALSE(IsValidTransition("nowhere", "doing"));
  EXPECT_EQ(kInitialLane, "planned");
}

}  // namespace
}  // namespace kittylog
