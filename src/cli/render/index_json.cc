// The --json documents of `index rebuild|check|stats` (cli/render/index_json.h).
#include "cli/render/index_json.h"

#include <fmt/format.h>

#include "cli/frame/display.h"

namespace kittylog::cli {

std::string RenderRebuildJson(const RefreshReport& report, bool temporary) {
  return fmt::format("{{\"events\":{},\"files\":{},\"temporary\":{}}}", report.events_added, report.files_reindexed,
                     temporary);
}

std::string RenderCheckJson(const CheckReport& report) {
  std::string out = fmt::format("{{\"files\":{},\"events\":{},\"divergences\":[", report.files_checked,
                                report.events_checked);
  for (size_t i = 0; i < report.divergences.size(); ++i) out += (i ? "," : "") + JsonQuote(report.divergences[i]);
  return out + "]}";
}

std::string RenderStatsJson(const IndexStats& stats) {
  return fmt::format(
      "{{\"path\":{},\"temporary\":{},\"schema_version\":{},\"events\":{},\"files\":{},"
      "\"work_packages\":{},\"names\":{},\"max_clock\":{},\"index_bytes\":{},\"jsonl_bytes\":{},"
      "\"built_at\":{}}}",
      JsonQuote(stats.path), stats.temporary, stats.schema_version, stats.events, stats.files, stats.work_packages,
      stats.names, stats.max_clock, stats.index_bytes, stats.jsonl_bytes, JsonQuote(stats.built_at));
}

}  // namespace kittylog::cli
