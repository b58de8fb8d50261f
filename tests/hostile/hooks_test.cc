// Hooks (issue 11 items 3 and 7; DESIGN §9): symlinked hooks and hook managers never make a
// shim run itself again; pre-commit keeps the log append-only for ordinary commits; ignore
// entries also go to info/exclude, so a branch that predates `kittylog init` commits no index.
#include <sys/stat.h>

#include <filesystem>

#include "tests/hostile/hostile_fixture.h"

namespace kittylog::gittest {
namespace {

using testing::ReadFileOrEmpty;
using testing::SplitLines;
using testing::WriteFile;

class HookChainTest : public GitTest {
 protected:
  void WriteHook(const std::string& repo, const std::string& name, const std::string& body) {
    std::string path = repo + "/.git/hooks/" + name;
    WriteFile(path, "#!/bin/sh\n" + body);
    ::chmod(path.c_str(), 0755);
  }
  size_t Count(const std::string& log, const std::string& line) {
    size_t count = 0;
    for (const std::string& entry : SplitLines(ReadFileOrEmpty(log))) count += entry == line;
    return count;
  }
};

// post-checkout -> post-merge and post-commit -> pre-commit (relative links), installed before
// `kittylog init`: git ran the user's post-merge for post-checkout, once; after install too.
TEST_F(HookChainTest, SymlinkedHooksRunTheirTargetOnceAndEnd) {
  std::string repo = NewRepo("repo");
  std::string log = home_ + "/hooks.log";
  WriteHook(repo, "post-merge", "echo \"post-merge-script $(basename \"$0\")\" >> \"$HOME/hooks.log\"\n");
  WriteHook(repo, "pre-commit", "echo \"pre-commit-script $(basename \"$0\")\" >> \"$HOME/hooks.log\"\n");
  std::filesystem::create_symlink("post-merge", repo + "/.git/hooks/post-checkout");
  std::filesystem::create_symlink("pre-commit", repo + "/.git/hooks/post-commit");
  KlOk(repo, {"init"});
  KlOk(repo, {"spec", "create", kFeature, "--title", "Demo"});
  GitOk(repo, {"add", "-A"});
  ProcessResult commit = RunBounded(60, {"git", "commit", "-q", "-m", "first"}, [&] {
    ProcessOptions options = Env();
    options.cwd = repo;
    return options;
  }());
  ASSERT_EQ(commit.exit_code, 0) << "git commit hung or failed: " << commit.err.substr(0, 400);
  EXPECT_EQ(Count(log, "pre-commit-script pre-commit"), 1u) << ReadFileOrEmpty(log);
  EXPECT_EQ(Count(log, "pre-commit-script post-commit"), 1u) << ReadFileOrEmpty(log);

  ProcessOptions in_repo = Env();
  in_repo.cwd = repo;
  ProcessResult checkout = RunBounded(60, {"git", "checkout", "-q", "-b", "topic"}, in_repo);
  ASSERT_EQ(checkout.exit_code, 0) << "git checkout hung or failed: " << checkout.err.substr(0, 400);
  EXPECT_EQ(Count(log, "post-merge-script post-checkout"), 1u) << ReadFileOrEmpty(log);
  EXPECT_EQ(Count(log, "post-merge-script post-merge"), 0u);
  // kittylog's own post-checkout ran once as well: the clock and index are current.
  EXPECT_EQ(StoredClock(repo), MaxClockInLog(repo));

  // Uninstall restores both links exactly.
  KlOk(repo, {"uninstall"});
  EXPECT_EQ(std::filesystem::read_symlink(repo + "/.git/hooks/post-checkout"), "post-merge");
  EXPECT_EQ(std::filesystem::read_symlink(repo + "/.git/hooks/post-commit"), "pre-commit");
}

// A hook manager that re-executes "$0" without end: the shims stop it, git finishes.
TEST_F(HookChainTest, AHookThatRerunsItselfForeverIsStopped) {
  std::string repo = NewRepo("repo");
  WriteHook(repo, "post-checkout", "echo run >> \"$HOME/loop.log\"\nexec \"$0\" \"$@\"\n");
  KlOk(repo, {"init"});
  Commit(repo, "first");
  ProcessOptions in_repo = Env();
  in_repo.cwd = repo;
  ProcessResult checkout = RunBounded(60, {"git", "checkout", "-q", "-b", "topic"}, in_repo);
  ASSERT_EQ(checkout.exit_code, 0) << "git checkout hung or failed: " << checkout.err.substr(0, 400);
  EXPECT_TRUE(Contains(checkout.err, "hooks run each other in a loop"));
  EXPECT_LE(SplitLines(ReadFileOrEmpty(home_ + "/loop.log")).size(), 8u);
}

class AppendOnlyTest : public GitTest {
 protected:
  // A repository with a committed log of several events; returns the daily file's lines.
  std::vector<std::string> Committed(const std::string& repo) {
    MoveWp(repo, "WP01", "doing");
    MoveWp(repo, "WP02", "doing");
    Commit(repo, "work");
    return SplitLines(ReadFileOrEmpty(repo + "/" + kDailyFile));
  }
  ProcessResult CommitAll(const std::string& repo, bool no_verify = false) {
    GitOk(repo, {"add", "-A"});
    std::vector<std::string> args = {"commit", "-q", "-m", "change"};
    if (no_verify) args.push_back("--no-verify");
    return Git(repo, args);
  }
  static std::string Join(const std::vector<std::string>& lines) {
    std::string text;
    for (const std::string& line : lines) text += line + "\n";
    return text;
  }
};

TEST_F(AppendOnlyTest, DroppingACommittedEventIsRefusedNamingIt) {
  std::string repo = NewKittylogRepo("repo");
  std::vector<std::string> lines = Committed(repo);
  ASSERT_GE(lines.size(), 4u);
  std::string dropped_id = lines[1].substr(13, 26);
  std::vector<std::string> without = lines;
  without.erase(without.begin() + 1);
  WriteFile(repo + "/" + kDailyFile, Join(without));
  ProcessResult refused = CommitAll(repo);
  EXPECT_EQ(refused.exit_code, 1);
  EXPECT_TRUE(Contains(refused.err, "the commit would lose 1 event committed in HEAD"));
  EXPECT_TRUE(Contains(refused.err, std::string(kDailyFile) + ": event " + dropped_id));
  EXPECT_TRUE(Contains(refused.err, "is missing"));
  EXPECT_TRUE(Contains(refused.err, "git commit --no-verify"));
  EXPECT_EQ(CommitAll(repo, /*no_verify=*/true).exit_code, 0);  // the deliberate way round
}

TEST_F(AppendOnlyTest, EditingOrDeletingCommittedEventsIsRefused) {
  std::string repo = NewKittylogRepo("repo");
  std::vector<std::string> lines = Committed(repo);
  std::vector<std::string> edited = lines;
  edited[2].replace(edited[2].find("\"actor\":\""), 9, "\"actor\":\"mallory-");
  WriteFile(repo + "/" + kDailyFile, Join(edited));
  ProcessResult changed = CommitAll(repo);
  EXPECT_EQ(changed.exit_code, 1);
  EXPECT_TRUE(Contains(changed.err, "has other bytes"));

  WriteFile(repo + "/" + kDailyFile, Join(lines));
  std::filesystem::remove(repo + "/" + kDailyFile);
  ProcessResult deleted = CommitAll(repo);
  EXPECT_EQ(deleted.exit_code, 1);
  EXPECT_TRUE(Contains(deleted.err, "the commit would lose " + std::to_string(lines.size()) + " events"));
}

// What repair does is allowed: a duplicate copy and a line that is not an event may go.
TEST_F(AppendOnlyTest, DroppingDuplicatesAndNonEventsIsAllowed) {
  std::string repo = NewKittylogRepo("repo");
  std::vector<std::string> lines = Committed(repo);
  std::vector<std::string> damaged = lines;
  damaged.push_back(lines[0]);
  damaged.push_back("not an event");
  WriteFile(repo + "/" + kDailyFile, Join(damaged));
  ASSERT_EQ(CommitAll(repo, /*no_verify=*/true).exit_code, 0);  // committed damage, as a server merge would
  KlOk(repo, {"repair"});
  ProcessResult repaired = CommitAll(repo);
  EXPECT_EQ(repaired.exit_code, 0) << repaired.err;
  // Appending stays the normal case.
  MoveWp(repo, "WP01", "for_review");
  EXPECT_EQ(CommitAll(repo).exit_code, 0);
}

// A branch made before `kittylog init` has no .gitignore entries; info/exclude keeps the
// derived files out of `git add -A` there.
TEST_F(AppendOnlyTest, InfoExcludeKeepsTheIndexAndClockOutOfOldBranches) {
  std::string repo = NewRepo("repo");
  WriteFile(repo + "/README", "readme\n");
  Commit(repo, "before kittylog");
  GitOk(repo, {"branch", "old"});
  KlOk(repo, {"init"});
  EXPECT_TRUE(Contains(ReadFileOrEmpty(repo + "/.git/info/exclude"), ".kittify/events/index.db*"));
  KlOk(repo, {"spec", "create", kFeature, "--title", "Demo"});
  Commit(repo, "kittylog");
  GitOk(repo, {"checkout", "-q", "old"});
  KlOk(repo, {"status"});  // the index and the clock exist in this checkout
  GitOk(repo, {"add", "-A"});
  ProcessResult staged = GitOk(repo, {"diff", "--cached", "--name-only"});
  EXPECT_FALSE(Contains(staged.out, "index.db")) << staged.out;
  EXPECT_FALSE(Contains(staged.out, "clock.json")) << staged.out;
  EXPECT_FALSE(Contains(staged.out, ".lock")) << staged.out;
  KlOk(repo, {"uninstall"});
  EXPECT_FALSE(Contains(ReadFileOrEmpty(repo + "/.git/info/exclude"), ".kittify"));
}

}  // namespace
}  // namespace kittylog::gittest
