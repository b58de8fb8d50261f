// Per-work-package current state as the index stores it (DESIGN §6, §7; docs/index.md "wp_state").
//
// What a work package's state is, and how it is computed, is the workflow's
// (workflow/wp_lane_state.h): which events shape it, the replay of them, the checkpoint a later
// replay resumes from, the groups of concurrent moves. The index keeps the result as a row
// (StoredWpState) and calls those functions; it never decides a lane itself.
// WpStateBuilder gathers every WP's lane events in one pass over events in any order (full
// rebuild, `index check`), holding them compactly, and replays each WP at the end (on two
// threads: the states are independent); the SQL upkeep for incremental refreshes lives in
// index_writer.h.
// Thread-compatible.
#pragma once

#include <array>
#include <cstdint>
#include <map>
#include <optional>
#include <span>
#include <string>
#include <string_view>
#include <unordered_map>
#include <utility>
#include <vector>

#include "event/event.h"
#include "index/index_types.h"
#include "index/log_scanner.h"
#include "workflow/wp_lane_state.h"

namespace kittylog::index_internal {

// Whether `event` feeds the state of work package (feature_slug, entity_id): it shapes the
// lane (workflow/wp_lane_state.h ShapesWpLane) and has a clock.
bool IsWpStateEvent(const ScannedEvent& event);

// A wp_state row: the public row plus what later updates need.
struct StoredWpState {
  WorkPackageRow row;
  // As WpLaneState (workflow/wp_lane_state.h) has them:
  std::string title_event;     // the WPCreated that gave the title ("" if none)
  int64_t title_clock = 0;
  std::string last_move;       // the latest move in total order ("" if none)
  int64_t last_move_clock = 0;
  std::optional<LaneCheckpoint> checkpoint;  // none while the WP has few moves
  // The groups of concurrent moves with last_clock > conflicts_after (wp_conflicts rows).
  std::vector<ResolvedConflict> conflicts;
  int64_t conflicts_after = 0;
  bool operator==(const StoredWpState&) const = default;
};

// The row of what the workflow decided for one work package.
StoredWpState StoredOf(WpLaneState&& state);

// The state of work package (feature_slug, id) from `events`: all of its lane events
// (IsWpStateEvent), in any order, duplicates allowed (workflow/wp_lane_state.h ReplayWpLane).
StoredWpState ComputeWpState(std::span<const Event> events, std::string_view feature_slug, std::string_view id);

class WpStateBuilder {
 public:
  void Add(const Event& event);
  void Add(const ScannedEvent& event);
  // Folds in what another builder saw (a rebuild runs one per parser thread).
  void Merge(WpStateBuilder&& other);
  // Rows sorted by (feature_slug, work_package_id).
  std::vector<StoredWpState> Finish() const;

 private:
  static constexpr uint32_t kNoText = UINT32_MAX;  // also the empty text
  // One event, compactly: a rebuild holds every lane event of the log at once. Short texts
  // (types, lanes, actors, titles) are interned; ids and timestamps sit inline when they have
  // the canonical length. The replay gets back every field the index reads of the event.
  struct Record {
    int64_t clock = 0;
    uint32_t event_type = kNoText, entity_type = kNoText, actor = kNoText;
    uint32_t old_status = kNoText, new_status = kNoText, title = kNoText;
    uint32_t long_id = kNoText, long_timestamp = kNoText;  // interned when not inline
    std::array<char, 26> id{};
    std::array<char, 24> timestamp{};
    uint8_t id_size = 0, timestamp_size = 0;
  };
  uint32_t Intern(std::string_view text);
  std::string_view TextOf(uint32_t index) const { return index == kNoText ? std::string_view() : names_[index]; }
  Record MakeRecord(const ScannedEvent& event);
  Event ToEvent(const Record& record, const std::pair<std::string, std::string>& key) const;
  std::string_view IdOf(const Record& record) const;

  // Ordered by (feature, WP); looked up by views without building strings.
  struct KeyLess {
    using is_transparent = void;
    template <typename A, typename B>
    bool operator()(const A& a, const B& b) const {
      return std::pair<std::string_view, std::string_view>(a.first, a.second) <
             std::pair<std::string_view, std::string_view>(b.first, b.second);
    }
  };
  std::map<std::pair<std::string, std::string>, std::vector<Record>, KeyLess> pending_;
  struct TextHash {
    using is_transparent = void;
    size_t operator()(std::string_view text) const { return std::hash<std::string_view>{}(text); }
  };
  std::vector<std::string> names_;
  std::unordered_map<std::string, uint32_t, TextHash, std::equal_to<>> name_ids_;
};

}  // namespace kittylog::index_internal
