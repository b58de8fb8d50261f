// The board_snapshots table (index_schema.h; docs/index.md "board_snapshots"): where `status`
// keeps the board of every event but the status changes through a clock, so that it replays only
// the events after it.
//
// A snapshot is written only when nothing was written to the index since the caller began to
// read what the snapshot was made from: meta('generation'), which every IndexWriter commit that
// adds or drops events bumps, must still be `generation`. Writers drop the snapshots their
// changes reach (IndexWriter::FinishWpState). The kept snapshots form a ladder down from the
// newest (KeptBoardSnapshots): the kKeptNewestBoardSnapshots newest, and below them the oldest of
// each power-of-two distance in clocks (kBoardSnapshotStep, twice that, four times, ...), so a
// merge of older events or a rewrite of recent days (git switch) drops only the few above its
// first changed clock and still finds one not far below it. Not thread-safe (one Database).
#pragma once

#include <cstdint>
#include <optional>
#include <vector>

#include "base/status.h"
#include "index/index_types.h"
#include "index/sqlite_db.h"

namespace kittylog::index_internal {

inline constexpr int64_t kKeptNewestBoardSnapshots = 2;
inline constexpr int64_t kBoardSnapshotStep = 2048;  // clocks: the ladder's first rung below the newest

// Which of the stored snapshots' `through` clocks (any order) the ladder keeps: the newest
// kKeptNewestBoardSnapshots, then, by distance d from the newest, the oldest of each
// floor(log2(d / kBoardSnapshotStep)). At most about 2 + log2(clock range / step) of them.
std::vector<int64_t> KeptBoardSnapshots(std::vector<int64_t> throughs);

// meta('generation'); 0 before any write.
Result<int64_t> IndexGeneration(Database& db);

// The snapshot with the highest `through`, or nullopt when there is none (or it cannot be read:
// a snapshot is only ever a shortcut).
Result<std::optional<BoardSnapshot>> LoadLatestBoardSnapshot(Database& db);

// Every stored snapshot, lowest `through` first (`index check`); `snapshot` is nullopt when its
// text cannot be read.
struct StoredBoardSnapshot {
  int64_t through = 0;
  std::optional<BoardSnapshot> snapshot;
};
Result<std::vector<StoredBoardSnapshot>> LoadBoardSnapshots(Database& db);

// Saves `snapshots` in one transaction when meta('generation') is still `generation`, and
// keeps the ladder (KeptBoardSnapshots). Answers whether they were saved.
Result<bool> SaveBoardSnapshots(Database& db, const std::vector<BoardSnapshot>& snapshots, int64_t generation);

}  // namespace kittylog::index_internal
