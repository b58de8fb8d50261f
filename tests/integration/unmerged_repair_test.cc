// `kittylog repair` resolves a daily file a git command left unmerged without calling the driver
// (DESIGN §9; docs/repair.md "Unmerged event files"): `git cherry-pick` and `git stash pop` stop
// with a modify/delete conflict when the target lacks a daily file the base has. repair writes
// the driver's merge of the versions in the git index into the work tree, and leaves marking
// it resolved (`git add`) and going on to the user, whom it tells how.
#include "tests/integration/git_fixture.h"

namespace kittylog::gittest {
namespace {

class UnmergedRepairTest : public GitTest {
 protected:
  // The versions `git ls-files -u` lists for the daily file: "1 3" for a modify/delete.
  std::string Stages(const std::string& dir) {
    std::string stages;
    for (const std::string& line : testing::SplitLines(GitOk(dir, {"ls-files", "-u", "--", kDailyFile}).out)) {
      stages += (stages.empty() ? "" : " ") + line.substr(line.find('\t') - 1, 1);
    }
    return stages;
  }

};

TEST_F(UnmergedRepairTest, CherryPickOntoABranchThatDeletedTheDailyFile) {
  std::string repo = NewKittylogRepo("repo");
  const std::string base = ReadFile(repo + "/" + kDailyFile);
  GitOk(repo, {"switch", "-q", "-c", "feature"});
  KlOk(repo, {"wp", "tag", "WP01", "--feature", kFeature, "shipped"});
  Commit(repo, "tag");
  const std::string theirs = ReadFile(repo + "/" + kDailyFile);
  const std::string tag_event = LogEvents(repo).back().event_id;
  GitOk(repo, {"switch", "-q", "main"});
  GitOk(repo, {"rm", "-q", kDailyFile});
  GitOk(repo, {"commit", "-q", "--no-verify", "-m", "drop the day"});  // deliberately: pre-commit refuses it
  ProcessResult picked = Git(repo, {"cherry-pick", "feature"});
  ASSERT_EQ(picked.exit_code, 1);
  ASSERT_TRUE(Contains(picked.out + picked.err, "CONFLICT (modify/delete)"));
  ASSERT_EQ(Stages(repo), "1 3");

  ProcessResult check = Kl(repo, {"repair", "--check"});
  EXPECT_EQ(check.exit_code, 1);
  EXPECT_TRUE(Contains(check.out, "needs repair " + std::string(kDailyFile) + ": unmerged in the git index (deleted by us)"));
  ProcessResult repaired = KlOk(repo, {"repair"});
  EXPECT_TRUE(Contains(repaired.out, "repaired " + std::string(kDailyFile) + ": unmerged in the git index (deleted by "
                                     "us): kept, its versions there merged as the driver would"));
  EXPECT_TRUE(Contains(repaired.out, "mark it resolved with `git add .kittify/events`, then `git cherry-pick --continue`"));
  EXPECT_EQ(ReadFile(repo + "/" + kDailyFile), DriverResult(Path("driver"), base, "", theirs));
  EXPECT_EQ(Stages(repo), "1 3");  // the git index is the user's: still unmerged
  ProcessResult json = KlOk(repo, {"--json", "repair"});
  EXPECT_TRUE(Contains(json.out, "\"continue\":\"git cherry-pick --continue\""));
  EXPECT_TRUE(Contains(json.out, "\"unmerged\":\"deleted by us\""));

  GitOk(repo, {"add", ".kittify/events"});
  GitOk(repo, {"cherry-pick", "--continue", "--no-edit"});
  EXPECT_EQ(Kl(repo, {"verify"}).exit_code, 0);
  EXPECT_EQ(LogEvents(repo).back().event_id, tag_event);
  EXPECT_TRUE(Contains(KlOk(repo, {"repair"}).out, "nothing to repair"));
}

// The other way round (deleted by them): the picked commit deletes the day the branch appended to.
TEST_F(UnmergedRepairTest, CherryPickOfADeletionOntoABranchThatAppended) {
  std::string repo = NewKittylogRepo("repo");
  const std::string base = ReadFile(repo + "/" + kDailyFile);
  GitOk(repo, {"switch", "-q", "-c", "cleanup"});
  GitOk(repo, {"rm", "-q", kDailyFile});
  GitOk(repo, {"commit", "-q", "--no-verify", "-m", "drop the day"});  // deliberately: pre-commit refuses it
  GitOk(repo, {"switch", "-q", "main"});
  MoveWp(repo, "WP01", "doing");
  Commit(repo, "WP01 doing");
  const std::string ours = ReadFile(repo + "/" + kDailyFile);
  ASSERT_EQ(Git(repo, {"cherry-pick", "cleanup"}).exit_code, 1);
  ASSERT_EQ(Stages(repo), "1 2");
  ProcessResult repaired = KlOk(repo, {"repair"});
  EXPECT_TRUE(Contains(repaired.out, "unmerged in the git index (deleted by them): kept"));
  EXPECT_EQ(ReadFile(repo + "/" + kDailyFile), DriverResult(Path("driver"), base, ours, ""));
  EXPECT_EQ(LaneOf(repo, "WP01"), "doing");
}

TEST_F(UnmergedRepairTest, StashPopOntoABranchThatDeletedTheDailyFile) {
  std::string repo = NewKittylogRepo("repo");
  const std::string base = ReadFile(repo + "/" + kDailyFile);
  MoveWp(repo, "WP02", "doing");
  const std::string stashed = ReadFile(repo + "/" + kDailyFile);
  GitOk(repo, {"stash", "-q"});
  GitOk(repo, {"rm", "-q", kDailyFile});
  GitOk(repo, {"commit", "-q", "--no-verify", "-m", "drop the day"});  // deliberately: pre-commit refuses it
  ProcessResult popped = Git(repo, {"stash", "pop"});
  ASSERT_EQ(popped.exit_code, 1);
  ASSERT_TRUE(Contains(popped.out + popped.err, "CONFLICT (modify/delete)"));
  ASSERT_EQ(Stages(repo), "1 3");

  ProcessResult repaired = KlOk(repo, {"repair"});
  EXPECT_TRUE(Contains(repaired.out, "unmerged in the git index (deleted by us): kept"));
  EXPECT_TRUE(Contains(repaired.out, "a `git stash pop` that stopped kept the stash: `git stash drop` it when done"));
  EXPECT_EQ(ReadFile(repo + "/" + kDailyFile), DriverResult(Path("driver"), base, "", stashed));
  EXPECT_EQ(Stages(repo), "1 3");
  GitOk(repo, {"add", ".kittify/events"});
  EXPECT_EQ(Stages(repo), "");
  EXPECT_EQ(LaneOf(repo, "WP02"), "doing");
  EXPECT_EQ(Kl(repo, {"verify"}).exit_code, 0);
}

}  // namespace
}  // namespace kittylog::gittest
