// The one seam for file-system access: reads, durable appends, fsync, atomic replacement,
// directory listing and the writer lock.
//
// Everything that touches the disk for kittylog's own files goes through here, so that
// durability rules live in one place and tests can inject faults: when the environment variable
// KITTYLOG_FAULT names an operation ("write", "fsync", "rename", "open") with an errno name
// ("EIO", "ENOSPC", "EACCES"), e.g. KITTYLOG_FAULT=fsync:EIO, that operation fails with it.
// Functions are thread-compatible; FileLock serialises processes (POSIX flock), not threads.
// Failures are Status::Io values whose message names the path and strerror.
#pragma once

#include <cstddef>
#include <cstdint>
#include <memory>
#include <string>
#include <string_view>
#include <vector>

#include "base/status.h"

namespace kittylog::platform {

// A whole file in memory followed by `padding` zero bytes (parsers may read past the end).
struct PaddedBuffer {
  std::unique_ptr<char[]> data;
  size_t size = 0;
  std::string_view view() const { return {data.get(), size}; }
};

// Identity of a file as seen by stat(2); exists == false when there is no such file.
struct FileIdentity {
  bool exists = false;
  uint64_t size = 0;
  int64_t mtime_ns = 0;
  int64_t ctime_ns = 0;  // the inode's change time: set by the kernel on every write, never by utime(2)
  uint64_t inode = 0;
  bool operator==(const FileIdentity&) const = default;
};

// Reads a whole regular file; anything else (a directory, a device such as /dev/zero, a FIFO)
// is an error, so a symlink committed in place of a log cannot make a reader hang.
Result<PaddedBuffer> ReadFilePadded(const std::string& path, size_t padding = 64);
Result<std::string> ReadFile(const std::string& path);
// Everything readable from `fd` until end of file (a pipe, a terminal, a file); `what` names it
// in the error (e.g. "stdin").
Result<std::string> ReadAll(int fd, std::string_view what);
FileIdentity Stat(const std::string& path);
bool IsDirectory(const std::string& path);
// Whether `path` itself (not what it points to) is a symbolic link.
bool IsSymlink(const std::string& path);

// Names (not paths) of the entries of `dir`, sorted; an absent directory is an empty list.
Result<std::vector<std::string>> ListDirectory(const std::string& dir);

// Creates `dir` and its parents (mode 0777 & ~umask); ok when it already exists.
Status MakeDirectories(const std::string& dir);

// Appends `bytes` to `path` with one write(2) and fsyncs it. When the file is created, its
// directory is fsynced too. A symlink at `path` is refused (ELOOP), never followed. When the
// write fails (a short write included) the prefix written is truncated away, so the file holds
// its old bytes; only a crash mid-write (or a failing ftruncate) can leave old bytes + a prefix
// of `bytes`, a torn tail that readers report. When the fsync fails the bytes may or may not be
// durable: the file holds its old bytes + all of `bytes`.
Status AppendDurably(const std::string& path, std::string_view bytes);

// Last byte of the file, or -1 when it is empty or absent.
int LastByte(const std::string& path);

// Replaces `path` atomically: write temp, fsync, rename, fsync directory; the temp is removed
// on failure, so `path` holds either its old or its new bytes. `sync_directory = false` skips
// the directory fsync for files whose loss on power failure is harmless (the clock file: its
// value is always combined with the log's highest clock), saving a costly fsync per emit.
// `sync_file = false` also skips the file's fsync, for derived files that are checked when read
// (a crash may then leave the old bytes, the new ones, or an empty file).
Status AtomicReplace(const std::string& path, std::string_view bytes, bool sync_directory = true,
                     bool sync_file = true);

// Exclusive advisory lock on `path` (created if absent), held until destruction.
class FileLock {
 public:
  static Result<std::unique_ptr<FileLock>> Acquire(const std::string& path);
  ~FileLock();
  FileLock(const FileLock&) = delete;
  FileLock& operator=(const FileLock&) = delete;

 private:
  explicit FileLock(int fd) : fd_(fd) {}
  int fd_;
};

// Returns the errno configured by KITTYLOG_FAULT for `operation`, or 0.
int InjectedFault(std::string_view operation);

std::string DirName(const std::string& path);
std::string BaseName(const std::string& path);
std::string JoinPath(const std::string& a, const std::string& b);

}  // namespace kittylog::platform
