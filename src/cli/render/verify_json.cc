// `kittylog verify --json` (cli/render/verify_json.h).
#include "cli/render/verify_json.h"

#include <fmt/format.h>

#include "cli/frame/display.h"
#include "cli/render/workflow_json.h"
#include "event/json_writer.h"

namespace kittylog::cli {

std::string RenderVerifyJson(size_t files, size_t events, std::optional<size_t> commits_checked,
                             const std::vector<std::string>& problems, const std::vector<std::string>& lifecycle_breaks,
                             const std::vector<DependencyCycle>& cycles) {
  std::string out = fmt::format("{{\"files\":{},\"events\":{},", files, events);
  if (commits_checked) out += fmt::format("\"commits_checked\":{},", *commits_checked);
  out += "\"problems\":[";
  for (size_t i = 0; i < problems.size(); ++i) out += (i ? "," : "") + JsonQuote(problems[i]);
  out += "],\"lifecycle_breaks\":[";
  for (size_t i = 0; i < lifecycle_breaks.size(); ++i) out += (i ? "," : "") + JsonQuote(lifecycle_breaks[i]);
  out += "],\"dependency_cycles\":";
  JsonWriter w;
  w.BeginArray();
  for (const DependencyCycle& cycle : cycles) WriteCycleJson(w, cycle);
  w.EndArray();
  return out + w.Take() + "}";
}

}  // namespace kittylog::cli
