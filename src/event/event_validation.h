// Strict validation of events before they are written (DESIGN §2 and §5; docs/event-types.md).
//
// "Write is strict": every field of the event table and every payload rule of the event type is
// checked, and a failure is a Status::Refused whose message names the field and the rule, e.g.
// "payload.feature_slug: must match ^[0-9]{3}-[a-z0-9-]+$". Unknown event types and unknown
// payload fields are refused on write (readers still pass them through). Pure functions.
#pragma once

#include <string_view>

#include <simdjson.h>

#include "base/status.h"
#include "event/event.h"

namespace kittylog {

// Validates an identifier-like text (entity ids, actors, WP ids, tags): non-empty, valid UTF-8,
// no control characters, at most 256 bytes. `field` names it in the message.
Status ValidateName(std::string_view field, std::string_view value);

bool IsValidFeatureSlug(std::string_view slug);

// Validates `payload` for `event_type` and `entity_type`, canonicalises it into
// `canonical_json` and extracts its well-known fields into `fields`.
Status ValidatePayload(std::string_view event_type, std::string_view entity_type,
                       simdjson::dom::element payload, std::string& canonical_json, PayloadFields& fields);

// Validates a complete event (every field of DESIGN §2 and its payload). Rewrites
// event.payload_json canonically and fills event.payload. `parser` is scratch space.
Status ValidateEvent(Event& event, simdjson::dom::parser& parser);

}  // namespace kittylog
