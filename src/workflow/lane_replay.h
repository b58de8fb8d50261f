// One work package's lane, replayed move by move: the lane rules of DESIGN §5 and §6 in one
// place (docs/merge-rules.md). The reducer (reducer.h) runs one LaneReplay per work package for
// `status`, `history`, `conflicts` and the index's per-WP state; the merge driver's report and
// `conflicts --rev` take their status winner from the same reducer.
//
// Moves come in total order, one same-clock group at a time. Within Apply():
//   - a move whose new_status is not a lane is flagged and not applied;
//   - a move that starts from the current lane and that the lifecycle allows is a plain step;
//   - the moves of one group are concurrent (DESIGN §6 (a)); a move whose old_status is not the
//     lane, but a lane the work package held before, is concurrent with every move made since
//     it was last in that lane (DESIGN §6 (c): its author had not seen them, as on two
//     branches). The moves of the group and those it is concurrent with are resolved by
//     ResolveStatusRule (last-write-wins with rollback precedence, status_rules.h);
//   - any other move breaks the lifecycle (its old_status is a lane the work package never
//     held, or the lifecycle has no such move): flagged and replayed as written.
// Cost: amortised O(1) per move plus O(kListedMoves) per concurrent group, whatever the history
// (a hostile one too): the rule needs only the last move and the last review rollback of a group.
// Save() captures what later moves can need of the past (LaneState: a few moves, not all), and
// a LaneReplay made from it goes on exactly as the original would: the index keeps one per work
// package, so a merge replays only the moves it touched (index/wp_state.h).
// Views handed to Apply() must outlive the LaneReplay. Not thread-safe.
#pragma once

#include <cstddef>
#include <cstdint>
#include <span>
#include <string>
#include <string_view>
#include <vector>

#include "workflow/status_rules.h"

namespace kittylog {

// What the lane rules read of one WPStatusChanged: the status rules' own view (status_rules.h).
using LaneMove = StatusChange;

// Whether `move` simply continues `lane`: new_status is a lane, old_status is `lane`, and the
// lifecycle allows the move. Such a move, later than every other, decides the lane alone.
bool ContinuesLane(std::string_view lane, const LaneMove& move);

// What one group did. Moves are numbered 0, 1, ... in the order Apply() receives them.
struct LaneStep {
  static constexpr size_t kNoMove = SIZE_MAX;
  bool applied = false;             // a move of the group set the lane (false: none had a lane as new_status)
  size_t winner = kNoMove;          // the move that set the lane
  int64_t first_clock = 0;          // the clock of the earliest competing move (the group's without a rule)
  std::string rule;                 // "" when the winner had no competitor; else "last-write-wins" or
                                    // "rollback-precedence"
  std::vector<size_t> competing;    // with a rule: competing moves in total order, the most recent
                                    // LaneReplay::kListedMoves and the winner
  size_t omitted = 0;               // competing moves not listed
  // With a rule: this group holds the whole group of the previous Apply(), which had a rule too
  // (a move that reaches back over a group still open, as every stale move of an import does):
  // it is that group grown, and its conflict replaces that group's (one conflict per group in
  // `conflicts`, not one per move that joined it).
  bool extends = false;
  std::vector<std::string> problems;  // one per move of the group: the break it is, or ""
  std::vector<bool> not_applied;      // one per move of the group: flagged and left out
};

// A move a LaneState keeps, with its number.
struct KeptMove {
  size_t index = 0;
  int64_t clock = 0;
  std::string event_id, old_status, new_status;
  bool operator==(const KeptMove&) const = default;
};

// Where a lane was last held: the first move after it (`first_move`, whose clock is
// `first_clock` once that move exists).
struct LaneHeld {
  std::string lane;
  size_t first_move = 0;
  int64_t first_clock = 0;
  bool operator==(const LaneHeld&) const = default;
};

// All that later moves can need of the moves applied so far.
struct LaneState {
  bool known = false;                  // the lane is known (false: nothing applied to an unknown start)
  std::string lane;
  size_t moves = 0;                    // moves applied, numbered 0 .. moves-1
  std::vector<LaneHeld> last_in;
  size_t last_rollback = LaneStep::kNoMove;
  size_t deciding = LaneStep::kNoMove;
  std::string deciding_rule;
  std::vector<KeptMove> kept;          // by index: the latest kListedMoves, the last rollback, the deciding move
  size_t open_group = LaneStep::kNoMove;  // the first move of the last Apply()'s group, if it had a rule
  bool operator==(const LaneState&) const = default;
};

class LaneReplay {
 public:
  static constexpr size_t kListedMoves = 32;

  // `known_start`: the work package starts in `planned`. false when the history may start in
  // the middle (the merge driver reads one daily file): the lane before the first move is then
  // the old_status that move names.
  explicit LaneReplay(bool known_start = true);
  // Goes on from a saved state: the next move is number state.moves.
  explicit LaneReplay(LaneState state);
  LaneReplay(const LaneReplay&) = delete;
  LaneReplay& operator=(const LaneReplay&) = delete;

  // Applies the moves of one clock (in total order, all later than every move applied before).
  // The result is valid until the next call.
  const LaneStep& Apply(std::span<const LaneMove> group);

  LaneState Save() const;

  std::string_view lane() const { return lane_; }
  size_t moves() const { return base_ + moves_.size(); }
  // The move that set the lane (LaneStep::kNoMove before any) and the rule of its group.
  size_t deciding() const { return deciding_; }
  const std::string& deciding_rule() const { return deciding_rule_; }
  // A move by number: any of the latest kListedMoves, the last rollback, the deciding move, and
  // every move applied to this LaneReplay itself.
  const LaneMove& move(size_t index) const;

 private:
  LaneHeld* LastIn(std::string_view lane);
  void SetLastIn(std::string_view lane, size_t first_move);

  bool known_;
  std::string lane_;
  size_t base_ = 0;                 // moves_[0] is move number base_
  std::vector<LaneMove> moves_;
  std::vector<KeptMove> restored_;  // moves before base_ that are still needed (owned)
  std::vector<LaneMove> restored_views_;
  std::vector<LaneHeld> last_in_;
  size_t last_rollback_ = LaneStep::kNoMove;
  size_t deciding_ = LaneStep::kNoMove;
  std::string deciding_rule_;
  size_t open_group_ = LaneStep::kNoMove;  // LaneState::open_group
  LaneStep step_;
};

}  // namespace kittylog
