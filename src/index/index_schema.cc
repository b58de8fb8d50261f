#include "index/index_schema.h"

#include <sqlite3.h>

#include <fmt/format.h>

namespace kittylog::index_internal {

std::string SchemaFingerprint() {
  uint64_t hash = 0xcbf29ce484222325ULL;  // FNV-1a 64
  for (std::string_view part : {kCreateTables, kCreateIndexes}) {
    for (unsigned char byte : part) {
      hash ^= byte;
      hash *= 0x100000001b3ULL;
    }
  }
  return fmt::format("{:016x}", hash);
}

Status StampSchema(Database& db) {
  KL_ASSIGN_OR_RETURN(Statement meta, db.Prepare("INSERT OR REPLACE INTO meta(key, value) VALUES('schema', ?1)"));
  KL_RETURN_IF_ERROR(meta.Bind(1, SchemaFingerprint()).Run());
  KL_RETURN_IF_ERROR(db.Exec(fmt::format("PRAGMA application_id = {}", kIndexApplicationId)));
  return db.Exec(fmt::format("PRAGMA user_version = {}", kIndexSchemaVersion));
}

Status ValidateSchema(Database& db) {
  KL_ASSIGN_OR_RETURN(int64_t application_id, db.QueryInt("PRAGMA application_id"));
  if (application_id != kIndexApplicationId) return Status::Io("not a kittylog index (foreign application_id)");
  KL_ASSIGN_OR_RETURN(int64_t version, db.QueryInt("PRAGMA user_version"));
  if (version != kIndexSchemaVersion) {
    return Status::Io(fmt::format("schema version {}, expected {}", version, kIndexSchemaVersion));
  }
  KL_ASSIGN_OR_RETURN(Statement tables,
                      db.Prepare("SELECT count(*) FROM sqlite_schema WHERE type = 'table' AND name IN "
                                 "('meta','names','files','events','entity_events','wp_state')"));
  KL_ASSIGN_OR_RETURN(bool row, tables.Step());
  if (!row || tables.Int(0) != 6) return Status::Io("tables missing");
  KL_ASSIGN_OR_RETURN(std::string fingerprint, db.QueryText("SELECT value FROM meta WHERE key = 'schema'"));
  if (fingerprint != SchemaFingerprint()) return Status::Io("written with a different schema");
  KL_ASSIGN_OR_RETURN(std::string key, db.QueryText("SELECT value FROM meta WHERE key = 'content_key'"));
  if (!ParseContentKey(key).ok()) return Status::Io("content key missing");
  return Status::Ok();
}

Status WriteContentKey(Database& db, const ContentKey& key) {
  KL_ASSIGN_OR_RETURN(Statement meta, db.Prepare("INSERT OR REPLACE INTO meta(key, value) VALUES('content_key', ?1)"));
  return meta.Bind(1, FormatContentKey(key)).Run();
}

Result<ContentKey> ReadContentKey(Database& db) {
  KL_ASSIGN_OR_RETURN(std::string text, db.QueryText("SELECT value FROM meta WHERE key = 'content_key'"));
  return ParseContentKey(text);
}

namespace {

// 8-25 emits of WAL (an emit writes 5-16 pages): the checkpoint's fsyncs are paid once in that
// many emits, and an open reads ~0.5 MiB of WAL at most, unless one commit wrote more (a refresh
// of many files) or a reader kept the last truncation from happening.
constexpr int kWalCheckpointPages = 128;
constexpr int kBusyTimeoutMs = 10000;

// The WAL hook, after each commit: once the WAL holds kWalCheckpointPages, copy it into the
// database and empty it. Not SQLite's own autocheckpoint (PASSIVE): that copies the pages but
// restarts the log only when a later transaction of the same process begins after it, and each
// of our processes commits once and exits; the next one rebuilds the -shm, which forgets what
// was copied, so the WAL only grew (3.8 MB after 230 emits, all read and checksummed by every
// open). TRUNCATE leaves an empty file. It never waits: with a reader inside the WAL it gives up
// (SQLITE_BUSY) and a later commit tries again.
int TruncateLongWal(void*, sqlite3* db, const char* schema, int frames) {
  if (frames < kWalCheckpointPages) return SQLITE_OK;
  sqlite3_busy_timeout(db, 0);
  sqlite3_wal_checkpoint_v2(db, schema, SQLITE_CHECKPOINT_TRUNCATE, nullptr, nullptr);
  sqlite3_busy_timeout(db, kBusyTimeoutMs);
  return SQLITE_OK;
}

}  // namespace

Status ConfigureConnection(Database& db) {
  sqlite3_busy_timeout(db.handle(), kBusyTimeoutMs);
  int persist = 1;
  sqlite3_file_control(db.handle(), "main", SQLITE_FCNTL_PERSIST_WAL, &persist);
  // The last connection to close would checkpoint (two fsyncs): the WAL is kept instead. Each
  // process that opens the index first reads and checksums the whole WAL (SQLite rebuilds the
  // -shm when no other process has it open), so it is kept short (TruncateLongWal; docs/index.md,
  // "Connections and the WAL").
  sqlite3_db_config(db.handle(), SQLITE_DBCONFIG_NO_CKPT_ON_CLOSE, 1, nullptr);
  sqlite3_wal_hook(db.handle(), TruncateLongWal, nullptr);
  KL_ASSIGN_OR_RETURN(std::string mode, db.QueryText("PRAGMA journal_mode = WAL"));
  if (mode != "wal") return Status::Io(fmt::format("{}: cannot use WAL mode ({})", db.path(), mode));
  KL_RETURN_IF_ERROR(db.Exec("PRAGMA synchronous = NORMAL"));
  return db.Exec("PRAGMA cache_size = -32768");
}

}  // namespace kittylog::index_internal
