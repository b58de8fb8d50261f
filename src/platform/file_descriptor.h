// An open file descriptor that closes itself, and the few ways kittylog opens one directly
// (instead of reading or replacing a whole file through file_io.h): for callers that map a file,
// write at offsets or keep a file open across reads, chiefly the merge driver (mergedriver/).
//
// Failures are errno values, not Status: a function returning a FileDescriptor returns an
// invalid one with errno set, and int results are 0 or an errno, so each caller words the
// failure as its own messages do. KITTYLOG_FAULT=open:ERRNO (file_io.h) fails the opens here
// before the system call. Thread-compatible; a FileDescriptor is moved, never copied.
#pragma once

#include <cstddef>
#include <cstdint>
#include <string>
#include <utility>

namespace kittylog::platform {

enum class FileType;  // file_io.h

class FileDescriptor {
 public:
  FileDescriptor() = default;
  explicit FileDescriptor(int fd) : fd_(fd) {}
  ~FileDescriptor();
  FileDescriptor(FileDescriptor&& other) noexcept : fd_(std::exchange(other.fd_, -1)) {}
  FileDescriptor& operator=(FileDescriptor&& other) noexcept;
  FileDescriptor(const FileDescriptor&) = delete;
  FileDescriptor& operator=(const FileDescriptor&) = delete;

  int get() const { return fd_; }
  bool valid() const { return fd_ >= 0; }
  // Closes now: 0, or close(2)'s errno (a delayed write error on network file systems). The
  // descriptor is invalid afterwards either way.
  [[nodiscard]] int Close();

 private:
  int fd_ = -1;
};

// Opens `path` read-only for reads at offsets: a symbolic link is refused (ELOOP), never
// followed, and a FIFO does not block the open (O_NONBLOCK; check the type before reading).
FileDescriptor OpenForReading(const std::string& path);

// The type of the open file (fstat(2)); kMissing when it cannot be examined.
FileType TypeOf(const FileDescriptor& file);

// Reads up to `length` bytes at `offset` into `out` (pread(2), retried on signals and short
// reads): fewer only at end of file. `*read` is the number of bytes read; 0 or the errno.
int ReadAt(const FileDescriptor& file, uint64_t offset, char* out, size_t length, size_t* read);

// Creates and opens a new file from `pattern`, whose last six characters are "XXXXXX" and are
// replaced in place by the name chosen (mkostemp(3): O_EXCL, mode 0600, close-on-exec).
FileDescriptor CreateTemporaryFile(std::string& pattern);

// Opens an existing file for writing at offsets: no O_CREAT, no O_TRUNC, no O_APPEND; a symbolic
// link at `path` is refused (ELOOP), never followed.
FileDescriptor OpenForWriting(const std::string& path);

// ftruncate(2) to `size` bytes, retried when a signal interrupts it: 0 or the errno.
int Truncate(const FileDescriptor& file, uint64_t size);

}  // namespace kittylog::platform
