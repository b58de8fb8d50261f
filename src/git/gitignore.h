// The .gitignore entries for kittylog's local, derived files (DESIGN §1; docs/layout.md):
// the index, the clock, the error log, the lock and the quarantine are per checkout and never
// committed. Idempotent; existing lines and bytes of .gitignore are kept as they are.
#pragma once

#include <array>
#include <string>
#include <string_view>
#include <vector>

#include "base/status.h"
#include "event/log_layout.h"

namespace kittylog {

inline constexpr std::array<std::string_view, 5> kGitignoreEntries = {
    ".kittify/events/index.db*", ".kittify/clock.json", ".kittify/errors/", ".kittify/.lock",
    ".kittify/quarantine/"};

// Appends the missing entries to <work tree>/.gitignore; returns the lines it added.
Result<std::vector<std::string>> EnsureGitignoreEntries(const LogLayout& layout);

}  // namespace kittylog
