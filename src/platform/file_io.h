// The one seam for file-system access: reads, durable appends, fsync, atomic replacement,
// renames and removals, directory listing (the writer lock is in file_lock.h; an open descriptor
// for mapping a file or writing at offsets is in file_descriptor.h).
//
// Everything that touches the disk for kittylog's own files goes through here, so that
// durability rules live in one place and tests can inject faults: when the environment variable
// KITTYLOG_FAULT names an operation ("write", "fsync", "rename", "open") with an errno name
// ("EIO", "ENOSPC", "EACCES"), e.g. KITTYLOG_FAULT=fsync:EIO, that operation fails with it.
// A teammate's branch can commit symlinks, directories and FIFOs under any name (DESIGN §1, §12),
// so nothing here follows a symbolic link unless the caller says Links::kFollow (for files
// outside `.kittify/` that users link on purpose: git config, hooks): opens use O_NOFOLLOW, stats
// use lstat(2), and reads accept regular files only (opened with O_NONBLOCK, so a FIFO cannot
// block the open). Only the last component is checked this way; `.kittify/` and its directories
// are checked by CheckLogDirectories (event/log_files.h). Failures are Status::Io values whose
// message names the path and the reason ("is a symbolic link; not followed").
// Functions are thread-compatible.
#pragma once

#include <cstddef>
#include <cstdint>
#include <memory>
#include <string>
#include <string_view>
#include <vector>

#include "base/status.h"
#include "platform/file_descriptor.h"

namespace kittylog::platform {

// A whole file in memory followed by `padding` zero bytes (parsers may read past the end).
struct PaddedBuffer {
  std::unique_ptr<char[]> data;
  size_t size = 0;
  std::string_view view() const { return {data.get(), size}; }
};

// `bytes` copied into a PaddedBuffer, for bytes that did not come from ReadFilePadded (a git
// blob, a staged file) but go to a parser that reads past the end.
PaddedBuffer PaddedCopy(std::string_view bytes, size_t padding = 64);

// Whether a symbolic link in the last component of a path is followed.
enum class Links { kRefuse, kFollow };

enum class FileType { kMissing, kRegular, kDirectory, kSymlink, kFifo, kDevice, kSocket };

// "a symbolic link", "a FIFO", "a directory", ... for messages.
std::string_view DescribeType(FileType type);
// The type of a stat(2) st_mode.
FileType FileTypeOfMode(unsigned mode);

// Identity of a file as seen by lstat(2) (the link itself for a symlink); exists == false when
// there is no such entry.
struct FileIdentity {
  bool exists = false;
  FileType type = FileType::kMissing;
  uint64_t size = 0;
  int64_t mtime_ns = 0;
  int64_t ctime_ns = 0;  // the inode's change time: set by the kernel on every write, never by utime(2)
  uint64_t inode = 0;
  bool operator==(const FileIdentity&) const = default;
};

// Reads a whole regular file; anything else (a symlink unless kFollow, a directory, a device
// such as /dev/zero, a FIFO) is an error that names what it is, and nothing is read from it.
Result<PaddedBuffer> ReadFilePadded(const std::string& path, size_t padding = 64, Links links = Links::kRefuse);
Result<std::string> ReadFile(const std::string& path, Links links = Links::kRefuse);
// Opens a regular file for reading, refusing anything else with ReadFilePadded's messages, for a
// caller that maps it or reads it in pieces. When `missing` is given, an absent file (ENOENT) is
// no error: *missing is set and the descriptor returned is invalid.
Result<FileDescriptor> OpenRegularFile(const std::string& path, Links links = Links::kRefuse,
                                       bool* missing = nullptr);
// Everything readable from `fd` until end of file (a pipe, a terminal, a file); `what` names it
// in the error (e.g. "stdin").
Result<std::string> ReadAll(int fd, std::string_view what);
FileIdentity Stat(const std::string& path, Links links = Links::kRefuse);
bool IsDirectory(const std::string& path, Links links = Links::kRefuse);
// Whether `path` itself (not what it points to) is a symbolic link.
bool IsSymlink(const std::string& path);
// The one message for a refused link: "PATH: is a symbolic link; kittylog does not follow it
// (it could point outside the repository)[: REMEDY]".
Status SymlinkRefused(const std::string& path, std::string_view remedy = "");
// The absolute path of `path` with every symlink resolved (realpath(3)); `path` itself when it
// cannot be resolved.
std::string RealPath(const std::string& path);

// Names (not paths) of the entries of `dir`, sorted; an absent directory is an empty list. A
// symlink at `dir` itself is an error (not followed).
Result<std::vector<std::string>> ListDirectory(const std::string& dir);

// Creates `dir` and its parents (mode 0777 & ~umask); ok when it already exists. A component
// that exists as a symlink is an error (not followed) unless kFollow.
Status MakeDirectories(const std::string& dir, Links links = Links::kRefuse);

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
// on failure, so `path` holds either its old or its new bytes. rename(2) replaces a symlink at
// `path` itself, never what it points to; the temp is created with O_EXCL | O_NOFOLLOW. `sync_directory = false` skips
// the directory fsync for files whose loss on power failure is harmless (the clock file: its
// value is always combined with the log's highest clock), saving a costly fsync per emit.
// `sync_file = false` also skips the file's fsync, for derived files that are checked when read
// (a crash may then leave the old bytes, the new ones, or an empty file).
Status AtomicReplace(const std::string& path, std::string_view bytes, bool sync_directory = true,
                     bool sync_file = true);

// Renames `from` to `to` with rename(2): atomic, replaces `to`, and moves a symbolic link itself,
// never its target. Returns 0 or the errno (KITTYLOG_FAULT=rename:ERRNO fails it before the
// call, as in AtomicReplace), so each caller words the failure in its own terms.
[[nodiscard]] int Rename(const std::string& from, const std::string& to);

// Removes the entry `path` with unlink(2): a symbolic link itself, never its target. Returns 0 or
// the errno (ENOENT when there is no such entry); callers cleaning up best effort ignore it. No
// fault is injected: every caller either ignores a failure or reports it with its own words.
int RemoveFile(const std::string& path);

// Returns the errno configured by KITTYLOG_FAULT for `operation`, or 0.
int InjectedFault(std::string_view operation);

std::string DirName(const std::string& path);
std::string BaseName(const std::string& path);
std::string JoinPath(const std::string& a, const std::string& b);

}  // namespace kittylog::platform
