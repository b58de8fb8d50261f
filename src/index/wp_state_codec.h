// How the index stores what the reducer decided, as compact JSON in TEXT columns
// (docs/index.md "wp_state" and "board_snapshots"):
//   - per work package: the status conflict of its deciding group, its latest lifecycle break
//     and the reducer's checkpoint of its lane ('' when there is none), so `status` shows the
//     reducer's warnings without reading the work package's moves again and a merge replays
//     only the moves after the checkpoint;
//   - a board snapshot (index_types.h BoardSnapshot): the whole board of every event but the
//     status changes through a clock, with the guard checks of deciding moves, so `status`
//     replays only the events after it.
// Decoding answers nullopt for '' and for text that is not what the encoder writes.
// Pure functions; thread-safe.
#pragma once

#include <optional>
#include <string>
#include <string_view>

#include "index/index_types.h"
#include "workflow/reducer.h"

namespace kittylog::index_internal {

std::string EncodeResolution(const std::optional<ResolvedConflict>& conflict);
// nullopt for '' and for text that is not what EncodeResolution writes.
std::optional<ResolvedConflict> DecodeResolution(std::string_view text);

std::string EncodeBreak(const std::optional<LifecycleBreak>& lifecycle_break);
std::optional<LifecycleBreak> DecodeBreak(std::string_view text);

std::string EncodeCheckpoint(const std::optional<LaneCheckpoint>& checkpoint);
std::optional<LaneCheckpoint> DecodeCheckpoint(std::string_view text);

std::string EncodeBoardSnapshot(const BoardSnapshot& snapshot);
std::optional<BoardSnapshot> DecodeBoardSnapshot(std::string_view text);

}  // namespace kittylog::index_internal
