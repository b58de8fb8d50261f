// The --json document of `kittylog verify` (DESIGN §10; docs/cli.md):
// {"files","events",["commits_checked",]"problems":[...],"lifecycle_breaks":[...],
// "dependency_cycles":[...]}, the lines as the text prints them (unescaped). Its text output is in
// cli/render/verify_text.h. Pure; thread-compatible.
#pragma once

#include <cstddef>
#include <optional>
#include <string>
#include <vector>

#include "workflow/dependencies.h"

namespace kittylog::cli {

// `commits_checked` only with --history.
std::string RenderVerifyJson(size_t files, size_t events, std::optional<size_t> commits_checked,
                             const std::vector<std::string>& problems, const std::vector<std::string>& lifecycle_breaks,
                             const std::vector<DependencyCycle>& cycles);

}  // namespace kittylog::cli
