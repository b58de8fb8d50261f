// The board_snapshots table (index_schema.h; docs/index.md "board_snapshots"): where `status`
// keeps the board of every event but the status changes through a clock, so that it replays only
// the events after it.
//
// A snapshot is written only when nothing was written to the index since the caller began to
// read what the snapshot was made from: meta('generation'), which every IndexWriter commit that
// adds or drops events bumps, must still be `generation`. Writers drop the snapshots their
// changes reach (IndexWriter::FinishWpState); at most kKeptBoardSnapshots are kept, the newest,
// so a merge of older events still finds one below them. Not thread-safe (one Database).
#pragma once

#include <cstdint>
#include <optional>
#include <vector>

#include "base/status.h"
#include "index/index_types.h"
#include "index/sqlite_db.h"

namespace kittylog::index_internal {

inline constexpr int64_t kKeptBoardSnapshots = 4;

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

// Saves `snapshot` in its own transaction when meta('generation') is still `generation`, and
// keeps the newest kKeptBoardSnapshots. Answers whether it was saved.
Result<bool> SaveBoardSnapshot(Database& db, const BoardSnapshot& snapshot, int64_t generation);

}  // namespace kittylog::index_internal
