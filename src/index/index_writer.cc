#include "index/index_writer.h"

#include <algorithm>
#include <tuple>

#include <fmt/format.h>
#include <simdjson.h>

#include "index/index_schema.h"

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
       "SELECT f.text, w.text, t.text, max(e.clock) FROM events e JOIN names f ON f.name_id = e.feature_id "
       "JOIN names w ON w.name_id = e.entity_id JOIN names t ON t.name_id = e.type_id "
       "JOIN names k ON k.name_id = e.entity_type_id "
       "WHERE e.seq BETWEEN ?1 AND ?2 AND k.text = 'WorkPackage' AND f.text <> '' "
       "AND t.text IN ('WPStatusChanged', 'WPCreated') GROUP BY e.feature_id, e.entity_id, e.type_id"},
      {&files_by_clock_, "SELECT file_id, max_clock FROM files WHERE events > 0 ORDER BY max_clock DESC"},
      {&file_top_group_,
       "SELECT x.clock, x.seq, x.line_offset FROM entity_events x CROSS JOIN events e ON e.seq = x.seq "
       "WHERE x.file_id = ?1 AND x.entity_id = ?2 AND x.feature_id = ?3 AND e.type_id = ?4 "
       "AND e.entity_type_id = ?5 ORDER BY x.clock DESC"},
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
       "SELECT lane, deciding_event, deciding_clock, rule, title, title_event, title_clock FROM wp_state "
       "WHERE feature = ?1 AND wp = ?2"},
      {&save_wp_, "INSERT OR REPLACE INTO wp_state VALUES(?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9)"},
      {&delete_wp_, "DELETE FROM wp_state WHERE feature = ?1 AND wp = ?2"},
      {&top_group_,
       "SELECT x.clock, x.seq, x.line_offset FROM files f CROSS JOIN entity_events x ON x.file_id = f.file_id "
       "CROSS JOIN events e ON e.seq = x.seq WHERE x.entity_id = ?1 AND x.feature_id = ?2 AND e.type_id = ?3 "
       "AND e.entity_type_id = ?4 ORDER BY x.clock DESC"},
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

Status IndexWriter::InsertEvent(const ScannedEvent& event, int64_t file_id) {
  EventRow row;
  row.seq = MakeSeq(file_id, event.line_number);
  row.clock = event.clock;
  row.offset = static_cast<int64_t>(event.offset);
  KL_ASSIGN_OR_RETURN(row.type_id, NameId(event.event_type));
  KL_ASSIGN_OR_RETURN(row.entity_type_id, NameId(event.entity_type));
  KL_ASSIGN_OR_RETURN(row.entity_id, NameId(event.entity_id));
  KL_ASSIGN_OR_RETURN(row.actor_id, NameId(event.actor));
  KL_ASSIGN_OR_RETURN(row.feature_id, NameId(event.feature_slug));
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
    row.title = load_wp_.Text(4);
    cached.state.title_event = load_wp_.Text(5);
    cached.state.title_clock = load_wp_.Int(6);
  }
  load_wp_.Reset();
  if (!found.ok()) return found.status();
  return &wp_cache_.emplace(key, std::move(cached)).first->second.state;
}

Status IndexWriter::ApplyWpEvent(const ScannedEvent& event) {
  std::pair<std::string, std::string> key(event.feature_slug, event.entity_id);
  if (dirty_.count(key)) {
    // Recomputed at the end; a title change must be recomputed too, not kept from before.
    if (event.event_type == "WPCreated") dirty_title_.insert(std::move(key));
    return Status::Ok();
  }
  KL_ASSIGN_OR_RETURN(StoredWpState * state, CachedWp(key));
  CachedState& cached = wp_cache_[key];
  if (event.event_type == "WPCreated") {
    if (!state->title_event.empty() &&
        !TotalOrderLess(state->title_clock, state->title_event, event.clock, event.event_id)) {
      return Status::Ok();
    }
    state->row.title = event.title;
    state->title_event = event.event_id;
    state->title_clock = event.clock;
  } else if (event.clock < state->row.deciding_clock) {
    return Status::Ok();  // older history (e.g. a rewritten file read again): the lane stands
  } else if (event.clock == state->row.deciding_clock) {
    dirty_.insert(std::move(key));  // concurrent with the decision: the rules decide again
    return Status::Ok();
  } else {
    state->row.lane = event.new_status;
    state->row.deciding_event_id = event.event_id;
    state->row.deciding_clock = event.clock;
    state->row.rule.clear();
  }
  cached.exists = cached.changed = true;
  return Status::Ok();
}

Result<int64_t> IndexWriter::DropEvents(int64_t file_id, int64_t from_line) {
  const int64_t first = MakeSeq(file_id, from_line), last = MakeSeq(file_id + 1, 0) - 1;
  // A dropped event can change a WP's state only if it is at or above what decided it (the
  // deciding status group, the title's WPCreated): older history never decides anything.
  std::vector<std::tuple<std::pair<std::string, std::string>, bool, int64_t>> dropped;  // key, status?, clock
  wp_keys_of_dropped_.Bind(1, first).Bind(2, last);
  for (;;) {
    Result<bool> row = wp_keys_of_dropped_.Step();
    if (!row.ok()) {
      wp_keys_of_dropped_.Reset();
      return row.status();
    }
    if (!*row) break;
    dropped.emplace_back(std::make_pair(std::string(wp_keys_of_dropped_.Text(0)), std::string(wp_keys_of_dropped_.Text(1))),
                         wp_keys_of_dropped_.Text(2) == "WPStatusChanged", wp_keys_of_dropped_.Int(3));
  }
  wp_keys_of_dropped_.Reset();
  for (auto& [key, is_status, clock] : dropped) {
    KL_ASSIGN_OR_RETURN(StoredWpState * state, CachedWp(key));
    if (is_status && clock >= state->row.deciding_clock) dirty_.insert(key);
    if (!is_status && clock >= state->title_clock) {
      dirty_.insert(key);
      dirty_title_.insert(key);
    }
  }
  KL_RETURN_IF_ERROR(delete_events_.Bind(1, first).Bind(2, last).Run());
  int64_t deleted = db_.Changes();
  KL_RETURN_IF_ERROR(delete_postings_.Bind(1, file_id).Bind(2, first).Bind(3, last).Run());
  return deleted;
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
  save_wp_.Bind(5, row.deciding_clock).Bind(6, row.rule).Bind(7, row.title).Bind(8, state.title_event);
  return save_wp_.Bind(9, state.title_clock).Run();
}

namespace {

// Where one event of a top group is.
struct GroupHit {
  int64_t clock, seq, offset;
};

// Steps `statement` (rows: clock DESC, seq, line_offset) into `hits`, keeping the rows of the
// highest clock seen so far (`best`); stops at the first row below it.
Status CollectTopRows(Statement& statement, int64_t& best, std::vector<GroupHit>& hits) {
  for (;;) {
    Result<bool> row = statement.Step();
    if (!row.ok()) {
      statement.Reset();
      return row.status();
    }
    if (!*row) break;
    const int64_t clock = statement.Int(0);
    if (clock < best) break;
    if (clock > best) {
      hits.clear();
      best = clock;
    }
    hits.push_back({clock, statement.Int(1), statement.Int(2)});
  }
  statement.Reset();
  return Status::Ok();
}

}  // namespace

Result<std::vector<WpEvent>> IndexWriter::TopGroup(int64_t entity_id, int64_t feature_id, int64_t type_id,
                                                   int64_t work_package_type_id) {
  std::vector<WpEvent> group;
  if (type_id == 0) return group;
  std::vector<GroupHit> hits;
  int64_t best = -1;
  KL_ASSIGN_OR_RETURN(int64_t created_type, FindNameId("WPCreated"));
  if (type_id == created_type) {
    // Titles are recomputed rarely (only when a file holding the WP's WPCreated was re-read):
    // one query over all its events.
    top_group_.Bind(1, entity_id).Bind(2, feature_id).Bind(3, type_id).Bind(4, work_package_type_id);
    KL_RETURN_IF_ERROR(CollectTopRows(top_group_, best, hits));
  } else {
    // The deciding status group is almost always in the newest files: probe the files from the
    // highest clock down, each in clock order, and stop at the first file entirely below the
    // group found (a group can span files: equal clocks from two branches, two days).
    if (files_by_clock_cache_.empty()) {
      for (;;) {
        Result<bool> row = files_by_clock_.Step();
        if (!row.ok()) {
          files_by_clock_.Reset();
          return row.status();
        }
        if (!*row) break;
        files_by_clock_cache_.emplace_back(files_by_clock_.Int(0), files_by_clock_.Int(1));
      }
      files_by_clock_.Reset();
    }
    for (const auto& [file_id, max_clock] : files_by_clock_cache_) {
      if (best > max_clock) break;
      file_top_group_.Bind(1, file_id).Bind(2, entity_id).Bind(3, feature_id).Bind(4, type_id);
      file_top_group_.Bind(5, work_package_type_id);
      KL_RETURN_IF_ERROR(CollectTopRows(file_top_group_, best, hits));
    }
  }
  std::sort(hits.begin(), hits.end(), [](const GroupHit& a, const GroupHit& b) { return a.seq < b.seq; });
  for (const GroupHit& hit : hits) {
    KL_ASSIGN_OR_RETURN(std::string_view line, lines_.Line(FileOfSeq(hit.seq), static_cast<uint64_t>(hit.offset)));
    scratch_.assign(line);
    scratch_.append(simdjson::SIMDJSON_PADDING, '\0');
    EventDecoder::Options options;
    options.keep_raw_line = false;
    Result<Event> event = decoder_.Decode(std::string_view(scratch_.data(), line.size()), options, nullptr);
    if (!event.ok() || event->lamport_clock != hit.clock) {
      return Status::Io(fmt::format("a daily file {}", kChangedSinceIndexed));
    }
    group.push_back(ToWpEvent(ViewOf(*event)));
  }
  return group;
}

Status IndexWriter::RecomputeWp(const std::pair<std::string, std::string>& key, StoredWpState& state) {
  KL_ASSIGN_OR_RETURN(int64_t feature_id, FindNameId(key.first));
  KL_ASSIGN_OR_RETURN(int64_t entity_id, FindNameId(key.second));
  KL_ASSIGN_OR_RETURN(int64_t status_type, FindNameId("WPStatusChanged"));
  KL_ASSIGN_OR_RETURN(int64_t created_type, FindNameId("WPCreated"));
  KL_ASSIGN_OR_RETURN(int64_t work_package, FindNameId("WorkPackage"));
  // The title stands unless a WPCreated at or above it was dropped (dirty_title_); the state
  // read before this transaction still holds it then.
  const bool title_dirty = dirty_title_.count(key) > 0 || state.title_event.empty();
  std::vector<WpEvent> status, created;
  if (feature_id != 0 && entity_id != 0 && work_package != 0) {
    KL_ASSIGN_OR_RETURN(status, TopGroup(entity_id, feature_id, status_type, work_package));
    if (title_dirty) {
      KL_ASSIGN_OR_RETURN(created, TopGroup(entity_id, feature_id, created_type, work_package));
    }
  }
  const bool has_title = title_dirty ? !created.empty() : true;
  if (status.empty() && !has_title) return delete_wp_.Bind(1, key.first).Bind(2, key.second).Run();
  StoredWpState kept = state;
  state = StoredWpState();
  state.row.feature_slug = key.first;
  state.row.work_package_id = key.second;
  DecideLane(status, state.row);
  if (!title_dirty) {
    state.row.title = kept.row.title;
    state.title_event = kept.title_event;
    state.title_clock = kept.title_clock;
  }
  const WpEvent* title = nullptr;
  for (const WpEvent& event : created) {
    if (title == nullptr || title->event_id < event.event_id) title = &event;
  }
  if (title != nullptr) {
    state.row.title = title->title;
    state.title_event = title->event_id;
    state.title_clock = title->clock;
  }
  return SaveWpState(state);
}

Status IndexWriter::FinishWpState() {
  files_by_clock_cache_.clear();  // the files' clock ranges as this transaction leaves them
  for (const auto& key : dirty_) {
    Result<StoredWpState*> before = CachedWp(key);  // the title a recompute may keep
    if (!before.ok()) return before.status();
    CachedState& cached = wp_cache_[key];
    cached.changed = false;  // written (or deleted) by the recompute
    KL_RETURN_IF_ERROR(RecomputeWp(key, cached.state));
  }
  for (auto& [key, cached] : wp_cache_) {
    if (cached.changed) KL_RETURN_IF_ERROR(SaveWpState(cached.state));
  }
  dirty_.clear();
  dirty_title_.clear();
  wp_cache_.clear();
  files_by_clock_cache_.clear();
  return Status::Ok();
}

}  // namespace kittylog::index_internal
