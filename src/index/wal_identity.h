// Which write-ahead log belongs to index.db (docs/index.md, "Connections and the WAL").
//
// Writers leave their committed transactions in `index.db-wal` (no checkpoint per process: the
// index is derived, DESIGN §4), so WAL content is normal. What must never be replayed is a WAL
// of *another* database (copied in with its -shm, or left beside a replaced index.db): SQLite
// would lay its pages over ours. SQLite rewrites the WAL header (new salts and checkpoint
// sequence) each time the log restarts, so a writer records the 32 header bytes in
// `index.db-walid` whenever they change, and an opener trusts a non-empty WAL only when its
// header is the one recorded. A crash between a restart and its record (or a lost record) makes
// the WAL look foreign: the index is rebuilt, which is safe.
// Functions read and write small files only; callers hold `.kittify/.lock` to record.
#pragma once

#include <string>

namespace kittylog::index_internal {

// The header of index.db-wal as hex and a newline, "" when the WAL is shorter than a header
// (empty or absent).
std::string WalHeader(const std::string& index_path);

// `index_path` + "-walid".
std::string WalIdentityPath(const std::string& index_path);

// Whether index.db-wal is empty (or absent), or its header is the one recorded.
bool WalIsRecorded(const std::string& index_path);

// Records the header of index.db-wal when it differs from the record (an atomic replace,
// without fsync: after a power cut a lost or empty record only costs a rebuild). Best effort: a failure only means a rebuild on a later open.
void RecordWal(const std::string& index_path);

}  // namespace kittylog::index_internal
