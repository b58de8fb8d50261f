// Status and Result<T>: errors as values at every module boundary.
//
// A Status is either ok or carries a kind and a one-line message that can be printed as is,
// e.g. "2026-01-27.jsonl:42: lamport_clock must be an integer >= 1". The kind maps one to one
// onto the CLI's documented exit codes (DESIGN §10): refused 1, usage 2, io 3.
// Both types are plain values: copyable, thread-compatible, no exceptions.
#pragma once

#include <cassert>
#include <string>
#include <utility>
#include <variant>

namespace kittylog {

enum class ErrorKind {
  kRefused = 1,  // validation failed, invalid transition, conflict
  kUsage = 2,    // bad command line
  kIo = 3,       // repository, file system or database problem
};

class [[nodiscard]] Status {
 public:
  Status() = default;  // ok
  static Status Ok() { return Status(); }
  static Status Refused(std::string message) { return Status(ErrorKind::kRefused, std::move(message)); }
  static Status Usage(std::string message) { return Status(ErrorKind::kUsage, std::move(message)); }
  static Status Io(std::string message) { return Status(ErrorKind::kIo, std::move(message)); }

  bool ok() const { return !failed_; }
  ErrorKind kind() const { return kind_; }
  const std::string& message() const { return message_; }
  int exit_code() const { return failed_ ? static_cast<int>(kind_) : 0; }

  // Returns a copy whose message is "<prefix>: <message>" (adds context on the way up).
  Status WithPrefix(const std::string& prefix) const {
    if (ok()) return *this;
    return Status(kind_, prefix + ": " + message_);
  }

 private:
  Status(ErrorKind kind, std::string message) : failed_(true), kind_(kind), message_(std::move(message)) {}
  bool failed_ = false;
  ErrorKind kind_ = ErrorKind::kRefused;
  std::string message_;
};

// Result<T> holds a T or a failed Status.
template <typename T>
class [[nodiscard]] Result {
 public:
  Result(T value) : data_(std::move(value)) {}  // NOLINT: implicit by design
  Result(Status status) : data_(std::move(status)) { assert(!std::get<Status>(data_).ok()); }  // NOLINT

  bool ok() const { return std::holds_alternative<T>(data_); }
  const Status& status() const {
    static const Status kOk;
    return ok() ? kOk : std::get<Status>(data_);
  }
  T& value() & { return std::get<T>(data_); }
  const T& value() const& { return std::get<T>(data_); }
  T&& value() && { return std::get<T>(std::move(data_)); }
  T* operator->() { return &value(); }
  const T* operator->() const { return &value(); }
  T& operator*() & { return value(); }
  const T& operator*() const& { return value(); }

 private:
  std::variant<T, Status> data_;
};

}  // namespace kittylog

// Early return on failure; the macros keep call sites flat.
#define KL_RETURN_IF_ERROR(expr)          \
  do {                                    \
    ::kittylog::Status kl_status_ = (expr); \
    if (!kl_status_.ok()) return kl_status_; \
  } while (0)

#define KL_CONCAT_INNER(a, b) a##b
#define KL_CONCAT(a, b) KL_CONCAT_INNER(a, b)
#define KL_ASSIGN_OR_RETURN(lhs, expr) KL_ASSIGN_OR_RETURN_IMPL(KL_CONCAT(kl_result_, __LINE__), lhs, expr)
#define KL_ASSIGN_OR_RETURN_IMPL(tmp, lhs, expr) \
  auto tmp = (expr);                             \
  if (!tmp.ok()) return tmp.status();            \
  lhs = std::move(tmp).value()
