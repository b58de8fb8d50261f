// IndexWriter's upkeep of wp_state and wp_conflicts (index_writer.h): the fast path, the
// recompute of dirty work packages, and their rows. What a work package's state is, and when an
// event decides alone, is the workflow's (workflow/wp_lane_state.h); this file reads and writes
// rows.
#include <algorithm>
#include <map>

#include <fmt/format.h>
#include <simdjson.h>

#include "index/index_schema.h"
#include "index/index_writer.h"
#include "index/wp_state_codec.h"
#include "workflow/wp_lane_state.h"

namespace kittylog::index_internal {

Status IndexWriter::PrepareWpState() {
  struct Entry {
    Statement* statement;
    std::string_view sql;
  };
  const Entry entries[] = {
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
  const WpLaneHead head{state->row.lane, state->title_event, state->title_clock, state->last_move,
                        state->last_move_clock};
  switch (EffectOnWpLane(head, {event.event_type, event.clock, event.event_id, event.old_status, event.new_status})) {
    case WpLaneEffect::kReplay:
      MarkDirty(key, event.clock);
      return Status::Ok();
    case WpLaneEffect::kSetsTitle:
      state->row.title = event.title;
      state->title_event = event.event_id;
      state->title_clock = event.clock;
      break;
    case WpLaneEffect::kMovesLane:
      state->row.lane = event.new_status;
      state->row.deciding_event_id = event.event_id;
      state->row.deciding_clock = event.clock;
      state->row.rule.clear();
      state->row.resolution.reset();
      state->last_move = event.event_id;
      state->last_move_clock = event.clock;
      break;
  }
  cached.exists = cached.changed = true;
  return Status::Ok();
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
  KL_ASSIGN_OR_RETURN(int64_t first_type, FindNameId(kWpLaneEventTypes[0]));
  KL_ASSIGN_OR_RETURN(int64_t second_type, FindNameId(kWpLaneEventTypes[1]));
  KL_ASSIGN_OR_RETURN(int64_t work_package, FindNameId(kWorkPackageEntity));
  if (feature_id == 0 || entity_id == 0 || work_package == 0) return events;
  struct Hit {
    int64_t clock, seq, offset;
  };
  std::vector<Hit> hits;
  wp_events_.Bind(1, entity_id).Bind(2, feature_id).Bind(3, first_type).Bind(4, second_type).Bind(5, work_package);
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
    Result<Event> event = decoder_.Decode(line, options, nullptr);  // padded in place (log_lines.h)
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
    std::optional<WpLaneState> resumed = ResumeWpLane(checkpoint, events, key.first, key.second);
    if (resumed) {
      StoredWpState next = StoredOf(std::move(*resumed));
      if (next.title_event.empty()) {  // no creation after the checkpoint: the stored title stands
        next.row.title = std::move(state.row.title);
        next.title_event = std::move(state.title_event);
        next.title_clock = state.title_clock;
      }
      state = std::move(next);
      KL_RETURN_IF_ERROR(SaveWpConflicts(key, state.conflicts_after, state.conflicts));
      return SaveWpState(state);
    }
  }
  KL_ASSIGN_OR_RETURN(std::vector<Event> events, WpEvents(key, 0));
  if (events.empty()) {
    KL_RETURN_IF_ERROR(SaveWpConflicts(key, 0, {}));
    return delete_wp_.Bind(1, key.first).Bind(2, key.second).Run();
  }
  state = ComputeWpState(events, key.first, key.second);
  KL_RETURN_IF_ERROR(SaveWpConflicts(key, state.conflicts_after, state.conflicts));
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
