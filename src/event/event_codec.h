// Encoding and decoding of one event line (DESIGN §2, docs/event-format.md).
//
// Encode is canonical: keys in kEventKeys order, compact, JsonWriter escaping; the payload is
// written from event.payload_json as given (validation canonicalises it first).
// Decode is tolerant: any JSON object with a string `event_id` and a lamport_clock in
// 1..2^53-1 is an event; unknown keys and types pass through (the caller keeps the raw line),
// other fields of the wrong type read as absent, and a soft problem (an id that is not a ULID)
// is reported as a note without rejecting the line.
// Decode reads the line through EventLineReader (event_line_view.h), the one reading of a line.
// An EventDecoder owns a simdjson parser: reuse one per thread, never share it.
#pragma once

#include <string>
#include <string_view>
#include <vector>

#include <simdjson.h>

#include "base/status.h"
#include "event/event.h"
#include "event/event_line_view.h"

namespace kittylog {

// The canonical line for `event`, without the trailing "\n".
std::string EncodeEventLine(const Event& event);

// Extracts the well-known fields of a payload object (missing or mistyped ones stay empty).
PayloadFields ExtractPayloadFields(simdjson::dom::element payload);

class EventDecoder {
 public:
  struct Options {
    bool keep_payload_json = false;  // re-serialise the payload into event.payload_json
    bool keep_raw_line = true;       // copy the line into event.raw_line
  };

  // Decodes `line` (no "\n"; a trailing "\r" and a leading byte order mark are ignored). The bytes after the line, up to
  // SIMDJSON_PADDING of them, must be readable. Fails (kRefused, message = the reason) when the
  // line is not a JSON object, has no string event_id, or no lamport_clock in 1..2^53-1
  // (reason "lamport_clock ...: not an event"). `notes` collects soft problems.
  Result<Event> Decode(std::string_view line, std::vector<std::string>* notes = nullptr);
  Result<Event> Decode(std::string_view line, const Options& options, std::vector<std::string>* notes);

  // The same, for a line without padding (copies it into a padded buffer first).
  Result<Event> DecodeUnpadded(std::string_view line, std::vector<std::string>* notes = nullptr);

  simdjson::dom::parser& parser() { return reader_.parser(); }

 private:
  EventLineReader reader_;
};

}  // namespace kittylog
