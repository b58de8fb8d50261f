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

// Whether `key`, whose length the caller has checked, is `name`: a memcmp of a constant length,
// which the compiler expands in place (a chain of string_view == outgrew the inliner and cost
// ~1,500 instructions a line in the merge).
template <size_t N>
inline bool Is(std::string_view key, const char (&name)[N]) {
  return std::memcmp(key.data(), name, N - 1) == 0;
}

enum class TopKey : uint8_t {
  kOther, kEventId, kEventType, kEventVersion, kLamportClock, kEntityId, kEntityType, kTimestamp, kActor,
  kCausationId, kCorrelationId, kPayload,
};

// The top-level keys of kEventKeys (event.h), told apart by length first.
TopKey ClassifyTopKey(std::string_view key) {
  switch (key.size()) {
    case 5: return Is(key, "actor") ? TopKey::kActor : TopKey::kOther;
    case 7: return Is(key, "payload") ? TopKey::kPayload : TopKey::kOther;
    case 8: return Is(key, "event_id") ? TopKey::kEventId : TopKey::kOther;
    case 9:
      if (Is(key, "entity_id")) return TopKey::kEntityId;
      return Is(key, "timestamp") ? TopKey::kTimestamp : TopKey::kOther;
    case 10: return Is(key, "event_type") ? TopKey::kEventType : TopKey::kOther;
    case 11: return Is(key, "entity_type") ? TopKey::kEntityType : TopKey::kOther;
    case 12: return Is(key, "causation_id") ? TopKey::kCausationId : TopKey::kOther;
    case 13:
      if (Is(key, "lamport_clock")) return TopKey::kLamportClock;
      return Is(key, "event_version") ? TopKey::kEventVersion : TopKey::kOther;
    case 14: return Is(key, "correlation_id") ? TopKey::kCorrelationId : TopKey::kOther;
    default: return TopKey::kOther;
  }
}

// A string field under `rule`: kLastValidWins keeps an earlier good value when this one is not
// a string, kLastWins makes it empty.
inline void ReadStringField(simdjson::dom::element value, DuplicateKeys rule, std::string_view& out) {
  std::string_view text;
  if (value.get_string().get(text) == simdjson::SUCCESS) out = text;
  else if (rule == DuplicateKeys::kLastWins) out = {};
}

inline void ReadIntField(simdjson::dom::element value, DuplicateKeys rule, std::optional<int64_t>& out) {
  int64_t number;
  if (value.get_int64().get(number) == simdjson::SUCCESS) out = number;
  else if (rule == DuplicateKeys::kLastWins) out.reset();
}

// Nullable strings (causation_id, correlation_id): null or another type never undoes a string.
void ReadNullableField(simdjson::dom::element value, std::optional<std::string_view>& out) {
  std::string_view text;
  if (value.get_string().get(text) == simdjson::SUCCESS) out = text;
}

void ReadPayloadObject(simdjson::dom::element value, LineFields fields, DuplicateKeys rule, PayloadView& out) {
  simdjson::dom::object object;
  if (value.get_object().get(object) != simdjson::SUCCESS) return;
  for (auto [key, field_value] : object) {
    if (fields == LineFields::kAll) {
      ReadPayloadField(key, field_value, rule, out);
    } else if (key.size() == 12 && Is(key, "feature_slug")) {  // LineFields::kReport
      ReadStringField(field_value, rule, out.feature_slug);
    } else if (key.size() == 10 && Is(key, "old_status")) {
      ReadStringField(field_value, rule, out.old_status);
    } else if (key.size() == 10 && Is(key, "new_status")) {
      ReadStringField(field_value, rule, out.new_status);
    }
  }
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
  std::string_view* text = nullptr;
  std::optional<int64_t>* number = nullptr;
  switch (key.size()) {
    case 5:
      if (Is(key, "title")) text = &fields.title;
      else if (Is(key, "delta")) number = &fields.delta;
      break;
    case 6:
      if (Is(key, "reason")) text = &fields.reason;
      else if (Is(key, "forced")) {
        bool forced = false;
        fields.forced = value.get_bool().get(forced) == simdjson::SUCCESS && forced;
        return true;
      }
      break;
    case 7:
      if (Is(key, "gate_id")) text = &fields.gate_id;
      else if (Is(key, "counter")) text = &fields.counter;
      break;
    case 9:
      if (Is(key, "gate_type")) text = &fields.gate_type;
      break;
    case 10:
      if (Is(key, "old_status")) text = &fields.old_status;
      else if (Is(key, "new_status")) text = &fields.new_status;
      break;
    case 12:
      if (Is(key, "feature_slug")) text = &fields.feature_slug;
      break;
    case 13:
      if (Is(key, "subtask_index")) number = &fields.subtask_index;
      break;
    case 15:
      if (Is(key, "work_package_id")) text = &fields.work_package_id;
      break;
    default:
      break;
  }
  if (text != nullptr) ReadStringField(value, rule, *text);
  else if (number != nullptr) ReadIntField(value, rule, *number);
  return text != nullptr || number != nullptr;
}

EventLineView EventLineReader::Read(std::string_view line, const Options& options) {
  EventLineView view;
  // An editor's byte order mark is an encoding mark, not data: the event after it is read. The
  // bytes after the line stay the padding.
  if (line.starts_with(kUtf8ByteOrderMark)) {
    line.remove_prefix(kUtf8ByteOrderMark.size());
    view.byte_order_mark = true;
  }
  simdjson::dom::element root;
  if (auto error = parser_.parse(line.data(), line.size(), false).get(root)) {
    view.json_error = error;
    return view;
  }
  simdjson::dom::object object;
  if (root.get_object().get(object) != simdjson::SUCCESS) return view;
  view.is_object = true;

  const DuplicateKeys rule = options.duplicates;
  for (auto [key, value] : object) {
    const TopKey which = ClassifyTopKey(key);
    if (which == TopKey::kEventId) {
      std::string_view id;
      if (value.get_string().get(id) == simdjson::SUCCESS) {
        view.event_id = id;
        view.has_id = true;
      }
      continue;
    }
    if (which == TopKey::kLamportClock) {
      view.clock_seen = true;
      int64_t clock = 0;
      view.clock_valid = value.get_int64().get(clock) == simdjson::SUCCESS && IsValidLamportClock(clock);
      view.lamport_clock = view.clock_valid ? clock : 0;
      if (!view.clock_valid) view.clock_ever_invalid = true;
      continue;
    }
    if (options.fields == LineFields::kKey) continue;
    if (options.fields == LineFields::kReport && which != TopKey::kEventType && which != TopKey::kEntityId &&
        which != TopKey::kEntityType && which != TopKey::kPayload) {
      continue;
    }
    switch (which) {
      case TopKey::kEventType: ReadStringField(value, rule, view.event_type); break;
      case TopKey::kEventVersion: ReadIntField(value, rule, view.event_version); break;
      case TopKey::kEntityId: ReadStringField(value, rule, view.entity_id); break;
      case TopKey::kEntityType: ReadStringField(value, rule, view.entity_type); break;
      case TopKey::kTimestamp: ReadStringField(value, rule, view.timestamp); break;
      case TopKey::kActor: ReadStringField(value, rule, view.actor); break;
      case TopKey::kCausationId: ReadNullableField(value, view.causation_id); break;
      case TopKey::kCorrelationId: ReadNullableField(value, view.correlation_id); break;
      case TopKey::kPayload:
        if (rule == DuplicateKeys::kLastValidWins) {
          view.has_payload = true;
          view.payload = value;
          if (options.fields != LineFields::kTopLevel) {
            view.payload_fields = PayloadView{};
            ReadPayloadObject(value, options.fields, rule, view.payload_fields);
          }
        } else if (value.is_object()) {
          view.has_payload = true;
          view.payload = value;
          if (options.fields != LineFields::kTopLevel) ReadPayloadObject(value, options.fields, rule, view.payload_fields);
        }
        break;
      default: break;
    }
  }
  return view;
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
