#include "store/store_context.h"

#include <fmt/format.h>

#include "platform/file_io.h"

namespace kittylog {

Status WithEventStore(const LogLayout& layout, const StoreOptions& options, const OperationInfo& operation,
                      const StoreHandler& handler, const WarningSink& warn) {
  Result<std::unique_ptr<EventStore>> store = EventStore::Open(layout, options);
  if (!store.ok()) return store.status();
  Status status = handler(**store);
  for (const std::string& warning : (*store)->TakeWarnings()) warn(warning);
  RecordRefusal(layout, operation, status, warn);
  return status;
}

void RecordRefusal(const LogLayout& layout, const OperationInfo& operation, const Status& refusal,
                   const WarningSink& warn) {
  if (refusal.ok() || refusal.kind() != ErrorKind::kRefused) return;
  if (!platform::IsDirectory(layout.kittify_dir())) return;  // not a kittylog checkout: write nothing
  ErrorRecord record;
  record.error_type = operation.error_type;
  record.entity_id = operation.entity_id;
  record.attempted_operation = operation.attempted_operation;
  record.reason = refusal.message();
  record.context_json = operation.context_json;
  if (!record.entity_id.empty()) {
    if (size_t earlier = CountSimilarErrors(layout, record); earlier > 0) {
      std::string feature = ContextFeature(record);
      warn(fmt::format("{}{} already has {} earlier {} error{} in the error log (kittylog errors --entity {})",
                       feature.empty() ? "" : feature + "/", record.entity_id, earlier, record.error_type,
                       earlier == 1 ? "" : "s", record.entity_id));
    }
  }
  Status logged = RecordError(layout, std::move(record));
  if (!logged.ok()) warn("could not write the error log: " + logged.message());
}

}  // namespace kittylog
