#include "index/sqlite_db.h"

#include <sqlite3.h>

#include <fmt/format.h>

#include "platform/system.h"

namespace kittylog::index_internal {

Statement::~Statement() {
  if (stmt_ != nullptr) sqlite3_finalize(stmt_);
}

Statement::Statement(Statement&& other) noexcept : db_(other.db_), stmt_(other.stmt_) { other.stmt_ = nullptr; }

Statement& Statement::operator=(Statement&& other) noexcept {
  if (this != &other) {
    if (stmt_ != nullptr) sqlite3_finalize(stmt_);
    db_ = other.db_;
    stmt_ = other.stmt_;
    other.stmt_ = nullptr;
  }
  return *this;
}

Statement& Statement::Bind(int index, int64_t value) {
  sqlite3_bind_int64(stmt_, index, value);
  return *this;
}

Statement& Statement::Bind(int index, std::string_view text) {
  // An empty view may have no data pointer; SQLite would bind that as NULL, not ''.
  sqlite3_bind_text(stmt_, index, text.data() != nullptr ? text.data() : "", static_cast<int>(text.size()),
                    SQLITE_TRANSIENT);
  return *this;
}

Statement& Statement::BindBlobStatic(int index, std::string_view bytes) {
  sqlite3_bind_blob(stmt_, index, bytes.data(), static_cast<int>(bytes.size()), SQLITE_STATIC);
  return *this;
}

Statement& Statement::BindNull(int index) {
  sqlite3_bind_null(stmt_, index);
  return *this;
}

Result<bool> Statement::Step() {
  int rc = sqlite3_step(stmt_);
  if (rc == SQLITE_ROW) return true;
  if (rc == SQLITE_DONE) return false;
  Status error = db_->Error(rc, "step");
  sqlite3_reset(stmt_);
  return error;
}

Status Statement::Run() {
  Result<bool> stepped = Step();
  Reset();
  if (!stepped.ok()) return stepped.status();
  return Status::Ok();
}

void Statement::Reset() { sqlite3_reset(stmt_); }

int64_t Statement::Int(int column) const { return sqlite3_column_int64(stmt_, column); }

std::string_view Statement::Text(int column) const {
  const void* data = sqlite3_column_blob(stmt_, column);
  int size = sqlite3_column_bytes(stmt_, column);
  if (data == nullptr) return {};
  return {static_cast<const char*>(data), static_cast<size_t>(size)};
}

bool Statement::IsNull(int column) const { return sqlite3_column_type(stmt_, column) == SQLITE_NULL; }

Result<std::unique_ptr<Database>> Database::Open(const std::string& path, Mode mode) {
  sqlite3* db = nullptr;
  // NOFOLLOW: a symlink committed in place of index.db must never open a database elsewhere.
  int flags = SQLITE_OPEN_NOMUTEX | SQLITE_OPEN_NOFOLLOW;
  std::string name = path;
  switch (mode) {
    case Mode::kReadWriteCreate: flags |= SQLITE_OPEN_READWRITE | SQLITE_OPEN_CREATE; break;
    case Mode::kReadWrite: flags |= SQLITE_OPEN_READWRITE; break;
    case Mode::kImmutable:
      // immutable=1: no locks, no -wal/-shm; only for a directory nobody can write to.
      flags |= SQLITE_OPEN_READONLY | SQLITE_OPEN_URI;
      name = "file:" + path + "?immutable=1";
      break;
  }
  int rc = sqlite3_open_v2(name.c_str(), &db, flags, nullptr);
  if (rc != SQLITE_OK) {
    std::string message = db != nullptr ? sqlite3_errmsg(db) : sqlite3_errstr(rc);
    sqlite3_close_v2(db);
    return Status::Io(fmt::format("{}: cannot open: {}", path, message));
  }
  sqlite3_extended_result_codes(db, 1);
  return std::unique_ptr<Database>(new Database(path, db));
}

Database::~Database() { sqlite3_close_v2(db_); }

int64_t Database::LastInsertRowId() const { return sqlite3_last_insert_rowid(db_); }

int64_t Database::Changes() const { return sqlite3_changes64(db_); }

Status Database::Error(int code, std::string_view what) {
  int primary = code & 0xff;
  if (primary == SQLITE_CORRUPT || primary == SQLITE_NOTADB) damaged_ = true;
  const char* message = db_ != nullptr && sqlite3_errcode(db_) == code ? sqlite3_errmsg(db_) : sqlite3_errstr(code);
  return Status::Io(fmt::format("{}: {}: {}", path_, what, message));
}

Status Database::Exec(std::string_view sql) {
  std::string text(sql);
  int rc = sqlite3_exec(db_, text.c_str(), nullptr, nullptr, nullptr);
  if (rc != SQLITE_OK) return Error(rc, text.substr(0, text.find_first_of("(\n")));
  return Status::Ok();
}

Result<Statement> Database::Prepare(std::string_view sql) {
  sqlite3_stmt* stmt = nullptr;
  int rc = sqlite3_prepare_v3(db_, sql.data(), static_cast<int>(sql.size()), SQLITE_PREPARE_PERSISTENT, &stmt,
                              nullptr);
  if (rc != SQLITE_OK) {
    // Our SQL is fixed: when SQLite cannot compile it, the file's schema is not ours.
    if ((rc & 0xff) == SQLITE_ERROR) damaged_ = true;
    return Error(rc, "prepare");
  }
  return Statement(this, stmt);
}

Result<int64_t> Database::QueryInt(std::string_view sql) {
  KL_ASSIGN_OR_RETURN(Statement statement, Prepare(sql));
  KL_ASSIGN_OR_RETURN(bool row, statement.Step());
  return row ? statement.Int(0) : 0;
}

Result<std::string> Database::QueryText(std::string_view sql) {
  KL_ASSIGN_OR_RETURN(Statement statement, Prepare(sql));
  KL_ASSIGN_OR_RETURN(bool row, statement.Step());
  return row ? std::string(statement.Text(0)) : std::string();
}

Result<std::unique_ptr<Transaction>> Transaction::Begin(Database& db) {
  KL_RETURN_IF_ERROR(db.Exec("BEGIN IMMEDIATE"));
  return std::unique_ptr<Transaction>(new Transaction(db));
}

Transaction::~Transaction() {
  if (!done_) (void)db_.Exec("ROLLBACK");
}

Status Transaction::Commit() {
  platform::CrashPoint("index-commit");
  done_ = true;
  Status status = db_.Exec("COMMIT");
  if (!status.ok()) (void)db_.Exec("ROLLBACK");
  return status;
}

}  // namespace kittylog::index_internal
