// Timestamps on event lines: RFC 3339 UTC with milliseconds, "2026-01-27T10:30:00.123Z"
// (DESIGN §2), and the UTC date that names an event's daily file. Pure functions.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

namespace kittylog {

// "YYYY-MM-DDTHH:MM:SS.mmmZ" for milliseconds since the Unix epoch.
std::string FormatTimestamp(int64_t epoch_millis);

// Milliseconds since the epoch when `text` is exactly the format above and a real date/time.
std::optional<int64_t> ParseTimestamp(std::string_view text);

// "YYYY-MM-DD": the UTC date of `epoch_millis`.
std::string UtcDate(int64_t epoch_millis);

// Whether `text` is a real date in the form YYYY-MM-DD.
bool IsValidDate(std::string_view text);

}  // namespace kittylog
