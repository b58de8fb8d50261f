#include "event/event_line_view.h"

#include <cstddef>
#include <cstring>

#include "event/event.h"

#ifdef __SSE2__
#include <emmintrin.h>
#endif

namespace kittylog {
namespace {

constexpr std::string_view kClockKey = R"(,"lamport_clock":)";

// A string field under `rule`: kLastValidWins keeps an earlier good value when this one is not
// a string, kLastWins makes it empty.
void ReadStringField(simdjson::dom::element value, DuplicateKeys rule, std::string_view& out) {
  std::string_view text;
  if (value.get_string().get(text) == simdjson::SUCCESS) out = text;
  else if (rule == DuplicateKeys::kLastWins) out = {};
}

void ReadIntField(simdjson::dom::element value, DuplicateKeys rule, std::optional<int64_t>& out) {
  int64_t number;
  if (value.get_int64().get(number) == simdjson::SUCCESS) out = number;
  else if (rule == DuplicateKeys::kLastWins) out.reset();
}

// Nullable strings (causation_id, correlation_id): null or another type never undoes a string.
void ReadNullableField(simdjson::dom::element value, std::optional<std::string_view>& out) {
  std::string_view text;
  if (value.get_string().get(text) == simdjson::SUCCESS) out = text;
}

void ReadPayloadObject(simdjson::dom::element value, DuplicateKeys rule, PayloadView& fields) {
  simdjson::dom::object object;
  if (value.get_object().get(object) != simdjson::SUCCESS) return;
  for (auto [key, field_value] : object) ReadPayloadField(key, field_value, rule, fields);
}

// The first byte of [at, end) that is '{', '[' or ',' (end when none), 16 bytes at a time where
// SSE2 is there. Never reads past `end`.
const char* NextStructural(const char* at, const char* end) {
#ifdef __SSE2__
  const __m128i open_brace = _mm_set1_epi8('{'), open_bracket = _mm_set1_epi8('['), comma = _mm_set1_epi8(',');
  for (; end - at >= 16; at += 16) {
    __m128i chunk = _mm_loadu_si128(reinterpret_cast<const __m128i*>(at));
    __m128i hits = _mm_or_si128(_mm_or_si128(_mm_cmpeq_epi8(chunk, open_brace), _mm_cmpeq_epi8(chunk, open_bracket)),
                                _mm_cmpeq_epi8(chunk, comma));
    if (int mask = _mm_movemask_epi8(hits)) return at + __builtin_ctz(static_cast<unsigned>(mask));
  }
#endif
  for (; at < end; ++at) {
    if (*at == '{' || *at == '[' || *at == ',') return at;
  }
  return end;
}

}  // namespace

bool ReadPayloadField(std::string_view key, simdjson::dom::element value, DuplicateKeys rule, PayloadView& fields) {
  if (key == "feature_slug") ReadStringField(value, rule, fields.feature_slug);
  else if (key == "work_package_id") ReadStringField(value, rule, fields.work_package_id);
  else if (key == "old_status") ReadStringField(value, rule, fields.old_status);
  else if (key == "new_status") ReadStringField(value, rule, fields.new_status);
  else if (key == "reason") ReadStringField(value, rule, fields.reason);
  else if (key == "title") ReadStringField(value, rule, fields.title);
  else if (key == "gate_id") ReadStringField(value, rule, fields.gate_id);
  else if (key == "gate_type") ReadStringField(value, rule, fields.gate_type);
  else if (key == "counter") ReadStringField(value, rule, fields.counter);
  else if (key == "delta") ReadIntField(value, rule, fields.delta);
  else if (key == "subtask_index") ReadIntField(value, rule, fields.subtask_index);
  else if (key == "forced") {
    bool forced = false;
    fields.forced = value.get_bool().get(forced) == simdjson::SUCCESS && forced;
  } else {
    return false;
  }
  return true;
}

bool EventLineReader::Read(std::string_view line, const Options& options, EventLineView& view) {
  view = EventLineView{};
  // An editor's byte order mark is an encoding mark, not data: the event after it is read. The
  // bytes after the line stay the padding.
  if (line.starts_with(kUtf8ByteOrderMark)) {
    line.remove_prefix(kUtf8ByteOrderMark.size());
    view.byte_order_mark = true;
  }
  simdjson::dom::element root;
  if (auto error = parser_.parse(line.data(), line.size(), false).get(root)) {
    view.json_error = error;
    return false;
  }
  simdjson::dom::object object;
  if (root.get_object().get(object) != simdjson::SUCCESS) return false;
  view.is_object = true;

  const DuplicateKeys rule = options.duplicates;
  for (auto [key, value] : object) {
    if (key == "event_id") {
      std::string_view id;
      if (value.get_string().get(id) == simdjson::SUCCESS) {
        view.event_id = id;
        view.has_id = true;
      }
    } else if (key == "lamport_clock") {
      view.clock_seen = true;
      int64_t clock = 0;
      view.clock_valid = value.get_int64().get(clock) == simdjson::SUCCESS && IsValidLamportClock(clock);
      view.lamport_clock = view.clock_valid ? clock : 0;
      if (!view.clock_valid) view.clock_ever_invalid = true;
    } else if (options.fields == LineFields::kKey) {
      continue;
    } else if (key == "event_type") {
      ReadStringField(value, rule, view.event_type);
    } else if (key == "event_version") {
      ReadIntField(value, rule, view.event_version);
    } else if (key == "entity_id") {
      ReadStringField(value, rule, view.entity_id);
    } else if (key == "entity_type") {
      ReadStringField(value, rule, view.entity_type);
    } else if (key == "timestamp") {
      ReadStringField(value, rule, view.timestamp);
    } else if (key == "actor") {
      ReadStringField(value, rule, view.actor);
    } else if (key == "causation_id") {
      ReadNullableField(value, view.causation_id);
    } else if (key == "correlation_id") {
      ReadNullableField(value, view.correlation_id);
    } else if (key == "payload") {
      if (rule == DuplicateKeys::kLastValidWins) {
        view.has_payload = true;
        view.payload = value;
        if (options.fields == LineFields::kAll) {
          view.payload_fields = PayloadView{};
          ReadPayloadObject(value, rule, view.payload_fields);
        }
      } else if (value.is_object()) {
        view.has_payload = true;
        view.payload = value;
        if (options.fields == LineFields::kAll) ReadPayloadObject(value, rule, view.payload_fields);
      }
    }
  }
  return true;
}

// Runs once per line of the merge's shared history (~100,000 lines in a typical merge): each
// byte is looked at once, 16 at a time where it can (std::string_view::find_first_of would call
// memchr once per byte).
bool ReadCanonicalKey(std::string_view line, EventKey* key) {
  if (line.size() < kCanonicalLineHead.size() + kClockKey.size() + 3 || !line.starts_with(kCanonicalLineHead) ||
      line.back() != '}') {
    return false;
  }
  const char* const begin = line.data();
  const char* const end = begin + line.size();
  const char* id_begin = begin + kCanonicalLineHead.size();
  const char* id_end = static_cast<const char*>(std::memchr(id_begin, '"', static_cast<size_t>(end - id_begin)));
  if (id_end == nullptr || id_end == id_begin) return false;
  for (const char* c = id_begin; c < id_end; ++c) {
    if (*c == '\\' || static_cast<unsigned char>(*c) < 0x20) return false;
  }
  // The first ,"lamport_clock": after the id, with no object or array opening before it, so it
  // is the top-level key (depth 1).
  const char* clock_at = id_end;
  for (;; ++clock_at) {
    clock_at = NextStructural(clock_at, end);
    if (end - clock_at < static_cast<ptrdiff_t>(kClockKey.size()) || *clock_at != ',') return false;
    if (clock_at[2] == 'l' && std::memcmp(clock_at, kClockKey.data(), kClockKey.size()) == 0) break;
  }
  const char* pos = clock_at + kClockKey.size();
  if (pos >= end || *pos < '1' || *pos > '9') return false;
  uint64_t clock = 0;
  size_t digits = 0;
  while (pos < end && *pos >= '0' && *pos <= '9') {
    if (++digits > 19) return false;
    clock = clock * 10 + static_cast<uint64_t>(*pos - '0');
    ++pos;
  }
  if (clock > static_cast<uint64_t>(kMaxLamportClock)) return false;
  if (pos >= end || (*pos != ',' && *pos != '}')) return false;
  key->clock = static_cast<int64_t>(clock);
  key->id = std::string_view(id_begin, static_cast<size_t>(id_end - id_begin));
  return true;
}

}  // namespace kittylog
