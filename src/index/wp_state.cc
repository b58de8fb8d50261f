#include "index/wp_state.h"

#include <algorithm>
#include <cstring>
#include <thread>
#include <unordered_set>

#include "event/event_types.h"
#include "workflow/board_summary.h"
#include "index/wp_state_codec.h"

namespace kittylog::index_internal {

bool IsWpStateEvent(const ScannedEvent& event) {
  return (event.event_type == kWPStatusChanged || event.event_type == kWPCreated) &&
         event.entity_type == "WorkPackage" && !event.feature_slug.empty() && event.clock > 0;
}

StoredWpState ComputeWpState(std::span<const Event> events, std::string_view feature_slug, std::string_view id,
                             const LaneCheckpoint* resume) {
  StoredWpState state;
  const std::string key = std::string(feature_slug) + "/" + std::string(id);
  // The next checkpoint: kCheckpointLag moves before the last one, at a clock boundary.
  std::vector<const Event*> moves;
  for (const Event& event : events) {
    if (event.event_type == kWPStatusChanged) moves.push_back(&event);
  }
  std::sort(moves.begin(), moves.end(), [](const Event* a, const Event* b) { return TotalOrderLess(*a, *b); });
  moves.erase(std::unique(moves.begin(), moves.end(),
                          [](const Event* a, const Event* b) { return a->event_id == b->event_id; }),
              moves.end());
  ReplayOptions options;
  options.check_guards = false;  // guards read other work packages: status checks them (board_summary.h)
  // Every group of concurrent moves, for `conflicts` (wp_conflicts).
  std::map<std::string, LaneCheckpoint> resumed;
  if (resume != nullptr) {
    resumed.emplace(key, *resume);
    options.resume = &resumed;
  }
  if (moves.size() > kCheckpointLag) options.checkpoint_through = moves[moves.size() - kCheckpointLag]->lamport_clock - 1;
  ReplayResult replay = Replay(events, options);
  auto saved = replay.checkpoints.find(key);
  if (saved != replay.checkpoints.end()) {
    state.checkpoint = std::move(saved->second);
  } else if (resume != nullptr) {
    state.checkpoint = *resume;  // still true: nothing at or before it changed
  }
  state.replaces_last_conflict = !replay.grown_past_checkpoint.empty();
  for (ResolvedConflict& conflict : replay.board.conflicts) {
    if (conflict.aspect == "status") state.conflicts.push_back(std::move(conflict));
  }
  const DecidedLane decided = DecidedLaneOf(replay.board, feature_slug, id);
  WorkPackageRow& row = state.row;
  row.feature_slug = std::string(feature_slug);
  row.work_package_id = std::string(id);
  row.lane = decided.lane;
  row.deciding_event_id = decided.deciding_event_id;
  row.deciding_clock = decided.deciding_clock;
  row.rule = decided.rule;
  row.resolution = decided.resolution;
  row.breaks = decided.breaks;
  row.last_break = decided.last_break;
  // The title is the last WPCreated in total order, each id counted once (its first copy).
  std::vector<const Event*> created;
  for (const Event& event : events) {
    if (event.event_type == kWPCreated) {
      created.push_back(&event);
    } else if (state.last_move.empty() ||
               TotalOrderLess(state.last_move_clock, state.last_move, event.lamport_clock, event.event_id)) {
      state.last_move = event.event_id;
      state.last_move_clock = event.lamport_clock;
    }
  }
  std::sort(created.begin(), created.end(), [](const Event* a, const Event* b) { return TotalOrderLess(*a, *b); });
  std::unordered_set<std::string_view> seen;
  for (const Event* event : created) {
    if (!seen.insert(event->event_id).second) continue;
    row.title = event->payload.title;
    state.title_event = event->event_id;
    state.title_clock = event->lamport_clock;
  }
  return state;
}

uint32_t WpStateBuilder::Intern(std::string_view text) {
  auto it = name_ids_.find(text);
  if (it != name_ids_.end()) return it->second;
  const auto index = static_cast<uint32_t>(names_.size());
  names_.emplace_back(text);
  name_ids_.emplace(std::string(text), index);
  return index;
}

WpStateBuilder::Record WpStateBuilder::MakeRecord(const ScannedEvent& event) {
  Record record;
  record.clock = event.clock;
  record.created = event.event_type == kWPCreated;
  record.actor = Intern(event.actor);
  if (record.created) {
    record.title = Intern(event.title);
  } else {
    record.old_status = Intern(event.old_status);
    record.new_status = Intern(event.new_status);
  }
  if (event.event_id.size() <= record.id.size()) {
    std::memcpy(record.id.data(), event.event_id.data(), event.event_id.size());
    record.id_size = static_cast<uint8_t>(event.event_id.size());
  } else {
    record.long_id = Intern(event.event_id);
  }
  if (event.timestamp.size() <= record.timestamp.size()) {
    std::memcpy(record.timestamp.data(), event.timestamp.data(), event.timestamp.size());
    record.timestamp_size = static_cast<uint8_t>(event.timestamp.size());
  } else {
    record.long_timestamp = Intern(event.timestamp);
  }
  return record;
}

std::string_view WpStateBuilder::IdOf(const Record& record) const {
  return record.long_id != kNoText ? TextOf(record.long_id) : std::string_view(record.id.data(), record.id_size);
}

Event WpStateBuilder::ToEvent(const Record& record, const std::pair<std::string, std::string>& key) const {
  Event event;
  event.lamport_clock = record.clock;
  event.event_type = record.created ? kWPCreated : kWPStatusChanged;
  event.event_id = std::string(IdOf(record));
  event.timestamp = record.long_timestamp != kNoText ? std::string(TextOf(record.long_timestamp))
                                                     : std::string(record.timestamp.data(), record.timestamp_size);
  event.entity_id = key.second;
  event.entity_type = "WorkPackage";
  event.actor = std::string(TextOf(record.actor));
  event.payload.feature_slug = key.first;
  event.payload.old_status = std::string(TextOf(record.old_status));
  event.payload.new_status = std::string(TextOf(record.new_status));
  event.payload.title = std::string(TextOf(record.title));
  return event;
}

void WpStateBuilder::Add(const Event& event) {
  ScannedEvent view = ViewOf(event);
  Add(view);
}

void WpStateBuilder::Add(const ScannedEvent& event) {
  if (!IsWpStateEvent(event)) return;
  std::pair<std::string_view, std::string_view> key(event.feature_slug, event.entity_id);
  auto it = pending_.find(key);
  if (it == pending_.end()) it = pending_.emplace(std::pair<std::string, std::string>(key), std::vector<Record>()).first;
  it->second.push_back(MakeRecord(event));
}

void WpStateBuilder::Merge(WpStateBuilder&& other) {
  auto remap = [&](uint32_t index) { return index == kNoText ? kNoText : Intern(other.names_[index]); };
  for (auto& [key, records] : other.pending_) {
    std::vector<Record>& ours = pending_[key];
    for (Record& record : records) {
      for (uint32_t* text : {&record.actor, &record.old_status, &record.new_status, &record.title, &record.long_id,
                             &record.long_timestamp}) {
        *text = remap(*text);
      }
      ours.push_back(record);
    }
  }
  other.pending_.clear();
}

std::vector<StoredWpState> WpStateBuilder::Finish() const {
  // Work packages are independent: two threads replay them (a rebuild's parsers are done).
  std::vector<const std::pair<const std::pair<std::string, std::string>, std::vector<Record>>*> work;
  for (const auto& entry : pending_) work.push_back(&entry);
  std::vector<StoredWpState> rows(work.size());
  auto run = [&](size_t first, size_t step) {
    std::vector<Event> events;
    std::vector<const Record*> ordered;
    for (size_t i = first; i < work.size(); i += step) {
      const auto& [key, records] = *work[i];
      ordered.clear();
      for (const Record& record : records) ordered.push_back(&record);
      // In total order, so the replay need not sort (ids are compared as Replay does).
      std::sort(ordered.begin(), ordered.end(), [&](const Record* a, const Record* b) {
        if (a->clock != b->clock) return a->clock < b->clock;
        return IdOf(*a) < IdOf(*b);
      });
      events.clear();
      for (const Record* record : ordered) events.push_back(ToEvent(*record, key));
      rows[i] = ComputeWpState(events, key.first, key.second);
    }
  };
  if (work.size() < 64) {
    run(0, 1);
  } else {
    std::thread other(run, 1, 2);
    run(0, 2);
    other.join();
  }
  return rows;
}

}  // namespace kittylog::index_internal
