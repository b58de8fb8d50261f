// A thin RAII layer over the SQLite C API for the index (docs/index.md).
//
// Database owns one connection, Statement one prepared statement; both are move-only and close
// what they own. Every failure becomes a Status::Io whose message names the database file and
// SQLite's own message. A connection remembers whether SQLite ever reported damage
// (SQLITE_CORRUPT, SQLITE_NOTADB): the index uses that to decide to set the file aside and
// rebuild instead of failing the user's command. Thread-compatible: one thread per connection.
#pragma once

#include <cstdint>
#include <memory>
#include <string>
#include <string_view>

#include "base/status.h"

struct sqlite3;
struct sqlite3_stmt;

namespace kittylog::index_internal {

class Database;

class Statement {
 public:
  Statement() = default;
  ~Statement();
  Statement(Statement&& other) noexcept;
  Statement& operator=(Statement&& other) noexcept;
  Statement(const Statement&) = delete;
  Statement& operator=(const Statement&) = delete;

  // Parameters are 1-based, as in SQLite. Text and blobs are copied (SQLITE_TRANSIENT) unless
  // `BindStatic` promises the bytes outlive the next Step().
  Statement& Bind(int index, int64_t value);
  Statement& Bind(int index, std::string_view text);
  Statement& BindBlobStatic(int index, std::string_view bytes);
  Statement& BindNull(int index);

  // Whether this holds a prepared statement (a default-constructed one does not).
  bool prepared() const { return stmt_ != nullptr; }

  // true: a row is available; false: done. Errors (with the database's path) otherwise.
  Result<bool> Step();
  // Step() for statements that return no rows, then Reset().
  Status Run();
  // Ready to run again. Bindings stay: every caller binds every parameter before each run.
  void Reset();

  int64_t Int(int column) const;
  std::string_view Text(int column) const;  // valid until the next Step/Reset
  bool IsNull(int column) const;

 private:
  friend class Database;
  Statement(Database* db, sqlite3_stmt* stmt) : db_(db), stmt_(stmt) {}
  Database* db_ = nullptr;
  sqlite3_stmt* stmt_ = nullptr;
};

class Database {
 public:
  enum class Mode { kReadWriteCreate, kReadWrite, kImmutable };

  static Result<std::unique_ptr<Database>> Open(const std::string& path, Mode mode);
  ~Database();
  Database(const Database&) = delete;
  Database& operator=(const Database&) = delete;

  Status Exec(std::string_view sql);
  Result<Statement> Prepare(std::string_view sql);
  // First column of the first row of `sql` as an integer (0 when there is no row).
  Result<int64_t> QueryInt(std::string_view sql);
  Result<std::string> QueryText(std::string_view sql);

  // Whether SQLite has reported SQLITE_CORRUPT or SQLITE_NOTADB on this connection.
  bool damaged() const { return damaged_; }
  void MarkDamaged() { damaged_ = true; }  // for damage found above SQLite (a row that cannot be right)
  int64_t LastInsertRowId() const;
  int64_t Changes() const;  // rows changed by the last statement
  const std::string& path() const { return path_; }
  sqlite3* handle() { return db_; }

  // Builds the Status for SQLite result `code` and records damage; used by Statement too.
  Status Error(int code, std::string_view what);

 private:
  Database(std::string path, sqlite3* db) : path_(std::move(path)), db_(db) {}
  std::string path_;
  sqlite3* db_ = nullptr;
  bool damaged_ = false;
};

// RAII transaction: BEGIN (IMMEDIATE) on Begin, ROLLBACK on destruction unless committed.
class Transaction {
 public:
  static Result<std::unique_ptr<Transaction>> Begin(Database& db);
  ~Transaction();
  Status Commit();
  Transaction(const Transaction&) = delete;
  Transaction& operator=(const Transaction&) = delete;

 private:
  explicit Transaction(Database& db) : db_(db) {}
  Database& db_;
  bool done_ = false;
};

}  // namespace kittylog::index_internal
