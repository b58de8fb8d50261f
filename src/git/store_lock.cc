#include "git/store_lock.h"

#include <fcntl.h>
#include <sys/file.h>
#include <unistd.h>

#include <cerrno>
#include <chrono>
#include <cstring>
#include <thread>

#include <fmt/format.h>

namespace kittylog::git {

Result<std::unique_ptr<StoreLock>> StoreLock::Acquire(const std::string& path, int timeout_ms, bool* busy) {
  int fd = ::open(path.c_str(), O_RDWR | O_CREAT | O_CLOEXEC, 0666);
  if (fd < 0) return Status::Io(fmt::format("{}: open lock: {}", path, std::strerror(errno)));
  const auto deadline = std::chrono::steady_clock::now() + std::chrono::milliseconds(timeout_ms < 0 ? 0 : timeout_ms);
  for (;;) {
    if (::flock(fd, timeout_ms < 0 ? LOCK_EX : LOCK_EX | LOCK_NB) == 0) return std::unique_ptr<StoreLock>(new StoreLock(fd));
    int err = errno;
    if (err == EINTR) continue;
    if (err != EWOULDBLOCK || std::chrono::steady_clock::now() >= deadline) {
      ::close(fd);
      if (err == EWOULDBLOCK) {
        if (busy != nullptr) *busy = true;
        return Status::Io(fmt::format("{}: another kittylog process held the lock for {} ms", path, timeout_ms));
      }
      return Status::Io(fmt::format("{}: lock: {}", path, std::strerror(err)));
    }
    std::this_thread::sleep_for(std::chrono::milliseconds(5));
  }
}

StoreLock::~StoreLock() { ::close(fd_); }

}  // namespace kittylog::git
