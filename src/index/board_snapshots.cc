#include "index/board_snapshots.h"

#include <algorithm>
#include <bit>
#include <map>
#include <memory>

#include "index/board_snapshot_codec.h"

namespace kittylog::index_internal {

Result<int64_t> IndexGeneration(Database& db) {
  return db.QueryInt("SELECT coalesce((SELECT CAST(value AS INTEGER) FROM meta WHERE key = 'generation'), 0)");
}

Result<std::optional<BoardSnapshot>> LoadLatestBoardSnapshot(Database& db) {
  KL_ASSIGN_OR_RETURN(Statement statement,
                      db.Prepare("SELECT snapshot FROM board_snapshots ORDER BY through DESC LIMIT 1"));
  KL_ASSIGN_OR_RETURN(bool row, statement.Step());
  if (!row) return std::optional<BoardSnapshot>();
  return DecodeBoardSnapshot(statement.Text(0));
}

Result<std::vector<StoredBoardSnapshot>> LoadBoardSnapshots(Database& db) {
  KL_ASSIGN_OR_RETURN(Statement statement, db.Prepare("SELECT through, snapshot FROM board_snapshots ORDER BY through"));
  std::vector<StoredBoardSnapshot> snapshots;
  for (;;) {
    KL_ASSIGN_OR_RETURN(bool row, statement.Step());
    if (!row) break;
    snapshots.push_back({statement.Int(0), DecodeBoardSnapshot(statement.Text(1))});
  }
  return snapshots;
}

std::vector<int64_t> KeptBoardSnapshots(std::vector<int64_t> throughs) {
  std::sort(throughs.begin(), throughs.end(), std::greater<>());
  throughs.erase(std::unique(throughs.begin(), throughs.end()), throughs.end());
  std::vector<int64_t> kept;
  std::map<int, int64_t> oldest_of_rung;  // floor(log2(distance / step)) -> the oldest there
  for (size_t i = 0; i < throughs.size(); ++i) {
    if (i < static_cast<size_t>(kKeptNewestBoardSnapshots)) {
      kept.push_back(throughs[i]);
      continue;
    }
    const auto steps = static_cast<uint64_t>(std::max<int64_t>(1, (throughs[0] - throughs[i]) / kBoardSnapshotStep));
    oldest_of_rung[std::bit_width(steps) - 1] = throughs[i];  // descending: the last seen is the oldest
  }
  for (const auto& [rung, through] : oldest_of_rung) kept.push_back(through);
  return kept;
}

Result<bool> SaveBoardSnapshots(Database& db, const std::vector<BoardSnapshot>& snapshots, int64_t generation) {
  KL_ASSIGN_OR_RETURN(std::unique_ptr<Transaction> transaction, Transaction::Begin(db));
  KL_ASSIGN_OR_RETURN(int64_t now, IndexGeneration(db));
  if (now != generation) return false;  // rolled back: the log changed while the caller read
  KL_ASSIGN_OR_RETURN(Statement insert,
                      db.Prepare("INSERT OR REPLACE INTO board_snapshots(through, snapshot) VALUES(?1, ?2)"));
  for (const BoardSnapshot& snapshot : snapshots) {
    KL_RETURN_IF_ERROR(insert.Bind(1, snapshot.through).Bind(2, EncodeBoardSnapshot(snapshot)).Run());
  }
  std::vector<int64_t> stored;
  KL_ASSIGN_OR_RETURN(Statement throughs, db.Prepare("SELECT through FROM board_snapshots"));
  for (;;) {
    KL_ASSIGN_OR_RETURN(bool row, throughs.Step());
    if (!row) break;
    stored.push_back(throughs.Int(0));
  }
  const std::vector<int64_t> kept = KeptBoardSnapshots(stored);
  KL_ASSIGN_OR_RETURN(Statement drop, db.Prepare("DELETE FROM board_snapshots WHERE through = ?1"));
  for (int64_t through : stored) {
    if (std::find(kept.begin(), kept.end(), through) == kept.end()) KL_RETURN_IF_ERROR(drop.Bind(1, through).Run());
  }
  KL_RETURN_IF_ERROR(transaction->Commit());
  return true;
}

}  // namespace kittylog::index_internal
