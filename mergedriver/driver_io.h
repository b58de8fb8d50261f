// The merge driver's file access: its three inputs and its one output, %A.
//
// InputFile maps a file read-only (or reads it, when it cannot be mapped) so the merge sees it as
// bytes without a copy; Release() drops pages the merge is done with from the process (they are
// read back from the page cache if touched again), which keeps peak memory near one input plus
// what the branches added.
//
// OursOutput puts the merged result (pieces, views of the inputs) into %A, by the cheapest way
// that keeps DESIGN §8's "exit 2 leaves %A untouched". It compares the pieces with %A's content
// as they come; at the first differing byte k it chooses:
//  - unchanged: no difference at all: nothing is written (not even the mtime changes);
//  - in place: k is at least half of %A (the usual merge: both sides share the history, the
//    branches appended): result[k, end) is written over %A's tail (pwritev at k, ftruncate when
//    shorter). The space the result adds is reserved first (fallocate), so a full disk fails
//    before any byte changes; %A's old tail is saved in memory, and if a write or the truncate
//    fails anyway it is written back and the old size restored: %A ends byte-identical (exit 2).
//    Only a machine crash or a SIGKILL in the middle of the write can leave a torn %A (as with
//    git's own `merge-file`, which truncates and rewrites %A);
//  - replace: otherwise (k early, or %A is a symlink, not a regular file, has other hard links,
//    is also %O or %B, changed since it was read, or cannot be opened for writing) a temporary
//    file beside %A gets %A's first k bytes and the rest, and is renamed over %A (AtomicOutput):
//    atomic even against a crash.
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
#include <string>
#include <string_view>
#include <vector>

#include "base/status.h"
#include "platform/file_descriptor.h"

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
  AtomicOutput(std::string target, std::string temp, platform::FileDescriptor fd);
  void Flush();

  std::string target_;
  std::string temp_;
  platform::FileDescriptor fd_;
  int error_ = 0;
  std::vector<struct iovec> pending_;
  bool committed_ = false;
};

// How OursOutput wrote %A (for KITTYLOG_MERGE_STATS and the tests).
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

// The merge's output into %A (see the file comment for the strategy). Write() is the merge's
// ByteSink: it compares the pieces with %A's old content as they come, and from the first
// difference k on keeps them (in place: views, not copies; they must stay valid until Finish())
// or streams them into the temporary file. Finish() writes. On error %A holds its old bytes
// (report().restored tells whether they had to be put back), except in the rare case the
// message says it could not restore them.
class OursOutput {
 public:
  // `ours` is %A as read (its bytes must stay valid); `others` are the other inputs (%O, %B):
  // %A is not written in place when it is one of them.
  OursOutput(std::string target, const InputFile& ours, std::vector<const InputFile*> others);
  ~OursOutput();  // removes a temporary file that was not committed
  OursOutput(const OursOutput&) = delete;
  OursOutput& operator=(const OursOutput&) = delete;

  void Write(std::string_view bytes);
  Status Finish();
  const WriteReport& report() const { return report_; }

 private:
  enum class Mode { kComparing, kInPlace, kReplacing, kFailed };
  std::string_view InPlaceObstacle(size_t first_difference) const;
  void Diverge(size_t first_difference);
  void StartReplacing();
  bool WriteInPlace();

  std::string target_;
  std::string_view ours_;
  const InputFile& ours_file_;
  std::vector<const InputFile*> others_;
  Mode mode_ = Mode::kComparing;
  size_t position_ = 0;              // kComparing: result bytes seen, all equal to ours'
  std::vector<struct iovec> tail_;   // kInPlace: result[k, end) as views
  std::unique_ptr<AtomicOutput> replacement_;
  Status error_ = Status::Ok();
  WriteReport report_;
};

}  // namespace kittylog::merge
