// The store context every writing command runs in (DESIGN §4, the seed's "with_event_store"
// middleware): one lock, one index connection, events emitted on success, the failure recorded
// in the error log. Handlers get the store injected and never open files themselves.
#pragma once

#include <functional>
#include <string>

#include "base/status.h"
#include "store/error_log.h"
#include "store/event_store.h"

namespace kittylog {

// How a failed operation is described in the error log.
struct OperationInfo {
  std::string attempted_operation;  // the command as typed, e.g. "wp move WP01 --to done"
  std::string entity_id;
  std::string error_type = "ValidationError";  // used for kRefused failures
  std::string context_json = "{}";
};

using StoreHandler = std::function<Status(EventStore& store)>;
using WarningSink = std::function<void(const std::string& warning)>;

// Opens the store, runs `handler`, and prints the store's warnings through `warn`. A refused
// operation (kRefused) goes to RecordRefusal.
Status WithEventStore(const LogLayout& layout, const StoreOptions& options, const OperationInfo& operation,
                      const StoreHandler& handler, const WarningSink& warn);

// The one home of what happens to a refusal (docs/error-log.md): when `refusal` is kRefused and
// the checkout has a .kittify/, it is recorded in the error log, after a warning when the entity
// already has refusals like it (an agent repeating a mistake is told so). Best effort: a failure
// to record is only a warning. WithEventStore calls it; so does a command that refuses before it
// opens the store (emit's JSON parse).
void RecordRefusal(const LogLayout& layout, const OperationInfo& operation, const Status& refusal,
                   const WarningSink& warn);

}  // namespace kittylog
