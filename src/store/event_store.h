// The event store: the only writer of the event log (DESIGN §4; docs/event-store.md).
//
// An EventStore holds `.kittify/.lock` (POSIX flock) from Open() until it is destroyed, so at
// most one writer per checkout runs at a time, across processes. Emit() validates every event
// strictly before anything is written; then it ticks the clock (saved atomically *before* the
// append, so the stored clock is never behind the log), appends all lines of the batch to the
// daily file of their UTC date with one write(2) and one fsync (directory fsync when the file is
// created; a leading "\n" when the file ends in a torn tail), and updates the index inline.
// When Emit() returns ok the events are durable. On failure nothing was appended, or (a crash
// mid-write) at most a torn tail that readers report. The index is best effort here: if it
// cannot be opened or updated the emit still succeeds and the index heals on the next read.
// Not thread-safe; one store per process.
#pragma once

#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "base/status.h"
#include "event/event.h"
#include "event/log_layout.h"
#include "event/ulid.h"
#include "platform/file_io.h"
#include "platform/file_lock.h"

namespace kittylog {

class EventIndex;

// What a caller asks to emit; the store assigns event_id, lamport_clock and timestamp.
struct EmitRequest {
  std::string event_type;
  std::string entity_id;
  std::string entity_type;
  std::string payload_json = "{}";
  std::string actor;
  std::optional<std::string> causation_id;
  std::optional<std::string> correlation_id;
};

struct StoreOptions {
  bool show_progress = false;  // passed to the index (progress bar on long rebuilds)
};

class EventStore {
 public:
  // Takes the lock and opens the index. Fails (kIo) when .kittify/ is absent ("run kittylog
  // init") or the lock cannot be taken (e.g. a read-only .kittify/).
  static Result<std::unique_ptr<EventStore>> Open(const LogLayout& layout, const StoreOptions& options);
  ~EventStore();
  EventStore(const EventStore&) = delete;
  EventStore& operator=(const EventStore&) = delete;

  // Validates all requests (a failure names "<label>: field: rule" and writes nothing), then
  // writes them as one batch. `labels`, when given, name each request in messages
  // (e.g. "stdin:3"). Returns the written events in order.
  Result<std::vector<Event>> Emit(const std::vector<EmitRequest>& requests,
                                  const std::vector<std::string>& labels = {});

  // Witness: stored clock = max(stored, highest clock in the log). Returns the new value.
  Result<int64_t> Witness();

  // The stored clock after recovery (max of the file and the log).
  int64_t CurrentClock();

  // The index, or nullptr when it could not be opened (then readers scan the JSONL).
  EventIndex* index() { return index_.get(); }
  const LogLayout& layout() const { return layout_; }

  // Warnings collected so far (clock recovery, index healing); the caller prints them.
  std::vector<std::string> TakeWarnings() { return std::move(warnings_); }

 private:
  EventStore(LogLayout layout, std::unique_ptr<platform::FileLock> lock);
  int64_t HighestClockInLog();

  LogLayout layout_;
  std::unique_ptr<platform::FileLock> lock_;
  std::unique_ptr<EventIndex> index_;
  UlidGenerator ulids_;
  std::vector<std::string> warnings_;
};

// Highest lamport_clock in the daily files, by a direct scan (no index). 0 for an empty log.
Result<int64_t> ScanHighestClock(const LogLayout& layout);

}  // namespace kittylog
