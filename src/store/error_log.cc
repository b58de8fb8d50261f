#include "store/error_log.h"

#include <fmt/format.h>
#include <simdjson.h>

#include "event/json_writer.h"
#include "event/log_files.h"
#include "event/timestamp.h"
#include "event/ulid.h"
#include "platform/file_io.h"
#include "platform/system.h"

namespace kittylog {

std::string EncodeErrorRecord(const ErrorRecord& record) {
  JsonWriter w;
  w.BeginObject();
  w.Key("error_id"); w.String(record.error_id);
  w.Key("error_type"); w.String(record.error_type);
  w.Key("entity_id"); w.String(record.entity_id);
  w.Key("attempted_operation"); w.String(record.attempted_operation);
  w.Key("reason"); w.String(record.reason);
  w.Key("timestamp"); w.String(record.timestamp);
  w.Key("context"); w.Raw(record.context_json.empty() ? std::string_view("{}") : record.context_json);
  w.EndObject();
  return w.Take();
}

Status RecordError(const LogLayout& layout, ErrorRecord record) {
  const int64_t now = platform::NowMillis();
  if (record.error_id.empty()) {
    UlidGenerator ulids;
    record.error_id = ulids.Next(now);
  }
  if (record.timestamp.empty()) record.timestamp = FormatTimestamp(now);
  if (!simdjson::validate_utf8(record.reason.data(), record.reason.size())) record.reason = "(reason not valid UTF-8)";
  KL_RETURN_IF_ERROR(platform::MakeDirectories(layout.errors_dir()));
  std::string path = layout.errors_dir() + "/" + UtcDate(now) + ".jsonl";
  return platform::AppendDurably(path, EncodeErrorRecord(record) + "\n");
}

Result<std::vector<ErrorRecord>> ReadErrors(const LogLayout& layout, const std::optional<std::string>& entity_id,
                                            std::vector<std::string>* problems) {
  std::vector<ErrorRecord> records;
  KL_ASSIGN_OR_RETURN(LogFiles files, ListLogFiles(layout.errors_dir(), ".kittify/errors"));
  if (problems) {
    for (const SkippedLogEntry& entry : files.skipped) problems->push_back(entry.Format());
  }
  simdjson::dom::parser parser;
  for (const std::string& name : files.daily) {
    std::string path = layout.errors_dir() + "/" + name;
    KL_ASSIGN_OR_RETURN(std::string bytes, platform::ReadFile(path));
    size_t line_number = 0, start = 0;
    while (start < bytes.size()) {
      size_t end = bytes.find('\n', start);
      if (end == std::string::npos) end = bytes.size();
      std::string_view line(bytes.data() + start, end - start);
      start = end + 1;
      ++line_number;
      if (line.empty()) continue;
      simdjson::dom::element root;
      if (parser.parse(line.data(), line.size()).get(root) != simdjson::SUCCESS || !root.is_object()) {
        if (problems) problems->push_back(fmt::format(".kittify/errors/{}:{}: not a JSON object", name, line_number));
        continue;
      }
      ErrorRecord record;
      auto text = [&](const char* key, std::string& out) {
        std::string_view value;
        if (root[key].get_string().get(value) == simdjson::SUCCESS) out.assign(value);
      };
      text("error_id", record.error_id);
      text("error_type", record.error_type);
      text("entity_id", record.entity_id);
      text("attempted_operation", record.attempted_operation);
      text("reason", record.reason);
      text("timestamp", record.timestamp);
      simdjson::dom::element context;
      if (root["context"].get(context) == simdjson::SUCCESS) {
        JsonWriter writer;
        writer.Element(context);
        record.context_json = writer.Take();
      }
      if (entity_id && record.entity_id != *entity_id) continue;
      records.push_back(std::move(record));
    }
  }
  return records;
}

std::string ContextFeature(const ErrorRecord& record) {
  simdjson::dom::parser parser;
  simdjson::dom::element context;
  std::string_view feature;
  if (parser.parse(record.context_json).get(context) != simdjson::SUCCESS ||
      context["feature"].get_string().get(feature) != simdjson::SUCCESS) {
    return "";
  }
  return std::string(feature);
}

size_t CountSimilarErrors(const LogLayout& layout, const ErrorRecord& record) {
  Result<std::vector<ErrorRecord>> records = ReadErrors(layout, record.entity_id);
  if (!records.ok()) return 0;
  const std::string feature = ContextFeature(record);
  size_t count = 0;
  for (const ErrorRecord& earlier : *records) {
    if (earlier.error_type != record.error_type) continue;
    std::string earlier_feature = ContextFeature(earlier);
    if (!feature.empty() && !earlier_feature.empty() && earlier_feature != feature) continue;
    ++count;
  }
  return count;
}

}  // namespace kittylog
