#include "mergedriver/driver_io.h"

#include <fcntl.h>
#include <sys/mman.h>
#include <sys/stat.h>
#include <sys/uio.h>
#include <unistd.h>

#include <algorithm>
#include <cerrno>
#include <climits>
#include <cstring>
#include <functional>

#include <fmt/format.h>

#include "platform/file_io.h"

namespace kittylog::merge {
namespace {


Status IoError(std::string_view what, const std::string& path, int err) {
  return Status::Io(fmt::format("{}: {}: {}", path, what, std::strerror(err)));
}

// Writes all of `pieces` (consumed as it goes); loops over signals and short writes.
int WriteAll(int fd, std::vector<struct iovec>& pieces) {
  if (int err = platform::InjectedFault("write")) return err;
  size_t first = 0;
  while (first < pieces.size()) {
    int count = static_cast<int>(std::min<size_t>(pieces.size() - first, IOV_MAX));
    ssize_t n = ::writev(fd, pieces.data() + first, count);
    if (n < 0) {
      if (errno == EINTR) continue;
      return errno;
    }
    if (n == 0) return EIO;
    size_t written = static_cast<size_t>(n);
    while (first < pieces.size() && written >= pieces[first].iov_len) written -= pieces[first++].iov_len;
    if (written > 0) {
      pieces[first].iov_base = static_cast<char*>(pieces[first].iov_base) + written;
      pieces[first].iov_len -= written;
    }
  }
  return 0;
}

}  // namespace

Result<std::unique_ptr<InputFile>> InputFile::Open(const std::string& path, bool missing_is_empty) {
  std::unique_ptr<InputFile> file(new InputFile());
  // Regular files only (DESIGN §8): /dev/zero or a FIFO would be read without end. git names the
  // inputs itself, so a symlink is followed.
  bool missing = false;
  KL_ASSIGN_OR_RETURN(platform::FileDescriptor fd,
                      platform::OpenRegularFile(path, platform::Links::kFollow, missing_is_empty ? &missing : nullptr));
  if (missing) return file;
  struct stat st;
  if (::fstat(fd.get(), &st) != 0) return IoError("stat", path, errno);
  file->exists_ = true;
  file->regular_ = S_ISREG(st.st_mode);
  file->device_ = st.st_dev;
  file->inode_ = st.st_ino;
  if (S_ISREG(st.st_mode) && st.st_size > 0) {
    void* mapping = ::mmap(nullptr, static_cast<size_t>(st.st_size), PROT_READ, MAP_PRIVATE, fd.get(), 0);
    if (mapping != MAP_FAILED) {
      file->mapping_ = mapping;
      file->data_ = static_cast<const char*>(mapping);
      file->size_ = static_cast<size_t>(st.st_size);
      return file;
    }
  }
  // Not mappable (an empty file, a file system without mmap): read it.
  KL_ASSIGN_OR_RETURN(file->owned_, platform::ReadAll(fd.get(), path));
  file->data_ = file->owned_.data();
  file->size_ = file->owned_.size();
  return file;
}

InputFile::~InputFile() {
  if (mapping_ != nullptr) ::munmap(mapping_, size_);
}

void InputFile::Release(size_t offset, size_t length) {
  if (mapping_ == nullptr || offset >= size_) return;
  static const size_t kPage = static_cast<size_t>(::sysconf(_SC_PAGESIZE));
  size_t begin = (offset + kPage - 1) / kPage * kPage;  // whole pages inside the range only
  size_t end = std::min(offset + length, size_) / kPage * kPage;
  if (begin < end) ::madvise(static_cast<char*>(mapping_) + begin, end - begin, MADV_DONTNEED);
}

Result<std::unique_ptr<AtomicOutput>> AtomicOutput::Create(const std::string& target) {
  std::string temp = platform::JoinPath(platform::DirName(target),
                                        "." + platform::BaseName(target) + ".kittylog-merge-XXXXXX");
  platform::FileDescriptor fd = platform::CreateTemporaryFile(temp);
  if (!fd.valid()) return IoError("create temporary file", temp, errno);
  struct stat st;
  if (::stat(target.c_str(), &st) == 0) ::fchmod(fd.get(), st.st_mode & 07777);  // keep %A's mode
  return std::unique_ptr<AtomicOutput>(new AtomicOutput(target, std::move(temp), std::move(fd)));
}

AtomicOutput::AtomicOutput(std::string target, std::string temp, platform::FileDescriptor fd)
    : target_(std::move(target)), temp_(std::move(temp)), fd_(std::move(fd)) {
  pending_.reserve(IOV_MAX);
}

AtomicOutput::~AtomicOutput() {
  fd_ = platform::FileDescriptor();  // closed before the temporary file is removed
  if (!committed_) platform::RemoveFile(temp_);
}

void AtomicOutput::Flush() {
  if (error_ == 0 && !pending_.empty()) error_ = WriteAll(fd_.get(), pending_);
  pending_.clear();
}

void AtomicOutput::Write(std::string_view bytes) {
  if (error_ != 0 || bytes.empty()) return;
  pending_.push_back({const_cast<char*>(bytes.data()), bytes.size()});
  if (pending_.size() == IOV_MAX) Flush();
}

Status AtomicOutput::Commit() {
  Flush();
  if (error_ != 0) return IoError("write", temp_, error_);
  if (int err = fd_.Close()) return IoError("close", temp_, err);
  if (int err = platform::Rename(temp_, target_)) return IoError("replace", target_, err);
  committed_ = true;
  return Status::Ok();
}

namespace {

uintptr_t Address(const void* p) { return reinterpret_cast<uintptr_t>(p); }

// Length of the common prefix of a[0, n) and b[0, n).
size_t SameBytes(const char* a, const char* b, size_t n) {
  if (a == b || std::memcmp(a, b, n) == 0) return n;
  size_t at = 0;
  while (a[at] == b[at]) ++at;
  return at;
}

// pwritev of all of `pieces` at `offset` (consumed as it goes); loops over signals and short
// writes. `after_first_batch` runs once the first batch reached the file (fault injection).
int PwriteAll(int fd, std::vector<struct iovec>& pieces, off_t offset, size_t* written,
              const std::function<int()>& after_first_batch = {}) {
  size_t first = 0;
  bool first_batch = true;
  while (first < pieces.size()) {
    int count = static_cast<int>(std::min<size_t>(pieces.size() - first, IOV_MAX));
    ssize_t n = ::pwritev(fd, pieces.data() + first, count, offset);
    if (n < 0) {
      if (errno == EINTR) continue;
      return errno;
    }
    if (n == 0) return EIO;
    size_t done = static_cast<size_t>(n);
    offset += n;
    *written += done;
    while (first < pieces.size() && done >= pieces[first].iov_len) done -= pieces[first++].iov_len;
    if (done > 0) {
      pieces[first].iov_base = static_cast<char*>(pieces[first].iov_base) + done;
      pieces[first].iov_len -= done;
    }
    if (first_batch && after_first_batch) {
      first_batch = false;
      if (int err = after_first_batch()) return err;
    }
  }
  return 0;
}

// Puts %A's old tail `saved` back at `offset` and its old size; returns 0 or an errno.
int Restore(const platform::FileDescriptor& file, std::string_view saved, size_t offset) {
  std::vector<struct iovec> piece;
  if (!saved.empty()) piece.push_back({const_cast<char*>(saved.data()), saved.size()});
  size_t ignored = 0;
  if (int err = PwriteAll(file.get(), piece, static_cast<off_t>(offset), &ignored)) return err;
  return platform::Truncate(file, offset + saved.size());
}

}  // namespace

std::string_view StrategyName(WriteReport::Strategy strategy) {
  switch (strategy) {
    case WriteReport::Strategy::kUnchanged: return "unchanged";
    case WriteReport::Strategy::kInPlace: return "in-place";
    case WriteReport::Strategy::kReplaced: break;
  }
  return "replaced";
}

OursOutput::OursOutput(std::string target, const InputFile& ours, std::vector<const InputFile*> others)
    : target_(std::move(target)), ours_(ours.bytes()), ours_file_(ours), others_(std::move(others)) {}

OursOutput::~OursOutput() = default;

void OursOutput::Write(std::string_view bytes) {
  if (bytes.empty()) return;
  switch (mode_) {
    case Mode::kComparing: {
      size_t comparable = std::min(bytes.size(), ours_.size() - position_);
      size_t same = SameBytes(bytes.data(), ours_.data() + position_, comparable);
      if (same == bytes.size()) {
        position_ += same;
        return;
      }
      Diverge(position_ + same);  // a different byte, or ours ends inside this piece
      Write(bytes.substr(same));
      return;
    }
    case Mode::kInPlace:
      tail_.push_back({const_cast<char*>(bytes.data()), bytes.size()});
      report_.result_size += bytes.size();
      return;
    case Mode::kReplacing:
      replacement_->Write(bytes);
      report_.result_size += bytes.size();
      return;
    case Mode::kFailed:
      return;
  }
}

// Why %A must not be written in place, k being the first difference (empty: it may be).
std::string_view OursOutput::InPlaceObstacle(size_t k) const {
  if (k == 0 || k < ours_.size() / 2) return "the result rewrites most of %A";
  if (!ours_file_.regular()) return "%A is not a regular file";
  for (const InputFile* other : others_) {
    if (other != nullptr && ours_file_.SameFileAs(*other)) return "%A is also an input";
  }
  struct stat st;
  if (::lstat(target_.c_str(), &st) != 0) return "%A cannot be examined";
  if (S_ISLNK(st.st_mode)) return "%A is a symbolic link";
  if (!S_ISREG(st.st_mode)) return "%A is not a regular file";
  if (st.st_nlink != 1) return "%A has other hard links";
  if (!ours_file_.SameFileAs(st.st_dev, st.st_ino)) return "%A changed since it was read";
  return {};
}

// The result first differs from %A's old content at byte k: from here on the pieces are kept
// for an in-place write, or go to a temporary file that replaces %A.
void OursOutput::Diverge(size_t k) {
  report_.first_difference = k;
  report_.result_size = k;
  report_.why_replaced = InPlaceObstacle(k);
  if (report_.why_replaced.empty()) {
    mode_ = Mode::kInPlace;
    return;
  }
  StartReplacing();
}

// Starts the temporary file with result[0, k) = %A's own first k bytes.
void OursOutput::StartReplacing() {
  Result<std::unique_ptr<AtomicOutput>> output = AtomicOutput::Create(target_);
  if (!output.ok()) {
    mode_ = Mode::kFailed;
    error_ = Status::Io(fmt::format("{} (nothing written)", output.status().message()));
    return;
  }
  replacement_ = std::move(*output);
  replacement_->Write(ours_.substr(0, report_.first_difference));
  mode_ = Mode::kReplacing;
}

Status OursOutput::Finish() {
  if (mode_ == Mode::kComparing) {
    if (position_ == ours_.size()) {  // the result is %A's content
      report_.strategy = WriteReport::Strategy::kUnchanged;
      report_.first_difference = report_.result_size = position_;
      return Status::Ok();
    }
    Diverge(position_);  // the result is a strict prefix of %A: only a truncate
  }
  if (mode_ == Mode::kInPlace) {
    report_.strategy = WriteReport::Strategy::kInPlace;
    if (WriteInPlace()) return error_;
    // Nothing was changed: replace %A after all (the tail pieces are intact).
    std::vector<struct iovec> tail = std::move(tail_);
    size_t size = report_.result_size;
    StartReplacing();
    for (const struct iovec& piece : tail) {
      Write(std::string_view(static_cast<const char*>(piece.iov_base), piece.iov_len));
    }
    report_.result_size = size;
  }
  report_.strategy = WriteReport::Strategy::kReplaced;
  if (mode_ == Mode::kFailed) return error_;
  if (Status committed = replacement_->Commit(); !committed.ok()) {
    return Status::Io(fmt::format("{} (nothing written)", committed.message()));
  }
  report_.bytes_written = report_.result_size;
  return Status::Ok();
}

// Writes result[k, end) over %A's tail, restoring %A's old bytes if that fails. Returns false
// when nothing was changed and %A should be replaced instead (report_.why_replaced says why);
// true when done, error_ then holding the outcome.
bool OursOutput::WriteInPlace() {
  size_t k = report_.first_difference;
  size_t size = report_.result_size;
  error_ = Status::Ok();
  platform::FileDescriptor file = platform::OpenForWriting(target_);
  if (!file.valid()) {
    report_.why_replaced = "%A cannot be opened for writing";
    return false;
  }
  struct stat st;
  if (::fstat(file.get(), &st) != 0 || !S_ISREG(st.st_mode) || st.st_nlink != 1 ||
      static_cast<uint64_t>(st.st_size) != ours_.size() || !ours_file_.SameFileAs(st.st_dev, st.st_ino)) {
    report_.why_replaced = "%A changed since it was read";
    return false;
  }
  // Reserve the space the result adds first: a full disk then fails before any byte of %A
  // changes. Not every file system can (EOPNOTSUPP): then the restore below is the safety net.
  if (size > ours_.size() &&
      ::fallocate(file.get(), FALLOC_FL_KEEP_SIZE, static_cast<off_t>(ours_.size()),
                  static_cast<off_t>(size - ours_.size())) != 0 &&
      (errno == ENOSPC || errno == EDQUOT || errno == EFBIG)) {
    error_ = Status::Io(fmt::format("{}: write: {} (nothing written)", target_, std::strerror(errno)));
    return true;
  }
  // %A's old tail, kept in memory: the restore needs it, and the pieces that are ours' own bytes
  // past k (ours' added lines that now sort after theirs', history lines that moved) must not be
  // read back from the mapping while the file under it is being overwritten.
  size_t old_tail = ours_.size() - k;
  std::unique_ptr<char[]> saved(new char[std::max<size_t>(old_tail, 1)]);
  std::memcpy(saved.get(), ours_.data() + k, old_tail);
  uintptr_t moving_begin = Address(ours_.data() + k), moving_end = Address(ours_.data() + ours_.size());
  std::vector<struct iovec> writes;
  writes.reserve(tail_.size() + 1);
  for (const struct iovec& piece : tail_) {
    char* bytes = static_cast<char*>(piece.iov_base);
    size_t length = piece.iov_len;
    uintptr_t begin = Address(bytes);
    if (begin < moving_end && begin + length > moving_begin) {  // bytes of ours past k
      if (begin < moving_begin) {  // a piece that straddles k: its head is not rewritten
        size_t head = moving_begin - begin;
        writes.push_back({bytes, head});
        bytes += head, length -= head, begin = moving_begin;
      }
      bytes = saved.get() + (begin - moving_begin);
    }
    writes.push_back({bytes, length});
  }
  int err = PwriteAll(file.get(), writes, static_cast<off_t>(k), &report_.bytes_written,
                      [] { return platform::InjectedFault("write"); });
  std::string_view what = "write";
  if (err == 0 && size < ours_.size()) {
    what = "truncate";
    err = platform::InjectedFault("truncate");
    if (err == 0) err = platform::Truncate(file, size);
  }
  if (err == 0) {
    err = file.Close();
    if (err == 0) return true;
    what = "close";  // a delayed write error (network file systems): put the old bytes back
    file = platform::OpenForWriting(target_);
  }
  int restore_err = !file.valid() ? errno : Restore(file, std::string_view(saved.get(), old_tail), k);
  if (int err_closing = file.Close(); err_closing != 0 && restore_err == 0) restore_err = err_closing;
  report_.restored = restore_err == 0;
  if (restore_err == 0) {
    error_ = Status::Io(fmt::format("{}: {}: {} (its old bytes were written back: unchanged)", target_, what,
                                    std::strerror(err)));
  } else {
    error_ = Status::Io(fmt::format("{}: {}: {}; writing its old bytes back failed too: {}: %A may be damaged",
                                    target_, what, std::strerror(err), std::strerror(restore_err)));
  }
  return true;
}

}  // namespace kittylog::merge
