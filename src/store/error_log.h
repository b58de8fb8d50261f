// The error log, `.kittify/errors/YYYY-MM-DD.jsonl` (DESIGN §6; docs/error-log.md): one line
// per rejected operation, {error_id, error_type, entity_id, attempted_operation, reason,
// timestamp, context}, so agents can learn from their mistakes.
//
// Recording is best effort: a failure to log is returned for the caller to warn about, and must
// never change the outcome of the command that failed. Reading is tolerant like every reader.
#pragma once

#include <optional>
#include <string>
#include <vector>

#include "base/status.h"
#include "event/log_layout.h"

namespace kittylog {

struct ErrorRecord {
  std::string error_id;             // ULID, assigned by RecordError when empty
  std::string error_type;           // e.g. "InvalidTransition", "ValidationError"
  std::string entity_id;
  std::string attempted_operation;  // e.g. "wp move WP01 --to done"
  std::string reason;
  std::string timestamp;            // assigned by RecordError when empty
  std::string context_json = "{}"; // a JSON object with whatever helps (feature, lanes, ...)
};

Status RecordError(const LogLayout& layout, ErrorRecord record);

// Every recorded error, oldest first; `entity_id` filters when given. Bad lines are skipped
// (their file:line reasons go to `problems` when given).
Result<std::vector<ErrorRecord>> ReadErrors(const LogLayout& layout, const std::optional<std::string>& entity_id,
                                            std::vector<std::string>* problems = nullptr);

// The canonical line of a record (no trailing "\n").
std::string EncodeErrorRecord(const ErrorRecord& record);

// The feature a record's context names ("feature"), or "" (a WP id is unique only in its feature).
std::string ContextFeature(const ErrorRecord& record);

// How many recorded errors are like `record`: the same entity_id and error_type, and the same
// feature when both contexts name one. An unreadable error log counts as none (best effort).
size_t CountSimilarErrors(const LogLayout& layout, const ErrorRecord& record);

}  // namespace kittylog
