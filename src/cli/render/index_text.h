// The text output of `kittylog query` (its table) and `kittylog index rebuild|check|stats`
// (docs/index.md). Their --json documents are in cli/render/index_json.h. Everything taken from
// the log is escaped (EscapeForTerminal). Pure functions; thread-compatible.
#pragma once

#include <array>
#include <deque>
#include <functional>
#include <string>
#include <string_view>
#include <vector>

#include "event/event.h"
#include "index/event_index.h"

namespace kittylog::cli {

// One row of the query table: CLOCK, TIME, TYPE, ENTITY, ACTOR, SUMMARY, escaped.
using QueryTableRow = std::array<std::string, 6>;
QueryTableRow QueryRow(const Event& event);
// The table: a header row, then `rows`, each column padded to its widest cell (display width),
// handed to `write` a line at a time; "no matching events" when there is no row.
void RenderQueryTable(const std::deque<QueryTableRow>& rows, bool colour,
                      const std::function<void(std::string_view)>& write);

// `index rebuild`: "index rebuilt: N events from M daily files".
std::string RenderRebuildText(const RefreshReport& report);
// `index check`: each divergence, then (unless `quiet`) the counts.
std::string RenderCheckText(const CheckReport& report, bool quiet);
// `index stats`: one line per figure.
std::string RenderStatsText(const IndexStats& stats);

}  // namespace kittylog::cli
