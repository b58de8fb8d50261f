#include "merge/merge_lines.h"

#include <algorithm>
#include <cstddef>
#include <cstring>
#include <tuple>

#include <fmt/format.h>

#include "event/event.h"
#include "event/event_line_view.h"


namespace kittylog::merge {
namespace {

constexpr size_t kArenaBlock = 64 * 1024;

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
  if (line.size() > kCanonicalLineHead.size() + decoded.size() &&
      line.compare(kCanonicalLineHead.size(), decoded.size(), decoded) == 0) {
    return line.substr(kCanonicalLineHead.size(), decoded.size());
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
  // A leading byte order mark is skipped by the reader, as for EventDecoder: the event after it
  // is an event (the line is still kept byte for byte).
  EventLineReader::Options options;
  options.fields = keep_entity ? LineFields::kReport : LineFields::kKey;
  options.duplicates = DuplicateKeys::kLastWins;
  const EventLineView view = reader_.Read(std::string_view(text, line.size()), options);
  if (!view.is_object) {
    if (view.json_error == simdjson::SUCCESS) {
      record.problem = LineProblem::kNotObject;
    } else {
      record.problem = std::memchr(line.data(), '\0', line.size()) != nullptr ? LineProblem::kNulByte : LineProblem::kJson;
      record.json_error = view.json_error;
    }
    return record;
  }
  // A line that is not an event still carries what it has (its clock, its report fields).
  if (view.has_id) record.id = view.event_id.empty() ? std::string_view(line.data(), 0) : Keep(view.event_id, line);
  record.clock = view.lamport_clock;
  if (keep_entity) {
    record.event_type = arena_->Copy(view.event_type);
    record.entity_id = arena_->Copy(view.entity_id);
    record.entity_type = arena_->Copy(view.entity_type);
    record.feature_slug = arena_->Copy(view.payload_fields.feature_slug);
    record.old_status = arena_->Copy(view.payload_fields.old_status);
    record.new_status = arena_->Copy(view.payload_fields.new_status);
  }
  if (!view.has_id) record.problem = LineProblem::kNoEventId;
  else if (!view.clock_valid) record.problem = view.clock_seen ? LineProblem::kClockRange : LineProblem::kNoClock;
  return record;
}

}  // namespace kittylog::merge
