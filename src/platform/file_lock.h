// The writer lock (`.kittify/.lock`, POSIX flock): one writer per checkout at a time, across
// processes (DESIGN §3, §4).
//
// A wait is visible and bounded: after one second a waiter says on stderr
// "kittylog: waiting for the lock held by pid N (PATH)" (once), and after the deadline it gives
// up with a Status::Io that names the path, the holder and KITTYLOG_LOCK_TIMEOUT. The holder's
// pid comes from /proc/locks (the kernel's own record of flock holders; nothing is written into
// the lock file); where it cannot be found the message says "another process".
// The lock file is opened with O_NOFOLLOW: a symlink committed in its place is refused (ELOOP),
// never followed, so the lock can never create or truncate a file outside the repository.
// FileLock serialises processes, not threads; the lock is released on destruction.
#pragma once

#include <memory>
#include <string>

#include "base/status.h"

namespace kittylog::platform {

// How long Acquire waits: `timeout_ms` < 0 means the process default, LockTimeoutMs().
struct LockWait {
  int timeout_ms = -1;
  bool say_waiting = true;  // the one stderr line after 1 s (also off after SetLockWaitMessages(false))
  bool* timed_out = nullptr;  // when given, set if the deadline passed while another process held it
};

// KITTYLOG_LOCK_TIMEOUT (whole seconds, 0..86400) in milliseconds; 30000 when unset or invalid.
int LockTimeoutMs();

// Turns the "waiting for the lock" line off for the whole process (--quiet).
void SetLockWaitMessages(bool enabled);

class FileLock {
 public:
  // Exclusive lock on `path` (created, mode 0666 & ~umask, when absent), waiting as `wait` says.
  static Result<std::unique_ptr<FileLock>> Acquire(const std::string& path, const LockWait& wait = {});
  ~FileLock();
  FileLock(const FileLock&) = delete;
  FileLock& operator=(const FileLock&) = delete;

 private:
  explicit FileLock(int fd) : fd_(fd) {}
  int fd_;
};

// The pid holding a flock on the file open as `fd` (from /proc/locks), or 0 when unknown.
int LockHolderPid(int fd);

}  // namespace kittylog::platform
