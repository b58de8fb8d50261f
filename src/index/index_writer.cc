#include "index/index_writer.h"

#include <algorithm>

#include "index/index_schema.h"
#include "workflow/wp_lane_state.h"

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
      // (columns: feature, WP, type, the lowest clock dropped) of the dropped lane events: ?3 is
      // the WorkPackage entity type and ?4, ?5 the lane event types (workflow/wp_lane_state.h).
      {&wp_keys_of_dropped_,
       "SELECT f.text, w.text, t.text, min(e.clock) FROM events e JOIN names f ON f.name_id = e.feature_id "
       "JOIN names w ON w.name_id = e.entity_id JOIN names t ON t.name_id = e.type_id "
       "JOIN names k ON k.name_id = e.entity_type_id "
       "WHERE e.seq BETWEEN ?1 AND ?2 AND k.text = ?3 AND f.text <> '' "
       "AND t.text IN (?4, ?5) GROUP BY e.feature_id, e.entity_id, e.type_id"},
      {&insert_file_,
       "INSERT INTO files(name, indexed_size, lines, content_hash, torn_line, stat_size, mtime_ns, inode, events, "
       "min_clock, max_clock, ctime_ns) VALUES(?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12)"},
      {&update_file_,
       "UPDATE files SET name = ?1, indexed_size = ?2, lines = ?3, content_hash = ?4, torn_line = ?5, "
       "stat_size = ?6, mtime_ns = ?7, inode = ?8, events = ?9, min_clock = ?10, max_clock = ?11, ctime_ns = ?12 "
       "WHERE file_id = ?13"},
      {&delete_file_, "DELETE FROM files WHERE file_id = ?1"},
      {&clock_range_, "SELECT coalesce(min(clock), 0), coalesce(max(clock), 0) FROM events WHERE seq BETWEEN ?1 AND ?2"},
      {&load_marks_, "SELECT line, offset, hash FROM line_marks WHERE file_id = ?1 ORDER BY line"},
      {&insert_mark_, "INSERT OR REPLACE INTO line_marks(file_id, line, offset, hash) VALUES(?1, ?2, ?3, ?4)"},
      {&delete_marks_, "DELETE FROM line_marks WHERE file_id = ?1 AND line >= ?2"},
  };
  for (const Entry& entry : entries) {
    KL_ASSIGN_OR_RETURN(*entry.statement, db_.Prepare(entry.sql));
  }
  return PrepareWpState();
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

Result<int64_t> IndexWriter::DropEvents(int64_t file_id, int64_t from_line) {
  const int64_t first = MakeSeq(file_id, from_line), last = MakeSeq(file_id + 1, 0) - 1;
  // Any dropped move or creation can change what the reducer decides for its WP (DESIGN §6 (c)
  // looks back through a WP's history): each such WP is recomputed.
  wp_keys_of_dropped_.Bind(1, first).Bind(2, last).Bind(3, kWorkPackageEntity);
  wp_keys_of_dropped_.Bind(4, kWpLaneEventTypes[0]).Bind(5, kWpLaneEventTypes[1]);
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

}  // namespace kittylog::index_internal
