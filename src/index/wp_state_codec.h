// How the index stores what the reducer decided for one work package, as compact JSON in TEXT
// columns (docs/index.md "wp_state"): the status conflict of its deciding group, its latest
// lifecycle break and the reducer's checkpoint of its lane ('' when there is none), so `status`
// shows the reducer's warnings without reading the work package's moves again and a merge
// replays only the moves after the checkpoint. The board snapshot has its own codec
// (board_snapshot_codec.h); both write the reducer's records as reducer_json.h does.
// Decoding answers nullopt for '' and for text that is not what the encoder writes.
// Pure functions; thread-safe.
#pragma once

#include <optional>
#include <string>
#include <string_view>

#include "workflow/reducer.h"

namespace kittylog::index_internal {

std::string EncodeResolution(const std::optional<ResolvedConflict>& conflict);
// nullopt for '' and for text that is not what EncodeResolution writes.
std::optional<ResolvedConflict> DecodeResolution(std::string_view text);

std::string EncodeBreak(const std::optional<LifecycleBreak>& lifecycle_break);
std::optional<LifecycleBreak> DecodeBreak(std::string_view text);

std::string EncodeCheckpoint(const std::optional<LaneCheckpoint>& checkpoint);
std::optional<LaneCheckpoint> DecodeCheckpoint(std::string_view text);

}  // namespace kittylog::index_internal
