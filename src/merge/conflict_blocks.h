// Turning any log file into what the merge driver would have written (for `kittylog repair`).
//
// A merge made without the driver (a fresh clone before `kittylog install`, a server-side
// merge, `git merge-file --union`) leaves duplicates, disorder or git conflict blocks:
//
//   <<<<<<< ours-label          (markers: the rule in event/conflict_markers.h)
//   ...lines of ours...
//   ||||||| base-label          (optional: diff3 / zdiff3 style)
//   ...lines of the base...
//   =======
//   ...lines of theirs...
//   >>>>>>> theirs-label
//
// CanonicalizeEventLog(bytes) gives the canonical driver result for such a file: lines outside
// blocks belong to all three versions, the sections of a block to their own version, and the
// three versions go through MergeEventLogs with every line parsed (no fast path: nothing in a
// damaged file is trusted). Without blocks, the file is merged with empty base and theirs, which
// deduplicates, orders and moves non-event lines after the events. Markers that do not form
// well-formed blocks stay in the file as non-event lines, so nothing is ever lost.
// Report entries name side kFile and the line number in `bytes`.
// Pure functions; thread-safe.
#pragma once

#include <array>
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "merge/merge.h"

namespace kittylog::merge {

struct ConflictSplit {
  std::string base, ours, theirs;  // each a sequence of "\n"-terminated lines
  // For each version (indexed by Side): the line number in the input of each of its lines.
  std::array<std::vector<uint32_t>, 3> origin;
  size_t blocks = 0;
};

// The three versions of a file with conflict blocks; nullopt when it has none or when its
// markers are not well formed (unterminated, nested, out of order).
std::optional<ConflictSplit> SplitConflictBlocks(std::string_view bytes);

// The canonical driver result for arbitrary log bytes (see above).
[[nodiscard]] MergeResult CanonicalizeEventLog(std::string_view bytes);

}  // namespace kittylog::merge
