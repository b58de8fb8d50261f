// The JSON shapes of the reducer's records that the index stores (docs/index.md "wp_state" and
// "board_snapshots"): an event reference, a group of concurrent events (ResolvedConflict) and a
// lifecycle break, written and read the same way by the per-WP codec (wp_state_codec.h) and the
// board snapshot codec (board_snapshot_codec.h), plus the lenient field readers both use: a
// missing or mistyped field reads as empty or 0. For those two codecs only.
// Pure functions; thread-safe.
#pragma once

#include <cstdint>
#include <optional>
#include <string>

#include <simdjson.h>

#include "event/json_writer.h"
#include "workflow/reducer.h"

namespace kittylog::index_internal {

// The fields of `ref`, into an object the caller opened (a checkpoint adds its move index).
void WriteRefFields(JsonWriter& w, const EventRef& ref);
void WriteRef(JsonWriter& w, const EventRef& ref);
EventRef ReadRef(simdjson::dom::element element);

void WriteConflict(JsonWriter& w, const ResolvedConflict& conflict);
// nullopt when `root` has no "competing" array.
std::optional<ResolvedConflict> ReadConflict(simdjson::dom::element root);

void WriteBreak(JsonWriter& w, const LifecycleBreak& lifecycle_break);
// nullopt when `root` has no "event" object.
std::optional<LifecycleBreak> ReadBreak(simdjson::dom::element root);

// The field `key` of `element`: "", 0 or false when absent or of another type.
std::string TextField(simdjson::dom::element element, const char* key);
int64_t IntField(simdjson::dom::element element, const char* key);
bool FlagField(simdjson::dom::element element, const char* key);

}  // namespace kittylog::index_internal
