// Merges that lost events are caught and undone (DESIGN §9; docs/git-integration.md "Merges that
// lost events", docs/repair.md; issue 10 item 7). A clone without the driver merges with
// `-X ours`/`-X theirs`: one side's events vanish without conflict markers. The loss is reported
// by `verify --history`, `doctor` and the hooks of every checkout the merge enters (post-merge,
// post-checkout, post-commit), `repair --rev` puts the lines back as the driver would have
// merged them, `conflicts --rev` never names a lost event as the winner, and pre-commit refuses
// to conclude a merge whose staged files lack an event of a parent. History that cannot be read
// (a shallow clone, event files that are links, submodules or directories) is named, never
// reported as a loss.
#include <filesystem>

#include "tests/integration/git_fixture.h"

namespace kittylog::gittest {
namespace {

class LostEventsTest : public GitTest {
 protected:
  // origin (installed, with hooks) and `clone`, a clone that never ran `kittylog install`: there
  // `main` moves WP02 and branch `review` moves WP01 (both append one line), and main merges
  // review with `-X ours`, which keeps main's line and drops review's. Sets clone_, merge_ (the
  // merge commit), lost_id_ (review's event) and the three versions of the daily file.
  void LossyMergeInAClone() {
    origin_ = NewKittylogRepo("origin");
    GitOk(tmp_.path(), {"clone", "-q", origin_, "clone"});
    clone_ = Path("clone");
    ASSERT_EQ(Git(clone_, {"config", "merge.kittylog.driver"}).exit_code, 1);  // never installed
    base_ = ReadFile(clone_ + "/" + kDailyFile);
    GitOk(clone_, {"checkout", "-q", "-b", "review"});
    MoveWp(clone_, "WP01", "doing", "reviewer");
    Commit(clone_, "review");
    theirs_ = ReadFile(clone_ + "/" + kDailyFile);
    lost_id_ = LogEvents(clone_).back().event_id;
    GitOk(clone_, {"checkout", "-q", "main"});
    MoveWp(clone_, "WP02", "doing", "implementer");
    Commit(clone_, "main");
    ours_ = ReadFile(clone_ + "/" + kDailyFile);
    GitOk(clone_, {"merge", "-q", "--no-edit", "-X", "ours", "review"});
    merge_ = Head(clone_);
    ASSERT_EQ(ReadFile(clone_ + "/" + kDailyFile), ours_);  // review's line is gone, no markers
  }

  std::string Head(const std::string& dir, const std::string& rev = "HEAD") {
    std::string out = GitOk(dir, {"rev-parse", rev}).out;
    while (!out.empty() && out.back() == '\n') out.pop_back();
    return out;
  }

  std::string origin_, clone_, merge_, lost_id_;
  std::string base_, ours_, theirs_;
};

TEST_F(LostEventsTest, VerifyHistoryReportsTheMergeAndTheLostEvent) {
  LossyMergeInAClone();
  EXPECT_EQ(Kl(clone_, {"verify"}).exit_code, 0);  // the file itself is fine: only history shows the loss
  ProcessResult verified = Kl(clone_, {"verify", "--history"});
  EXPECT_EQ(verified.exit_code, 1);
  EXPECT_TRUE(Contains(verified.err, "merge " + merge_.substr(0, 12) + " lost 1 event of its parents: " + lost_id_));
  EXPECT_TRUE(Contains(verified.err, "kittylog repair --rev " + merge_.substr(0, 12)));
  // A range that does not contain the merge is clean; one that does is not.
  EXPECT_EQ(Kl(clone_, {"verify", "--history", "HEAD~1"}).exit_code, 0);
  EXPECT_EQ(Kl(clone_, {"verify", "--history", "HEAD~1..HEAD"}).exit_code, 1);
  ProcessResult json = Kl(clone_, {"--json", "verify", "--history"});
  EXPECT_TRUE(Contains(json.out, "\"commits_checked\":4"));
  EXPECT_TRUE(Contains(json.out, lost_id_));
  EXPECT_EQ(Kl(clone_, {"verify", "--history", "no-such-branch"}).exit_code, 1);  // refused: names nothing
}

TEST_F(LostEventsTest, RepairRevRestoresTheDriversResultByteForByte) {
  LossyMergeInAClone();
  const std::string file = clone_ + "/" + kDailyFile;
  EXPECT_EQ(Kl(clone_, {"repair", "--check", "--rev", "HEAD"}).exit_code, 1);
  EXPECT_EQ(ReadFile(file), ours_);  // --check writes nothing
  ProcessResult repaired = KlOk(clone_, {"repair", "--rev", "HEAD"});
  EXPECT_TRUE(Contains(repaired.out, "restored 1 event lost by merge " + merge_.substr(0, 12)));
  EXPECT_TRUE(Contains(repaired.out, lost_id_));
  EXPECT_EQ(ReadFile(file), DriverResult(Path("driver"), base_, ours_, theirs_));
  EXPECT_EQ(Kl(clone_, {"index", "check"}).exit_code, 0);
  EXPECT_EQ(LaneOf(clone_, "WP01"), "doing");
  // Restored in the work tree: history's loss is no longer a problem, before and after the commit.
  EXPECT_EQ(Kl(clone_, {"verify", "--history"}).exit_code, 0);
  Commit(clone_, "restore the events the merge lost");
  EXPECT_EQ(Kl(clone_, {"verify", "--history"}).exit_code, 0);
  ProcessResult again = KlOk(clone_, {"repair", "--rev", merge_});
  EXPECT_TRUE(Contains(again.out, "all are in the work tree again: nothing to repair"));
  ProcessResult clean = KlOk(clone_, {"repair", "--rev", "HEAD~1"});  // the commit `main`: lost nothing
  EXPECT_TRUE(Contains(clean.out, "nothing to repair"));
  EXPECT_EQ(Kl(clone_, {"repair", "--rev", "no-such-commit"}).exit_code, 1);
  EXPECT_EQ(Kl(clone_, {"repair", "--rev", "HEAD", kDailyFile}).exit_code, 2);
}

// The case: a reviewer's rollback (for_review -> doing) on `review`, forward progress
// (for_review -> done) on main, merged with -X ours: the rollback is not in the merge, so it
// cannot be the winner `conflicts --rev` names.
TEST_F(LostEventsTest, ConflictsRevNamesOnlyWinnersInTheTree) {
  origin_ = NewKittylogRepo("origin");
  MoveWp(origin_, "WP01", "doing");
  MoveWp(origin_, "WP01", "for_review");
  Commit(origin_, "WP01 in review");
  GitOk(tmp_.path(), {"clone", "-q", origin_, "clone"});
  clone_ = Path("clone");
  GitOk(clone_, {"checkout", "-q", "-b", "review"});
  MoveWp(clone_, "WP01", "doing", "reviewer");  // changes requested
  Commit(clone_, "review");
  const std::string rollback = LogEvents(clone_).back().event_id;
  GitOk(clone_, {"checkout", "-q", "main"});
  KlOk(clone_, {"wp", "tag", "WP01", "--feature", kFeature, "shipped"});
  MoveWp(clone_, "WP01", "done", "implementer");
  Commit(clone_, "done");
  const std::string done = LogEvents(clone_).back().event_id;
  GitOk(clone_, {"merge", "-q", "--no-edit", "-X", "ours", "review"});

  ProcessResult conflicts = KlOk(clone_, {"conflicts", "--rev", "HEAD"});
  EXPECT_TRUE(Contains(conflicts.out, done + " clock"));
  EXPECT_TRUE(Contains(conflicts.out, "<- wins"));
  EXPECT_TRUE(Contains(conflicts.out, "(lost by this merge)"));
  EXPECT_TRUE(Contains(conflicts.out, "result: lane done"));
  EXPECT_FALSE(Contains(conflicts.out, "rollback-precedence"));
  EXPECT_TRUE(Contains(conflicts.err, "lost 1 event of its parents: " + rollback));
  ProcessResult json = KlOk(clone_, {"--json", "conflicts", "--rev", "HEAD"});
  EXPECT_TRUE(Contains(json.out, "\"winner_id\":\"" + done + "\""));
  EXPECT_TRUE(Contains(json.out, "\"lost\":[\"" + rollback + "\"]"));
  EXPECT_TRUE(Contains(json.out, "\"in_merge\":false"));
  // Restored, the rollback is in the log again (which lane the board then shows is the
  // reducer's rule for concurrent changes at different clocks, DESIGN §6 (c)).
  KlOk(clone_, {"repair", "--rev", "HEAD"});
  bool back = false;
  for (const Event& event : LogEvents(clone_)) back = back || event.event_id == rollback;
  EXPECT_TRUE(back);
}

TEST_F(LostEventsTest, PullIntoAnInstalledCheckoutReportsTheLossInPostMerge) {
  LossyMergeInAClone();
  ProcessResult pulled = GitOk(origin_, {"pull", "-q", "--no-rebase", clone_, "main"});
  EXPECT_TRUE(Contains(pulled.err, "kittylog: WARNING: merge " + merge_.substr(0, 12) + " lost 1 event"));
  EXPECT_TRUE(Contains(pulled.err, lost_id_));
  EXPECT_TRUE(Contains(pulled.err, "kittylog repair --rev " + merge_.substr(0, 12)));
  // Reported once per checkout: later hooks check only what is new.
  ProcessResult next = GitOk(origin_, {"commit", "-q", "--allow-empty", "-m", "later"});
  EXPECT_FALSE(Contains(next.err, "lost"));
  // The rest of the tooling still sees it until it is repaired; repair and commit end it.
  EXPECT_EQ(Kl(origin_, {"verify", "--history"}).exit_code, 1);
  KlOk(origin_, {"repair", "--rev", merge_});
  Commit(origin_, "restore");
  EXPECT_EQ(Kl(origin_, {"verify", "--history"}).exit_code, 0);
}

TEST_F(LostEventsTest, SwitchToALossyBranchReportsInPostCheckout) {
  LossyMergeInAClone();
  GitOk(origin_, {"fetch", "-q", clone_, "main:lossy"});
  ProcessResult switched = GitOk(origin_, {"switch", "lossy"});
  EXPECT_TRUE(Contains(switched.err, "merge " + merge_.substr(0, 12) + " lost 1 event"));
  ProcessResult back = GitOk(origin_, {"switch", "main"});
  EXPECT_FALSE(Contains(back.err, "lost"));
  ProcessResult again = GitOk(origin_, {"switch", "lossy"});  // remembered: checked once
  EXPECT_FALSE(Contains(again.err, "lost"));
}

// git resolves a revert without the driver and runs no pre-commit; post-commit sees the loss.
TEST_F(LostEventsTest, RevertOfAnEventCommitIsReportedByPostCommit) {
  std::string repo = NewKittylogRepo("repo");
  MoveWp(repo, "WP01", "doing");
  Commit(repo, "WP01 doing");
  const std::string moved = LogEvents(repo).back().event_id;
  ProcessResult reverted = GitOk(repo, {"revert", "--no-edit", "HEAD"});
  EXPECT_TRUE(Contains(reverted.err, "kittylog: WARNING: commit " + Head(repo).substr(0, 12) + " lost 1 event of its parent: " + moved));
  KlOk(repo, {"repair", "--rev", "HEAD"});
  EXPECT_EQ(LaneOf(repo, "WP01"), "doing");
}

TEST_F(LostEventsTest, DoctorReportsTheLossAndFixRestoresIt) {
  LossyMergeInAClone();
  KlOk(clone_, {"install"});
  ProcessResult doctor = Kl(clone_, {"doctor"});
  EXPECT_EQ(doctor.exit_code, 1);
  EXPECT_TRUE(Contains(doctor.out, "merge " + merge_.substr(0, 12) + " lost 1 event"));
  ProcessResult fixed = Kl(clone_, {"doctor", "--fix"});
  EXPECT_EQ(fixed.exit_code, 0) << fixed.out << fixed.err;
  EXPECT_TRUE(Contains(fixed.out, "fixed   history"));
  EXPECT_EQ(ReadFile(clone_ + "/" + kDailyFile), DriverResult(Path("driver"), base_, ours_, theirs_));
}

// A hook never walks the whole history: a branch of 600 commits is checked up to the hook's
// bound once, says so, and is not walked again.
TEST_F(LostEventsTest, HooksCheckABoundedNumberOfNewCommitsOnce) {
  origin_ = NewKittylogRepo("origin");
  std::string stream;
  for (int i = 0; i < 600; ++i) {
    stream += "commit refs/heads/long\ncommitter T <t@example.invalid> " + std::to_string(1769515200 + i) +
              " +0000\ndata 2\nc\n";
    if (i == 0) stream += "from " + Head(origin_) + "\n";
    stream += "\n";
  }
  ProcessOptions input;
  input.stdin_data = stream;
  GitOk(origin_, {"fast-import", "--quiet"}, input);
  ProcessResult switched = GitOk(origin_, {"switch", "long"});
  EXPECT_TRUE(Contains(switched.err, "not every commit new to this checkout was checked"));
  GitOk(origin_, {"switch", "main"});
  ProcessResult again = GitOk(origin_, {"switch", "long"});
  EXPECT_FALSE(Contains(again.err, "not every commit"));
  EXPECT_EQ(Kl(origin_, {"verify", "--history"}).exit_code, 0);  // verify checks them all
}

// --- bad input: history that cannot be read is named, never taken for a loss ---

TEST_F(LostEventsTest, ShallowCloneWarnsAboutMissingParentsWithoutFalseLosses) {
  LossyMergeInAClone();
  const std::string url = "file://" + clone_;
  GitOk(tmp_.path(), {"clone", "-q", "--depth", "1", url, "shallow1"});
  const std::string shallow = Path("shallow1");
  ProcessResult verified = Kl(shallow, {"verify", "--history"});
  EXPECT_EQ(verified.exit_code, 0) << verified.err;
  EXPECT_TRUE(Contains(verified.err, "is not in the repository (a shallow clone?)"));
  EXPECT_FALSE(Contains(verified.err, "lost"));
  ProcessResult repaired = Kl(shallow, {"repair", "--rev", "HEAD"});
  EXPECT_EQ(repaired.exit_code, 0) << repaired.err;
  EXPECT_TRUE(Contains(repaired.out, "nothing to repair"));
  // Hooks in the shallow clone: a new commit is checked, the missing parents are named.
  KlOk(shallow, {"install"});
  MoveWp(shallow, "WP02", "for_review");
  GitOk(shallow, {"add", "-A"});
  ProcessResult committed = GitOk(shallow, {"commit", "-q", "-m", "in a shallow clone"});
  EXPECT_TRUE(Contains(committed.err, "a shallow clone?"));
  EXPECT_FALSE(Contains(committed.err, "lost"));

  // Deep enough to hold the merge's parents: the loss is found, the older history is named.
  GitOk(tmp_.path(), {"clone", "-q", "--depth", "2", url, "shallow2"});
  ProcessResult deeper = Kl(Path("shallow2"), {"verify", "--history"});
  EXPECT_EQ(deeper.exit_code, 1);
  EXPECT_TRUE(Contains(deeper.err, "merge " + merge_.substr(0, 12) + " lost 1 event of its parents: " + lost_id_));
  EXPECT_TRUE(Contains(deeper.err, "a shallow clone?"));
}

class NonRegularEventFilesTest : public LostEventsTest {
 protected:
  // The tree `tree` with the entry at `path` (a '/'-separated path of at least one directory
  // level that exists in `tree`) replaced by "<mode> <type> <id>" ("" removes it).
  std::string ReplaceEntry(const std::string& tree, const std::string& path, const std::string& entry) {
    size_t slash = path.find('/');
    std::string name = path.substr(0, slash);
    std::string listing = GitOk(origin_, {"ls-tree", tree}).out;
    std::string rebuilt;
    for (const std::string& line : testing::SplitLines(listing)) {
      if (line.substr(line.find('\t') + 1) != name) rebuilt += line + "\n";
    }
    std::string replacement = entry;
    if (slash != std::string::npos) {
      std::string subtree = Head(origin_, tree + ":" + name);
      replacement = "040000 tree " + ReplaceEntry(subtree, path.substr(slash + 1), entry);
    }
    if (!replacement.empty()) rebuilt += replacement + "\t" + name + "\n";
    ProcessOptions input;
    input.stdin_data = rebuilt;
    std::string id = GitOk(origin_, {"mktree"}, input).out;
    return id.substr(0, id.find('\n'));
  }

  std::string CommitTree(const std::string& tree, const std::vector<std::string>& parents, const std::string& message) {
    std::vector<std::string> args = {"commit-tree", tree, "-m", message};
    for (const std::string& parent : parents) {
      args.push_back("-p");
      args.push_back(parent);
    }
    std::string id = GitOk(origin_, args).out;
    return id.substr(0, id.find('\n'));
  }

  std::string Blob(const std::string& bytes) {
    ProcessOptions input;
    input.stdin_data = bytes;
    std::string id = GitOk(origin_, {"hash-object", "-w", "--stdin"}, input).out;
    return id.substr(0, id.find('\n'));
  }
};

// A branch made with plumbing (the work tree never sees it): the daily file becomes a symbolic
// link, another day is a submodule, another a directory, then .kittify/events itself is a link,
// and a merge brings the ordinary tree back.
TEST_F(NonRegularEventFilesTest, EntriesThatAreNotRegularFilesAreNamedNotReportedLost) {
  origin_ = NewKittylogRepo("origin");
  const std::string head = Head(origin_);
  const std::string tree = Head(origin_, "HEAD^{tree}");
  const std::string link = Blob("/etc/passwd");
  const std::string t1 = ReplaceEntry(tree, kDailyFile, "120000 blob " + link);
  const std::string c1 = CommitTree(t1, {head}, "daily file as a symlink");
  const std::string t2 = ReplaceEntry(t1, ".kittify/events/2026-01-28.jsonl", "160000 commit " + head);
  const std::string c2 = CommitTree(t2, {c1}, "a submodule named like a daily file");
  const std::string dir_tree = [&] {
    ProcessOptions input;
    input.stdin_data = "100644 blob " + Blob("{}\n") + "\tinside\n";
    std::string id = GitOk(origin_, {"mktree"}, input).out;
    return id.substr(0, id.find('\n'));
  }();
  const std::string t3 = ReplaceEntry(t2, ".kittify/events/2026-01-29.jsonl", "040000 tree " + dir_tree);
  const std::string c3 = CommitTree(t3, {c2}, "a directory named like a daily file");
  const std::string t4 = ReplaceEntry(tree, ".kittify/events", "120000 blob " + Blob("/tmp"));
  const std::string c4 = CommitTree(t4, {c3}, "the events directory as a symlink");
  const std::string merge = CommitTree(tree, {c4, head}, "merge back");
  GitOk(origin_, {"update-ref", "refs/heads/weird", merge});

  ProcessResult verified = Kl(origin_, {"verify", "--history", "main..weird"});
  EXPECT_EQ(verified.exit_code, 0) << verified.err;
  EXPECT_TRUE(Contains(verified.err, "is a symbolic link, not a regular file"));
  EXPECT_TRUE(Contains(verified.err, "is a submodule, not a regular file"));
  EXPECT_TRUE(Contains(verified.err, "is a directory, not a regular file"));
  EXPECT_TRUE(Contains(verified.err, ".kittify/events is a symbolic link"));
  EXPECT_FALSE(Contains(verified.err, " lost "));
  ProcessResult json = Kl(origin_, {"--json", "verify", "--history", "main..weird"});
  EXPECT_TRUE(Contains(json.out, "\"commits_checked\":5"));
  for (const std::string& commit : {c1, c2, c3, c4, merge}) {
    ProcessResult repaired = Kl(origin_, {"repair", "--rev", commit});
    EXPECT_EQ(repaired.exit_code, 0) << commit << "\n" << repaired.err;
  }
}

// --- pre-commit while a merge is being concluded ---

// A driver that cannot start leaves our side alone in the file (no markers) and a conflict; the
// user stages it and commits: pre-commit refuses, naming the other side's event.
TEST_F(LostEventsTest, PreCommitRefusesAMergeWhoseStagedFilesLackAParentsEvent) {
  std::string repo = NewKittylogRepo("repo");
  const std::string base = ReadFile(repo + "/" + kDailyFile);
  GitOk(repo, {"checkout", "-q", "-b", "other"});
  MoveWp(repo, "WP02", "doing", "bob");
  Commit(repo, "other");
  const std::string theirs = ReadFile(repo + "/" + kDailyFile);
  const std::string their_event = LogEvents(repo).back().event_id;
  GitOk(repo, {"checkout", "-q", "main"});
  MoveWp(repo, "WP01", "doing", "alice");
  Commit(repo, "main");
  const std::string ours = ReadFile(repo + "/" + kDailyFile);
  GitOk(repo, {"config", "merge.kittylog.driver", "/nonexistent/kittylog-merge %O %A %B %L %P"});
  EXPECT_EQ(Git(repo, {"merge", "--no-edit", "other"}).exit_code, 1);
  ASSERT_EQ(ReadFile(repo + "/" + kDailyFile), ours);  // no markers: only our side

  GitOk(repo, {"add", kDailyFile});
  ProcessResult refused = Git(repo, {"commit", "--no-edit"});
  EXPECT_EQ(refused.exit_code, 1);
  EXPECT_TRUE(Contains(refused.err, "this merge drops 1 event of its parents"));
  EXPECT_TRUE(Contains(refused.err, their_event));
  EXPECT_TRUE(Contains(refused.err, "kittylog: commit refused"));

  EXPECT_TRUE(Contains(refused.err, "git checkout --merge -- " + std::string(kDailyFile)));

  // The way out it names: the driver back, the file merged again (git kept the conflict's
  // versions when it was staged), staged and committed.
  GitOk(repo, {"config", "merge.kittylog.driver", std::string(KITTYLOG_MERGE_BINARY) + " %O %A %B %L %P"});
  GitOk(repo, {"checkout", "--merge", "--", kDailyFile});
  EXPECT_EQ(ReadFile(repo + "/" + kDailyFile), DriverResult(Path("driver"), base, ours, theirs));
  GitOk(repo, {"add", kDailyFile});
  ProcessResult committed = GitOk(repo, {"commit", "--no-edit"});
  EXPECT_FALSE(Contains(committed.err, "refused"));
  EXPECT_FALSE(Contains(committed.err, "lost"));
}

// With the driver installed and working, a hand edit of the merged file that drops the other
// side's event is refused too; the message names what is missing, not a cause it cannot know.
TEST_F(LostEventsTest, PreCommitRefusesAHandResolutionWithoutBlamingTheDriver) {
  std::string repo = NewKittylogRepo("repo");
  GitOk(repo, {"checkout", "-q", "-b", "other"});
  MoveWp(repo, "WP02", "doing", "bob");
  Commit(repo, "other");
  const std::string their_event = LogEvents(repo).back().event_id;
  GitOk(repo, {"checkout", "-q", "main"});
  MoveWp(repo, "WP01", "doing", "alice");
  Commit(repo, "main");
  const std::string ours = ReadFile(repo + "/" + kDailyFile);
  GitOk(repo, {"merge", "-q", "--no-commit", "other"});  // the driver merged both sides
  ASSERT_NE(ReadFile(repo + "/" + kDailyFile), ours);
  testing::WriteFile(repo + "/" + kDailyFile, ours);  // a hand resolution keeping our side only
  GitOk(repo, {"add", kDailyFile});
  ProcessResult refused = Git(repo, {"commit", "--no-edit"});
  EXPECT_EQ(refused.exit_code, 1);
  EXPECT_TRUE(Contains(refused.err, their_event));
  EXPECT_TRUE(Contains(refused.err, "kittylog: commit refused: the staged " + std::string(kDailyFile) +
                                        " lacks events of the merge's parents"));
  EXPECT_FALSE(Contains(refused.err, "the merge driver did not merge"));
  // git merged the file cleanly, so `git checkout --merge` has nothing to merge again: the
  // message names ways out that work.
  EXPECT_FALSE(Contains(refused.err, "git checkout --merge"));
  EXPECT_TRUE(Contains(refused.err, "`git merge --abort` and merge again (or commit with --no-verify and run "
                                    "`kittylog repair --rev HEAD`)"));
  GitOk(repo, {"merge", "--abort"});
  GitOk(repo, {"merge", "-q", "--no-edit", "other"});
  EXPECT_EQ(Kl(repo, {"verify", "--history", "HEAD~1..HEAD"}).exit_code, 0);
}

}  // namespace
}  // namespace kittylog::gittest
