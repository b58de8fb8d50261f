#include "platform/file_descriptor.h"

#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cerrno>
#include <cstdlib>

#include "platform/file_io.h"

namespace kittylog::platform {

FileDescriptor::~FileDescriptor() {
  if (fd_ >= 0) ::close(fd_);
}

FileDescriptor& FileDescriptor::operator=(FileDescriptor&& other) noexcept {
  if (this != &other) {
    if (fd_ >= 0) ::close(fd_);
    fd_ = std::exchange(other.fd_, -1);
  }
  return *this;
}

int FileDescriptor::Close() {
  // Not retried on EINTR: on Linux the descriptor is released even then (close(2), NOTES).
  int fd = std::exchange(fd_, -1);
  return fd < 0 || ::close(fd) == 0 ? 0 : errno;
}

FileDescriptor OpenForReading(const std::string& path) {
  if (int err = InjectedFault("open")) {
    errno = err;
    return FileDescriptor();
  }
  int fd;
  do {
    fd = ::open(path.c_str(), O_RDONLY | O_CLOEXEC | O_NOFOLLOW | O_NONBLOCK);
  } while (fd < 0 && errno == EINTR);
  return FileDescriptor(fd);
}

FileType TypeOf(const FileDescriptor& file) {
  struct stat st;
  if (!file.valid() || ::fstat(file.get(), &st) != 0) return FileType::kMissing;
  return FileTypeOfMode(st.st_mode);
}

int ReadAt(const FileDescriptor& file, uint64_t offset, char* out, size_t length, size_t* read) {
  size_t used = 0;
  while (used < length) {
    ssize_t n = ::pread(file.get(), out + used, length - used, static_cast<off_t>(offset + used));
    if (n < 0 && errno == EINTR) continue;
    if (n < 0) {
      *read = used;
      return errno;
    }
    if (n == 0) break;
    used += static_cast<size_t>(n);
  }
  *read = used;
  return 0;
}

FileDescriptor CreateTemporaryFile(std::string& pattern) {
  if (int err = InjectedFault("open")) {
    errno = err;
    return FileDescriptor();
  }
  return FileDescriptor(::mkostemp(pattern.data(), O_CLOEXEC));
}

FileDescriptor OpenForWriting(const std::string& path) {
  if (int err = InjectedFault("open")) {
    errno = err;
    return FileDescriptor();
  }
  int fd;
  do {
    fd = ::open(path.c_str(), O_WRONLY | O_CLOEXEC | O_NOFOLLOW);
  } while (fd < 0 && errno == EINTR);
  return FileDescriptor(fd);
}

int Truncate(const FileDescriptor& file, uint64_t size) {
  while (::ftruncate(file.get(), static_cast<off_t>(size)) != 0) {
    if (errno != EINTR) return errno;
  }
  return 0;
}

}  // namespace kittylog::platform
