#include "store/store_lock.h"

namespace kittylog {

Result<std::unique_ptr<StoreLock>> StoreLock::Acquire(const std::string& path, int timeout_ms, bool* busy,
                                                      bool say_waiting) {
  platform::LockWait wait;
  wait.timeout_ms = timeout_ms;
  wait.say_waiting = say_waiting;
  wait.timed_out = busy;
  Result<std::unique_ptr<platform::FileLock>> lock = platform::FileLock::Acquire(path, wait);
  if (!lock.ok()) return lock.status();
  return std::unique_ptr<StoreLock>(new StoreLock(std::move(lock).value()));
}

}  // namespace kittylog
