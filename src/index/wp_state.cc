#include "index/wp_state.h"

#include "workflow/status_rules.h"

namespace kittylog::index_internal {

bool IsWpStateEvent(const ScannedEvent& event) {
  return (event.event_type == "WPStatusChanged" || event.event_type == "WPCreated") &&
         event.entity_type == "WorkPackage" && !event.feature_slug.empty() && event.clock > 0;
}

WpEvent ToWpEvent(const ScannedEvent& event) {
  WpEvent wp;
  wp.clock = event.clock;
  wp.event_id = event.event_id;
  wp.old_status = event.old_status;
  wp.new_status = event.new_status;
  wp.title = event.title;
  return wp;
}

void DecideLane(const std::vector<WpEvent>& group, WorkPackageRow& row) {
  if (group.empty()) {
    row.lane = "planned";
    row.deciding_event_id.clear();
    row.deciding_clock = 0;
    row.rule.clear();
    return;
  }
  // ResolveConcurrentStatus reads only type, clock, id and the two statuses.
  std::vector<Event> events(group.size());
  std::vector<const Event*> pointers;
  for (size_t i = 0; i < group.size(); ++i) {
    events[i].event_type = "WPStatusChanged";
    events[i].lamport_clock = group[i].clock;
    events[i].event_id = group[i].event_id;
    events[i].payload.old_status = group[i].old_status;
    events[i].payload.new_status = group[i].new_status;
    pointers.push_back(&events[i]);
  }
  Resolution resolution = ResolveConcurrentStatus(pointers);
  row.lane = resolution.winner->payload.new_status;
  row.deciding_event_id = resolution.winner->event_id;
  row.deciding_clock = resolution.winner->lamport_clock;
  row.rule = group.size() > 1 ? resolution.rule : "";
}

void WpStateBuilder::Add(const Event& event) { Add(ViewOf(event)); }

void WpStateBuilder::Add(const ScannedEvent& event) {
  if (!IsWpStateEvent(event)) return;
  const bool created = event.event_type == "WPCreated";
  std::pair<std::string_view, std::string_view> key(event.feature_slug, event.entity_id);
  auto it = pending_.find(key);
  if (it == pending_.end()) it = pending_.emplace(std::pair<std::string, std::string>(key), Pending()).first;
  Pending& pending = it->second;
  if (created) {
    if (!pending.has_title || TotalOrderLess(pending.title.clock, pending.title.event_id, event.clock, event.event_id)) {
      pending.title = ToWpEvent(event);
      pending.has_title = true;
    }
    return;
  }
  if (event.clock > pending.max_clock) {
    pending.max_clock = event.clock;
    pending.group.clear();
  }
  if (event.clock == pending.max_clock) pending.group.push_back(ToWpEvent(event));
}

void WpStateBuilder::Merge(WpStateBuilder&& other) {
  for (auto& [key, theirs] : other.pending_) {
    auto [it, inserted] = pending_.try_emplace(key);
    Pending& ours = it->second;
    if (inserted) {
      ours = std::move(theirs);
      continue;
    }
    if (theirs.has_title && (!ours.has_title || TotalOrderLess(ours.title.clock, ours.title.event_id,
                                                               theirs.title.clock, theirs.title.event_id))) {
      ours.title = std::move(theirs.title);
      ours.has_title = true;
    }
    if (theirs.max_clock > ours.max_clock) {
      ours.max_clock = theirs.max_clock;
      ours.group = std::move(theirs.group);
    } else if (theirs.max_clock == ours.max_clock) {
      for (WpEvent& event : theirs.group) ours.group.push_back(std::move(event));
    }
  }
  other.pending_.clear();
}

std::vector<StoredWpState> WpStateBuilder::Finish() const {
  std::vector<StoredWpState> rows;
  rows.reserve(pending_.size());
  for (const auto& [key, pending] : pending_) {
    StoredWpState state;
    state.row.feature_slug = key.first;
    state.row.work_package_id = key.second;
    DecideLane(pending.group, state.row);
    if (pending.has_title) {
      state.row.title = pending.title.title;
      state.title_event = pending.title.event_id;
      state.title_clock = pending.title.clock;
    }
    rows.push_back(std::move(state));
  }
  return rows;
}

}  // namespace kittylog::index_internal
