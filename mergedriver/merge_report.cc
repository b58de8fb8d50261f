#include "mergedriver/merge_report.h"

#include <algorithm>
#include <unordered_map>

#include <fmt/format.h>

#include "event/event.h"
#include "event/terminal_text.h"
#include "workflow/status_rules.h"

namespace kittylog::merge {
namespace {

constexpr size_t kListedEvents = 3;  // per side; the rest is counted

struct EntityChanges {
  std::vector<uint32_t> by_side[2];  // ours, theirs
};

struct EntityKey {
  std::string_view type, feature, id;
  bool operator==(const EntityKey&) const = default;
};

struct EntityKeyHash {
  size_t operator()(const EntityKey& key) const {
    std::hash<std::string_view> hash;
    return hash(key.id) ^ (hash(key.feature) * 31) ^ (hash(key.type) * 131);
  }
};

std::string EntityName(const LineRecord& record) {
  if (record.entity_id.empty()) return "";
  if (record.entity_type == "WorkPackage" && !record.feature_slug.empty()) {
    return fmt::format("WorkPackage {}/{}", record.feature_slug, record.entity_id);
  }
  return fmt::format("{} {}", record.entity_type.empty() ? "entity" : record.entity_type, record.entity_id);
}

std::string DescribeEvent(const LineRecord& record) {
  std::string text = fmt::format("{} clock {} {}", record.id, record.clock,
                                 record.event_type.empty() ? "?" : record.event_type);
  if (record.event_type == "WPStatusChanged") text += fmt::format(" {}->{}", record.old_status, record.new_status);
  return text;
}

// "N events (the first few in total order, ...)".
std::string DescribeSide(const std::vector<LineRecord>& records, std::vector<uint32_t> indices) {
  std::string text = fmt::format("{} event{} (", indices.size(), indices.size() == 1 ? "" : "s");
  size_t listed = std::min(indices.size(), kListedEvents);
  std::partial_sort(indices.begin(), indices.begin() + static_cast<std::ptrdiff_t>(listed), indices.end(),
                    [&](uint32_t a, uint32_t b) { return KeyLess(records[a].key(), records[b].key()); });
  for (size_t i = 0; i < listed; ++i) {
    if (i > 0) text += ", ";
    text += DescribeEvent(records[indices[i]]);
  }
  if (indices.size() > kListedEvents) text += fmt::format(", and {} more", indices.size() - kListedEvents);
  return text + ")";
}

// The DESIGN §6 winner among the status changes both sides made, or "" when there are none.
// ResolveConcurrentStatus depends only on the last event in total order and the last review
// rollback (its contract in status_rules.h), so only those two are turned into Events: the
// worst case has hundreds of thousands of concurrent changes.
std::string DescribeStatusWinner(const std::vector<LineRecord>& records, const EntityChanges& changes) {
  auto later = [&](uint32_t a, uint32_t b) {
    return TotalOrderLess(records[a].clock, records[a].id, records[b].clock, records[b].id) ? b : a;
  };
  uint32_t last = kNoRecord, last_rollback = kNoRecord;
  Event probe;  // reused: IsReviewRollback reads only these fields, short strings copy in place
  for (const std::vector<uint32_t>& side : changes.by_side) {
    for (uint32_t index : side) {
      const LineRecord& record = records[index];
      if (record.event_type != "WPStatusChanged") continue;
      last = last == kNoRecord ? index : later(last, index);
      probe.event_type.assign(record.event_type);
      probe.payload.old_status.assign(record.old_status);
      probe.payload.new_status.assign(record.new_status);
      if (IsReviewRollback(probe)) last_rollback = last_rollback == kNoRecord ? index : later(last_rollback, index);
    }
  }
  if (last == kNoRecord) return "";
  std::vector<uint32_t> candidates = {last};
  if (last_rollback != kNoRecord && last_rollback != last) candidates.push_back(last_rollback);
  std::vector<Event> events;
  for (uint32_t index : candidates) {
    const LineRecord& record = records[index];
    Event& event = events.emplace_back();
    event.event_id.assign(record.id);
    event.event_type.assign(record.event_type);
    event.lamport_clock = record.clock;
    event.entity_id.assign(record.entity_id);
    event.entity_type.assign(record.entity_type);
    event.payload.feature_slug.assign(record.feature_slug);
    event.payload.old_status.assign(record.old_status);
    event.payload.new_status.assign(record.new_status);
  }
  std::vector<const Event*> pointers;
  for (const Event& event : events) pointers.push_back(&event);
  Resolution resolution = ResolveConcurrentStatus(pointers);
  const LineRecord& winner = records[candidates[static_cast<size_t>(resolution.winner - events.data())]];
  return fmt::format("; status -> {} wins by {} ({} {}, clock {})", winner.new_status, resolution.rule,
                     SideName(winner.side), winner.id, winner.clock);
}

}  // namespace

std::string_view SideName(Side side) {
  switch (side) {
    case Side::kBase: return "base";
    case Side::kOurs: return "ours";
    case Side::kTheirs: return "theirs";
    case Side::kFile: return "file";
  }
  return "?";
}

std::string ReportEntry::Format() const {
  if (line == 0) return EscapeControls(message);
  return EscapeControls(fmt::format("{}:{}: {}", SideName(side), line, message));
}

std::string EscapeControls(std::string_view text) { return EscapeForTerminal(text); }

std::string Excerpt(std::string_view line, size_t limit) {
  std::string text = EscapeForTerminal(line.substr(0, limit));  // a cut character shows as \xNN
  if (line.size() > limit) text += "...";
  return text;
}

void ReportConcurrentChanges(const std::vector<LineRecord>& records, const std::vector<EventOutcome>& outcomes,
                             std::vector<ReportEntry>& report) {
  // Grouped by (entity_type, feature_slug for work packages, entity_id) without building names:
  // in the worst case every event of both sides lands here.
  std::unordered_map<EntityKey, EntityChanges, EntityKeyHash> by_entity;
  for (const EventOutcome& outcome : outcomes) {
    bool ours = outcome.present[static_cast<int>(Side::kOurs)];
    bool theirs = outcome.present[static_cast<int>(Side::kTheirs)];
    // Added by exactly one side; an event both sides hold (a cherry-pick) is not concurrent.
    if (outcome.present[static_cast<int>(Side::kBase)] || ours == theirs) continue;
    const LineRecord& record = records[outcome.chosen];
    if (record.entity_id.empty()) continue;
    EntityKey key{record.entity_type, record.entity_type == "WorkPackage" ? record.feature_slug : std::string_view(),
                  record.entity_id};
    by_entity[key].by_side[ours ? 0 : 1].push_back(outcome.chosen);
  }
  std::vector<ReportEntry> entries;
  for (auto& [key, changes] : by_entity) {
    if (changes.by_side[0].empty() || changes.by_side[1].empty()) continue;
    ReportEntry entry;
    entry.severity = ReportEntry::Severity::kInfo;
    entry.kind = ReportEntry::Kind::kConcurrentChange;
    entry.entity = EntityName(records[changes.by_side[0].front()]);
    entry.message = fmt::format("{} changed on both sides since the base: ours added {}, theirs added {}{}",
                                entry.entity, DescribeSide(records, changes.by_side[0]),
                                DescribeSide(records, changes.by_side[1]), DescribeStatusWinner(records, changes));
    entries.push_back(std::move(entry));
  }
  std::sort(entries.begin(), entries.end(),
            [](const ReportEntry& a, const ReportEntry& b) { return a.entity < b.entity; });  // a stable report
  for (ReportEntry& entry : entries) report.push_back(std::move(entry));
}

}  // namespace kittylog::merge
