// The store's writer lock (.kittify/.lock) taken with a deadline, for callers that must not wait
// forever: git hooks have to finish in bounded time (DESIGN §9). A thin name over
// platform::FileLock (the same lock, so it excludes every kittylog writer; a symlink at the lock
// path is refused). Held until destruction.
#pragma once

#include <memory>
#include <string>

#include "base/status.h"
#include "platform/file_lock.h"

namespace kittylog {

class StoreLock {
 public:
  // Waits at most `timeout_ms` (negative: the process default, KITTYLOG_LOCK_TIMEOUT). Fails
  // with kIo naming the path; when the deadline passed while another process held the lock,
  // `*busy` (if given) is set. Hooks pass say_waiting = false: git's output stays one line.
  static Result<std::unique_ptr<StoreLock>> Acquire(const std::string& path, int timeout_ms, bool* busy = nullptr,
                                                    bool say_waiting = true);

 private:
  explicit StoreLock(std::unique_ptr<platform::FileLock> lock) : lock_(std::move(lock)) {}
  std::unique_ptr<platform::FileLock> lock_;
};

}  // namespace kittylog
