// Symlinks are never followed (issue 11 item 1; DESIGN §1, §12): a branch commits links under
// .kittify/ and no command or hook reads, prints or writes through them. Each case runs as the
// test user and as `nobody`.
#include <sys/stat.h>

#include <filesystem>

#include "tests/hostile/hostile_fixture.h"

namespace kittylog::gittest {
namespace {

using testing::ReadFileOrEmpty;
using testing::WriteFile;

class LinksTest : public HostileTest {
 protected:
  // Every regular file under `dir` (links are not followed) that contains `needle`.
  static std::vector<std::string> FilesHolding(const std::string& dir, const std::string& needle) {
    std::vector<std::string> found;
    std::error_code error;
    for (auto it = std::filesystem::recursive_directory_iterator(dir, error);
         !error && it != std::filesystem::recursive_directory_iterator(); it.increment(error)) {
      if (it->is_symlink(error) || !it->is_regular_file(error)) continue;
      if (ReadFileOrEmpty(it->path().string()).find(needle) != std::string::npos) found.push_back(it->path().string());
    }
    return found;
  }
};

TEST_P(LinksTest, ADailyFileLinkedToTheEnvironmentNeverLeaksIt) {
  if (CannotRunAsNobody()) GTEST_SKIP() << "the nobody variant needs root, setpriv and a build tree nobody can reach";
  std::string repo = NewKittylogRepo("repo");
  std::string link = repo + "/.kittify/events/2026-01-01.jsonl";
  std::filesystem::create_symlink("/proc/self/environ", link);
  HandOver();
  ProcessOptions secret;
  secret.env["KITTYLOG_TEST_SECRET"] = "hunter2-b8d1c";
  for (const std::vector<std::string>& args : std::vector<std::vector<std::string>>{
           {"repair", "--check"}, {"verify"}, {"--json", "verify"}, {"status"}, {"doctor"}, {"index", "rebuild"}}) {
    ProcessResult result = KlAs(repo, args, secret);
    SCOPED_TRACE(args.back());
    EXPECT_NE(result.exit_code, 124) << "hung";
    EXPECT_EQ((result.out + result.err).find("hunter2-b8d1c"), std::string::npos) << result.out << result.err;
    EXPECT_EQ((result.out + result.err).find("KITTYLOG_ACTOR="), std::string::npos) << result.out << result.err;
  }
  ProcessResult verify = KlAs(repo, {"verify"}, secret);
  EXPECT_EQ(verify.exit_code, 1);
  EXPECT_TRUE(Contains(verify.err, ".kittify/events/2026-01-01.jsonl: a symbolic link, not a regular file"));
  ProcessResult check = KlAs(repo, {"repair", "--check"}, secret);
  EXPECT_EQ(check.exit_code, 1);
  EXPECT_TRUE(Contains(check.out, "needs repair .kittify/events/2026-01-01.jsonl: a symbolic link"));

  // repair moves the link itself aside: nothing it copies holds the environment.
  ProcessResult repair = KlAs(repo, {"repair"}, secret);
  EXPECT_EQ(repair.exit_code, 0) << repair.err;
  EXPECT_FALSE(std::filesystem::exists(std::filesystem::symlink_status(link)));
  EXPECT_TRUE(FilesHolding(repo + "/.kittify", "hunter2-b8d1c").empty());
  EXPECT_TRUE(FilesHolding(repo + "/.kittify", "KITTYLOG_ACTOR=").empty());
  EXPECT_EQ(KlAs(repo, {"verify"}).exit_code, 0);
}

TEST_P(LinksTest, VerifyNeverReadsEtcPasswdThroughALink) {
  if (CannotRunAsNobody()) GTEST_SKIP() << "the nobody variant needs root, setpriv and a build tree nobody can reach";
  std::string repo = NewKittylogRepo("repo");
  std::filesystem::create_symlink("/etc/passwd", repo + "/.kittify/events/2026-01-02.jsonl");
  HandOver();
  for (const char* command : {"verify", "status", "conflicts"}) {
    ProcessResult result = KlAs(repo, {command});
    EXPECT_EQ((result.out + result.err).find("root:"), std::string::npos) << command << ": " << result.err;
    EXPECT_TRUE(Contains(result.err, "2026-01-02.jsonl: a symbolic link")) << command;
  }
}

// `.kittify` itself a link: commands refuse, and the hooks write nothing into its target.
TEST_P(LinksTest, ALinkedKittifyGetsNothingWrittenIntoItsTarget) {
  if (CannotRunAsNobody()) GTEST_SKIP() << "the nobody variant needs root, setpriv and a build tree nobody can reach";
  std::string repo = NewKittylogRepo("repo");
  GitOk(repo, {"checkout", "-q", "-b", "topic"});
  WriteFile(repo + "/notes.txt", "notes\n");
  Commit(repo, "topic");
  GitOk(repo, {"checkout", "-q", "main"});
  std::string outside = Path("outside");
  std::filesystem::create_directories(outside + "/events");
  std::filesystem::copy_file(repo + "/" + kDailyFile, outside + "/events/" + std::string(kDay) + ".jsonl");
  const std::string log_before = ReadFileOrEmpty(outside + "/events/" + std::string(kDay) + ".jsonl");
  std::filesystem::remove_all(repo + "/.kittify");
  std::filesystem::create_symlink(outside, repo + "/.kittify");
  HandOver();

  ProcessResult merged = GitAs(repo, {"merge", "-q", "--ff-only", "topic"});  // post-merge
  EXPECT_EQ(merged.exit_code, 0) << merged.err;
  EXPECT_TRUE(Contains(merged.err, "kittylog: hook post-merge skipped: .kittify: is a symbolic link"));
  ProcessResult switched = GitAs(repo, {"checkout", "-q", "-b", "other"});  // post-checkout
  EXPECT_EQ(switched.exit_code, 0) << switched.err;
  ProcessResult committed = GitAs(repo, {"commit", "-q", "--allow-empty", "-m", "empty"});  // pre/post-commit
  EXPECT_EQ(committed.exit_code, 0) << committed.err;
  for (const char* name : {".lock", "clock.json", "events/index.db", "events/index.db-wal", "events/index.db-shm",
                           "errors", "quarantine"}) {
    EXPECT_FALSE(std::filesystem::exists(std::filesystem::symlink_status(outside + "/" + name))) << name;
  }
  for (const char* command : {"status", "emit", "verify", "repair", "clock"}) {
    std::vector<std::string> args = {command};
    if (std::string(command) == "emit") {
      args = {"emit", "TagsAdded", "--entity", "WP01", "--entity-type", "WorkPackage", "--payload", R"({"tags":["x"]})"};
    }
    if (std::string(command) == "clock") args = {"clock", "show"};
    ProcessResult result = KlAs(repo, args);
    EXPECT_EQ(result.exit_code, 3) << command << ": " << result.err;
    EXPECT_TRUE(Contains(result.err, ".kittify: is a symbolic link; kittylog does not follow it")) << command;
  }
  EXPECT_EQ(ReadFileOrEmpty(outside + "/events/" + std::string(kDay) + ".jsonl"), log_before);
}

// index.db committed as a link (`git add -f`) to a database outside the repository: the hook
// and every command leave that database alone (SQLite never opens it; no switch to WAL).
TEST_P(LinksTest, ALinkedIndexNeverOpensTheForeignDatabase) {
  if (CannotRunAsNobody()) GTEST_SKIP() << "the nobody variant needs root, setpriv and a build tree nobody can reach";
  std::string repo = NewKittylogRepo("repo");
  std::string foreign = Path("foreign.db");
  ProcessResult made = testing::Run({"python3", "-c",
                                     "import sqlite3, sys; c = sqlite3.connect(sys.argv[1]); "
                                     "c.execute('create table precious (x)'); c.execute('insert into precious values (1)'); "
                                     "c.commit(); c.close()",
                                     foreign});
  ASSERT_EQ(made.exit_code, 0) << made.err;
  const std::string before = ReadFileOrEmpty(foreign);
  ASSERT_EQ(before.substr(18, 2), std::string("\x01\x01", 2));  // rollback journal, not WAL
  for (const char* suffix : {"", "-wal", "-shm"}) std::filesystem::remove(repo + "/.kittify/events/index.db" + suffix);
  std::filesystem::create_symlink(foreign, repo + "/.kittify/events/index.db");
  HandOver();
  ASSERT_EQ(GitAs(repo, {"add", "-f", ".kittify/events/index.db"}).exit_code, 0);
  ProcessResult committed = GitAs(repo, {"commit", "-q", "-m", "index as a link"});  // post-commit refreshes
  EXPECT_EQ(committed.exit_code, 0) << committed.err;
  ProcessResult status = KlAs(repo, {"status"});
  EXPECT_EQ(status.exit_code, 0) << status.err;
  EXPECT_TRUE(Contains(status.out, "WP01"));
  EXPECT_EQ(ReadFileOrEmpty(foreign), before);
  EXPECT_FALSE(std::filesystem::exists(foreign + "-wal"));
  EXPECT_FALSE(std::filesystem::exists(foreign + "-shm"));
  EXPECT_FALSE(std::filesystem::exists(foreign + "-journal"));
}

// .lock committed as a dangling link: following it would create its target.
TEST_P(LinksTest, ALinkedLockCreatesNothing) {
  if (CannotRunAsNobody()) GTEST_SKIP() << "the nobody variant needs root, setpriv and a build tree nobody can reach";
  std::string repo = NewKittylogRepo("repo");
  std::string target = Path("outside-lock");
  std::filesystem::remove(repo + "/.kittify/.lock");
  std::filesystem::create_symlink(target, repo + "/.kittify/.lock");
  HandOver();
  ASSERT_EQ(GitAs(repo, {"add", "-f", ".kittify/.lock"}).exit_code, 0);
  ProcessResult committed = GitAs(repo, {"commit", "-q", "-m", "lock as a link"});  // post-commit
  EXPECT_EQ(committed.exit_code, 0) << committed.err;
  EXPECT_TRUE(Contains(committed.err, ".lock: is a symbolic link"));
  ProcessResult emit = KlAs(repo, {"wp", "move", "WP01", "--feature", kFeature, "--to", "doing"});
  EXPECT_EQ(emit.exit_code, 3);
  EXPECT_TRUE(Contains(emit.err, ".kittify/.lock: is a symbolic link; kittylog does not follow it"));
  ProcessResult status = KlAs(repo, {"status"});
  EXPECT_EQ(status.exit_code, 3);
  EXPECT_FALSE(std::filesystem::exists(std::filesystem::symlink_status(target)));
}

INSTANTIATE_TEST_SUITE_P(Users, LinksTest, ::testing::Values(Who::kSelf, Who::kNobody), WhoName);

}  // namespace
}  // namespace kittylog::gittest
