// Lock waits are visible and bounded (issue 11 item 4; DESIGN §3): while another process holds
// .kittify/.lock, a command that needs it says `waiting for the lock held by pid N` on stderr
// after a second and gives up after KITTYLOG_LOCK_TIMEOUT seconds: writers with exit 3, readers
// by answering from the log itself.
#include <fcntl.h>
#include <signal.h>
#include <sys/file.h>
#include <sys/wait.h>
#include <unistd.h>

#include <chrono>

#include "tests/hostile/hostile_fixture.h"

namespace kittylog::gittest {
namespace {

using testing::WriteFile;

// Another process holding the lock (a real flock by a real process) until destroyed.
class LockHolder {
 public:
  explicit LockHolder(const std::string& path) {
    int ready[2];
    if (::pipe(ready) != 0) return;
    pid_ = ::fork();
    if (pid_ == 0) {
      int fd = ::open(path.c_str(), O_RDWR | O_CREAT, 0666);
      if (fd < 0 || ::flock(fd, LOCK_EX) != 0) std::_Exit(1);
      if (::write(ready[1], "r", 1) != 1) std::_Exit(2);
      for (;;) ::pause();
    }
    ::close(ready[1]);
    char byte;
    if (::read(ready[0], &byte, 1) != 1) pid_ = -1;
    ::close(ready[0]);
  }
  ~LockHolder() {
    if (pid_ <= 0) return;
    ::kill(pid_, SIGKILL);
    ::waitpid(pid_, nullptr, 0);
  }
  pid_t pid() const { return pid_; }

 private:
  pid_t pid_ = -1;
};

class LockWaitTest : public GitTest {};

TEST_F(LockWaitTest, EveryCommandThatNeedsTheLockSaysSoAndGivesUp) {
  std::string repo = NewKittylogRepo("repo");
  // A line appended by hand: `status` must refresh the index, which takes the lock.
  std::string file = repo + "/" + kDailyFile;
  std::string lines = ReadFile(file);
  std::string extra = lines.substr(0, lines.find('\n'));
  extra.replace(13, 26, "01KFZN6BG0ZZZZZZZZZZZZZ999");
  extra.replace(extra.find("\"lamport_clock\":1,"), 18, "\"lamport_clock\":99,");
  WriteFile(file, lines + extra + "\n");

  LockHolder holder(repo + "/.kittify/.lock");
  ASSERT_GT(holder.pid(), 0);
  ProcessOptions options = Env();
  options.cwd = repo;
  options.env["KITTYLOG_LOCK_TIMEOUT"] = "2";
  const std::string waiting = "waiting for the lock held by pid " + std::to_string(holder.pid());
  for (const std::vector<std::string>& args : std::vector<std::vector<std::string>>{
           {"wp", "move", "WP01", "--feature", kFeature, "--to", "doing"},
           {"clock", "show"},
           {"emit", "TagsAdded", "--entity", "WP01", "--entity-type", "WorkPackage", "--payload", R"({"tags":["x"]})"},
           {"repair"},
           {"index", "rebuild"}}) {
    SCOPED_TRACE(args.front());
    std::vector<std::string> argv = {KITTYLOG_BINARY};
    argv.insert(argv.end(), args.begin(), args.end());
    auto start = std::chrono::steady_clock::now();
    ProcessResult result = RunBounded(30, argv, options);
    auto waited = std::chrono::steady_clock::now() - start;
    EXPECT_NE(result.exit_code, 124) << "waited without end";
    EXPECT_EQ(result.exit_code, 3) << result.err;
    EXPECT_TRUE(Contains(result.err, waiting));
    EXPECT_TRUE(Contains(result.err, "KITTYLOG_LOCK_TIMEOUT"));
    EXPECT_GE(waited, std::chrono::seconds(2));
    EXPECT_LT(waited, std::chrono::seconds(25));
  }
  // A reader that needs a refresh waits the same way, then answers from the log itself (the
  // truth; the index is only derived), saying so.
  ProcessResult status = RunBounded(30, {KITTYLOG_BINARY, "status"}, options);
  EXPECT_EQ(status.exit_code, 0) << status.err;
  EXPECT_TRUE(Contains(status.err, waiting));
  EXPECT_TRUE(Contains(status.err, "gave up"));
  EXPECT_TRUE(Contains(status.err, "reading the log directly"));
  EXPECT_TRUE(Contains(status.out, "WP01"));
  // --json: the give-up is the one JSON document.
  ProcessResult json = RunBounded(30, {KITTYLOG_BINARY, "--json", "clock", "show"}, options);
  EXPECT_EQ(json.exit_code, 3);
  EXPECT_TRUE(IsOneJsonDocument(json.out));
  EXPECT_TRUE(Contains(json.out, "\"exit_code\":3"));
  // --quiet: no waiting line, the same bound.
  ProcessResult quiet = RunBounded(30, {KITTYLOG_BINARY, "--quiet", "clock", "show"}, options);
  EXPECT_EQ(quiet.exit_code, 3);
  EXPECT_FALSE(Contains(quiet.err, "waiting for the lock"));
}

TEST_F(LockWaitTest, AShortWaitSucceedsAndSaysNothing) {
  std::string repo = NewKittylogRepo("repo");
  ProcessOptions options = Env();
  options.cwd = repo;
  ProcessResult result;
  {
    LockHolder holder(repo + "/.kittify/.lock");
    ASSERT_GT(holder.pid(), 0);
  }  // released at once
  result = RunBounded(30, {KITTYLOG_BINARY, "wp", "move", "WP01", "--feature", kFeature, "--to", "doing"}, options);
  EXPECT_EQ(result.exit_code, 0) << result.err;
  EXPECT_FALSE(Contains(result.err, "waiting for the lock"));
}

// Hooks stay bounded: they skip with a warning and never fail git.
TEST_F(LockWaitTest, HooksSkipWithAWarningWhileTheLockIsHeld) {
  std::string repo = NewKittylogRepo("repo");
  GitOk(repo, {"checkout", "-q", "-b", "topic"});
  MoveWp(repo, "WP01", "doing");
  Commit(repo, "topic");
  GitOk(repo, {"checkout", "-q", "main"});
  LockHolder holder(repo + "/.kittify/.lock");
  ASSERT_GT(holder.pid(), 0);
  ProcessOptions options = Env();
  options.cwd = repo;
  options.env["KITTYLOG_HOOK_TIMEOUT_MS"] = "1500";
  ProcessResult merged = RunBounded(60, {"git", "merge", "-q", "--no-edit", "topic"}, options);
  EXPECT_EQ(merged.exit_code, 0) << merged.err;
  EXPECT_TRUE(Contains(merged.err, "kittylog: hook post-merge skipped"));
}

}  // namespace
}  // namespace kittylog::gittest
