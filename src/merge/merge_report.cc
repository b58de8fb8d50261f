#include "merge/merge_report.h"

#include <algorithm>
#include <unordered_map>

#include <fmt/format.h>

#include "event/event.h"
#include "event/event_types.h"
#include "event/terminal_text.h"
#include "workflow/lane_replay.h"

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
  if (record.event_type == kWPStatusChanged) text += fmt::format(" {}->{}", record.old_status, record.new_status);
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

// The lane the merged log gives a work package both sides changed, decided by the reducer's
// lane rules (workflow/lane_replay.h) over every move of it the merge holds, so the report names
// the winner the board will show (DESIGN §6): "" when no side moved it. `moves` are the records
// of all its WPStatusChanged events (base, ours and theirs). The driver reads one daily file,
// so the work package's lane before the file is the one its first move here leaves.
std::string DescribeStatusWinner(const std::vector<LineRecord>& records, std::vector<uint32_t> moves) {
  if (moves.empty()) return "";
  std::sort(moves.begin(), moves.end(),
            [&](uint32_t a, uint32_t b) { return KeyLess(records[a].key(), records[b].key()); });
  LaneReplay lanes(/*known_start=*/false);
  std::vector<LaneMove> group;
  std::vector<uint32_t> record_of_move;
  for (size_t begin = 0; begin < moves.size();) {
    size_t end = begin;
    group.clear();
    for (; end < moves.size() && records[moves[end]].clock == records[moves[begin]].clock; ++end) {
      const LineRecord& record = records[moves[end]];
      group.push_back({record.clock, record.id, record.old_status, record.new_status});
    }
    const LaneStep& step = lanes.Apply(group);
    for (size_t i = 0; i < group.size(); ++i) {
      if (!step.not_applied[i]) record_of_move.push_back(moves[begin + i]);
    }
    begin = end;
  }
  if (lanes.deciding() == LaneStep::kNoMove) return "";
  const LineRecord& winner = records[record_of_move[lanes.deciding()]];
  const std::string& rule = lanes.deciding_rule();
  return fmt::format("; status -> {} wins by {} ({} {}, clock {})", winner.new_status,
                     rule.empty() ? "last-write-wins" : rule, SideName(winner.side), winner.id, winner.clock);
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
  // Every move (base included) of the work packages both sides changed: their lane is replayed.
  std::unordered_map<EntityKey, std::vector<uint32_t>, EntityKeyHash> moves;
  for (const auto& [key, changes] : by_entity) {
    if (key.type != "WorkPackage" || key.feature.empty() || changes.by_side[0].empty() ||
        changes.by_side[1].empty()) {
      continue;
    }
    bool moved = false;
    for (const std::vector<uint32_t>& side : changes.by_side) {
      for (uint32_t index : side) moved |= records[index].event_type == kWPStatusChanged;
    }
    if (moved) moves.try_emplace(key);
  }
  if (!moves.empty()) {
    for (const EventOutcome& outcome : outcomes) {
      const LineRecord& record = records[outcome.chosen];
      if (record.event_type != kWPStatusChanged || record.entity_type != "WorkPackage") continue;
      auto it = moves.find(EntityKey{record.entity_type, record.feature_slug, record.entity_id});
      if (it != moves.end()) it->second.push_back(outcome.chosen);
    }
  }
  std::vector<ReportEntry> entries;
  for (auto& [key, changes] : by_entity) {
    if (changes.by_side[0].empty() || changes.by_side[1].empty()) continue;
    ReportEntry entry;
    entry.severity = ReportEntry::Severity::kInfo;
    entry.kind = ReportEntry::Kind::kConcurrentChange;
    entry.entity = EntityName(records[changes.by_side[0].front()]);
    auto wp_moves = moves.find(key);
    entry.message = fmt::format("{} changed on both sides since the base: ours added {}, theirs added {}{}",
                                entry.entity, DescribeSide(records, changes.by_side[0]),
                                DescribeSide(records, changes.by_side[1]),
                                wp_moves == moves.end() ? "" : DescribeStatusWinner(records, wp_moves->second));
    entries.push_back(std::move(entry));
  }
  std::sort(entries.begin(), entries.end(),
            [](const ReportEntry& a, const ReportEntry& b) { return a.entity < b.entity; });  // a stable report
  for (ReportEntry& entry : entries) report.push_back(std::move(entry));
}

}  // namespace kittylog::merge
