#include "event/conflict_markers.h"

namespace kittylog {

ConflictMarker ConflictMarkerOf(std::string_view line) {
  if (line.size() < 7 || (line.size() > 7 && line[7] != ' ')) return ConflictMarker::kNone;
  char c = line[0];
  if (line.substr(0, 7).find_first_not_of(c) != std::string_view::npos) return ConflictMarker::kNone;
  switch (c) {
    case '<': return ConflictMarker::kOpen;
    case '|': return ConflictMarker::kBase;
    case '=': return line.size() == 7 ? ConflictMarker::kSeparator : ConflictMarker::kNone;
    case '>': return ConflictMarker::kClose;
    default: return ConflictMarker::kNone;
  }
}

bool IsConflictMarker(std::string_view line) {
  if (!line.empty() && line.back() == '\r') line.remove_suffix(1);
  return ConflictMarkerOf(line) != ConflictMarker::kNone;
}

}  // namespace kittylog
