// The merge driver's file access: its three inputs and its one output, %A.
//
// InputFile maps a file read-only (or reads it, when it cannot be mapped) so the merge sees it as
// bytes without a copy; Release() drops pages the merge is done with from the process (they are
// read back from the page cache if touched again), which keeps peak memory near one input plus
// what the branches added.
//
// WriteOurs puts the merged result (a list of pieces, views of the inputs) into %A, by the
// cheapest way that keeps DESIGN §8's "exit 2 leaves %A untouched":
//  - unchanged: the result is %A's current content byte for byte: nothing is written (mtime too);
//  - in place: the result shares a long prefix with %A (the usual merge: both sides share the
//    history): the bytes from the first difference k on are written over %A's tail (pwrite at k,
//    ftruncate when shorter). Before that the old tail is saved in memory; if a write or the
//    truncate fails, the old tail is written back and the old size restored, so %A ends
//    byte-identical to what it was (exit 2). Only a crash of the machine or a SIGKILL in the
//    middle of the write can leave a torn %A, as with git's own `merge-file`;
//  - replace: otherwise (k < half of %A, %A is a symlink, not a regular file, has other hard
//    links, is the same file as %O or %B, or changed since it was read) a temporary file beside
//    %A is written and renamed over it (AtomicOutput), atomic even against a crash.
// Nothing is fsynced: %A is git's scratch file, which git reads back at once.
// Faults can be injected with KITTYLOG_FAULT as in platform/file_io.h: "open" (opening %A or the
// temporary file), "write" (the replace path fails before writing; the in-place path fails after
// its first pwritev reached %A, so that the restore is exercised), "truncate" (in place, when
// the result is shorter) and "rename".
// Single-threaded use; errors are Status::Io values naming the path.
#pragma once

#include <sys/types.h>
#include <sys/uio.h>

#include <cstddef>
#include <memory>
#include <span>
#include <string>
#include <string_view>
#include <vector>

#include "base/status.h"

namespace kittylog::merge {

class InputFile {
 public:
  // A missing file is an empty input when `missing_is_empty`, else an error.
  static Result<std::unique_ptr<InputFile>> Open(const std::string& path, bool missing_is_empty);
  ~InputFile();
  InputFile(const InputFile&) = delete;
  InputFile& operator=(const InputFile&) = delete;

  std::string_view bytes() const { return {data_, size_}; }
  void Release(size_t offset, size_t length);

  // What fstat said when the file was opened (exists() false for a missing, empty input).
  bool exists() const { return exists_; }
  bool regular() const { return regular_; }
  bool SameFileAs(dev_t device, ino_t inode) const { return exists_ && device_ == device && inode_ == inode; }
  bool SameFileAs(const InputFile& other) const { return other.exists_ && SameFileAs(other.device_, other.inode_); }

 private:
  InputFile() = default;
  const char* data_ = "";
  size_t size_ = 0;
  void* mapping_ = nullptr;
  std::string owned_;  // when the file could not be mapped
  bool exists_ = false;
  bool regular_ = false;
  dev_t device_ = 0;
  ino_t inode_ = 0;
};

class AtomicOutput {
 public:
  static Result<std::unique_ptr<AtomicOutput>> Create(const std::string& target);
  ~AtomicOutput();  // removes the temporary file unless committed
  AtomicOutput(const AtomicOutput&) = delete;
  AtomicOutput& operator=(const AtomicOutput&) = delete;

  // Queues a view of `bytes` (written with writev, never copied): the bytes must stay valid
  // until Commit(). The first failure is kept and reported by Commit().
  void Write(std::string_view bytes);
  // Flushes, closes and renames the temporary file over the target.
  Status Commit();

 private:
  AtomicOutput(std::string target, std::string temp, int fd);
  void Flush();

  std::string target_;
  std::string temp_;
  int fd_ = -1;
  int error_ = 0;
  std::vector<struct iovec> pending_;
  bool committed_ = false;
};

// How WriteOurs wrote %A (for KITTYLOG_MERGE_STATS and the tests).
struct WriteReport {
  enum class Strategy { kUnchanged, kInPlace, kReplaced };
  Strategy strategy = Strategy::kReplaced;
  size_t first_difference = 0;  // k: result and %A's old content agree on [0, k)
  size_t result_size = 0;
  size_t bytes_written = 0;     // to %A (in place) or to the temporary file (replaced)
  std::string_view why_replaced;  // when not in place: the reason, in a few words
  bool restored = false;        // an in-place write failed and %A's old bytes were put back
};
std::string_view StrategyName(WriteReport::Strategy strategy);  // "unchanged", "in-place", "replaced"

// Writes the concatenation of `pieces` into `target`, whose content was read as `ours` (see the
// file comment for the strategy). `others` are the other inputs (%O, %B): %A is not written in
// place when it is one of them. The pieces must stay valid during the call; they may point into
// `ours`. On error, %A holds its old bytes (report->restored tells whether they were put back).
Status WriteOurs(const std::string& target, const InputFile& ours, std::span<const InputFile* const> others,
                 std::span<const struct iovec> pieces, WriteReport* report);

}  // namespace kittylog::merge
