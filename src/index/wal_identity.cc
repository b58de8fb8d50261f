#include "index/wal_identity.h"

#include <fmt/format.h>

#include "index/freshness.h"
#include "platform/file_io.h"

namespace kittylog::index_internal {
namespace {

constexpr uint64_t kWalHeaderSize = 32;  // https://www.sqlite.org/fileformat.html#wal_file_format

}  // namespace

std::string WalHeader(const std::string& index_path) {
  const std::string wal = index_path + "-wal";
  if (platform::Stat(wal).size < kWalHeaderSize) return "";
  Result<platform::PaddedBuffer> header = ReadRange(wal, 0, kWalHeaderSize);
  if (!header.ok() || header->size < kWalHeaderSize) return "";
  std::string hex;
  for (size_t i = 0; i < kWalHeaderSize; ++i) hex += fmt::format("{:02x}", static_cast<unsigned char>(header->data[i]));
  return hex + "\n";
}

namespace {

std::string Recorded(const std::string& index_path) {
  Result<std::string> recorded = platform::ReadFile(WalIdentityPath(index_path));
  return recorded.ok() ? *recorded : "";
}

}  // namespace

std::string WalIdentityPath(const std::string& index_path) { return index_path + "-walid"; }

bool WalIsRecorded(const std::string& index_path) {
  if (platform::Stat(index_path + "-wal").size == 0) return true;
  std::string header = WalHeader(index_path);
  return !header.empty() && header == Recorded(index_path);
}

void RecordWal(const std::string& index_path) {
  std::string header = WalHeader(index_path);
  if (header.empty() || header == Recorded(index_path)) return;
  (void)platform::AtomicReplace(WalIdentityPath(index_path), header, /*sync_directory=*/false, /*sync_file=*/false);
}

}  // namespace kittylog::index_internal
