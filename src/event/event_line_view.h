// One reading of an event line (DESIGN §2-3, docs/event-format.md): which fields a line holds
// and where their bytes are. Every reader of log bytes reads a line through here: EventDecoder
// (event_codec.h), the index's LineScanner and the merge driver's LineParser.
//
// EventLineReader::Read parses the whole line with simdjson's DOM parser (so every byte is
// validated) and hands back views, with no allocation: clocks as integers, strings as views into
// the reader's parse buffer (simdjson unescapes there), valid until the next Read on the same
// reader. The line must be followed by SIMDJSON_PADDING readable bytes; it is never written.
// ReadCanonicalKey is the fast path: a byte-level look at a line of the canonical shape that
// reads its key (views into the line) without parsing. It does not look past the clock, so it
// cannot say that a line is an event (a later duplicate key, bad UTF-8 in the payload): it says
// the line has the canonical shape, which is what the merge's shared prefix asks; everything else
// reads lines with Read.
//
// What is the same for every caller: a leading UTF-8 byte order mark is skipped (and said);
// event_id is the last string-typed occurrence of the key (another type does not undo it);
// lamport_clock is the last occurrence, valid only when it is an integer in 1..2^53-1.
// Where the callers read odd lines differently, the difference is kept, not unified:
//   - DuplicateKeys::kLastValidWins (EventDecoder, LineScanner): a field of the wrong type reads as
//     absent and does not undo an earlier good occurrence; each `payload` key replaces the previous
//     one's fields (a payload that is not an object reads as an empty one).
//   - DuplicateKeys::kLastWins (the merge's report fields): the last occurrence wins even when it
//     has the wrong type (it reads as empty); a payload that is not an object is skipped, and the
//     fields of several payload objects add up, a later one replacing the same field.
//   - Callers check what they need after Read: the decoder turns a bad line into its reason and
//     notes the byte order mark and a non-ULID id; the index's fast path takes only lines with no
//     byte order mark, a ULID, and no lamport_clock occurrence out of range (clock_ever_invalid),
//     leaving the rest to the decoder; the merge names a NUL byte and words errors its own way.
//   - Trailing "\r": the caller strips it (the decoder and the index one, the merge all).
// Not thread-safe: an EventLineReader owns a parser; use one per thread.
#pragma once

#include <cstdint>
#include <optional>
#include <string_view>

#include <simdjson.h>

namespace kittylog {

// The total-order key of an event (DESIGN §2): (lamport_clock, event_id).
struct EventKey {
  int64_t clock = 0;
  std::string_view id;
};

// A UTF-8 byte order mark at the start of a line is skipped by Read (view.byte_order_mark).
inline constexpr std::string_view kUtf8ByteOrderMark = "\xef\xbb\xbf";

// How every canonical line starts (the writer puts event_id first).
inline constexpr std::string_view kCanonicalLineHead = R"({"event_id":")";

// The fast path. Whether `line` has the canonical shape: starts with {"event_id":"<id>", the id
// without '\' or control bytes, then (no '{' or '[' in between) ,"lamport_clock":<1..2^53-1>
// followed by ',' or '}', and ends with '}'. Fills `key` (a view into `line`) when it does.
// Needs no padding.
bool ReadCanonicalKey(std::string_view line, EventKey* key);

// Which fields Read extracts.
enum class LineFields : uint8_t {
  kKey,       // event_id and lamport_clock only
  kReport,    // and event_type, entity_id, entity_type, payload_fields' feature_slug, old_status and
              // new_status (what the merge's concurrency report shows)
  kTopLevel,  // every top-level field and the payload element, not the payload's fields
  kAll,       // and the well-known payload fields (PayloadView)
};

// How a key given more than once, or a field of the wrong type, reads (see the top comment).
enum class DuplicateKeys : uint8_t { kLastValidWins, kLastWins };

// The well-known payload fields (PayloadFields in event.h, as views; tags and dependencies are
// arrays: read them from the payload element).
struct PayloadView {
  std::string_view feature_slug, work_package_id, old_status, new_status, reason, title, gate_id, gate_type, counter;
  std::optional<int64_t> delta, subtask_index;
  bool forced = false;  // `forced: true`; the last occurrence decides, another type is false
};

// Reads `key` of a payload object into `fields` when it is one of PayloadView's; false otherwise.
bool ReadPayloadField(std::string_view key, simdjson::dom::element value, DuplicateKeys rule, PayloadView& fields);

struct EventLineView {
  bool is_object = false;                          // the line parsed and is a JSON object
  simdjson::error_code json_error = simdjson::SUCCESS;  // why it did not parse (SUCCESS: not an object)
  bool byte_order_mark = false;                    // a UTF-8 byte order mark was skipped

  bool has_id = false;  // some event_id is a string
  std::string_view event_id;
  bool clock_seen = false;          // some lamport_clock key
  bool clock_valid = false;         // the last one is an integer in 1..2^53-1
  bool clock_ever_invalid = false;  // some lamport_clock is not
  int64_t lamport_clock = 0;        // the last one, when valid; else 0

  // LineFields::kTopLevel and kAll (kReport: the three it names). Absent fields are empty / nullopt.
  std::string_view event_type, entity_id, entity_type, timestamp, actor;
  std::optional<int64_t> event_version;
  std::optional<std::string_view> causation_id, correlation_id;
  bool has_payload = false;
  simdjson::dom::element payload;  // the last `payload` value (kLastWins: the last object)
  // LineFields::kAll (kReport: the three it names).
  PayloadView payload_fields;

  bool is_event() const { return has_id && clock_valid; }
  EventKey key() const { return {lamport_clock, event_id}; }
};

class EventLineReader {
 public:
  struct Options {
    LineFields fields = LineFields::kAll;
    DuplicateKeys duplicates = DuplicateKeys::kLastValidWins;
  };

  EventLineReader() = default;
  EventLineReader(const EventLineReader&) = delete;
  EventLineReader& operator=(const EventLineReader&) = delete;

  // Reads `line` (without "\n"; SIMDJSON_PADDING readable bytes after it). When the line is
  // not JSON or not an object, view.is_object is false and the other fields are empty.
  [[nodiscard]] EventLineView Read(std::string_view line, const Options& options);

  simdjson::dom::parser& parser() { return parser_; }

 private:
  simdjson::dom::parser parser_;
};

}  // namespace kittylog
