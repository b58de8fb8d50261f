// How the index stores a board snapshot (index_types.h BoardSnapshot; docs/index.md
// "board_snapshots") as compact JSON in a TEXT column: the whole board of every event but the
// status changes through a clock, with the guard checks of deciding moves, so `status` replays
// only the events after it. Its conflicts and breaks have the shapes of reducer_json.h.
// Decoding answers nullopt for text that is not what the encoder writes.
// Pure functions; thread-safe.
#pragma once

#include <optional>
#include <string>
#include <string_view>

#include "index/index_types.h"

namespace kittylog::index_internal {

std::string EncodeBoardSnapshot(const BoardSnapshot& snapshot);
std::optional<BoardSnapshot> DecodeBoardSnapshot(std::string_view text);

}  // namespace kittylog::index_internal
