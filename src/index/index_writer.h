// Writes into an open index inside the caller's transaction (docs/index.md).
//
// IndexWriter owns the prepared statements for rows (events + entity_events, always together),
// names, file records and the per-WP state. Incremental upkeep of wp_state asks the workflow
// (workflow/wp_lane_state.h): an arriving lane event that decides alone (EffectOnWpLane) updates
// the WP's row (fast path); anything else, and a dropped lane event, marks the WP dirty, and
// FinishWpState() recomputes each dirty WP from its indexed lane events, from its checkpoint
// when only later events changed (ResumeWpLane), else in full (ReplayWpLane). WP rows are read
// once and written once per writer, in FinishWpState(), which must run before the commit
// (index_writer_wp.cc). The caller commits or rolls back; on any failure the transaction must
// be rolled back. Not thread-safe.
#pragma once

#include <cstdint>
#include <climits>
#include <map>
#include <memory>
#include <set>
#include <span>
#include <string>
#include <string_view>
#include <unordered_map>
#include <utility>
#include <vector>

#include "base/status.h"
#include "event/event.h"
#include "event/event_codec.h"
#include "index/freshness.h"
#include "index/line_marks.h"
#include "index/log_lines.h"
#include "index/log_scanner.h"
#include "index/sqlite_db.h"
#include "index/wp_state.h"

namespace kittylog::index_internal {

// One row of `events`, names already interned.
struct EventRow {
  int64_t seq = 0;  // MakeSeq(file_id, line number)
  int64_t clock = 0;
  int64_t offset = 0;
  int64_t type_id = 0;
  int64_t entity_type_id = 0;
  int64_t entity_id = 0;
  int64_t actor_id = 0;
  int64_t feature_id = 0;
};

class IndexWriter {
 public:
  // `events_dir` is where recomputing a WP reads its lines back from.
  static Result<std::unique_ptr<IndexWriter>> Create(Database& db, const std::string& events_dir);

  // The id of `text` in `names`, inserting it when new.
  Result<int64_t> NameId(std::string_view text);
  // The id of `text`, or 0 when it is not in `names` (never inserts).
  Result<int64_t> FindNameId(std::string_view text);

  Status InsertRow(const EventRow& row);
  // The row of `event` (line `event.line_number` of file `file_id`), its names interned.
  Result<EventRow> RowOf(const ScannedEvent& event, int64_t file_id);
  // Inserts `event` (clock >= 1, line_number and offset set) of file `file_id`, keeping
  // wp_state current (fast path or dirty).
  Status InsertEvent(const ScannedEvent& event, int64_t file_id);
  // The same for a batch of `events` of one file, in line order (the emit path; `emit --stdin`
  // writes many): rows go in kRowsPerInsert to a statement, the entity postings sorted, then
  // wp_state as InsertEvent would leave it (index_writer_batch.cc).
  Status InsertEvents(const std::vector<ScannedEvent>& events, int64_t file_id);

  // Deletes the events of `file_id` from line `from_line` on (all of them for 0), and the line
  // marks past them, marking the WPs they touched dirty. Returns how many were deleted.
  Result<int64_t> DropEvents(int64_t file_id, int64_t from_line);

  // The file's line marks (line_marks.h), ascending, and new ones to keep.
  Result<std::vector<LineMark>> LoadMarks(int64_t file_id);
  Status SaveMarks(int64_t file_id, std::span<const LineMark> marks);

  // Sets record.min_clock / max_clock from the file's indexed rows.
  Status ClockRange(FileRecord& record);
  // Inserts (file_id 0: assigns record.file_id) or updates a file record.
  Status SaveFile(FileRecord& record);
  Status DeleteFile(int64_t file_id);
  static Result<std::vector<FileRecord>> LoadFiles(Database& db);

  // Writes whole wp_state rows (bulk load after a rebuild).
  Status SaveWpState(const StoredWpState& state);
  // Makes the WP's wp_conflicts rows with last_clock > `after` be `conflicts` (in the order the
  // reducer reported them), writing only the rows that differ.
  Status SaveWpConflicts(const std::pair<std::string, std::string>& key, int64_t after,
                         const std::vector<ResolvedConflict>& conflicts);
  // Before the commit: recomputes every dirty WP from its indexed events and, when any event
  // was added or dropped, deletes the board snapshots at or above the lowest clock among them
  // and bumps meta('generation') (index_schema.h board_snapshots).
  Status FinishWpState();

 private:
  IndexWriter(Database& db, const std::string& events_dir) : db_(db), lines_(db, events_dir) {}
  Status Prepare();
  Status PrepareWpState();  // the statements of index_writer_wp.cc
  Status ApplyWpEvent(const ScannedEvent& event);
  // Recomputes from the WP's checkpoint when nothing before `first_changed` changed, else from all
  // of its events.
  Status RecomputeWp(const std::pair<std::string, std::string>& key, StoredWpState& state, int64_t first_changed);
  void MarkDirty(const std::pair<std::string, std::string>& key, int64_t clock);
  // The WP's row as this transaction will leave it (read from wp_state on first use).
  Result<StoredWpState*> CachedWp(const std::pair<std::string, std::string>& key);
  // The indexed lane events (workflow/wp_lane_state.h) of one WP with clocks above `after`, read
  // back from the daily files.
  Result<std::vector<Event>> WpEvents(const std::pair<std::string, std::string>& key, int64_t after);

  Database& db_;
  std::unordered_map<std::string, int64_t> name_cache_;
  std::map<std::pair<std::string, std::string>, int64_t> dirty_;  // WPs to recompute: the lowest clock changed
  struct CachedState {
    bool exists = false;   // a row to keep (else deleted, or never written)
    bool changed = false;
    StoredWpState state;
  };
  std::map<std::pair<std::string, std::string>, CachedState> wp_cache_;
  LineFetcher lines_;
  EventDecoder decoder_;
  Statement find_name_, insert_name_, insert_event_, insert_posting_;
  Statement delete_events_, delete_postings_, wp_keys_of_dropped_;
  Statement insert_file_, update_file_, delete_file_, clock_range_;
  Statement load_wp_, save_wp_, delete_wp_, wp_events_;
  Statement drop_snapshots_, bump_generation_, load_conflicts_, delete_conflict_, insert_conflict_;
  Statement load_marks_, insert_mark_, delete_marks_;
  int64_t lowest_changed_ = INT64_MAX;  // the lowest clock added or dropped since the last FinishWpState
  Statement insert_events_many_, insert_postings_many_;  // prepared on first use by InsertEvents
};

}  // namespace kittylog::index_internal
