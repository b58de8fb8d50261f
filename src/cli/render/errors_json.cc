// `errors --json` (cli/render/workflow_json.h): the records as the error log holds them.
#include "cli/render/workflow_json.h"

namespace kittylog::cli {

std::string RenderErrorsJson(const std::vector<ErrorRecord>& records, const std::vector<std::string>& problems) {
  JsonWriter w;
  w.BeginObject();
  w.Key("errors"); w.BeginArray();
  for (const ErrorRecord& record : records) w.Raw(EncodeErrorRecord(record));
  w.EndArray();
  w.Key("warnings"); w.BeginArray();
  for (const std::string& problem : problems) w.String(problem);
  w.EndArray();
  w.EndObject();
  return w.Take();
}

}  // namespace kittylog::cli
