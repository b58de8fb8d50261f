#include "store/store_context.h"

namespace kittylog {

Status WithEventStore(const LogLayout& layout, const StoreOptions& options, const OperationInfo& operation,
                      const StoreHandler& handler, const WarningSink& warn) {
  Result<std::unique_ptr<EventStore>> store = EventStore::Open(layout, options);
  if (!store.ok()) return store.status();
  Status status = handler(**store);
  for (const std::string& warning : (*store)->TakeWarnings()) warn(warning);
  if (status.kind() == ErrorKind::kRefused && !status.ok()) {
    ErrorRecord record;
    record.error_type = operation.error_type;
    record.entity_id = operation.entity_id;
    record.attempted_operation = operation.attempted_operation;
    record.reason = status.message();
    record.context_json = operation.context_json;
    Status logged = RecordError(layout, std::move(record));
    if (!logged.ok()) warn("could not write the error log: " + logged.message());
  }
  return status;
}

}  // namespace kittylog
