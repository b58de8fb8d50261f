// `kittylog demo` on a machine where kittylog is not on PATH (DESIGN §10; README quick start):
// it builds its scratch repository, merges two concurrent branches through the driver and shows
// the board with the conflict warning.
#include <filesystem>

#include "tests/integration/git_fixture.h"

namespace kittylog::gittest {
namespace {

class DemoTest : public GitTest {};

TEST_F(DemoTest, RunsWithoutKittylogOnPath) {
  ProcessOptions options;
  options.env["PATH"] = "/usr/bin:/bin";
  options.env["TMPDIR"] = tmp_.path();
  ProcessResult demo = Kl(tmp_.path(), {"demo"}, options);
  ASSERT_EQ(demo.exit_code, 0) << demo.out << demo.err;
  std::string all = demo.out + demo.err;
  EXPECT_TRUE(Contains(all, "kittylog demo: scratch directory " + tmp_.path() + "/kittylog-demo-"));
  EXPECT_TRUE(Contains(all, "git merge --no-edit -m 'Merge bob' bob"));
  EXPECT_TRUE(Contains(all, "kittylog-merge: "));   // the driver's concurrency report
  EXPECT_TRUE(Contains(all, "- kittylog status"));  // the post-merge hook's line
  EXPECT_TRUE(Contains(all, "rollback-precedence -> lane doing"));  // the board's conflict warning
  // The repository it left behind is consistent.
  std::string root;
  for (const auto& entry : std::filesystem::directory_iterator(tmp_.path())) {
    if (entry.path().filename().string().starts_with("kittylog-demo-")) root = entry.path().string();
  }
  ASSERT_FALSE(root.empty());
  EXPECT_EQ(LaneOf(root + "/repo", "WP01"), "doing");
  EXPECT_EQ(StoredClock(root + "/repo"), MaxClockInLog(root + "/repo"));
}

}  // namespace
}  // namespace kittylog::gittest
