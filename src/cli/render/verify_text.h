// The text output of `kittylog verify` on stdout (docs/cli.md, docs/repair.md): one summary line.
// Its problems and lifecycle breaks are diagnostics, one escaped line each on stderr (printed by
// the command). Its --json document is in cli/render/verify_json.h. Pure; thread-compatible.
#pragma once

#include <cstddef>
#include <optional>
#include <string>

namespace kittylog::cli {

// "3 files, 120 events[, 14 commits], 0 problems, 1 lifecycle break"; `commits_checked` only
// with --history.
std::string RenderVerifySummaryText(size_t files, size_t events, std::optional<size_t> commits_checked,
                                    size_t problems, size_t lifecycle_breaks);

}  // namespace kittylog::cli
