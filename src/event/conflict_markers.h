// git's conflict markers in a daily log file (DESIGN §6, §9; docs/repair.md): the one home of
// the rule. A marker is 7 of '<', '|', '=' or '>', alone or followed by a space and a label;
// the separator "=======" is always alone:
//
//   <<<<<<< ours-label       kOpen
//   ||||||| base-label       kBase (diff3 / zdiff3 style only)
//   =======                  kSeparator
//   >>>>>>> theirs-label     kClose
//
// The reader reports such a line as "conflict marker: run `kittylog repair`" (line_reader.h),
// the fsck counts it (event/log_fsck.h), and repair splits a file into its
// three versions at these lines (merge/conflict_blocks.h). Pure functions; thread-safe.
#pragma once

#include <string_view>

namespace kittylog {

enum class ConflictMarker { kNone, kOpen, kBase, kSeparator, kClose };

// Which marker `line` is; `line` holds no "\n", and any "\r" is the caller's to strip first.
ConflictMarker ConflictMarkerOf(std::string_view line);

// Whether `line` (no "\n"; one trailing "\r" is ignored) is a conflict marker.
bool IsConflictMarker(std::string_view line);

}  // namespace kittylog
