#include "index/wp_state.h"

#include <algorithm>
#include <cstring>
#include <unordered_set>

#include "workflow/board_summary.h"
#include "index/wp_state_codec.h"

namespace kittylog::index_internal {

bool IsWpStateEvent(const ScannedEvent& event) {
  return (event.event_type == "WPStatusChanged" || event.event_type == "WPCreated") &&
         event.entity_type == "WorkPackage" && !event.feature_slug.empty() && event.clock > 0;
}

StoredWpState ComputeWpState(std::span<const Event> events, std::string_view feature_slug, std::string_view id) {
  StoredWpState state;
  const DecidedLane decided = DecidedLaneOf(Replay(events).board, feature_slug, id);
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
    if (event.event_type == "WPCreated") {
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
  auto it = name_ids_.find(std::string(text));
  if (it != name_ids_.end()) return it->second;
  const auto index = static_cast<uint32_t>(names_.size());
  names_.emplace_back(text);
  name_ids_.emplace(std::string(text), index);
  return index;
}

WpStateBuilder::Record WpStateBuilder::MakeRecord(const ScannedEvent& event) {
  Record record;
  record.clock = event.clock;
  record.created = event.event_type == "WPCreated";
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

Event WpStateBuilder::ToEvent(const Record& record, const std::pair<std::string, std::string>& key) const {
  Event event;
  event.lamport_clock = record.clock;
  event.event_type = record.created ? "WPCreated" : "WPStatusChanged";
  event.event_id = record.long_id != kNoText ? std::string(TextOf(record.long_id))
                                             : std::string(record.id.data(), record.id_size);
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
  std::vector<StoredWpState> rows;
  rows.reserve(pending_.size());
  std::vector<Event> events;
  for (const auto& [key, records] : pending_) {
    events.clear();
    for (const Record& record : records) events.push_back(ToEvent(record, key));
    rows.push_back(ComputeWpState(events, key.first, key.second));
  }
  return rows;
}

}  // namespace kittylog::index_internal
