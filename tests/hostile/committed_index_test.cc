// A committed index is never trusted (DESIGN §7, §12; docs/index.md "Whose index"): a teammate
// commits a regular `.kittify/events/index.db` (`git add -f`) whose rows say what the log does
// not. A clone, a pull over an existing index and a linked worktree each answer from the log:
// the foreign file is set aside and rebuilt, because its key is not the one this checkout's git
// dir recorded. And a checkout's own index is never rebuilt for it: the main worktree and a
// linked one each keep theirs.
#include <sys/stat.h>

#include <filesystem>

#include "tests/integration/git_fixture.h"

namespace kittylog::gittest {
namespace {

class CommittedIndexTest : public GitTest {
 protected:
  // `repo` with WP01 moved to doing (so its lane comes from wp_state, not from its creation),
  // then an index whose rows say WP01 is done and titled PWNED, committed with `git add -f`.
  void CommitForgedIndex(const std::string& repo) {
    OnTheIndex(repo,
               "c = sqlite3.connect(p); "
               "c.execute(\"update wp_state set lane = 'done', title = 'PWNED' where wp = 'WP01'\"); "
               "c.commit(); c.execute('pragma wal_checkpoint(truncate)'); "
               "assert c.execute(\"select lane from wp_state where wp = 'WP01'\").fetchone() == ('done',); c.close()");
    GitOk(repo, {"add", "-f", ".kittify/events/index.db"});
    Commit(repo, "a teammate commits the index");
  }

  // A kittylog repository whose WP01 is in doing (moved, so its lane comes from wp_state).
  std::string RepoWithAMovedWp() {
    std::string repo = NewKittylogRepo("repo");
    MoveWp(repo, "WP01", "doing");
    Commit(repo, "WP01 doing");
    return repo;
  }

  std::string CloneOf(const std::string& repo, const std::string& name) {
    GitOk(Path(""), {"clone", "-q", repo, Path(name)});
    return Path(name);
  }

  // Runs `script` (Python, sqlite3 imported) with `p` bound to the path of `dir`'s index.db.
  static void OnTheIndex(const std::string& dir, const std::string& script) {
    ProcessResult run = testing::Run({"python3", "-c", "import sqlite3, sys; p = sys.argv[1]; " + script,
                                      dir + "/.kittify/events/index.db"});
    ASSERT_EQ(run.exit_code, 0) << run.err;
  }

  // `dir` answers from its log: no forged row shows, and the index agrees with the log.
  void ExpectTheLogsAnswers(const std::string& dir) {
    ProcessResult status = Kl(dir, {"status"});
    EXPECT_EQ(status.exit_code, 0) << status.err;
    EXPECT_EQ(status.out.find("PWNED"), std::string::npos) << status.out;
    EXPECT_EQ(LaneOf(dir, "WP01"), "doing");
    EXPECT_EQ(Kl(dir, {"index", "check"}).exit_code, 0);
  }

  static ino_t Inode(const std::string& path) {
    struct stat info {};
    return ::stat(path.c_str(), &info) == 0 ? info.st_ino : 0;
  }

};

TEST_F(CommittedIndexTest, ACloneRebuildsACommittedIndex) {
  std::string repo = RepoWithAMovedWp();
  CommitForgedIndex(repo);
  const std::string clone = CloneOf(repo, "clone");
  ASSERT_TRUE(std::filesystem::exists(clone + "/.kittify/events/index.db"));
  ProcessResult status = Kl(clone, {"status"});
  EXPECT_EQ(status.exit_code, 0) << status.err;
  EXPECT_TRUE(Contains(status.err, "index.db: not built in this checkout")) << status.err;
  ExpectTheLogsAnswers(clone);
  // The forged file is kept for a post-mortem, never deleted.
  bool set_aside = false;
  for (const auto& entry : std::filesystem::directory_iterator(clone + "/.kittify/events")) {
    set_aside = set_aside || entry.path().filename().string().starts_with("index.db.corrupt-");
  }
  EXPECT_TRUE(set_aside);
}

// git replaces an ignored file in the way of a checkout without asking: a pull that brings the
// committed index overwrites the puller's own.
TEST_F(CommittedIndexTest, APullThatBringsAnIndexIsNotTrusted) {
  std::string repo = RepoWithAMovedWp();
  const std::string mine = CloneOf(repo, "mine");
  KlOk(mine, {"init"});
  ASSERT_EQ(LaneOf(mine, "WP01"), "doing");
  CommitForgedIndex(repo);
  ProcessResult pulled = Git(mine, {"pull", "-q", "--no-rebase"});  // post-merge refreshes the index
  ASSERT_EQ(pulled.exit_code, 0) << pulled.err;
  ExpectTheLogsAnswers(mine);
}

// Without an index.db: a WAL and the record of its header (which sat in the work tree) laid over
// the puller's own index, whose meta page (and key) the WAL does not touch.
TEST_F(CommittedIndexTest, APulledWalIsNotReplayedOverTheOwnIndex) {
  std::string repo = RepoWithAMovedWp();
  const std::string mine = CloneOf(repo, "mine");
  ASSERT_EQ(LaneOf(mine, "WP01"), "doing");
  OnTheIndex(repo,
             "c = sqlite3.connect(p); c.execute('pragma wal_checkpoint(truncate)'); "
             "c.execute('pragma wal_autocheckpoint = 0'); "
             "c.execute(\"update wp_state set lane = 'done', title = 'PWNED' where wp = 'WP01'\"); c.commit(); "
             "wal = open(p + '-wal', 'rb').read(); open(p + '-forged-wal', 'wb').write(wal); "
             "open(p + '-forged-walid', 'w').write(wal[:32].hex() + '\\n'); c.close()");
  std::filesystem::rename(repo + "/.kittify/events/index.db-forged-wal", repo + "/.kittify/events/index.db-wal");
  std::filesystem::rename(repo + "/.kittify/events/index.db-forged-walid", repo + "/.kittify/events/index.db-walid");
  GitOk(repo, {"add", "-f", ".kittify/events/index.db-wal", ".kittify/events/index.db-walid"});
  Commit(repo, "a teammate commits the index's WAL");
  ASSERT_EQ(Git(mine, {"pull", "-q", "--no-rebase"}).exit_code, 0);
  ExpectTheLogsAnswers(mine);
}

// A pulled index.db alone, under the puller's own -wal and -walid (ignored, so left in place),
// whose last write put the meta page with the puller's key into that WAL.
TEST_F(CommittedIndexTest, APulledIndexUnderTheOwnWalIsNotTrusted) {
  std::string repo = RepoWithAMovedWp();
  const std::string mine = CloneOf(repo, "mine");
  ASSERT_EQ(LaneOf(mine, "WP01"), "doing");
  KlOk(mine, {"spec", "create", "002-other", "--title", "Other"});
  ASSERT_GT(std::filesystem::file_size(mine + "/.kittify/events/index.db-wal"), 0u);
  Commit(mine, "mine");
  CommitForgedIndex(repo);
  ProcessResult pulled = Git(mine, {"pull", "-q", "--no-rebase", "--no-edit"});
  ASSERT_EQ(pulled.exit_code, 0) << pulled.err;
  ExpectTheLogsAnswers(mine);
}

// Someone once committed their own index (its key is then known): a forged copy of it, pulled
// back, is still not theirs.
TEST_F(CommittedIndexTest, AnIndexWhoseKeyWasCommittedIsStillNotTrustedWhenReplaced) {
  std::string repo = RepoWithAMovedWp();
  // Just rebuilt, the file holds every row (its WAL is empty) and this checkout's key.
  KlOk(repo, {"index", "rebuild"});
  GitOk(repo, {"add", "-f", ".kittify/events/index.db"});
  Commit(repo, "my index, by accident");
  const std::string theirs = CloneOf(repo, "theirs");
  // The teammate forges the committed file (the clone's own index was rebuilt beside it; the
  // committed bytes are in git), keeping its key.
  GitOk(theirs, {"checkout", "-q", "--", ".kittify/events/index.db"});
  for (const char* suffix : {"-wal", "-walid", "-shm"}) {
    std::filesystem::remove(theirs + "/.kittify/events/index.db" + suffix);
  }
  OnTheIndex(theirs,
             "c = sqlite3.connect(p); "
             "c.execute(\"update wp_state set lane = 'done', title = 'PWNED' where wp = 'WP01'\"); "
             "c.commit(); c.execute('pragma wal_checkpoint(truncate)'); c.close()");
  GitOk(theirs, {"commit", "-q", "-m", "forged", "--", ".kittify/events/index.db"});
  ProcessResult pulled = Git(repo, {"pull", "-q", "--no-rebase", theirs, "main"});
  ASSERT_EQ(pulled.exit_code, 0) << pulled.err;
  ExpectTheLogsAnswers(repo);
}

TEST_F(CommittedIndexTest, AWorktreeKeepsItsOwnIndexApartFromTheMainOne) {
  std::string repo = NewKittylogRepo("repo");
  const std::string worktree = Path("wt");
  GitOk(repo, {"worktree", "add", "-q", worktree, "-b", "side"});
  KlOk(repo, {"status"});
  KlOk(worktree, {"status"});
  const ino_t main_inode = Inode(repo + "/.kittify/events/index.db");
  const ino_t worktree_inode = Inode(worktree + "/.kittify/events/index.db");
  for (int round = 0; round < 2; ++round) {
    for (const std::string& dir : {repo, worktree}) {
      ProcessResult status = Kl(dir, {"status"});
      EXPECT_EQ(status.exit_code, 0) << status.err;
      EXPECT_EQ(status.err.find("index.db"), std::string::npos) << dir << ": " << status.err;
    }
  }
  // Neither index was replaced (a rebuild renames a new file into place).
  EXPECT_EQ(Inode(repo + "/.kittify/events/index.db"), main_inode);
  EXPECT_EQ(Inode(worktree + "/.kittify/events/index.db"), worktree_inode);
}

}  // namespace
}  // namespace kittylog::gittest
