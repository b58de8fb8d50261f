#include "merge/merge_lines.h"

#include <algorithm>
#include <cstddef>
#include <cstring>
#include <tuple>

#include <fmt/format.h>

#include "event/event.h"
#include "event/event_codec.h"

#ifdef __SSE2__
#include <emmintrin.h>
#endif

namespace kittylog::merge {
namespace {

constexpr std::string_view kCanonicalHead = R"({"event_id":")";
constexpr std::string_view kClockKey = R"(,"lamport_clock":)";
constexpr size_t kArenaBlock = 64 * 1024;

std::string_view StringOf(simdjson::dom::element value) {
  std::string_view text;
  if (value.get_string().get(text) != simdjson::SUCCESS) return {};
  return text;
}

}  // namespace

bool KeyLess(const EventKey& a, const EventKey& b) { return std::tie(a.clock, a.id) < std::tie(b.clock, b.id); }

std::string DescribeProblem(const LineRecord& record) {
  switch (record.problem) {
    case LineProblem::kNone: return "an event";
    case LineProblem::kNotObject: return "not a JSON object";
    case LineProblem::kNoEventId: return "no string event_id";
    case LineProblem::kNulByte: return "contains a NUL byte";
    case LineProblem::kNoClock: return "lamport_clock is missing";
    case LineProblem::kClockRange: return std::string(kClockRule);
    case LineProblem::kJson: break;
  }
  switch (record.json_error) {
    case simdjson::UTF8_ERROR: return "not valid UTF-8";
    case simdjson::DEPTH_ERROR: return "JSON nested too deeply";
    case simdjson::UNESCAPED_CHARS: return "not valid JSON (control character inside a string)";
    default: return fmt::format("not valid JSON ({})", simdjson::error_message(record.json_error));
  }
}

std::string_view StringArena::Copy(std::string_view text) {
  if (text.empty()) return {};
  if (text.size() > left_) {
    size_t size = std::max(kArenaBlock, text.size());
    blocks_.push_back(std::make_unique<char[]>(size));
    cursor_ = blocks_.back().get();
    left_ = size;
  }
  std::memcpy(cursor_, text.data(), text.size());
  std::string_view kept(cursor_, text.size());
  cursor_ += text.size();
  left_ -= text.size();
  return kept;
}

bool IsBlankLine(std::string_view line) {
  return line.find_first_not_of(" \t\r") == std::string_view::npos;
}

void LineParser::ParseLines(std::string_view bytes, Side side, uint32_t first_line, bool keep_entity,
                            std::vector<LineRecord>& out) {
  const char* cursor = bytes.data();
  const char* end = bytes.data() + bytes.size();
  uint32_t line_number = first_line;
  for (; cursor < end; ++line_number) {
    const char* newline = static_cast<const char*>(std::memchr(cursor, '\n', static_cast<size_t>(end - cursor)));
    const char* line_end = newline != nullptr ? newline : end;
    std::string_view line(cursor, static_cast<size_t>(line_end - cursor));
    cursor = newline != nullptr ? newline + 1 : end;
    bool newline_follows = newline != nullptr;
    // CRLF reads as LF; so does "\r\r\n": a line kept with a trailing CR would lose it the next
    // time it is read, and the output would not be a fixed point.
    while (!line.empty() && line.back() == '\r') line.remove_suffix(1), newline_follows = false;
    if (IsBlankLine(line)) continue;
    // Lines followed by SIMDJSON_PADDING bytes of the same buffer are parsed in place.
    bool padded = static_cast<size_t>(end - (line.data() + line.size())) >= simdjson::SIMDJSON_PADDING;
    out.push_back(ParseLine(line, side, line_number, keep_entity, padded));
    out.back().newline_follows = newline_follows;
  }
}

// Views the decoded string in the line when the same bytes are there (the usual case: no
// escapes), else copies it into the arena. Any occurrence will do: only the bytes matter.
std::string_view LineParser::Keep(std::string_view decoded, std::string_view line) {
  if (decoded.empty()) return {};
  if (line.size() > kCanonicalHead.size() + decoded.size() &&
      line.compare(kCanonicalHead.size(), decoded.size(), decoded) == 0) {
    return line.substr(kCanonicalHead.size(), decoded.size());
  }
  return arena_->Copy(decoded);
}

LineRecord LineParser::ParseLine(std::string_view line, Side side, uint32_t line_number, bool keep_entity,
                                 bool padded) {
  LineRecord record;
  record.line = line;
  record.side = side;
  record.line_number = line_number;
  ++parsed_lines_;

  const char* text = line.data();
  if (!padded) {
    size_t needed = line.size() + simdjson::SIMDJSON_PADDING;
    if (needed > scratch_capacity_) {
      scratch_capacity_ = std::max(needed, scratch_capacity_ * 2);
      scratch_ = std::make_unique<char[]>(scratch_capacity_);
    }
    std::memcpy(scratch_.get(), line.data(), line.size());
    std::memset(scratch_.get() + line.size(), 0, simdjson::SIMDJSON_PADDING);
    text = scratch_.get();
  }
  // A leading byte order mark is an encoding mark, as for EventDecoder: the event after it is an
  // event (the line is still kept byte for byte).
  const size_t mark = line.starts_with(kUtf8ByteOrderMark) ? kUtf8ByteOrderMark.size() : 0;
  simdjson::dom::element root;
  if (auto error = parser_.parse(text + mark, line.size() - mark, false).get(root)) {
    record.problem = std::memchr(line.data(), '\0', line.size()) != nullptr ? LineProblem::kNulByte : LineProblem::kJson;
    record.json_error = error;
    return record;
  }
  simdjson::dom::object object;
  if (root.get_object().get(object) != simdjson::SUCCESS) {
    record.problem = LineProblem::kNotObject;
    return record;
  }
  bool has_id = false;
  bool clock_seen = false;
  bool clock_valid = false;
  // Same reading as EventDecoder::Decode: a later duplicate key overrides an earlier one.
  for (auto [key, value] : object) {
    if (key == "event_id") {
      std::string_view id;
      if (value.get_string().get(id) == simdjson::SUCCESS) {
        record.id = id.empty() ? std::string_view(line.data(), 0) : Keep(id, line);
        has_id = true;
      }
    } else if (key == "lamport_clock") {
      clock_seen = true;
      int64_t clock = 0;
      clock_valid = value.get_int64().get(clock) == simdjson::SUCCESS && IsValidLamportClock(clock);
      record.clock = clock_valid ? clock : 0;
    } else if (keep_entity) {
      if (key == "event_type") record.event_type = arena_->Copy(StringOf(value));
      else if (key == "entity_id") record.entity_id = arena_->Copy(StringOf(value));
      else if (key == "entity_type") record.entity_type = arena_->Copy(StringOf(value));
      else if (key == "payload") {
        simdjson::dom::object payload;
        if (value.get_object().get(payload) != simdjson::SUCCESS) continue;
        for (auto [field, field_value] : payload) {
          if (field == "feature_slug") record.feature_slug = arena_->Copy(StringOf(field_value));
          else if (field == "old_status") record.old_status = arena_->Copy(StringOf(field_value));
          else if (field == "new_status") record.new_status = arena_->Copy(StringOf(field_value));
        }
      }
    }
  }
  if (!has_id) {
    record.problem = LineProblem::kNoEventId;
    return record;
  }
  if (!clock_valid) record.problem = clock_seen ? LineProblem::kClockRange : LineProblem::kNoClock;
  return record;
}

namespace {

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

// Runs once per line of the shared history (~100,000 lines in a typical merge): each byte is
// looked at once, 16 at a time where it can (std::string_view::find_first_of would call memchr
// once per byte).
bool ReadCanonicalKey(std::string_view line, EventKey* key) {
  if (line.size() < kCanonicalHead.size() + kClockKey.size() + 3 || !line.starts_with(kCanonicalHead) ||
      line.back() != '}') {
    return false;
  }
  const char* const begin = line.data();
  const char* const end = begin + line.size();
  const char* id_begin = begin + kCanonicalHead.size();
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

}  // namespace kittylog::merge
