#include "store/event_store.h"

#include <algorithm>

#include <fmt/format.h>
#include <simdjson.h>

#include "clock/lamport_clock.h"
#include "event/event_codec.h"
#include "event/event_validation.h"
#include "event/line_reader.h"
#include "event/log_files.h"
#include "event/timestamp.h"
#include "index/event_index.h"
#include "platform/system.h"

namespace kittylog {

EventStore::EventStore(LogLayout layout, std::unique_ptr<platform::FileLock> lock)
    : layout_(std::move(layout)), lock_(std::move(lock)) {}

EventStore::~EventStore() = default;

Result<std::unique_ptr<EventStore>> EventStore::Open(const LogLayout& layout, const StoreOptions& options) {
  KL_RETURN_IF_ERROR(CheckLogDirectories(layout));
  if (!platform::IsDirectory(layout.kittify_dir())) {
    return Status::Io(fmt::format("{}: no .kittify/ directory here; run `kittylog init` first", layout.root));
  }
  KL_RETURN_IF_ERROR(platform::MakeDirectories(layout.events_dir()));
  KL_ASSIGN_OR_RETURN(std::unique_ptr<platform::FileLock> lock, platform::FileLock::Acquire(layout.lock_path()));
  std::unique_ptr<EventStore> store(new EventStore(layout, std::move(lock)));
  IndexOptions index_options;
  index_options.lock_held = true;
  index_options.show_progress = options.show_progress;
  RefreshReport report;
  Result<std::unique_ptr<EventIndex>> index = EventIndex::Open(layout, index_options, &report);
  for (std::string& warning : report.warnings) store->warnings_.push_back(std::move(warning));
  if (index.ok()) {
    store->index_ = std::move(index).value();
  } else {
    store->warnings_.push_back(index.status().message() + " (reading the log directly)");
  }
  return store;
}

Result<int64_t> ScanHighestClock(const LogLayout& layout) {
  KL_ASSIGN_OR_RETURN(LogFiles files, ListLogFiles(layout.events_dir()));
  int64_t highest = 0;
  EventDecoder::Options options;
  options.keep_raw_line = false;
  for (const std::string& name : files.daily) {
    KL_ASSIGN_OR_RETURN(LogContents contents, ReadLogFile(layout.events_dir() + "/" + name, options));
    for (const Event& event : contents.events) highest = std::max(highest, event.lamport_clock);
  }
  return highest;
}

int64_t EventStore::HighestClockInLog() {
  if (index_) return index_->MaxClock();
  Result<int64_t> scanned = ScanHighestClock(layout_);
  if (!scanned.ok()) {
    warnings_.push_back(scanned.status().message());
    return 0;
  }
  return *scanned;
}

int64_t EventStore::CurrentClock() {
  ClockState stored = LoadClock(layout_.clock_path());
  if (!stored.warning.empty()) warnings_.push_back(stored.warning);
  return std::max(stored.value, HighestClockInLog());
}

Result<int64_t> EventStore::Witness() {
  ClockState stored = LoadClock(layout_.clock_path());
  if (!stored.warning.empty()) warnings_.push_back(stored.warning);
  int64_t value = std::max(stored.value, HighestClockInLog());
  if (value != stored.value || stored.recovered) {
    KL_RETURN_IF_ERROR(SaveClock(layout_.clock_path(), value, platform::NowMillis()));
  }
  return value;
}

Result<std::vector<Event>> EventStore::Emit(const std::vector<EmitRequest>& requests,
                                            const std::vector<std::string>& labels) {
  if (requests.empty()) return std::vector<Event>{};
  const int64_t now = platform::NowMillis();
  const std::string timestamp = FormatTimestamp(now);
  int64_t clock = CurrentClock();
  const int64_t room = kMaxLamportClock - static_cast<int64_t>(requests.size());
  if (clock >= kMaxLamportClock) {
    // clock.json witnessed a line at the very end of the range that the log no longer holds
    // (merged, then reverted): it would block every write forever. The log is the truth: go on
    // after it. (A clock short of the end is kept: a batch that would pass it is refused.)
    const int64_t highest = HighestClockInLog();
    if (highest <= room) {
      warnings_.push_back(fmt::format("{}: clock {} leaves no room for a write and the log's highest clock is {}: "
                                      "going on after {} (DESIGN §2)",
                                      layout_.clock_path(), clock, highest, highest));
      clock = highest;
    }
  }
  if (clock > room) {
    return Status::Refused(fmt::format("lamport_clock: the clock would pass 2^53-1 (the log's highest clock is {}; "
                                       "DESIGN §2)", clock));
  }

  std::vector<Event> events;
  events.reserve(requests.size());
  simdjson::dom::parser parser;
  std::string lines;
  for (size_t i = 0; i < requests.size(); ++i) {
    const EmitRequest& request = requests[i];
    Event& event = events.emplace_back();  // built in place: an Event is ~20 strings to move
    event.event_id = ulids_.Next(now);
    event.event_type = request.event_type;
    event.lamport_clock = clock + 1 + static_cast<int64_t>(i);
    event.entity_id = request.entity_id;
    event.entity_type = request.entity_type;
    event.timestamp = timestamp;
    event.actor = request.actor;
    event.causation_id = request.causation_id;
    event.correlation_id = request.correlation_id;
    event.payload_json = request.payload_json;
    Status valid = ValidateEvent(event, parser);
    if (!valid.ok()) return i < labels.size() ? valid.WithPrefix(labels[i]) : valid;
    event.raw_line = EncodeEventLine(event);
    lines += event.raw_line;
    lines += '\n';
  }
  const int64_t last_clock = events.back().lamport_clock;

  // The clock is saved before the append: if the append then fails, the clock is only ahead
  // (gaps are harmless); it is never behind an event that reached the log.
  KL_RETURN_IF_ERROR(SaveClock(layout_.clock_path(), last_clock, now));

  const std::string path = layout_.daily_file(UtcDate(now));
  platform::FileIdentity before = platform::Stat(path);
  int last_byte = before.size > 0 ? platform::LastByte(path) : -1;
  std::string appended = (last_byte != -1 && last_byte != '\n') ? "\n" + lines : std::move(lines);
  KL_RETURN_IF_ERROR(platform::AppendDurably(path, appended));
  platform::CrashPoint("emit-appended");

  if (index_) {
    Status indexed = index_->RecordAppend(path, before, appended, events);
    if (!indexed.ok()) {
      warnings_.push_back(indexed.message() + " (the index will be rebuilt on the next read)");
      index_.reset();
    }
  }
  return events;
}

}  // namespace kittylog
