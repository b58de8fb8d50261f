// The driver inside real git: temporary repositories with the driver configured by hand
// (.git/config and .gitattributes, as `kittylog install` would), then merge, criss-cross merge,
// rebase, cherry-pick, stash pop, `git log --remerge-diff` and `git merge-tree`.
#include <cstdlib>

#include <gtest/gtest.h>

#include "tests/support/merge_test_support.h"

#ifndef KITTYLOG_MERGE_BINARY
#error "KITTYLOG_MERGE_BINARY must name the kittylog-merge binary"
#endif

namespace kittylog::merge {
namespace {

using testing::Ev;
using testing::Log;
using testing::ProcessResult;
using testing::TempDir;

constexpr const char* kDay = ".kittify/events/2026-01-27.jsonl";

class MergeGitTest : public ::testing::Test {
 protected:
  void SetUp() override {
    repo_ = home_ / "repo";
    ::setenv("HOME", home_.path().c_str(), 1);
    ::setenv("GIT_CONFIG_NOSYSTEM", "1", 1);
    ::setenv("GIT_TERMINAL_PROMPT", "0", 1);
    ::setenv("GIT_EDITOR", "true", 1);
    for (const char* name : {"GIT_DIR", "GIT_WORK_TREE", "GIT_INDEX_FILE", "GIT_CONFIG_GLOBAL"}) ::unsetenv(name);
    Git("init -q -b main " + repo_);
    Git("config user.name 'Merge Test'");
    Git("config user.email merge-test@example.com");
    Git("config commit.gpgsign false");
    Git("config merge.kittylog.name 'kittylog event log'");
    Git("config merge.kittylog.driver '" + driver_ + " %O %A %B %L %P'");
    Git("config merge.kittylog.recursive kittylog");
    testing::WriteBytes(repo_ + "/.gitattributes", ".kittify/events/*.jsonl merge=kittylog\n");
    Git("add .gitattributes");
    Git("commit -q -m attributes");
  }

  // Runs git in the repository; fails the test when it fails unless `may_fail`.
  ProcessResult Git(const std::string& args, bool may_fail = false) {
    std::string cwd = testing::Exists(repo_) ? repo_ : home_.path();
    ProcessResult result = testing::Shell(cwd, "git " + args);
    if (!may_fail) {
      EXPECT_EQ(result.exit_code, 0) << "git " << args << "\n" << result.out << result.err;
    }
    return result;
  }

  void WriteLog(const char* path, const std::vector<std::string>& lines) {
    testing::WriteBytes(repo_ + "/" + path, Log(lines));
  }
  void Append(const char* path, const std::vector<std::string>& lines) {
    testing::WriteBytes(repo_ + "/" + path, testing::ReadBytes(repo_ + "/" + path) + Log(lines));
  }
  void CommitAll(const std::string& message) {
    Git("add -A");
    Git("commit -q -m '" + message + "'");
  }
  std::string Read(const char* path) { return testing::ReadBytes(repo_ + "/" + path); }

  // Everything in the work tree except .git, for "the driver wrote nothing else" checks.
  std::vector<std::string> WorkTree() { return testing::ListTree(repo_, ".git"); }

  TempDir home_;
  std::string repo_;
  std::string driver_ = KITTYLOG_MERGE_BINARY;
};

TEST_F(MergeGitTest, BothBranchesAppendedToTheSameDailyFile) {
  WriteLog(kDay, {Ev(1, 1), Ev(2, 2), Ev(3, 3)});
  CommitAll("history");
  Git("checkout -q -b feature");
  Append(kDay, {Ev(4, 4), Ev(5, 5)});
  CommitAll("feature events");
  Git("checkout -q main");
  Append(kDay, {Ev(6, 4), Ev(7, 6)});
  CommitAll("main events");
  ProcessResult merge = Git("merge --no-edit feature");
  EXPECT_EQ(Read(kDay), Log({Ev(1, 1), Ev(2, 2), Ev(3, 3), Ev(4, 4), Ev(6, 4), Ev(5, 5), Ev(7, 6)}));
  EXPECT_EQ(Git("status --porcelain --ignored").out, "");
  EXPECT_EQ(WorkTree(), (std::vector<std::string>{".gitattributes", ".kittify", ".kittify/events", kDay}));
  EXPECT_EQ(Git("rev-list --count --merges HEAD").out, "1\n");
}

TEST_F(MergeGitTest, AddAddOfANewDailyFile) {
  const char* next_day = ".kittify/events/2026-01-28.jsonl";
  Git("checkout -q -b feature");
  WriteLog(next_day, {Ev(10, 12), Ev(11, 13)});
  CommitAll("feature creates the day");
  Git("checkout -q main");
  WriteLog(next_day, {Ev(20, 12), Ev(11, 13)});
  CommitAll("main creates the day");
  Git("merge --no-edit feature");
  EXPECT_EQ(Read(next_day), Log({Ev(10, 12), Ev(20, 12), Ev(11, 13)}));
  EXPECT_EQ(Git("status --porcelain").out, "");
}

TEST_F(MergeGitTest, CrissCrossMergeUsesTheDriverForTheVirtualBase) {
  WriteLog(kDay, {Ev(1, 1)});
  CommitAll("base");
  Git("branch b");
  Append(kDay, {Ev(2, 2)});
  CommitAll("a1");
  Git("tag a1");
  Git("checkout -q b");
  Append(kDay, {Ev(3, 2)});
  CommitAll("b1");
  Git("tag b1");
  Git("checkout -q main");
  Git("merge --no-edit b1");  // main = a1 + b1
  Git("checkout -q b");
  Git("merge --no-edit a1");  // b = b1 + a1: a criss-cross
  Append(kDay, {Ev(5, 4)});
  CommitAll("b2");
  Git("checkout -q main");
  Append(kDay, {Ev(4, 3)});
  CommitAll("a2");
  EXPECT_EQ(Git("merge-base --all main b").out.size(), 2 * 41u);  // two merge bases
  Git("merge --no-edit b");
  EXPECT_EQ(Read(kDay), Log({Ev(1, 1), Ev(2, 2), Ev(3, 2), Ev(4, 3), Ev(5, 4)}));
  EXPECT_EQ(Git("status --porcelain").out, "");
}

TEST_F(MergeGitTest, RebaseReplaysEventsThroughTheDriver) {
  WriteLog(kDay, {Ev(1, 1)});
  CommitAll("base");
  Git("checkout -q -b feature");
  Append(kDay, {Ev(2, 2)});
  CommitAll("feature 1");
  Append(kDay, {Ev(3, 3)});
  CommitAll("feature 2");
  Git("checkout -q main");
  Append(kDay, {Ev(4, 2)});
  CommitAll("main 1");
  Git("checkout -q feature");
  Git("rebase -q main");
  EXPECT_EQ(Read(kDay), Log({Ev(1, 1), Ev(2, 2), Ev(4, 2), Ev(3, 3)}));
  EXPECT_EQ(Git("rev-list --count --merges HEAD").out, "0\n");
  EXPECT_EQ(Git("status --porcelain").out, "");
}

TEST_F(MergeGitTest, CherryPickMergesTheFile) {
  WriteLog(kDay, {Ev(1, 1)});
  CommitAll("base");
  Git("checkout -q -b side");
  Append(kDay, {Ev(2, 2)});
  CommitAll("side event");
  std::string picked = Git("rev-parse HEAD").out;
  picked.pop_back();
  Git("checkout -q main");
  Append(kDay, {Ev(3, 2)});
  CommitAll("main event");
  Git("cherry-pick " + picked);
  EXPECT_EQ(Read(kDay), Log({Ev(1, 1), Ev(2, 2), Ev(3, 2)}));
}

TEST_F(MergeGitTest, StashPopMergesTheFile) {
  WriteLog(kDay, {Ev(1, 1)});
  CommitAll("base");
  Append(kDay, {Ev(2, 2)});  // uncommitted
  Git("stash -q");
  Append(kDay, {Ev(3, 2)});
  CommitAll("main event");
  Git("stash pop -q");
  EXPECT_EQ(Read(kDay), Log({Ev(1, 1), Ev(2, 2), Ev(3, 2)}));
  EXPECT_EQ(Git("stash list").out, "");
}

TEST_F(MergeGitTest, RemergeDiffAndMergeTreeRunTheDriverAndWriteNothingElse) {
  // A wrapper outside the repository counts the driver's runs.
  std::string counter = home_ / "driver-runs";
  std::string wrapper = home_ / "driver.sh";
  testing::WriteBytes(wrapper, "#!/bin/sh\necho run >> '" + counter + "'\nexec '" + driver_ + "' \"$@\"\n");
  testing::Shell("", "chmod +x '" + wrapper + "'");
  Git("config merge.kittylog.driver '" + wrapper + " %O %A %B %L %P'");

  WriteLog(kDay, {Ev(1, 1), Ev(2, 2)});
  CommitAll("history");
  Git("checkout -q -b feature");
  Append(kDay, {Ev(3, 3)});
  CommitAll("feature event");
  Git("checkout -q main");
  Append(kDay, {Ev(4, 3)});
  CommitAll("main event");
  Git("merge --no-edit feature");
  size_t runs_after_merge = testing::Lines(testing::ReadBytes(counter)).size();
  ASSERT_GE(runs_after_merge, 1u);

  std::vector<std::string> tree_before = WorkTree();
  std::vector<std::string> git_dir_before = testing::ListTree(repo_ + "/.git");
  std::string status_before = Git("status --porcelain --ignored").out;

  ProcessResult remerge = Git("log --remerge-diff -1 --format=%H -p");
  EXPECT_EQ(remerge.out.find("diff --git"), std::string::npos) << remerge.out;  // the merge is the driver's result
  ProcessResult tree = Git("merge-tree --write-tree main~1 feature");
  EXPECT_EQ(tree.exit_code, 0) << tree.out << tree.err;

  EXPECT_GT(testing::Lines(testing::ReadBytes(counter)).size(), runs_after_merge);  // the driver ran again
  EXPECT_EQ(WorkTree(), tree_before);
  EXPECT_EQ(Git("status --porcelain --ignored").out, status_before);
  std::vector<std::string> git_dir_after = testing::ListTree(repo_ + "/.git");
  for (const std::string& name : git_dir_after) {
    EXPECT_EQ(name.find("kittylog-merge"), std::string::npos) << name;  // no stray temp file
  }
  for (const std::string& name : git_dir_before) {
    if (name.rfind("objects", 0) == 0) continue;  // merge-tree --write-tree writes objects: git's, not ours
    EXPECT_NE(std::find(git_dir_after.begin(), git_dir_after.end(), name), git_dir_after.end()) << name;
  }
}

TEST_F(MergeGitTest, ConflictingRewriteStopsTheMergeWithTheBestResult) {
  WriteLog(kDay, {Ev(1, 1, "doing")});
  CommitAll("base");
  Git("checkout -q -b feature");
  WriteLog(kDay, {Ev(1, 1, "done")});
  CommitAll("feature rewrites");
  Git("checkout -q main");
  WriteLog(kDay, {Ev(1, 1, "for_review")});
  CommitAll("main rewrites");
  ProcessResult merge = Git("merge --no-edit feature", /*may_fail=*/true);
  EXPECT_NE(merge.exit_code, 0);
  EXPECT_NE((merge.out + merge.err).find("CONFLICT"), std::string::npos) << merge.out << merge.err;
  EXPECT_EQ(Read(kDay), Log({std::min(Ev(1, 1, "done"), Ev(1, 1, "for_review"))}));  // no markers
}

}  // namespace
}  // namespace kittylog::merge
