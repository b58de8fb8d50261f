// kittylog_index_probe: the index library behind a tiny process, so the benchmark can time
// whole processes (start, open + freshness check/refresh, answer, print) the way `kittylog
// query` and `kittylog status` will run, independently of the CLI.
//   kittylog_index_probe DIR open                 open (refresh) and print what the refresh did
//   kittylog_index_probe DIR rebuild              full rebuild
//   kittylog_index_probe DIR wp                   every WP's current state, one line each
//   kittylog_index_probe DIR query ENTITY [FEATURE]   matching events' lines (jsonl)
#include <cstdio>
#include <string>

#include <fmt/format.h>

#include "index/event_index.h"

int main(int argc, char** argv) {
  using namespace kittylog;
  if (argc < 3) {
    fmt::print(stderr, "usage: kittylog_index_probe DIR open|rebuild|wp|query ENTITY [FEATURE]\n");
    return 2;
  }
  const std::string mode = argv[2];
  RefreshReport report;
  Result<std::unique_ptr<EventIndex>> index = EventIndex::Open(LogLayout(argv[1]), IndexOptions{}, &report);
  for (const std::string& warning : report.warnings) fmt::print(stderr, "warning: {}\n", warning);
  if (!index.ok()) {
    fmt::print(stderr, "error: {}\n", index.status().message());
    return index.status().exit_code();
  }
  if (mode == "open") {
    fmt::print("added {} reindexed {} dropped {} rebuilt {}\n", report.events_added, report.files_reindexed,
               report.files_dropped, report.rebuilt);
  } else if (mode == "rebuild") {
    Result<RefreshReport> rebuilt = (*index)->Rebuild();
    if (!rebuilt.ok()) return rebuilt.status().exit_code();
    fmt::print("events {}\n", rebuilt->events_added);
  } else if (mode == "wp") {
    Result<std::vector<WorkPackageRow>> rows = (*index)->WorkPackages(std::nullopt);
    if (!rows.ok()) return rows.status().exit_code();
    std::string out;
    for (const WorkPackageRow& row : *rows) {
      out += fmt::format("{}/{} {} {} {}\n", row.feature_slug, row.work_package_id, row.lane, row.deciding_clock,
                         row.title);
    }
    std::fwrite(out.data(), 1, out.size(), stdout);
  } else if (mode == "query" && argc >= 4) {
    QueryFilter filter;
    filter.entity = argv[3];
    if (argc >= 5) filter.feature = argv[4];
    // Streamed, as `kittylog query --format jsonl` prints.
    std::string out;
    Status status = (*index)->ForEachEvent(filter, [&](Event&& event) {
      out += event.raw_line;
      out += '\n';
      if (out.size() > (1 << 16)) {
        std::fwrite(out.data(), 1, out.size(), stdout);
        out.clear();
      }
      return Status::Ok();
    });
    std::fwrite(out.data(), 1, out.size(), stdout);
    if (!status.ok()) {
      fmt::print(stderr, "error: {}\n", status.message());
      return status.exit_code();
    }
  } else {
    fmt::print(stderr, "unknown mode {}\n", mode);
    return 2;
  }
  return 0;
}
