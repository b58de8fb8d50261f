// Per-work-package current state as the index keeps it (DESIGN §6, §7; docs/index.md "wp_state").
//
// A work package's state is what the one reducer decides from all of its WPStatusChanged and
// WPCreated events: ComputeWpState runs Replay() over them (workflow/reducer.h) and keeps the
// lane, the move that set it and its group (for status's warning), the lifecycle breaks among
// its moves (a count and the latest), the title (the last WPCreated in total order), the
// latest move (a later move that continues the lane decides alone: IndexWriter's fast path),
// and a checkpoint of the replay kCheckpointLag moves before the end: when events change only
// after it (a merge touches recent moves), the reducer resumes from it and reads only the moves
// after it, with the same answer as a full replay.
// WpStateBuilder gathers every WP's events in one pass over events in any order (full rebuild,
// `index check`) and computes each state at the end (on two threads: the states are
// independent); the SQL upkeep for incremental refreshes lives in index_writer.h.
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

namespace kittylog::index_internal {

// Whether `event` feeds the state of work package (feature_slug, entity_id): a WPCreated or
// WPStatusChanged of a WorkPackage that names its feature, with a valid clock (the events the
// reducer lets shape a lane).
bool IsWpStateEvent(const ScannedEvent& event);

// A wp_state row: the public row plus what later updates need.
struct StoredWpState {
  WorkPackageRow row;
  std::string title_event;     // the WPCreated that gave the title ("" if none)
  int64_t title_clock = 0;
  std::string last_move;       // the latest WPStatusChanged in total order ("" if none)
  int64_t last_move_clock = 0;
  std::optional<LaneCheckpoint> checkpoint;  // none while the WP has few moves
  // Every group of concurrent moves the replay decided (with `resume`: only those after it).
  std::vector<ResolvedConflict> conflicts;
  // With `resume`: the first of `conflicts` is the group still open at the checkpoint, grown
  // (ReplayResult::grown_past_checkpoint); it replaces the checkpoint's open_conflict.
  bool replaces_last_conflict = false;
  bool operator==(const StoredWpState&) const = default;
};

// Moves replayed after a checkpoint: the checkpoint sits this many moves before the last one.
inline constexpr size_t kCheckpointLag = 16;

// The state of work package (feature_slug, id) from `events`: all of its WPStatusChanged and
// WPCreated events (IsWpStateEvent), in any order, duplicates allowed. With `resume`, a
// checkpoint of this WP's, `events` are only its moves and creations after resume->through (at
// least one move); the title is then "" unless a creation is among them.
StoredWpState ComputeWpState(std::span<const Event> events, std::string_view feature_slug, std::string_view id,
                             const LaneCheckpoint* resume = nullptr);

class WpStateBuilder {
 public:
  void Add(const Event& event);
  void Add(const ScannedEvent& event);
  // Folds in what another builder saw (a rebuild runs one per parser thread).
  void Merge(WpStateBuilder&& other);
  // Rows sorted by (feature_slug, work_package_id).
  std::vector<StoredWpState> Finish() const;

 private:
  static constexpr uint32_t kNoText = UINT32_MAX;
  // One event, compactly: a rebuild holds every status event of the log at once. Short texts
  // (lanes, actors, titles) are interned; ids and timestamps sit inline when they have the
  // canonical length.
  struct Record {
    int64_t clock = 0;
    uint32_t actor = kNoText, old_status = kNoText, new_status = kNoText, title = kNoText;
    uint32_t long_id = kNoText, long_timestamp = kNoText;  // interned when not inline
    std::array<char, 26> id{};
    std::array<char, 24> timestamp{};
    uint8_t id_size = 0, timestamp_size = 0;
    bool created = false;
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
