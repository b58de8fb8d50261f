#include "index/index_schema.h"

#include <sqlite3.h>

#include <fmt/format.h>

namespace kittylog::index_internal {

std::string SchemaFingerprint() {
  uint64_t hash = 0xcbf29ce484222325ULL;  // FNV-1a 64
  for (std::string_view part : {kCreateTables}) {
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
  return Status::Ok();
}

// About 20 emits of WAL (an emit writes 5-7 pages): the checkpoint's two fsyncs are paid once
// in that many emits, and an open never reads more than ~0.5 MiB of WAL.
constexpr int kWalCheckpointPages = 128;

Status ConfigureConnection(Database& db) {
  sqlite3_busy_timeout(db.handle(), 10000);
  int persist = 1;
  sqlite3_file_control(db.handle(), "main", SQLITE_FCNTL_PERSIST_WAL, &persist);
  // The last connection to close would checkpoint (two fsyncs): the WAL is kept instead. Each
  // process that opens the index first reads and checksums the whole WAL (SQLite rebuilds the
  // -shm when no other process has it open), so it is kept short: the committing writer
  // checkpoints it every kWalCheckpointPages (docs/index.md, "Connections and the WAL").
  sqlite3_db_config(db.handle(), SQLITE_DBCONFIG_NO_CKPT_ON_CLOSE, 1, nullptr);
  KL_RETURN_IF_ERROR(db.Exec(fmt::format("PRAGMA wal_autocheckpoint = {}", kWalCheckpointPages)));
  KL_ASSIGN_OR_RETURN(std::string mode, db.QueryText("PRAGMA journal_mode = WAL"));
  if (mode != "wal") return Status::Io(fmt::format("{}: cannot use WAL mode ({})", db.path(), mode));
  KL_RETURN_IF_ERROR(db.Exec("PRAGMA synchronous = NORMAL"));
  return db.Exec("PRAGMA cache_size = -32768");
}

}  // namespace kittylog::index_internal
