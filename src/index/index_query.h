// Reads from a fresh index: filtered events and per-WP state (DESIGN §7, §10; docs/index.md).
//
// Filters are always bound parameters; a value that contains quotes or SQL is data. Names that
// are not in the index match nothing. Results are in total order (lamport_clock, event_id):
// SQL orders by clock and ties are ordered by event_id here, and a limit never cuts a tie
// group before it is sorted. Each Event carries its line, read back from the daily file, in
// raw_line. A row that does not point at a line of its clock means the file changed (refresh) or, when SQLite said so,
// that the database is damaged (heal). Not thread-safe.
#pragma once

#include <functional>
#include <map>
#include <optional>
#include <string>
#include <string>
#include <vector>

#include "base/status.h"
#include "event/event.h"
#include "event/event_codec.h"
#include "index/index_types.h"
#include "index/sqlite_db.h"

namespace kittylog::index_internal {

// Usage errors for malformed filters: dates that are not YYYY-MM-DD, negative limits, clocks < 0.
Status ValidateFilter(const QueryFilter& filter);

using EventSink = std::function<Status(Event&& event)>;

struct QueryProgress {
  bool files_changed = false;  // a line no longer matched its row: refresh, then ask again
  bool emitted = false;        // the sink has received events (asking again would repeat them)
  size_t rows = 0;             // rows found so far (an upper bound of the events sent)
};

// Streams the matching events in total order to `sink`, holding one clock's events at a time
// (a dump of a million events needs no million Events in memory, only their ids). An event_id
// goes out once, its first copy in total order, as replay counts it (DESIGN §6: a line a merge
// duplicated is one event); a limit counts events. A sink failure stops it.
Status StreamQuery(Database& db, const std::string& events_dir, const QueryFilter& filter, const EventSink& sink,
                   QueryProgress* progress);

// The same, collected. Lines are read back from the daily files in `events_dir`. When one no longer matches its row
// (changed after the freshness check), fails with *files_changed set: refresh, then ask again.
Result<std::vector<Event>> RunQuery(Database& db, const std::string& events_dir, const QueryFilter& filter,
                                    bool* files_changed);

Result<std::vector<WorkPackageRow>> LoadWorkPackages(Database& db, const std::optional<std::string>& feature);

// Every wp_conflicts row, by (feature, WP) and in the order the reducer reported them; a row whose
// JSON cannot be read is an error (kIo): the index is damaged.
Result<std::map<std::pair<std::string, std::string>, std::vector<ResolvedConflict>>> LoadWpConflicts(Database& db);

// Decodes a line LineFetcher returned (padded: log_lines.h) into an Event: raw_line = `line`,
// payload_json left "{}" (the payload's fields are in event.payload; the line holds the rest).
Result<Event> DecodeIndexedLine(EventDecoder& decoder, std::string_view line);

}  // namespace kittylog::index_internal
