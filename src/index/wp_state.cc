#include "index/wp_state.h"

#include <algorithm>
#include <cstring>
#include <thread>

namespace kittylog::index_internal {

bool IsWpStateEvent(const ScannedEvent& event) {
  return ShapesWpLane(event.event_type, event.entity_type, event.feature_slug) && event.clock > 0;
}

StoredWpState StoredOf(WpLaneState&& state) {
  StoredWpState stored;
  DecidedLane& decided = state.decided;
  WorkPackageRow& row = stored.row;
  row.feature_slug = std::move(decided.feature_slug);
  row.work_package_id = std::move(decided.id);
  row.lane = std::move(decided.lane);
  row.deciding_event_id = std::move(decided.deciding_event_id);
  row.deciding_clock = decided.deciding_clock;
  row.rule = std::move(decided.rule);
  row.resolution = std::move(decided.resolution);
  row.breaks = decided.breaks;
  row.last_break = std::move(decided.last_break);
  row.title = std::move(state.title);
  stored.title_event = std::move(state.title_event);
  stored.title_clock = state.title_clock;
  stored.last_move = std::move(state.last_move);
  stored.last_move_clock = state.last_move_clock;
  stored.checkpoint = std::move(state.checkpoint);
  stored.conflicts = std::move(state.conflicts);
  stored.conflicts_after = state.conflicts_after;
  return stored;
}

StoredWpState ComputeWpState(std::span<const Event> events, std::string_view feature_slug, std::string_view id) {
  return StoredOf(ReplayWpLane(events, feature_slug, id));
}

uint32_t WpStateBuilder::Intern(std::string_view text) {
  if (text.empty()) return kNoText;
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
  record.event_type = Intern(event.event_type);
  record.entity_type = Intern(event.entity_type);
  record.actor = Intern(event.actor);
  record.old_status = Intern(event.old_status);
  record.new_status = Intern(event.new_status);
  record.title = Intern(event.title);
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
  event.event_type = std::string(TextOf(record.event_type));
  event.event_id = std::string(IdOf(record));
  event.timestamp = record.long_timestamp != kNoText ? std::string(TextOf(record.long_timestamp))
                                                     : std::string(record.timestamp.data(), record.timestamp_size);
  event.entity_id = key.second;
  event.entity_type = std::string(TextOf(record.entity_type));
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
      for (uint32_t* text : {&record.event_type, &record.entity_type, &record.actor, &record.old_status,
                             &record.new_status, &record.title, &record.long_id, &record.long_timestamp}) {
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
      // In total order, so the replay need not sort.
      std::sort(ordered.begin(), ordered.end(), [&](const Record* a, const Record* b) {
        return TotalOrderLess(a->clock, IdOf(*a), b->clock, IdOf(*b));
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
