#include "platform/file_io.h"

#include <dirent.h>
#include <fcntl.h>
#include <sys/file.h>
#include <sys/stat.h>
#include <unistd.h>

#include <algorithm>
#include <cerrno>
#include <cstdlib>
#include <cstring>

#include <fmt/format.h>

namespace kittylog::platform {
namespace {

Status IoError(std::string_view what, const std::string& path, int err) {
  return Status::Io(fmt::format("{}: {}: {}", path, what, std::strerror(err)));
}

int ErrnoFromName(std::string_view name) {
  static const struct { const char* name; int value; } kNames[] = {
      {"EIO", EIO}, {"ENOSPC", ENOSPC}, {"EACCES", EACCES}, {"EFBIG", EFBIG},
      {"EROFS", EROFS}, {"EPERM", EPERM}, {"EDQUOT", EDQUOT}};
  for (const auto& entry : kNames) {
    if (name == entry.name) return entry.value;
  }
  return EIO;
}

// Parses KITTYLOG_FAULT="op:ERRNO[,op:ERRNO]" once per process.
struct FaultTable {
  std::vector<std::pair<std::string, int>> faults;
  FaultTable() {
    const char* spec = std::getenv("KITTYLOG_FAULT");
    if (spec == nullptr) return;
    std::string_view rest(spec);
    while (!rest.empty()) {
      size_t comma = rest.find(',');
      std::string_view item = rest.substr(0, comma);
      size_t colon = item.find(':');
      if (colon != std::string_view::npos) {
        faults.emplace_back(std::string(item.substr(0, colon)), ErrnoFromName(item.substr(colon + 1)));
      }
      if (comma == std::string_view::npos) break;
      rest.remove_prefix(comma + 1);
    }
  }
};

int RetryingOpen(const char* path, int flags, mode_t mode = 0) {
  int fd;
  do {
    fd = ::open(path, flags | O_CLOEXEC, mode);
  } while (fd < 0 && errno == EINTR);
  return fd;
}

// Writes all of `bytes`; a regular file takes them in one write(2), the loop only covers
// signals and short writes (e.g. RLIMIT_FSIZE), which then surface as errors.
int WriteAll(int fd, std::string_view bytes) {
  if (int err = InjectedFault("write")) return err;
  while (!bytes.empty()) {
    ssize_t n = ::write(fd, bytes.data(), bytes.size());
    if (n < 0) {
      if (errno == EINTR) continue;
      return errno;
    }
    if (n == 0) return EIO;
    bytes.remove_prefix(static_cast<size_t>(n));
  }
  return 0;
}

int SyncFd(int fd) {
  if (int err = InjectedFault("fsync")) return err;
  return ::fsync(fd) == 0 ? 0 : errno;
}

// Opens `path` when it is a regular file (a symlink too with kFollow), else fails naming what it
// is. O_NONBLOCK makes opening a FIFO return at once (then refused); it is cleared again.
// With `missing`, an absent file sets it and gives -1 instead of an error.
Result<int> OpenRegular(const std::string& path, int flags, Links links, mode_t mode = 0, bool* missing = nullptr) {
  int fd = RetryingOpen(path.c_str(), flags | O_NONBLOCK | O_NOCTTY | (links == Links::kRefuse ? O_NOFOLLOW : 0), mode);
  if (fd < 0) {
    int err = errno;
    if (err == ENOENT && missing != nullptr) {
      *missing = true;
      return -1;
    }
    if (err == ELOOP && links == Links::kRefuse && IsSymlink(path)) return SymlinkRefused(path);
    if (err == ENXIO) return Status::Io(fmt::format("{}: is a FIFO, not a regular file", path));
    return IoError("open", path, err);
  }
  struct stat st;
  if (::fstat(fd, &st) != 0) {
    int err = errno;
    ::close(fd);
    return IoError("stat", path, err);
  }
  if (!S_ISREG(st.st_mode)) {  // a log is never a device or FIFO: /dev/zero would never end
    ::close(fd);
    return Status::Io(fmt::format("{}: is {}, not a regular file", path, DescribeType(FileTypeOfMode(st.st_mode))));
  }
  ::fcntl(fd, F_SETFL, ::fcntl(fd, F_GETFL) & ~O_NONBLOCK);
  return fd;
}

Status SyncDirectory(const std::string& dir) {
  int fd = RetryingOpen(dir.c_str(), O_RDONLY | O_DIRECTORY);
  if (fd < 0) return IoError("open directory", dir, errno);
  int err = SyncFd(fd);
  ::close(fd);
  return err == 0 ? Status::Ok() : IoError("fsync directory", dir, err);
}

}  // namespace

int InjectedFault(std::string_view operation) {
  static const FaultTable table;
  for (const auto& [op, err] : table.faults) {
    if (op == operation) return err;
  }
  return 0;
}

std::string DirName(const std::string& path) {
  size_t slash = path.rfind('/');
  if (slash == std::string::npos) return ".";
  if (slash == 0) return "/";
  return path.substr(0, slash);
}

std::string BaseName(const std::string& path) {
  size_t slash = path.rfind('/');
  return slash == std::string::npos ? path : path.substr(slash + 1);
}

std::string JoinPath(const std::string& a, const std::string& b) {
  if (a.empty() || b.starts_with('/')) return b;
  return a.back() == '/' ? a + b : a + "/" + b;
}

PaddedBuffer PaddedCopy(std::string_view bytes, size_t padding) {
  PaddedBuffer buffer;
  buffer.data.reset(new char[bytes.size() + padding]);
  std::memcpy(buffer.data.get(), bytes.data(), bytes.size());
  std::memset(buffer.data.get() + bytes.size(), 0, padding);
  buffer.size = bytes.size();
  return buffer;
}

Result<PaddedBuffer> ReadFilePadded(const std::string& path, size_t padding, Links links) {
  KL_ASSIGN_OR_RETURN(int fd, OpenRegular(path, O_RDONLY, links));
  struct stat st;
  if (::fstat(fd, &st) != 0) {
    int err = errno;
    ::close(fd);
    return IoError("stat", path, err);
  }
  PaddedBuffer buffer;
  size_t capacity = static_cast<size_t>(st.st_size);
  buffer.data.reset(new char[capacity + padding]);
  size_t used = 0;
  for (;;) {
    if (used == capacity) {
      // Read exactly the stat size; probe for bytes appended since stat before growing.
      char probe[4096];
      ssize_t extra = ::read(fd, probe, sizeof probe);
      if (extra < 0 && errno == EINTR) continue;
      if (extra <= 0) {
        if (extra < 0) {
          int err = errno;
          ::close(fd);
          return IoError("read", path, err);
        }
        break;
      }
      size_t grown = capacity * 2 + sizeof probe;
      std::unique_ptr<char[]> bigger(new char[grown + padding]);
      std::memcpy(bigger.get(), buffer.data.get(), used);
      std::memcpy(bigger.get() + used, probe, static_cast<size_t>(extra));
      buffer.data = std::move(bigger);
      capacity = grown;
      used += static_cast<size_t>(extra);
      continue;
    }
    ssize_t n = ::read(fd, buffer.data.get() + used, capacity - used);
    if (n < 0) {
      if (errno == EINTR) continue;
      int err = errno;
      ::close(fd);
      return IoError("read", path, err);
    }
    if (n == 0) break;
    used += static_cast<size_t>(n);
  }
  ::close(fd);
  buffer.size = used;
  std::memset(buffer.data.get() + used, 0, padding + (capacity - used));
  return buffer;
}

Result<FileDescriptor> OpenRegularFile(const std::string& path, Links links, bool* missing) {
  if (missing != nullptr) *missing = false;
  KL_ASSIGN_OR_RETURN(int fd, OpenRegular(path, O_RDONLY, links, 0, missing));
  return FileDescriptor(fd);
}

Result<std::string> ReadAll(int fd, std::string_view what) {
  std::string data;
  size_t used = 0;
  for (;;) {
    if (data.size() - used < 64 * 1024) data.resize(std::max<size_t>(256 * 1024, data.size() * 2));
    ssize_t n = ::read(fd, data.data() + used, data.size() - used);
    if (n < 0 && errno == EINTR) continue;
    if (n < 0) return Status::Io(fmt::format("{}: read: {}", what, std::strerror(errno)));
    if (n == 0) break;
    used += static_cast<size_t>(n);
  }
  data.resize(used);
  return data;
}

Result<std::string> ReadFile(const std::string& path, Links links) {
  KL_ASSIGN_OR_RETURN(PaddedBuffer buffer, ReadFilePadded(path, 0, links));
  return std::string(buffer.view());
}

FileType FileTypeOfMode(unsigned mode) {
  if (S_ISREG(mode)) return FileType::kRegular;
  if (S_ISDIR(mode)) return FileType::kDirectory;
  if (S_ISLNK(mode)) return FileType::kSymlink;
  if (S_ISFIFO(mode)) return FileType::kFifo;
  if (S_ISSOCK(mode)) return FileType::kSocket;
  return FileType::kDevice;
}

std::string_view DescribeType(FileType type) {
  switch (type) {
    case FileType::kMissing: return "missing";
    case FileType::kRegular: return "a regular file";
    case FileType::kDirectory: return "a directory";
    case FileType::kSymlink: return "a symbolic link";
    case FileType::kFifo: return "a FIFO";
    case FileType::kDevice: return "a device";
    case FileType::kSocket: return "a socket";
  }
  return "?";
}

FileIdentity Stat(const std::string& path, Links links) {
  struct stat st;
  if ((links == Links::kFollow ? ::stat(path.c_str(), &st) : ::lstat(path.c_str(), &st)) != 0) return {};
  FileIdentity id;
  id.exists = true;
  id.type = FileTypeOfMode(st.st_mode);
  id.size = static_cast<uint64_t>(st.st_size);
  id.mtime_ns = static_cast<int64_t>(st.st_mtim.tv_sec) * 1000000000 + st.st_mtim.tv_nsec;
  id.ctime_ns = static_cast<int64_t>(st.st_ctim.tv_sec) * 1000000000 + st.st_ctim.tv_nsec;
  id.inode = static_cast<uint64_t>(st.st_ino);
  return id;
}

bool IsDirectory(const std::string& path, Links links) { return Stat(path, links).type == FileType::kDirectory; }

std::string RealPath(const std::string& path) {
  char* resolved = ::realpath(path.c_str(), nullptr);
  if (resolved == nullptr) return path;
  std::string result(resolved);
  std::free(resolved);
  return result;
}

Status SymlinkRefused(const std::string& path, std::string_view remedy) {
  return Status::Io(fmt::format("{}: is a symbolic link; kittylog does not follow it (it could point outside the "
                                "repository){}{}",
                                path, remedy.empty() ? "" : ": ", remedy));
}

bool IsSymlink(const std::string& path) {
  struct stat st;
  return ::lstat(path.c_str(), &st) == 0 && S_ISLNK(st.st_mode);
}

Result<std::vector<std::string>> ListDirectory(const std::string& dir) {
  std::vector<std::string> names;
  int fd = RetryingOpen(dir.c_str(), O_RDONLY | O_DIRECTORY | O_NOFOLLOW);
  if (fd < 0) {
    if (errno == ENOENT) return names;
    if (errno == ELOOP || (errno == ENOTDIR && IsSymlink(dir))) return SymlinkRefused(dir);
    return IoError("list directory", dir, errno);
  }
  DIR* handle = ::fdopendir(fd);
  if (handle == nullptr) {
    int err = errno;
    ::close(fd);
    return IoError("list directory", dir, err);
  }
  while (struct dirent* entry = ::readdir(handle)) {
    std::string_view name(entry->d_name);
    if (name == "." || name == "..") continue;
    names.emplace_back(name);
  }
  ::closedir(handle);
  std::sort(names.begin(), names.end());
  return names;
}

Status MakeDirectories(const std::string& dir, Links links) {
  if (dir.empty() || IsDirectory(dir, links)) return Status::Ok();
  if (links == Links::kRefuse && IsSymlink(dir)) return SymlinkRefused(dir);
  std::string parent = DirName(dir);
  if (parent != dir) KL_RETURN_IF_ERROR(MakeDirectories(parent, links));
  if (::mkdir(dir.c_str(), 0777) != 0 && errno != EEXIST) return IoError("create directory", dir, errno);
  if (links == Links::kRefuse && IsSymlink(dir)) return SymlinkRefused(dir);
  if (!IsDirectory(dir, links)) return IoError("create directory", dir, ENOTDIR);
  return Status::Ok();
}

Status AppendDurably(const std::string& path, std::string_view bytes) {
  if (int err = InjectedFault("open")) return IoError("open", path, err);
  bool existed = Stat(path).exists;
  // O_NOFOLLOW: a daily file is tracked by git, and a symlink committed in its place must not
  // make an append land outside the repository; O_NONBLOCK: a FIFO must not block the open.
  KL_ASSIGN_OR_RETURN(int fd, OpenRegular(path, O_WRONLY | O_APPEND | O_CREAT, Links::kRefuse, 0666));
  struct stat before;
  const bool sized = ::fstat(fd, &before) == 0;
  int err = WriteAll(fd, bytes);
  if (err != 0) {
    // A short write (EFBIG past RLIMIT_FSIZE, ENOSPC) leaves a prefix of `bytes`: cut it off so
    // the file keeps whole lines. Best effort: if this fails too, readers report a torn tail.
    if (sized) (void)::ftruncate(fd, before.st_size);
    ::close(fd);
    return IoError("write", path, err);
  }
  err = SyncFd(fd);
  ::close(fd);
  if (err != 0) return IoError("fsync", path, err);
  if (!existed) return SyncDirectory(DirName(path));
  return Status::Ok();
}

int LastByte(const std::string& path) {
  Result<int> opened = OpenRegular(path, O_RDONLY, Links::kRefuse);
  if (!opened.ok()) return -1;
  int fd = *opened;
  struct stat st;
  int result = -1;
  if (::fstat(fd, &st) == 0 && st.st_size > 0) {
    unsigned char byte;
    if (::pread(fd, &byte, 1, st.st_size - 1) == 1) result = byte;
  }
  ::close(fd);
  return result;
}

Status AtomicReplace(const std::string& path, std::string_view bytes, bool sync_directory, bool sync_file) {
  std::string temp = fmt::format("{}.tmp-{}", path, ::getpid());
  if (int err = InjectedFault("open")) return IoError("open", temp, err);
  // O_EXCL | O_NOFOLLOW: the temp name is predictable, and whatever sits there (a committed
  // symlink, a crashed run's leftover) is removed, never written through.
  int fd = RetryingOpen(temp.c_str(), O_WRONLY | O_CREAT | O_EXCL | O_NOFOLLOW, 0666);
  if (fd < 0 && errno == EEXIST && RemoveFile(temp) == 0) {
    fd = RetryingOpen(temp.c_str(), O_WRONLY | O_CREAT | O_EXCL | O_NOFOLLOW, 0666);
  }
  if (fd < 0) return IoError("open", temp, errno);
  int err = WriteAll(fd, bytes);
  if (err == 0 && sync_file) err = SyncFd(fd);
  ::close(fd);
  if (err == 0) err = Rename(temp, path);
  if (err != 0) {
    RemoveFile(temp);
    return IoError("replace", path, err);
  }
  return sync_directory ? SyncDirectory(DirName(path)) : Status::Ok();
}

int Rename(const std::string& from, const std::string& to) {
  if (int err = InjectedFault("rename")) return err;
  return ::rename(from.c_str(), to.c_str()) == 0 ? 0 : errno;
}

int RemoveFile(const std::string& path) { return ::unlink(path.c_str()) == 0 ? 0 : errno; }

}  // namespace kittylog::platform
