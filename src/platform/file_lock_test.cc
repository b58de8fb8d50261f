#include "platform/file_lock.h"

#include <fcntl.h>
#include <sys/file.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>

#include <cerrno>
#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <filesystem>
#include <string>
#include <thread>

#include <gtest/gtest.h>

#include "platform/file_io.h"

namespace kittylog::platform {
namespace {

class FileLockTest : public ::testing::Test {
 protected:
  void SetUp() override {
    char pattern[] = "/tmp/kl-file-lock-XXXXXX";
    ASSERT_NE(::mkdtemp(pattern), nullptr);
    dir_ = pattern;
  }
  void TearDown() override { std::filesystem::remove_all(dir_); }
  std::string Path(std::string_view name) const { return dir_ + "/" + std::string(name); }

  std::string dir_;
};

// A child process that holds the lock on `path` until killed; returns its pid once it holds it.
pid_t HoldLockInChild(const std::string& path) {
  int ready[2];
  if (::pipe(ready) != 0) return -1;
  pid_t pid = ::fork();
  if (pid == 0) {
    int fd = ::open(path.c_str(), O_RDWR | O_CREAT, 0666);
    if (fd < 0 || ::flock(fd, LOCK_EX) != 0) std::_Exit(1);
    if (::write(ready[1], "r", 1) != 1) std::_Exit(2);
    for (;;) ::pause();
  }
  ::close(ready[1]);
  char byte;
  if (::read(ready[0], &byte, 1) != 1) pid = -1;
  ::close(ready[0]);
  return pid;
}

void Stop(pid_t pid) {
  ::kill(pid, SIGKILL);
  ::waitpid(pid, nullptr, 0);
}

// ------------------------------------ the writer lock ------------------------------------------

TEST_F(FileLockTest, LockIsCreatedAndReleasedOnDestruction) {
  std::string path = Path(".lock");
  {
    Result<std::unique_ptr<FileLock>> lock = FileLock::Acquire(path);
    ASSERT_TRUE(lock.ok()) << lock.status().message();
    EXPECT_TRUE(Stat(path).exists);
  }
  // Released: a non-blocking flock from a fresh descriptor now succeeds.
  int fd = ::open(path.c_str(), O_RDWR | O_CLOEXEC);
  ASSERT_GE(fd, 0);
  EXPECT_EQ(::flock(fd, LOCK_EX | LOCK_NB), 0);
  ::close(fd);
  Result<std::unique_ptr<FileLock>> again = FileLock::Acquire(path);
  EXPECT_TRUE(again.ok());
}

TEST_F(FileLockTest, LockInMissingDirectoryFails) {
  Result<std::unique_ptr<FileLock>> lock = FileLock::Acquire(Path("missing/.lock"));
  ASSERT_FALSE(lock.ok());
  EXPECT_EQ(lock.status().kind(), ErrorKind::kIo);
}

TEST_F(FileLockTest, LockExcludesASecondProcess) {
  std::string lock_path = Path(".lock");
  std::string marker = Path("child-acquired");
  int go[2];       // parent -> child: the lock is held
  int tried[2];    // child -> parent: the non-blocking attempt has been made
  ASSERT_EQ(::pipe(go), 0);
  ASSERT_EQ(::pipe(tried), 0);
  // Fork before taking the lock, so the child does not inherit the locked descriptor.
  pid_t pid = ::fork();
  ASSERT_GE(pid, 0);
  if (pid == 0) {
    ::close(go[1]);
    ::close(tried[0]);
    char byte;
    if (::read(go[0], &byte, 1) != 1) std::_Exit(10);
    int fd = ::open(lock_path.c_str(), O_RDWR | O_CLOEXEC);
    if (fd < 0) std::_Exit(11);
    // While the parent holds the lock, a non-blocking attempt must fail with EWOULDBLOCK.
    bool excluded = ::flock(fd, LOCK_EX | LOCK_NB) != 0 && errno == EWOULDBLOCK;
    ::close(fd);
    if (::write(tried[1], "t", 1) != 1) std::_Exit(15);
    if (!excluded) std::_Exit(12);
    // A blocking Acquire returns only once the parent has released it.
    Result<std::unique_ptr<FileLock>> lock = FileLock::Acquire(lock_path);
    if (!lock.ok()) std::_Exit(13);
    if (!AppendDurably(marker, "child\n").ok()) std::_Exit(14);
    std::_Exit(0);
  }
  ::close(go[0]);
  ::close(tried[1]);
  {
    Result<std::unique_ptr<FileLock>> lock = FileLock::Acquire(lock_path);
    EXPECT_TRUE(lock.ok()) << lock.status().message();
    EXPECT_EQ(::write(go[1], "g", 1), 1);
    char byte;
    EXPECT_EQ(::read(tried[0], &byte, 1), 1);
    // Give the child time to block in Acquire; it must not get through while we hold the lock.
    std::this_thread::sleep_for(std::chrono::milliseconds(300));
    EXPECT_FALSE(Stat(marker).exists) << "child acquired the lock while the parent held it";
    EXPECT_TRUE(AppendDurably(marker, "parent-released\n").ok());
  }
  ::close(go[1]);
  ::close(tried[0]);
  int status = 0;
  ASSERT_EQ(::waitpid(pid, &status, 0), pid);
  ASSERT_TRUE(WIFEXITED(status));
  EXPECT_EQ(WEXITSTATUS(status), 0) << "child exit codes: 12 = not excluded, 13 = Acquire failed";
  EXPECT_EQ(*ReadFile(marker), "parent-released\nchild\n");
}


// ------------------------------------ hostile lock paths ---------------------------------------

TEST_F(FileLockTest, ASymlinkInPlaceOfTheLockIsRefusedAndItsTargetIsNeverCreated) {
  std::string target = Path("outside/created-by-lock");
  std::filesystem::create_directories(Path("outside"));
  std::filesystem::create_symlink(target, Path(".lock"));  // dangling: O_CREAT would create it
  Result<std::unique_ptr<FileLock>> lock = FileLock::Acquire(Path(".lock"));
  ASSERT_FALSE(lock.ok());
  EXPECT_EQ(lock.status().kind(), ErrorKind::kIo);
  EXPECT_NE(lock.status().message().find("is a symbolic link"), std::string::npos) << lock.status().message();
  EXPECT_FALSE(std::filesystem::exists(target));
}

TEST_F(FileLockTest, AFifoInPlaceOfTheLockIsRefusedWithoutBlocking) {
  ASSERT_EQ(::mkfifo(Path(".lock").c_str(), 0666), 0);
  Result<std::unique_ptr<FileLock>> lock = FileLock::Acquire(Path(".lock"));
  ASSERT_FALSE(lock.ok());
  EXPECT_NE(lock.status().message().find("not a regular file"), std::string::npos) << lock.status().message();
}

// ------------------------------------ bounded, visible waits -----------------------------------

TEST_F(FileLockTest, HolderPidComesFromTheKernel) {
  pid_t holder = HoldLockInChild(Path(".lock"));
  ASSERT_GT(holder, 0);
  int fd = ::open(Path(".lock").c_str(), O_RDWR);
  ASSERT_GE(fd, 0);
  EXPECT_EQ(LockHolderPid(fd), holder);
  ::close(fd);
  Stop(holder);
}

TEST_F(FileLockTest, AWaitGivesUpAtTheDeadlineNamingTheHolder) {
  pid_t holder = HoldLockInChild(Path(".lock"));
  ASSERT_GT(holder, 0);
  LockWait wait;
  wait.timeout_ms = 300;
  wait.say_waiting = false;
  bool timed_out = false;
  wait.timed_out = &timed_out;
  auto start = std::chrono::steady_clock::now();
  Result<std::unique_ptr<FileLock>> lock = FileLock::Acquire(Path(".lock"), wait);
  auto waited = std::chrono::steady_clock::now() - start;
  Stop(holder);
  ASSERT_FALSE(lock.ok());
  EXPECT_TRUE(timed_out);
  EXPECT_EQ(lock.status().kind(), ErrorKind::kIo);
  EXPECT_NE(lock.status().message().find("pid " + std::to_string(holder)), std::string::npos) << lock.status().message();
  EXPECT_NE(lock.status().message().find("KITTYLOG_LOCK_TIMEOUT"), std::string::npos);
  EXPECT_GE(waited, std::chrono::milliseconds(300));
  // Released: the next attempt gets it at once.
  EXPECT_TRUE(FileLock::Acquire(Path(".lock"), wait).ok());
}

TEST(LockTimeoutTest, ComesFromTheEnvironmentInSeconds) {
  ::setenv("KITTYLOG_LOCK_TIMEOUT", "7", 1);
  EXPECT_EQ(LockTimeoutMs(), 7000);
  ::setenv("KITTYLOG_LOCK_TIMEOUT", "0", 1);
  EXPECT_EQ(LockTimeoutMs(), 0);
  for (const char* bad : {"", "x", "-1", "5s", "99999999"}) {
    ::setenv("KITTYLOG_LOCK_TIMEOUT", bad, 1);
    EXPECT_EQ(LockTimeoutMs(), 30000) << bad;
  }
  ::unsetenv("KITTYLOG_LOCK_TIMEOUT");
  EXPECT_EQ(LockTimeoutMs(), 30000);
}

}  // namespace
}  // namespace kittylog::platform
