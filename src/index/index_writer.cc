#include "index/index_writer.h"

#include <algorithm>
#include <map>
#include <tuple>

#include <fmt/format.h>
#include <simdjson.h>

#include "event/event_types.h"
#include "index/index_schema.h"
#include "index/wp_state_codec.h"
#include "workflow/lane_replay.h"

namespace kittylog::index_internal {

Result<std::unique_ptr<IndexWriter>> IndexWriter::Create(Database& db, const std::string& events_dir) {
  std::unique_ptr<IndexWriter> writer(new IndexWriter(db, events_dir));
  KL_RETURN_IF_ERROR(writer->Prepare());
  return writer;
}

Status IndexWriter::Prepare() {
  struct Entry {
    Statement* statement;
    std::string_view sql;
  };
  const Entry entries[] = {
      {&find_name_, "SELECT name_id FROM names WHERE text = ?1"},
      {&insert_name_, "INSERT INTO names(text) VALUES(?1)"},
      {&insert_event_,
       "INSERT INTO events(seq, clock, line_offset, type_id, entity_type_id, entity_id, actor_id, feature_id) "
       "VALUES(?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8)"},
      {&insert_posting_, "INSERT INTO entity_events VALUES(?1, ?2, ?3, ?4, ?5, ?6)"},
      {&delete_events_, "DELETE FROM events WHERE seq BETWEEN ?1 AND ?2"},
      {&delete_postings_, "DELETE FROM entity_events WHERE file_id = ?1 AND seq BETWEEN ?2 AND ?3"},
      {&wp_keys_of_dropped_,
       "SELECT f.text, w.text, t.text, min(e.clock) FROM events e JOIN names f ON f.name_id = e.feature_id "
       "JOIN names w ON w.name_id = e.entity_id JOIN names t ON t.name_id = e.type_id "
       "JOIN names k ON k.name_id = e.entity_type_id "
       "WHERE e.seq BETWEEN ?1 AND ?2 AND k.text = 'WorkPackage' AND f.text <> '' "
       "AND t.text IN ('WPStatusChanged', 'WPCreated') GROUP BY e.feature_id, e.entity_id, e.type_id"},
      // (columns: feature, WP, type, the lowest clock dropped)
      {&insert_file_,
       "INSERT INTO files(name, indexed_size, lines, content_hash, torn_line, stat_size, mtime_ns, inode, events, "
       "min_clock, max_clock, ctime_ns) VALUES(?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12)"},
      {&update_file_,
       "UPDATE files SET name = ?1, indexed_size = ?2, lines = ?3, content_hash = ?4, torn_line = ?5, "
       "stat_size = ?6, mtime_ns = ?7, inode = ?8, events = ?9, min_clock = ?10, max_clock = ?11, ctime_ns = ?12 "
       "WHERE file_id = ?13"},
      {&delete_file_, "DELETE FROM files WHERE file_id = ?1"},
      {&clock_range_, "SELECT coalesce(min(clock), 0), coalesce(max(clock), 0) FROM events WHERE seq BETWEEN ?1 AND ?2"},
      {&load_wp_,
       "SELECT lane, deciding_event, deciding_clock, rule, resolution, breaks, last_break, last_move, "
       "last_move_clock, title, title_event, title_clock, checkpoint FROM wp_state WHERE feature = ?1 AND wp = ?2"},
      {&save_wp_,
       "INSERT OR REPLACE INTO wp_state(feature, wp, lane, deciding_event, deciding_clock, rule, resolution, breaks, "
       "last_break, last_move, last_move_clock, title, title_event, title_clock, checkpoint) "
       "VALUES(?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12, ?13, ?14, ?15)"},
      {&delete_wp_, "DELETE FROM wp_state WHERE feature = ?1 AND wp = ?2"},
      {&drop_snapshots_, "DELETE FROM board_snapshots WHERE through >= ?1"},
      {&load_conflicts_,
       "SELECT last_clock, n, conflict FROM wp_conflicts WHERE feature = ?1 AND wp = ?2 AND last_clock > ?3"},
      {&delete_conflict_, "DELETE FROM wp_conflicts WHERE feature = ?1 AND wp = ?2 AND last_clock = ?3 AND n = ?4"},
      {&load_marks_, "SELECT line, offset, hash FROM line_marks WHERE file_id = ?1 ORDER BY line"},
      {&insert_mark_, "INSERT OR REPLACE INTO line_marks(file_id, line, offset, hash) VALUES(?1, ?2, ?3, ?4)"},
      {&delete_marks_, "DELETE FROM line_marks WHERE file_id = ?1 AND line >= ?2"},
      {&insert_conflict_,
       "INSERT OR REPLACE INTO wp_conflicts(feature, wp, last_clock, n, conflict) VALUES(?1, ?2, ?3, ?4, ?5)"},
      {&bump_generation_,
       "INSERT INTO meta(key, value) VALUES('generation', '1') "
       "ON CONFLICT(key) DO UPDATE SET value = CAST(value AS INTEGER) + 1"},
      {&wp_events_,
       "SELECT x.clock, x.seq, x.line_offset FROM files f CROSS JOIN entity_events x ON x.file_id = f.file_id "
       "CROSS JOIN events e ON e.seq = x.seq WHERE f.max_clock > ?6 AND x.entity_id = ?1 AND x.feature_id = ?2 "
       "AND x.clock > ?6 AND (e.type_id = ?3 OR e.type_id = ?4) AND e.entity_type_id = ?5"},
  };
  for (const Entry& entry : entries) {
    KL_ASSIGN_OR_RETURN(*entry.statement, db_.Prepare(entry.sql));
  }
  return Status::Ok();
}

Result<int64_t> IndexWriter::FindNameId(std::string_view text) {
  auto it = name_cache_.find(std::string(text));
  if (it != name_cache_.end()) return it->second;
  find_name_.Bind(1, text);
  KL_ASSIGN_OR_RETURN(bool found, find_name_.Step());
  int64_t id = found ? find_name_.Int(0) : 0;
  find_name_.Reset();
  if (id != 0) name_cache_.emplace(text, id);
  return id;
}

Result<int64_t> IndexWriter::NameId(std::string_view text) {
  KL_ASSIGN_OR_RETURN(int64_t id, FindNameId(text));
  if (id != 0) return id;
  KL_RETURN_IF_ERROR(insert_name_.Bind(1, text).Run());
  id = db_.LastInsertRowId();
  name_cache_.emplace(text, id);
  return id;
}

Status IndexWriter::InsertRow(const EventRow& row) {
  insert_event_.Bind(1, row.seq).Bind(2, row.clock).Bind(3, row.offset).Bind(4, row.type_id);
  insert_event_.Bind(5, row.entity_type_id).Bind(6, row.entity_id).Bind(7, row.actor_id).Bind(8, row.feature_id);
  KL_RETURN_IF_ERROR(insert_event_.Run());
  insert_posting_.Bind(1, FileOfSeq(row.seq)).Bind(2, row.entity_id).Bind(3, row.feature_id).Bind(4, row.clock);
  return insert_posting_.Bind(5, row.seq).Bind(6, row.offset).Run();
}

Result<EventRow> IndexWriter::RowOf(const ScannedEvent& event, int64_t file_id) {
  lowest_changed_ = std::min(lowest_changed_, event.clock);
  EventRow row;
  row.seq = MakeSeq(file_id, event.line_number);
  row.clock = event.clock;
  row.offset = static_cast<int64_t>(event.offset);
  KL_ASSIGN_OR_RETURN(row.type_id, NameId(event.event_type));
  KL_ASSIGN_OR_RETURN(row.entity_type_id, NameId(event.entity_type));
  KL_ASSIGN_OR_RETURN(row.entity_id, NameId(event.entity_id));
  KL_ASSIGN_OR_RETURN(row.actor_id, NameId(event.actor));
  KL_ASSIGN_OR_RETURN(row.feature_id, NameId(event.feature_slug));
  return row;
}

Status IndexWriter::InsertEvent(const ScannedEvent& event, int64_t file_id) {
  KL_ASSIGN_OR_RETURN(EventRow row, RowOf(event, file_id));
  KL_RETURN_IF_ERROR(InsertRow(row));
  if (IsWpStateEvent(event)) KL_RETURN_IF_ERROR(ApplyWpEvent(event));
  return Status::Ok();
}

Result<StoredWpState*> IndexWriter::CachedWp(const std::pair<std::string, std::string>& key) {
  auto it = wp_cache_.find(key);
  if (it != wp_cache_.end()) return &it->second.state;
  CachedState cached;
  cached.state.row.feature_slug = key.first;
  cached.state.row.work_package_id = key.second;
  cached.state.row.lane = "planned";
  load_wp_.Bind(1, key.first).Bind(2, key.second);
  Result<bool> found = load_wp_.Step();
  if (found.ok() && *found) {
    cached.exists = true;
    WorkPackageRow& row = cached.state.row;
    row.lane = load_wp_.Text(0);
    row.deciding_event_id = load_wp_.Text(1);
    row.deciding_clock = load_wp_.Int(2);
    row.rule = load_wp_.Text(3);
    row.resolution = DecodeResolution(load_wp_.Text(4));
    row.breaks = load_wp_.Int(5);
    row.last_break = DecodeBreak(load_wp_.Text(6));
    cached.state.last_move = load_wp_.Text(7);
    cached.state.last_move_clock = load_wp_.Int(8);
    row.title = load_wp_.Text(9);
    cached.state.title_event = load_wp_.Text(10);
    cached.state.title_clock = load_wp_.Int(11);
    cached.state.checkpoint = DecodeCheckpoint(load_wp_.Text(12));
  }
  load_wp_.Reset();
  if (!found.ok()) return found.status();
  return &wp_cache_.emplace(key, std::move(cached)).first->second.state;
}

Status IndexWriter::ApplyWpEvent(const ScannedEvent& event) {
  std::pair<std::string, std::string> key(event.feature_slug, event.entity_id);
  if (auto it = dirty_.find(key); it != dirty_.end()) {  // recomputed at the end
    it->second = std::min(it->second, event.clock);
    return Status::Ok();
  }
  KL_ASSIGN_OR_RETURN(StoredWpState * state, CachedWp(key));
  CachedState& cached = wp_cache_[key];
  if (event.event_type == kWPCreated) {
    // Where a creation stands among the moves decides which of them break the lifecycle.
    if (!state->last_move.empty() ||
        (!state->title_event.empty() &&
         !TotalOrderLess(state->title_clock, state->title_event, event.clock, event.event_id))) {
      MarkDirty(key, event.clock);  // among moves, or an earlier or repeated creation: the reducer decides
      return Status::Ok();
    }
    state->row.title = event.title;
    state->title_event = event.event_id;
    state->title_clock = event.clock;
  } else {
    const LaneMove move{event.clock, event.event_id, event.old_status, event.new_status};
    const bool created_before = !state->title_event.empty() && state->title_clock < event.clock;
    if (!created_before || event.clock <= state->last_move_clock || !ContinuesLane(state->row.lane, move)) {
      MarkDirty(key, event.clock);  // concurrent, from another lane, or a break: the reducer decides
      return Status::Ok();
    }
    state->row.lane = event.new_status;
    state->row.deciding_event_id = event.event_id;
    state->row.deciding_clock = event.clock;
    state->row.rule.clear();
    state->row.resolution.reset();
    state->last_move = event.event_id;
    state->last_move_clock = event.clock;
  }
  cached.exists = cached.changed = true;
  return Status::Ok();
}

Result<int64_t> IndexWriter::DropEvents(int64_t file_id, int64_t from_line) {
  const int64_t first = MakeSeq(file_id, from_line), last = MakeSeq(file_id + 1, 0) - 1;
  // Any dropped move or creation can change what the reducer decides for its WP (DESIGN §6 (c)
  // looks back through a WP's history): each such WP is recomputed.
  wp_keys_of_dropped_.Bind(1, first).Bind(2, last);
  for (;;) {
    Result<bool> row = wp_keys_of_dropped_.Step();
    if (!row.ok()) {
      wp_keys_of_dropped_.Reset();
      return row.status();
    }
    if (!*row) break;
    MarkDirty({std::string(wp_keys_of_dropped_.Text(0)), std::string(wp_keys_of_dropped_.Text(1))},
              wp_keys_of_dropped_.Int(3));
  }
  wp_keys_of_dropped_.Reset();
  clock_range_.Bind(1, first).Bind(2, last);
  Result<bool> range = clock_range_.Step();
  if (range.ok() && *range && clock_range_.Int(1) > 0) lowest_changed_ = std::min(lowest_changed_, clock_range_.Int(0));
  clock_range_.Reset();
  KL_RETURN_IF_ERROR(range.status());
  KL_RETURN_IF_ERROR(delete_events_.Bind(1, first).Bind(2, last).Run());
  int64_t deleted = db_.Changes();
  KL_RETURN_IF_ERROR(delete_postings_.Bind(1, file_id).Bind(2, first).Bind(3, last).Run());
  // A mark after line L - 1 describes lines [1, L - 1]: those from `from_line` on describe
  // dropped lines (all of them for 0).
  KL_RETURN_IF_ERROR(delete_marks_.Bind(1, file_id).Bind(2, from_line).Run());
  return deleted;
}

Result<std::vector<LineMark>> IndexWriter::LoadMarks(int64_t file_id) {
  std::vector<LineMark> marks;
  load_marks_.Bind(1, file_id);
  for (;;) {
    Result<bool> row = load_marks_.Step();
    if (!row.ok()) {
      load_marks_.Reset();
      return row.status();
    }
    if (!*row) break;
    marks.push_back({load_marks_.Int(0), static_cast<uint64_t>(load_marks_.Int(1)),
                     static_cast<uint64_t>(load_marks_.Int(2))});
  }
  load_marks_.Reset();
  return marks;
}

Status IndexWriter::SaveMarks(int64_t file_id, std::span<const LineMark> marks) {
  for (const LineMark& mark : marks) {
    insert_mark_.Bind(1, file_id).Bind(2, mark.line).Bind(3, static_cast<int64_t>(mark.offset));
    KL_RETURN_IF_ERROR(insert_mark_.Bind(4, static_cast<int64_t>(mark.hash)).Run());
  }
  return Status::Ok();
}

Status IndexWriter::SaveFile(FileRecord& record) {
  Statement& statement = record.file_id == 0 ? insert_file_ : update_file_;
  statement.Bind(1, record.name).Bind(2, static_cast<int64_t>(record.indexed_size)).Bind(3, record.lines);
  statement.Bind(4, static_cast<int64_t>(record.content_hash)).Bind(5, record.torn_line).Bind(6, record.stat_size);
  statement.Bind(7, record.mtime_ns).Bind(8, static_cast<int64_t>(record.inode)).Bind(9, record.events);
  statement.Bind(10, record.min_clock).Bind(11, record.max_clock).Bind(12, record.ctime_ns);
  if (record.file_id != 0) statement.Bind(13, record.file_id);
  KL_RETURN_IF_ERROR(statement.Run());
  if (record.file_id == 0) record.file_id = db_.LastInsertRowId();
  return Status::Ok();
}

Status IndexWriter::ClockRange(FileRecord& record) {
  clock_range_.Bind(1, MakeSeq(record.file_id, 0)).Bind(2, MakeSeq(record.file_id + 1, 0) - 1);
  KL_ASSIGN_OR_RETURN(bool row, clock_range_.Step());
  if (row) {
    record.min_clock = clock_range_.Int(0);
    record.max_clock = clock_range_.Int(1);
  }
  clock_range_.Reset();
  return Status::Ok();
}

Status IndexWriter::DeleteFile(int64_t file_id) { return delete_file_.Bind(1, file_id).Run(); }

Result<std::vector<FileRecord>> IndexWriter::LoadFiles(Database& db) {
  KL_ASSIGN_OR_RETURN(Statement statement,
                      db.Prepare("SELECT file_id, name, indexed_size, lines, content_hash, torn_line, stat_size, "
                                 "mtime_ns, inode, events, min_clock, max_clock, ctime_ns FROM files ORDER BY name"));
  std::vector<FileRecord> records;
  for (;;) {
    KL_ASSIGN_OR_RETURN(bool row, statement.Step());
    if (!row) break;
    FileRecord record;
    record.file_id = statement.Int(0);
    record.name = std::string(statement.Text(1));
    record.indexed_size = static_cast<uint64_t>(statement.Int(2));
    record.lines = statement.Int(3);
    record.content_hash = static_cast<uint64_t>(statement.Int(4));
    record.torn_line = statement.Int(5);
    record.stat_size = statement.Int(6);
    record.mtime_ns = statement.Int(7);
    record.inode = static_cast<uint64_t>(statement.Int(8));
    record.events = statement.Int(9);
    record.min_clock = statement.Int(10);
    record.max_clock = statement.Int(11);
    record.ctime_ns = statement.Int(12);
    records.push_back(std::move(record));
  }
  return records;
}

Status IndexWriter::SaveWpState(const StoredWpState& state) {
  const WorkPackageRow& row = state.row;
  save_wp_.Bind(1, row.feature_slug).Bind(2, row.work_package_id).Bind(3, row.lane).Bind(4, row.deciding_event_id);
  save_wp_.Bind(5, row.deciding_clock).Bind(6, row.rule).Bind(7, EncodeResolution(row.resolution));
  save_wp_.Bind(8, row.breaks).Bind(9, EncodeBreak(row.last_break)).Bind(10, state.last_move);
  save_wp_.Bind(11, state.last_move_clock).Bind(12, row.title).Bind(13, state.title_event);
  return save_wp_.Bind(14, state.title_clock).Bind(15, EncodeCheckpoint(state.checkpoint)).Run();
}

Status IndexWriter::SaveWpConflicts(const std::pair<std::string, std::string>& key, int64_t after,
                                    const std::vector<ResolvedConflict>& conflicts) {
  // Only the rows that differ are written: a recompute from the checkpoint hands back every group
  // after it, and a WP whose moves keep conflicting has long groups (a rewrite of all of them per
  // emit filled the WAL with megabytes of unchanged pages).
  std::map<std::pair<int64_t, int64_t>, std::string> stored;
  load_conflicts_.Bind(1, key.first).Bind(2, key.second).Bind(3, after);
  for (;;) {
    Result<bool> row = load_conflicts_.Step();
    if (!row.ok()) {
      load_conflicts_.Reset();
      return row.status();
    }
    if (!*row) break;
    stored.emplace(std::pair{load_conflicts_.Int(0), load_conflicts_.Int(1)}, std::string(load_conflicts_.Text(2)));
  }
  load_conflicts_.Reset();
  int64_t n = 0, clock = -1;
  for (const ResolvedConflict& conflict : conflicts) {
    n = conflict.last_clock == clock ? n + 1 : 0;
    clock = conflict.last_clock;
    std::string encoded = EncodeResolution(conflict);
    auto found = stored.find({clock, n});
    if (found != stored.end()) {
      const bool same = found->second == encoded;
      stored.erase(found);
      if (same) continue;
    }
    insert_conflict_.Bind(1, key.first).Bind(2, key.second).Bind(3, clock).Bind(4, n);
    KL_RETURN_IF_ERROR(insert_conflict_.Bind(5, encoded).Run());
  }
  for (const auto& [row_key, unused] : stored) {
    delete_conflict_.Bind(1, key.first).Bind(2, key.second).Bind(3, row_key.first).Bind(4, row_key.second);
    KL_RETURN_IF_ERROR(delete_conflict_.Run());
  }
  return Status::Ok();
}

void IndexWriter::MarkDirty(const std::pair<std::string, std::string>& key, int64_t clock) {
  auto [it, inserted] = dirty_.try_emplace(key, clock);
  if (!inserted) it->second = std::min(it->second, clock);
}

Result<std::vector<Event>> IndexWriter::WpEvents(const std::pair<std::string, std::string>& key, int64_t after) {
  std::vector<Event> events;
  KL_ASSIGN_OR_RETURN(int64_t feature_id, FindNameId(key.first));
  KL_ASSIGN_OR_RETURN(int64_t entity_id, FindNameId(key.second));
  KL_ASSIGN_OR_RETURN(int64_t status_type, FindNameId(kWPStatusChanged));
  KL_ASSIGN_OR_RETURN(int64_t created_type, FindNameId(kWPCreated));
  KL_ASSIGN_OR_RETURN(int64_t work_package, FindNameId("WorkPackage"));
  if (feature_id == 0 || entity_id == 0 || work_package == 0) return events;
  struct Hit {
    int64_t clock, seq, offset;
  };
  std::vector<Hit> hits;
  wp_events_.Bind(1, entity_id).Bind(2, feature_id).Bind(3, status_type).Bind(4, created_type).Bind(5, work_package);
  wp_events_.Bind(6, after);
  for (;;) {
    Result<bool> row = wp_events_.Step();
    if (!row.ok()) {
      wp_events_.Reset();
      return row.status();
    }
    if (!*row) break;
    hits.push_back({wp_events_.Int(0), wp_events_.Int(1), wp_events_.Int(2)});
  }
  wp_events_.Reset();
  std::sort(hits.begin(), hits.end(), [](const Hit& a, const Hit& b) { return a.seq < b.seq; });  // file order
  EventDecoder::Options options;
  options.keep_raw_line = false;
  for (const Hit& hit : hits) {
    KL_ASSIGN_OR_RETURN(std::string_view line, lines_.Line(FileOfSeq(hit.seq), static_cast<uint64_t>(hit.offset)));
    scratch_.assign(line);
    scratch_.append(simdjson::SIMDJSON_PADDING, '\0');
    Result<Event> event = decoder_.Decode(std::string_view(scratch_.data(), line.size()), options, nullptr);
    if (!event.ok() || event->lamport_clock != hit.clock) {
      return Status::Io(fmt::format("a daily file {}", kChangedSinceIndexed));
    }
    events.push_back(std::move(event).value());
  }
  return events;
}

Status IndexWriter::RecomputeWp(const std::pair<std::string, std::string>& key, StoredWpState& state,
                                int64_t first_changed) {
  // Resume from the checkpoint when nothing at or before it changed: a merge touches recent
  // moves, and a work package may have thousands.
  if (state.checkpoint && state.checkpoint->through < first_changed) {
    const LaneCheckpoint checkpoint = *state.checkpoint;
    KL_ASSIGN_OR_RETURN(std::vector<Event> events, WpEvents(key, checkpoint.through));
    const bool moves_after = std::any_of(events.begin(), events.end(),
                                         [](const Event& event) { return event.event_type == kWPStatusChanged; });
    if (moves_after) {
      StoredWpState resumed = ComputeWpState(events, key.first, key.second, &checkpoint);
      if (resumed.row.deciding_clock > checkpoint.through) {  // a move after it decides (see ReplayOptions)
        if (resumed.title_event.empty()) {  // no creation after the checkpoint: the title stands
          resumed.row.title = state.row.title;
          resumed.title_event = state.title_event;
          resumed.title_clock = state.title_clock;
        }
        state = std::move(resumed);
        // The group open at the checkpoint: its row goes when a move after the checkpoint grew
        // it, and is (again) what the checkpoint says when none did (a rewrite may have taken
        // the moves that had grown it).
        int64_t after = checkpoint.through;
        std::vector<ResolvedConflict> groups = state.conflicts;
        if (checkpoint.open_conflict) {
          after = std::min(after, checkpoint.open_conflict->last_clock - 1);
          if (!state.replaces_last_conflict) groups.insert(groups.begin(), *checkpoint.open_conflict);
        }
        KL_RETURN_IF_ERROR(SaveWpConflicts(key, after, groups));
        return SaveWpState(state);
      }
    }
  }
  KL_ASSIGN_OR_RETURN(std::vector<Event> events, WpEvents(key, 0));
  if (events.empty()) {
    KL_RETURN_IF_ERROR(SaveWpConflicts(key, 0, {}));
    return delete_wp_.Bind(1, key.first).Bind(2, key.second).Run();
  }
  state = ComputeWpState(events, key.first, key.second);
  KL_RETURN_IF_ERROR(SaveWpConflicts(key, 0, state.conflicts));
  return SaveWpState(state);
}

Status IndexWriter::FinishWpState() {
  for (const auto& [key, first_changed] : dirty_) {
    KL_RETURN_IF_ERROR(CachedWp(key).status());  // its checkpoint
    CachedState& cached = wp_cache_[key];
    cached.changed = false;  // written (or deleted) by the recompute
    KL_RETURN_IF_ERROR(RecomputeWp(key, cached.state, first_changed));
  }
  for (auto& [key, cached] : wp_cache_) {
    if (cached.changed) KL_RETURN_IF_ERROR(SaveWpState(cached.state));
  }
  dirty_.clear();
  wp_cache_.clear();
  if (lowest_changed_ == INT64_MAX) return Status::Ok();
  // The board snapshots that held or missed a changed event are no longer a replay of the log.
  KL_RETURN_IF_ERROR(drop_snapshots_.Bind(1, lowest_changed_).Run());
  lowest_changed_ = INT64_MAX;
  return bump_generation_.Run();
}

}  // namespace kittylog::index_internal
