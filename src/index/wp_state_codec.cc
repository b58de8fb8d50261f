#include "index/wp_state_codec.h"

#include <simdjson.h>

#include "event/json_writer.h"
#include "index/reducer_json.h"

namespace kittylog::index_internal {
namespace {

// A move number of a checkpoint (kNoMove is written as absent).
uint64_t MoveIndex(simdjson::dom::element element, const char* key) {
  uint64_t value = 0;
  return element[key].get(value) == simdjson::SUCCESS ? value : LaneStep::kNoMove;
}

}  // namespace

std::string EncodeResolution(const std::optional<ResolvedConflict>& conflict) {
  if (!conflict) return "";
  JsonWriter w;
  WriteConflict(w, *conflict);
  return w.Take();
}

std::optional<ResolvedConflict> DecodeResolution(std::string_view text) {
  if (text.empty()) return std::nullopt;
  simdjson::dom::parser parser;
  simdjson::dom::element root;
  if (parser.parse(text.data(), text.size()).get(root) != simdjson::SUCCESS) return std::nullopt;
  return ReadConflict(root);
}

std::string EncodeBreak(const std::optional<LifecycleBreak>& lifecycle_break) {
  if (!lifecycle_break) return "";
  JsonWriter w;
  WriteBreak(w, *lifecycle_break);
  return w.Take();
}

std::optional<LifecycleBreak> DecodeBreak(std::string_view text) {
  if (text.empty()) return std::nullopt;
  simdjson::dom::parser parser;
  simdjson::dom::element root;
  if (parser.parse(text.data(), text.size()).get(root) != simdjson::SUCCESS) return std::nullopt;
  return ReadBreak(root);
}

std::string EncodeCheckpoint(const std::optional<LaneCheckpoint>& checkpoint) {
  if (!checkpoint) return "";
  const LaneState& lane = checkpoint->lane;
  JsonWriter w;
  w.BeginObject();
  w.Key("through"); w.Int(checkpoint->through);
  w.Key("known"); w.Bool(lane.known);
  w.Key("lane"); w.String(lane.lane);
  w.Key("moves"); w.Int(static_cast<int64_t>(lane.moves));
  w.Key("last_in"); w.BeginArray();
  for (const LaneHeld& held : lane.last_in) {
    w.BeginObject();
    w.Key("lane"); w.String(held.lane);
    w.Key("first_move"); w.Int(static_cast<int64_t>(held.first_move));
    w.Key("first_clock"); w.Int(held.first_clock);
    w.EndObject();
  }
  w.EndArray();
  // Move numbers are small; kNoMove is written as absent.
  if (lane.last_rollback != LaneStep::kNoMove) { w.Key("last_rollback"); w.Int(static_cast<int64_t>(lane.last_rollback)); }
  if (lane.deciding != LaneStep::kNoMove) { w.Key("deciding"); w.Int(static_cast<int64_t>(lane.deciding)); }
  w.Key("deciding_rule"); w.String(lane.deciding_rule);
  if (lane.open_group != LaneStep::kNoMove) { w.Key("open_group"); w.Int(static_cast<int64_t>(lane.open_group)); }
  w.Key("kept"); w.BeginArray();
  for (size_t i = 0; i < lane.kept.size() && i < checkpoint->refs.size(); ++i) {
    w.BeginObject();
    w.Key("index"); w.Int(static_cast<int64_t>(lane.kept[i].index));
    WriteRefFields(w, checkpoint->refs[i]);
    w.EndObject();
  }
  w.EndArray();
  w.Key("breaks"); w.Int(checkpoint->breaks);
  w.Key("created"); w.Bool(checkpoint->created);
  if (checkpoint->last_break) { w.Key("last_break"); WriteBreak(w, *checkpoint->last_break); }
  if (checkpoint->open_conflict) { w.Key("open_conflict"); WriteConflict(w, *checkpoint->open_conflict); }
  w.EndObject();
  return w.Take();
}

std::optional<LaneCheckpoint> DecodeCheckpoint(std::string_view text) {
  if (text.empty()) return std::nullopt;
  simdjson::dom::parser parser;
  simdjson::dom::element root;
  simdjson::dom::array last_in, kept;
  if (parser.parse(text.data(), text.size()).get(root) != simdjson::SUCCESS ||
      root["last_in"].get(last_in) != simdjson::SUCCESS || root["kept"].get(kept) != simdjson::SUCCESS) {
    return std::nullopt;
  }
  LaneCheckpoint checkpoint;
  LaneState& lane = checkpoint.lane;
  checkpoint.through = IntField(root, "through");
  lane.known = FlagField(root, "known");
  lane.lane = TextField(root, "lane");
  lane.moves = static_cast<size_t>(IntField(root, "moves"));
  for (simdjson::dom::element held : last_in) {
    lane.last_in.push_back(
        {TextField(held, "lane"), static_cast<size_t>(IntField(held, "first_move")), IntField(held, "first_clock")});
  }
  lane.last_rollback = static_cast<size_t>(MoveIndex(root, "last_rollback"));
  lane.deciding = static_cast<size_t>(MoveIndex(root, "deciding"));
  lane.deciding_rule = TextField(root, "deciding_rule");
  lane.open_group = static_cast<size_t>(MoveIndex(root, "open_group"));
  for (simdjson::dom::element move : kept) {
    EventRef ref = ReadRef(move);
    lane.kept.push_back({static_cast<size_t>(IntField(move, "index")), ref.lamport_clock, ref.event_id, ref.old_status,
                         ref.new_status});
    checkpoint.refs.push_back(std::move(ref));
  }
  checkpoint.breaks = IntField(root, "breaks");
  checkpoint.created = FlagField(root, "created");
  simdjson::dom::element last_break;
  if (root["last_break"].get(last_break) == simdjson::SUCCESS) checkpoint.last_break = ReadBreak(last_break);
  simdjson::dom::element open_conflict;
  if (root["open_conflict"].get(open_conflict) == simdjson::SUCCESS) checkpoint.open_conflict = ReadConflict(open_conflict);
  return checkpoint;
}

}  // namespace kittylog::index_internal
