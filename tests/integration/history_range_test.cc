// `verify --history A..B` and the hooks check exactly the commits `git rev-list` names, whatever
// the committer times (DESIGN §9; docs/git-integration.md "Merges that lost events"). Scripted
// commits share one committer time; a walk that stops by the clock alone lists commits of the
// excluded side and reports their old losses as the range's (CI on `origin/main..HEAD`).
#include <cstdlib>

#include "tests/integration/git_fixture.h"

namespace kittylog::gittest {
namespace {

class HistoryRangeTest : public GitTest {
 protected:
  void SetUp() override {
    ::setenv("GIT_COMMITTER_DATE", "2026-12-02T00:00:00Z", 1);
    ::setenv("GIT_AUTHOR_DATE", "2026-12-02T00:00:00Z", 1);
  }
  void TearDown() override {
    ::unsetenv("GIT_COMMITTER_DATE");
    ::unsetenv("GIT_AUTHOR_DATE");
  }

  std::string Head(const std::string& dir, const std::string& rev = "HEAD") {
    std::string out = GitOk(dir, {"rev-parse", rev}).out;
    return out.substr(0, out.find('\n'));
  }

  // main: WP01 and WP02 moved on branches a and b, a merged, then b merged with a driver that
  // keeps our side (`true`), which loses b's event: merge_ (reported by its post-merge). Then
  // branch p, 20 commits on from main (so the checkout's remembered HEADs are all p's), and
  // branch q, one commit on from main. Every commit at one committer time.
  void LossOnMainThenTwoBranches() {
    repo_ = NewKittylogRepo("repo");
    GitOk(repo_, {"switch", "-q", "-c", "a"});
    MoveWp(repo_, "WP01", "doing");
    Commit(repo_, "a");
    GitOk(repo_, {"switch", "-q", "-c", "b", "main"});
    MoveWp(repo_, "WP02", "doing");
    Commit(repo_, "b");
    GitOk(repo_, {"switch", "-q", "main"});
    GitOk(repo_, {"merge", "-q", "a"});
    ProcessResult lossy = GitOk(repo_, {"-c", "merge.kittylog.driver=true", "merge", "-q", "--no-edit", "b"});
    merge_ = Head(repo_);
    ASSERT_TRUE(Contains(lossy.err, "merge " + merge_.substr(0, 12) + " lost 1 event"));
    GitOk(repo_, {"switch", "-q", "-c", "p"});
    for (int i = 1; i <= 20; ++i) GitOk(repo_, {"commit", "-q", "--allow-empty", "-m", "p" + std::to_string(i)});
    hooks_err_ = GitOk(repo_, {"switch", "-q", "-c", "q", "main"}).err;
    hooks_err_ += GitOk(repo_, {"commit", "-q", "--allow-empty", "-m", "q1"}).err;
  }

  std::string repo_, merge_;
  std::string hooks_err_;  // what the hooks said on the switch to q and q's commit
};

TEST_F(HistoryRangeTest, VerifyHistoryChecksOnlyTheCommitsOfTheRange) {
  LossOnMainThenTwoBranches();
  ASSERT_EQ(GitOk(repo_, {"rev-list", "--count", "p..q"}).out, "1\n");
  ProcessResult json = Kl(repo_, {"--json", "verify", "--history", "p..q"});
  EXPECT_EQ(json.exit_code, 0) << json.out << json.err;
  EXPECT_TRUE(Contains(json.out, "\"commits_checked\":1,"));
  EXPECT_EQ(json.err.find("lost"), std::string::npos) << json.err;
  ProcessResult symmetric = Kl(repo_, {"--json", "verify", "--history", "p...q"});
  EXPECT_EQ(symmetric.exit_code, 0) << symmetric.out << symmetric.err;
  EXPECT_TRUE(Contains(symmetric.out, "\"commits_checked\":21,"));
  // The merge's own range still finds the loss.
  ProcessResult with_merge = Kl(repo_, {"verify", "--history", "main~1..q"});
  EXPECT_EQ(with_merge.exit_code, 1);
  EXPECT_TRUE(Contains(with_merge.err, "merge " + merge_.substr(0, 12) + " lost 1 event"));
}

// The hooks' walk (HEAD minus the remembered HEADs, all p's here) is the same walk: main is
// under p, and q's commit is new; the lossy merge was reported when it entered this checkout.
TEST_F(HistoryRangeTest, HooksDoNotReportOldLossesAgainForCommitsAtOneTime) {
  LossOnMainThenTwoBranches();
  EXPECT_EQ(hooks_err_.find("lost"), std::string::npos) << hooks_err_;
}

}  // namespace
}  // namespace kittylog::gittest
