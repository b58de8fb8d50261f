#include "index/log_lines.h"

#include <cerrno>
#include <cstring>

#include <fmt/format.h>

#include "platform/file_io.h"

namespace kittylog::index_internal {

LineFetcher::~LineFetcher() = default;

Result<const platform::FileDescriptor*> LineFetcher::Descriptor(int64_t file_id) {
  auto it = descriptors_.find(file_id);
  if (it != descriptors_.end()) return &it->second;
  // All names at once (a WP's history touches most of the daily files), read again when a
  // file_id is not among them: a query that reads page after page outside one transaction may
  // meet a daily file another process indexed since the names were read.
  auto name = names_.find(file_id);
  if (name == names_.end()) {
    names_.clear();
    KL_ASSIGN_OR_RETURN(Statement names, db_.Prepare("SELECT file_id, name FROM files"));
    for (;;) {
      KL_ASSIGN_OR_RETURN(bool row, names.Step());
      if (!row) break;
      names_.emplace(names.Int(0), std::string(names.Text(1)));
    }
    name = names_.find(file_id);
  }
  if (name == names_.end()) {
    db_.MarkDamaged();
    return Status::Io(fmt::format("{}: an event row names file {} that is not indexed", db_.path(), file_id));
  }
  const std::string path = events_dir_ + "/" + name->second;
  platform::FileDescriptor file = platform::OpenForReading(path);  // never a link, never a FIFO wait
  if (!file.valid()) {
    // An injected fault keeps the words of a failing disk; a real failure here means the file
    // was replaced or removed since it was indexed.
    int err = errno;
    if (platform::InjectedFault("open") != 0) return Status::Io(fmt::format("{}: open: {}", path, std::strerror(err)));
    return Status::Io(fmt::format("{}: {}: {}", path, kChangedSinceIndexed, std::strerror(err)));
  }
  if (platform::TypeOf(file) != platform::FileType::kRegular) {
    return Status::Io(fmt::format("{}: {}: not a regular file", path, kChangedSinceIndexed));
  }
  return &descriptors_.emplace(file_id, std::move(file)).first->second;
}

Result<std::string_view> LineFetcher::Line(int64_t file_id, uint64_t offset) {
  KL_ASSIGN_OR_RETURN(const platform::FileDescriptor* file, Descriptor(file_id));
  // Read from the byte before the line (it must be "\n") until a "\n" ends the line.
  const uint64_t start = offset == 0 ? 0 : offset - 1;
  const size_t skip = offset == 0 ? 0 : 1;
  // 1 KiB holds nearly every line (350-430 bytes in the benchmarks' logs); a longer line reads
  // again. 512 was tried: the lines above it then cost two reads, and the post-merge hook of the
  // hook benchmark (428 bytes a line) took 657 ms instead of 389.
  for (size_t want = 1024;; want *= 4) {
    buffer_.resize(want + kLinePadding);  // the padding is never read into: it stays readable after any line
    size_t used = 0;
    if (int err = platform::ReadAt(*file, start, buffer_.data(), want, &used)) {
      return Status::Io(fmt::format("file {}: read: {}", file_id, std::strerror(err)));
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
