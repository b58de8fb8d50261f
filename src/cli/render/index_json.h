// The --json documents of `kittylog index rebuild|check|stats` (DESIGN §10; docs/index.md,
// docs/cli.md). `query --json` prints the original event lines as an array (index_commands.cc),
// so it has no renderer. Their text output is in cli/render/index_text.h. Each returns one
// compact JSON object. Pure functions; thread-compatible.
#pragma once

#include <string>

#include "index/event_index.h"

namespace kittylog::cli {

// {"events","files","temporary"}
std::string RenderRebuildJson(const RefreshReport& report, bool temporary);
// {"files","events","divergences":[...]}
std::string RenderCheckJson(const CheckReport& report);
// {"path","temporary","schema_version","events","files","work_packages","names","max_clock",
//  "index_bytes","jsonl_bytes","built_at"}
std::string RenderStatsJson(const IndexStats& stats);

}  // namespace kittylog::cli
