#include "platform/file_lock.h"

#include <fcntl.h>
#include <sys/file.h>
#include <sys/stat.h>
#include <sys/sysmacros.h>
#include <unistd.h>

#include <algorithm>
#include <atomic>
#include <cerrno>
#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <fstream>
#include <sstream>
#include <thread>

#include <fmt/format.h>

#include "platform/file_io.h"

namespace kittylog::platform {
namespace {

constexpr int kDefaultTimeoutMs = 30'000;
constexpr auto kSayWaitingAfter = std::chrono::seconds(1);

std::atomic<bool> wait_messages{true};

std::string Holder(int pid) { return pid > 0 ? fmt::format("pid {}", pid) : std::string("another process"); }

}  // namespace

int LockTimeoutMs() {
  const char* value = std::getenv("KITTYLOG_LOCK_TIMEOUT");
  if (value == nullptr || *value == '\0') return kDefaultTimeoutMs;
  char* end = nullptr;
  long seconds = std::strtol(value, &end, 10);
  if (*end != '\0' || seconds < 0 || seconds > 86'400) return kDefaultTimeoutMs;
  return static_cast<int>(seconds * 1000);
}

void SetLockWaitMessages(bool enabled) { wait_messages = enabled; }

int LockHolderPid(int fd) {
  struct stat st;
  if (::fstat(fd, &st) != 0) return 0;
  // /proc/locks: "1: FLOCK  ADVISORY  WRITE 4242 08:01:1234567 0 EOF"; waiters' lines hold "->".
  const std::string file_id = fmt::format("{:02x}:{:02x}:{}", major(st.st_dev), minor(st.st_dev), st.st_ino);
  std::ifstream locks("/proc/locks");
  std::string line;
  while (std::getline(locks, line)) {
    if (line.find("->") != std::string::npos) continue;
    std::istringstream fields(line);
    std::string number, kind, mode, access, pid, id;
    if (!(fields >> number >> kind >> mode >> access >> pid >> id)) continue;
    if (kind == "FLOCK" && id == file_id) return std::atoi(pid.c_str());
  }
  return 0;
}

Result<std::unique_ptr<FileLock>> FileLock::Acquire(const std::string& path, const LockWait& wait) {
  int fd;
  do {
    fd = ::open(path.c_str(), O_RDWR | O_CREAT | O_NOFOLLOW | O_NONBLOCK | O_CLOEXEC, 0666);
  } while (fd < 0 && errno == EINTR);
  if (fd < 0) {
    if (errno == ELOOP && IsSymlink(path)) return SymlinkRefused(path, "remove it");
    return Status::Io(fmt::format("{}: open lock: {}", path, std::strerror(errno)));
  }
  struct stat st;
  if (::fstat(fd, &st) != 0 || !S_ISREG(st.st_mode)) {
    ::close(fd);
    return Status::Io(fmt::format("{}: the lock file is not a regular file: remove it", path));
  }
  const int timeout_ms = wait.timeout_ms < 0 ? LockTimeoutMs() : wait.timeout_ms;
  const auto start = std::chrono::steady_clock::now();
  const auto deadline = start + std::chrono::milliseconds(timeout_ms);
  bool said = false;
  auto pause = std::chrono::milliseconds(1);
  for (;;) {
    if (::flock(fd, LOCK_EX | LOCK_NB) == 0) return std::unique_ptr<FileLock>(new FileLock(fd));
    int err = errno;
    if (err == EINTR) continue;
    if (err != EWOULDBLOCK) {
      ::close(fd);
      return Status::Io(fmt::format("{}: lock: {}", path, std::strerror(err)));
    }
    const auto now = std::chrono::steady_clock::now();
    if (now >= deadline) {
      int holder = LockHolderPid(fd);
      ::close(fd);
      if (wait.timed_out != nullptr) *wait.timed_out = true;
      return Status::Io(fmt::format("{}: {} held the lock for {} s; gave up (KITTYLOG_LOCK_TIMEOUT sets the limit in "
                                    "seconds)",
                                    path, Holder(holder), timeout_ms / 1000.0));
    }
    if (!said && wait.say_waiting && wait_messages && now - start >= kSayWaitingAfter) {
      said = true;
      std::string line = fmt::format("kittylog: waiting for the lock held by {} ({}), at most {} s\n",
                                     Holder(LockHolderPid(fd)), path, timeout_ms / 1000.0);
      std::fputs(line.c_str(), stderr);
      std::fflush(stderr);
    }
    // Polled, not blocking: flock(2) has no timeout. The pause grows to 10 ms, so a waiter
    // behind a short emit gets in within a millisecond or two.
    std::this_thread::sleep_for(std::min<std::chrono::steady_clock::duration>(pause, deadline - now));
    pause = std::min(pause * 2, std::chrono::milliseconds(10));
  }
}

FileLock::~FileLock() { ::close(fd_); }  // closing releases the flock

}  // namespace kittylog::platform
