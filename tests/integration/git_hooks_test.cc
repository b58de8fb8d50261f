// The hooks in real git workflows (DESIGN §3, §7, §9): after a merge, switch, rebase, worktree
// add or a resolved conflicted merge, the checkout's clock and index reflect the checked-out log
// without any kittylog command being run; pre-commit refuses damaged event files; hooks never
// fail or hang git.
#include <fcntl.h>
#include <sys/file.h>
#include <unistd.h>

#include <chrono>
#include <filesystem>

#include "tests/integration/git_fixture.h"

namespace kittylog::gittest {
namespace {

using testing::WriteFile;

class HooksTest : public GitTest {};

TEST_F(HooksTest, CloneInstallMergeRefreshesIndexAndClock) {
  std::string origin = NewKittylogRepo("origin");
  GitOk(tmp_.path(), {"clone", "-q", origin, "clone"});
  std::string clone = Path("clone");
  KlOk(clone, {"install"});  // a fresh clone: .gitattributes came with it, config and hooks did not

  GitOk(clone, {"checkout", "-q", "-b", "alice"});
  MoveWp(clone, "WP01", "doing", "alice");
  MoveWp(clone, "WP01", "for_review", "alice");
  Commit(clone, "alice");
  GitOk(clone, {"checkout", "-q", "-b", "bob", "main"});
  MoveWp(clone, "WP02", "doing", "bob");
  Commit(clone, "bob");
  GitOk(clone, {"checkout", "-q", "main"});
  GitOk(clone, {"merge", "-q", "--no-edit", "alice"});
  ProcessResult merged = GitOk(clone, {"merge", "--no-edit", "bob"});
  EXPECT_TRUE(Contains(merged.out + merged.err, "kittylog: "));  // post-merge's one line
  EXPECT_TRUE(Contains(merged.out + merged.err, "- kittylog status"));

  // Clock: witnessed by the hook, before any kittylog command ran.
  EXPECT_EQ(StoredClock(clone), MaxClockInLog(clone));
  EXPECT_EQ(Kl(clone, {"verify"}).exit_code, 0);
  EXPECT_EQ(Kl(clone, {"index", "check"}).exit_code, 0);
  EXPECT_EQ(LaneOf(clone, "WP01"), "for_review");
  EXPECT_EQ(LaneOf(clone, "WP02"), "doing");
  // The next emit's clock exceeds every clock in the log.
  int64_t highest = MaxClockInLog(clone);
  MoveWp(clone, "WP02", "for_review");
  EXPECT_GT(MaxClockInLog(clone), highest);
  EXPECT_EQ(LogEvents(clone).back().lamport_clock, highest + 1);
}

TEST_F(HooksTest, SwitchFiresPostCheckoutAndTheBoardFollowsTheBranch) {
  std::string repo = NewKittylogRepo("repo");
  GitOk(repo, {"checkout", "-q", "-b", "feature"});
  MoveWp(repo, "WP01", "doing");
  MoveWp(repo, "WP01", "for_review");
  Commit(repo, "feature work");
  int64_t feature_clock = MaxClockInLog(repo);

  ProcessResult to_main = GitOk(repo, {"switch", "main"});
  EXPECT_TRUE(Contains(to_main.out + to_main.err, "kittylog: "));
  EXPECT_EQ(LaneOf(repo, "WP01"), "planned");
  EXPECT_EQ(StoredClock(repo), feature_clock);  // the clock never goes back
  GitOk(repo, {"switch", "feature"});
  EXPECT_EQ(LaneOf(repo, "WP01"), "for_review");
  // A file checkout (`git checkout BRANCH -- PATH`) fires post-checkout too.
  GitOk(repo, {"switch", "-q", "main"});
  GitOk(repo, {"checkout", "feature", "--", kDailyFile});
  EXPECT_EQ(LaneOf(repo, "WP01"), "for_review");
}

TEST_F(HooksTest, RebaseFiresPostRewriteOnceAtTheEnd) {
  std::string repo = NewKittylogRepo("repo");
  GitOk(repo, {"checkout", "-q", "-b", "topic"});
  MoveWp(repo, "WP01", "doing");
  Commit(repo, "topic 1");
  WriteFile(repo + "/notes.txt", "notes\n");
  Commit(repo, "topic 2");
  GitOk(repo, {"checkout", "-q", "main"});
  GitOk(repo, {"checkout", "-q", "-b", "elsewhere"});
  // Another checkout's history: events with higher clocks arrive on main.
  WriteFile(repo + "/.kittify/clock.json", "{\"value\":40,\"last_updated\":\"2026-01-27T12:00:00.000Z\"}\n");
  MoveWp(repo, "WP02", "doing");
  Commit(repo, "main work");
  GitOk(repo, {"checkout", "-q", "main"});
  GitOk(repo, {"merge", "-q", "--ff-only", "elsewhere"});
  GitOk(repo, {"checkout", "-q", "topic"});
  WriteFile(repo + "/.kittify/clock.json", "{\"value\":2,\"last_updated\":\"2026-01-27T12:00:00.000Z\"}\n");

  ProcessResult rebased = GitOk(repo, {"rebase", "main"});
  std::string output = rebased.out + rebased.err;
  // The steps inside the rebase are skipped; post-rewrite (rebase) does the work once.
  size_t summaries = 0;
  for (size_t at = output.find("- kittylog status"); at != std::string::npos; at = output.find("- kittylog status", at + 1)) {
    ++summaries;
  }
  EXPECT_EQ(summaries, 1u) << output;
  EXPECT_EQ(StoredClock(repo), 41);
  EXPECT_EQ(LaneOf(repo, "WP01"), "doing");
  EXPECT_EQ(LaneOf(repo, "WP02"), "doing");
}

TEST_F(HooksTest, HooksSkipWhileARebaseIsInProgress) {
  std::string repo = NewKittylogRepo("repo");
  MoveWp(repo, "WP01", "doing");
  Commit(repo, "one");
  WriteFile(repo + "/x.txt", "x\n");
  Commit(repo, "two");
  ProcessOptions editor;
  editor.env["GIT_SEQUENCE_EDITOR"] = "sed -i -e 's/^pick/edit/'";
  GitOk(repo, {"rebase", "-i", "HEAD~2"}, editor);
  ASSERT_TRUE(std::filesystem::exists(repo + "/.git/rebase-merge"));
  WriteFile(repo + "/.kittify/clock.json", "{\"value\":1,\"last_updated\":\"2026-01-27T12:00:00.000Z\"}\n");
  ProcessResult hook = KlOk(repo, {"hook", "post-checkout", "a", "b", "1"});
  EXPECT_EQ(hook.out, "");
  EXPECT_EQ(StoredClock(repo), 1);  // untouched while the rebase runs
  GitOk(repo, {"rebase", "--abort"});
}

TEST_F(HooksTest, WorktreeAddGetsWorkingHooks) {
  std::string repo = NewKittylogRepo("repo");
  GitOk(repo, {"worktree", "add", "-q", "-b", "wt", "../wt"});
  std::string wt = Path("wt");
  // post-checkout ran in the new worktree: its own clock and index exist.
  EXPECT_EQ(StoredClock(wt), MaxClockInLog(repo));
  EXPECT_TRUE(std::filesystem::exists(wt + "/.kittify/events/index.db"));
  MoveWp(wt, "WP01", "doing");
  std::string file = wt + "/" + kDailyFile;
  std::string bytes = ReadFile(file);
  WriteFile(file, bytes + bytes.substr(0, bytes.find('\n') + 1));
  GitOk(wt, {"add", "-A"});
  ProcessResult refused = Git(wt, {"commit", "-q", "-m", "dup"});  // pre-commit is shared
  EXPECT_NE(refused.exit_code, 0);
  KlOk(wt, {"repair"});
  Commit(wt, "wt work");
  GitOk(repo, {"merge", "-q", "--no-edit", "wt"});
  EXPECT_EQ(StoredClock(repo), MaxClockInLog(repo));
  EXPECT_EQ(LaneOf(repo, "WP01"), "doing");
}

TEST_F(HooksTest, ResolvedConflictedMergeStillRefreshes) {
  std::string repo = NewKittylogRepo("repo");
  WriteFile(repo + "/README", "base\n");
  Commit(repo, "readme");
  // Another worktree (its own clock) works on a branch that also edits README.
  GitOk(repo, {"worktree", "add", "-q", "-b", "other", "../other"});
  std::string other = Path("other");
  WriteFile(other + "/README", "other\n");
  MoveWp(other, "WP02", "doing");
  MoveWp(other, "WP02", "for_review");
  Commit(other, "other");
  WriteFile(repo + "/README", "main\n");
  Commit(repo, "main readme");
  int64_t before = StoredClock(repo);
  ProcessResult conflicted = Git(repo, {"merge", "--no-edit", "other"});
  EXPECT_EQ(conflicted.exit_code, 1);  // README conflicts; post-merge does not run
  EXPECT_EQ(StoredClock(repo), before);
  WriteFile(repo + "/README", "resolved\n");
  GitOk(repo, {"add", "README"});
  ProcessResult committed = GitOk(repo, {"commit", "--no-edit"});
  EXPECT_TRUE(Contains(committed.out + committed.err, "kittylog: "));  // post-commit did it
  EXPECT_EQ(StoredClock(repo), MaxClockInLog(repo));
  EXPECT_GT(StoredClock(repo), before);
}

TEST_F(HooksTest, PreCommitRefusesDamagedStagedFilesNamingRepair) {
  std::string repo = NewKittylogRepo("repo");
  std::string file = repo + "/" + kDailyFile;
  std::string good = ReadFile(file);
  std::string first = good.substr(0, good.find('\n') + 1);

  WriteFile(file, good + first);  // duplicate id
  GitOk(repo, {"add", "-A"});
  ProcessResult duplicate = Git(repo, {"commit", "-q", "-m", "dup"});
  EXPECT_EQ(duplicate.exit_code, 1);
  EXPECT_TRUE(Contains(duplicate.err, "duplicate event_id"));
  EXPECT_TRUE(Contains(duplicate.err, "kittylog repair " + std::string(kDailyFile)));

  // The staged bytes count, not the work tree's: fixing only the work tree is not enough.
  WriteFile(file, good);
  EXPECT_EQ(Git(repo, {"commit", "-q", "-m", "dup"}).exit_code, 1);
  GitOk(repo, {"add", "-A"});

  WriteFile(file, "<<<<<<< HEAD\n" + good + "=======\n" + first + ">>>>>>> other\n");
  GitOk(repo, {"add", "-A"});
  ProcessResult markers = Git(repo, {"commit", "-q", "-m", "markers"});
  EXPECT_EQ(markers.exit_code, 1);
  EXPECT_TRUE(Contains(markers.err, "git conflict marker"));

  WriteFile(file, good + "{not json\n");
  GitOk(repo, {"add", "-A"});
  EXPECT_TRUE(Contains(Git(repo, {"commit", "-q", "-m", "bad"}).err, "not an event"));

  // Disorder: the last event moved to the front.
  std::string last = good.substr(good.rfind('\n', good.size() - 2) + 1);
  WriteFile(file, last + good.substr(0, good.size() - last.size()));
  GitOk(repo, {"add", "-A"});
  EXPECT_TRUE(Contains(Git(repo, {"commit", "-q", "-m", "order"}).err, "out of order"));

  // `git commit -a` hands the hook a temporary index: checked too.
  WriteFile(file, good);
  GitOk(repo, {"add", "-A"});
  WriteFile(file, good + first);
  EXPECT_EQ(Git(repo, {"commit", "-q", "-a", "-m", "all"}).exit_code, 1);
  KlOk(repo, {"repair"});
  EXPECT_EQ(ReadFile(file), good);
  GitOk(repo, {"commit", "-q", "--allow-empty", "-a", "-m", "repaired"});
}

TEST_F(HooksTest, BusyLockNeverHangsTheHook) {
  std::string repo = NewKittylogRepo("repo");
  int fd = ::open((repo + "/.kittify/.lock").c_str(), O_RDWR | O_CREAT, 0666);
  ASSERT_GE(fd, 0);
  ASSERT_EQ(::flock(fd, LOCK_EX), 0);
  ProcessOptions quick;
  quick.env["KITTYLOG_HOOK_TIMEOUT_MS"] = "400";
  auto start = std::chrono::steady_clock::now();
  ProcessResult hook = Kl(repo, {"hook", "post-merge", "0"}, quick);
  auto elapsed = std::chrono::steady_clock::now() - start;
  ::close(fd);
  EXPECT_EQ(hook.exit_code, 0);
  EXPECT_TRUE(Contains(hook.err, "skipped"));
  EXPECT_LT(elapsed, std::chrono::seconds(3));
}

TEST_F(HooksTest, NothingChangedIsQuiet) {
  std::string repo = NewKittylogRepo("repo");
  KlOk(repo, {"hook", "post-commit"});
  ProcessResult again = KlOk(repo, {"hook", "post-commit"});
  EXPECT_EQ(again.out, "");
  EXPECT_EQ(again.err, "");
}

}  // namespace
}  // namespace kittylog::gittest
