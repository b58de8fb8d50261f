#include "index/log_lines.h"

#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cerrno>
#include <cstring>

#include <fmt/format.h>

#include "platform/file_io.h"

namespace kittylog::index_internal {

LineFetcher::~LineFetcher() {
  for (auto& [file_id, fd] : descriptors_) ::close(fd);
}

Result<int> LineFetcher::Descriptor(int64_t file_id) {
  auto it = descriptors_.find(file_id);
  if (it != descriptors_.end()) return it->second;
  KL_ASSIGN_OR_RETURN(Statement name, db_.Prepare("SELECT name FROM files WHERE file_id = ?1"));
  name.Bind(1, file_id);
  KL_ASSIGN_OR_RETURN(bool found, name.Step());
  if (!found) {
    db_.MarkDamaged();
    return Status::Io(fmt::format("{}: an event row names file {} that is not indexed", db_.path(), file_id));
  }
  const std::string path = events_dir_ + "/" + std::string(name.Text(0));
  if (int fault = platform::InjectedFault("open")) {
    return Status::Io(fmt::format("{}: open: {}", path, std::strerror(fault)));
  }
  int fd;
  do {
    fd = ::open(path.c_str(), O_RDONLY | O_CLOEXEC | O_NOFOLLOW | O_NONBLOCK);  // never a link, never a FIFO wait
  } while (fd < 0 && errno == EINTR);
  if (fd < 0) return Status::Io(fmt::format("{}: {}: {}", path, kChangedSinceIndexed, std::strerror(errno)));
  struct stat st;
  if (::fstat(fd, &st) != 0 || !S_ISREG(st.st_mode)) {
    ::close(fd);
    return Status::Io(fmt::format("{}: {}: not a regular file", path, kChangedSinceIndexed));
  }
  descriptors_.emplace(file_id, fd);
  return fd;
}

Result<std::string_view> LineFetcher::Line(int64_t file_id, uint64_t offset) {
  KL_ASSIGN_OR_RETURN(int fd, Descriptor(file_id));
  // Read from the byte before the line (it must be "\n") until a "\n" ends the line.
  const uint64_t start = offset == 0 ? 0 : offset - 1;
  const size_t skip = offset == 0 ? 0 : 1;
  for (size_t want = 1024;; want *= 4) {
    buffer_.resize(want);
    size_t used = 0;
    while (used < want) {
      ssize_t n = ::pread(fd, buffer_.data() + used, want - used, static_cast<off_t>(start + used));
      if (n < 0 && errno == EINTR) continue;
      if (n < 0) return Status::Io(fmt::format("file {}: read: {}", file_id, std::strerror(errno)));
      if (n == 0) break;
      used += static_cast<size_t>(n);
    }
    if (used <= skip || (skip == 1 && buffer_[0] != '\n')) {
      return Status::Io(fmt::format("a daily file {}", kChangedSinceIndexed));
    }
    std::string_view data(buffer_.data() + skip, used - skip);
    size_t end = data.find('\n');
    if (end == std::string_view::npos && used == want) continue;  // longer line: read more
    std::string_view line = data.substr(0, end);
    if (!line.empty() && line.back() == '\r') line.remove_suffix(1);
    return line;
  }
}

}  // namespace kittylog::index_internal
