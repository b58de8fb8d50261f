// Per-work-package current state as the index keeps it (DESIGN §6; docs/index.md "wp_state").
//
// A work package's lane is decided by its WPStatusChanged events with the highest clock: replay
// in total order ends with that group, and within the group ResolveConcurrentStatus (the one
// rule of workflow/status_rules.h) picks the winner. Its title comes from the last WPCreated in
// total order. WpStateBuilder computes this in memory in one pass over events in any order (full
// rebuild, `index check`); the SQL upkeep for incremental refreshes lives in index_writer.h.
// Thread-compatible.
#pragma once

#include <cstdint>
#include <map>
#include <string_view>
#include <string>
#include <utility>
#include <vector>

#include "event/event.h"
#include "index/log_scanner.h"
#include "index/index_types.h"

namespace kittylog::index_internal {

// The facts of a WPStatusChanged / WPCreated that the state needs.
struct WpEvent {
  int64_t clock = 0;
  std::string event_id;
  std::string old_status;
  std::string new_status;
  std::string title;  // WPCreated only
};

// Whether `event` feeds the state of work package (feature_slug, entity_id): a WPCreated or
// WPStatusChanged of a WorkPackage that names its feature, with a valid clock.
bool IsWpStateEvent(const ScannedEvent& event);

WpEvent ToWpEvent(const ScannedEvent& event);

// Resolves the lane among `group`, the status events of one WP that share the highest clock.
// Fills lane, deciding_event_id, deciding_clock and rule of `row` (rule "" when alone).
void DecideLane(const std::vector<WpEvent>& group, WorkPackageRow& row);

// A wp_state row: the public row plus the WPCreated that gave the title (for later updates).
struct StoredWpState {
  WorkPackageRow row;
  std::string title_event;
  int64_t title_clock = 0;
};

class WpStateBuilder {
 public:
  void Add(const Event& event);
  void Add(const ScannedEvent& event);
  // Folds in what another builder saw (a rebuild runs one per parser thread).
  void Merge(WpStateBuilder&& other);
  // Rows sorted by (feature_slug, work_package_id).
  std::vector<StoredWpState> Finish() const;

 private:
  struct Pending {
    int64_t max_clock = 0;
    std::vector<WpEvent> group;  // status events at max_clock
    bool has_title = false;
    WpEvent title;               // the last WPCreated in total order
  };
  // Ordered by (feature, WP); looked up by views without building strings.
  struct KeyLess {
    using is_transparent = void;
    template <typename A, typename B>
    bool operator()(const A& a, const B& b) const {
      return std::pair<std::string_view, std::string_view>(a.first, a.second) <
             std::pair<std::string_view, std::string_view>(b.first, b.second);
    }
  };
  std::map<std::pair<std::string, std::string>, Pending, KeyLess> pending_;
};

}  // namespace kittylog::index_internal
