// The store's writer lock (.kittify/.lock, POSIX flock) taken with a deadline, for callers that
// must not wait forever: git hooks have to finish in bounded time (DESIGN §9). Same lock as
// platform::FileLock, so it excludes every kittylog writer. Held until destruction.
#pragma once

#include <memory>
#include <string>

#include "base/status.h"

namespace kittylog::git {

class StoreLock {
 public:
  // Waits at most `timeout_ms` (negative: forever). Fails with kIo naming the path; when the
  // deadline passed while another process held the lock, `*busy` (if given) is set.
  static Result<std::unique_ptr<StoreLock>> Acquire(const std::string& path, int timeout_ms, bool* busy = nullptr);
  ~StoreLock();
  StoreLock(const StoreLock&) = delete;
  StoreLock& operator=(const StoreLock&) = delete;

 private:
  explicit StoreLock(int fd) : fd_(fd) {}
  int fd_;
};

}  // namespace kittylog::git
