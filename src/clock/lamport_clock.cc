#include "clock/lamport_clock.h"

#include <fmt/format.h>
#include <simdjson.h>

#include "event/event.h"
#include "event/timestamp.h"
#include "platform/file_io.h"

namespace kittylog {
namespace {

constexpr size_t kMaxClockFileSize = 4096;

ClockState Corrupt(const std::string& path, const std::string& why) {
  ClockState state;
  state.recovered = true;
  state.warning = fmt::format("{}: {}; recovering the clock from the log", path, why);
  return state;
}

}  // namespace

ClockState LoadClock(const std::string& path) {
  platform::FileIdentity identity = platform::Stat(path);
  if (!identity.exists) {
    ClockState state;
    state.recovered = true;
    return state;
  }
  if (platform::IsDirectory(path)) return Corrupt(path, "is a directory");
  if (identity.size > kMaxClockFileSize) return Corrupt(path, "larger than 4 KiB, not a clock file");
  Result<std::string> bytes = platform::ReadFile(path);
  if (!bytes.ok()) return Corrupt(path, bytes.status().message());
  simdjson::dom::parser parser;
  simdjson::dom::element root;
  if (parser.parse(*bytes).get(root) != simdjson::SUCCESS) return Corrupt(path, "not valid JSON");
  int64_t value;
  if (root["value"].get_int64().get(value) != simdjson::SUCCESS || value < 0 || value > kMaxLamportClock) {
    // Above the range it can only come from a line that is not an event (witnessed before
    // DESIGN §2 bounded clocks): recovering from the log unblocks the checkout.
    return Corrupt(path, "\"value\" must be an integer in 0..2^53-1");
  }
  ClockState state;
  state.value = value;
  return state;
}

std::string EncodeClock(int64_t value, int64_t epoch_millis) {
  return fmt::format("{{\"value\":{},\"last_updated\":\"{}\"}}\n", value, FormatTimestamp(epoch_millis));
}

Status SaveClock(const std::string& path, int64_t value, int64_t epoch_millis) {
  // No directory fsync: if a power failure loses the rename, the old value is read back and the
  // next tick still takes max(stored, highest clock in the log), so no clock can repeat.
  return platform::AtomicReplace(path, EncodeClock(value, epoch_millis), /*sync_directory=*/false);
}

}  // namespace kittylog
