// doctor tells the truth (issue 11 item 6; DESIGN §9): a fresh clone with `kittylog init` is
// healthy (no clock.json yet is normal), and an emptied .gitattributes in the work tree is a
// problem, because that is what git will use for the next merge.
#include <filesystem>

#include "tests/hostile/hostile_fixture.h"

namespace kittylog::gittest {
namespace {

using testing::WriteFile;

class DoctorTruthTest : public GitTest {};

TEST_F(DoctorTruthTest, AFreshCloneWithInitIsHealthy) {
  std::string origin = NewKittylogRepo("origin");
  MoveWp(origin, "WP01", "doing");
  Commit(origin, "work");
  GitOk(tmp_.path(), {"clone", "-q", origin, "clone"});
  std::string clone = Path("clone");
  KlOk(clone, {"init"});  // witnesses the cloned log's clock
  ProcessResult doctor = Kl(clone, {"doctor"});
  EXPECT_EQ(doctor.exit_code, 0) << doctor.out << doctor.err;
  EXPECT_FALSE(Contains(doctor.out, "problem"));
  // No clock.json yet (a clone where only the hooks ran so far) is normal too.
  std::filesystem::remove(clone + "/.kittify/clock.json");
  doctor = Kl(clone, {"doctor"});
  EXPECT_EQ(doctor.exit_code, 0) << doctor.out << doctor.err;
  EXPECT_TRUE(Contains(doctor.out, "clock.json not written yet"));
  EXPECT_FALSE(Contains(doctor.out, "problem"));
}

// An ignored file that is tracked anyway (`git add -f`) is not ignored: every pull or switch of
// another version overwrites the checkout's own, and a commit -a publishes it.
TEST_F(DoctorTruthTest, ATrackedIndexIsAProblem) {
  std::string repo = NewKittylogRepo("repo");
  GitOk(repo, {"add", "-f", ".kittify/events/index.db"});
  Commit(repo, "the index, by accident");
  ProcessResult doctor = Kl(repo, {"doctor"});
  EXPECT_EQ(doctor.exit_code, 1) << doctor.out;
  EXPECT_TRUE(Contains(doctor.out, "tracked by git although derived: .kittify/events/index.db")) << doctor.out;
  EXPECT_TRUE(Contains(doctor.out, "git rm --cached")) << doctor.out;
  GitOk(repo, {"rm", "-q", "--cached", ".kittify/events/index.db"});
  Commit(repo, "untrack it");
  doctor = Kl(repo, {"doctor"});
  EXPECT_EQ(doctor.exit_code, 0) << doctor.out << doctor.err;
}

TEST_F(DoctorTruthTest, AnEmptiedGitattributesIsAProblemBecauseGitUsesIt) {
  std::string repo = NewKittylogRepo("repo");
  WriteFile(repo + "/.gitattributes", "");  // `: > .gitattributes`
  ProcessResult git = GitOk(repo, {"check-attr", "merge", "--", kDailyFile});
  ASSERT_TRUE(Contains(git.out, "merge: unspecified"));  // what the next merge uses
  ProcessResult doctor = Kl(repo, {"doctor"});
  EXPECT_EQ(doctor.exit_code, 1) << doctor.out;
  EXPECT_TRUE(Contains(doctor.out, "git resolves merge=unspecified"));
  // --fix puts the line back, and git agrees.
  ProcessResult fixed = Kl(repo, {"doctor", "--fix"});
  EXPECT_EQ(fixed.exit_code, 0) << fixed.out << fixed.err;
  EXPECT_TRUE(Contains(GitOk(repo, {"check-attr", "merge", "--", kDailyFile}).out, "merge: kittylog"));
  // A deleted .gitattributes falls back to the index, as git does: still merge=kittylog.
  GitOk(repo, {"add", ".gitattributes"});
  std::filesystem::remove(repo + "/.gitattributes");
  EXPECT_TRUE(Contains(GitOk(repo, {"check-attr", "merge", "--", kDailyFile}).out, "merge: kittylog"));
  EXPECT_TRUE(Contains(Kl(repo, {"doctor"}).out, "attributes   .kittify/events/*.jsonl merge=kittylog"));
}

}  // namespace
}  // namespace kittylog::gittest
