#include "index/board_snapshots.h"

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

Result<bool> SaveBoardSnapshot(Database& db, const BoardSnapshot& snapshot, int64_t generation) {
  KL_ASSIGN_OR_RETURN(std::unique_ptr<Transaction> transaction, Transaction::Begin(db));
  KL_ASSIGN_OR_RETURN(int64_t now, IndexGeneration(db));
  if (now != generation) return false;  // rolled back: the log changed while the caller read
  KL_ASSIGN_OR_RETURN(Statement insert,
                      db.Prepare("INSERT OR REPLACE INTO board_snapshots(through, snapshot) VALUES(?1, ?2)"));
  KL_RETURN_IF_ERROR(insert.Bind(1, snapshot.through).Bind(2, EncodeBoardSnapshot(snapshot)).Run());
  KL_ASSIGN_OR_RETURN(Statement prune, db.Prepare("DELETE FROM board_snapshots WHERE through NOT IN "
                                                  "(SELECT through FROM board_snapshots ORDER BY through DESC LIMIT ?1)"));
  KL_RETURN_IF_ERROR(prune.Bind(1, kKeptBoardSnapshots).Run());
  KL_RETURN_IF_ERROR(transaction->Commit());
  return true;
}

}  // namespace kittylog::index_internal
