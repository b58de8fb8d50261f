// The JSON Schemas (draft 2020-12) of kittylog's contracts: the event envelope EventV1, the
// payload of every event type of DESIGN §5, and EmitRequestV1 (a line of `emit --stdin`).
// Their one copy is docs/contracts/<Name>.schema.json; the build embeds those bytes
// (cmake/KittylogContracts.cmake) and `kittylog schema` prints them (docs/contracts.md).
// Constants and pure functions; thread-safe.
#pragma once

#include <span>
#include <string>
#include <string_view>

namespace kittylog::cli {

struct SchemaFile {
  std::string_view name;  // "EventV1", "WPStatusChanged", ...
  std::string_view text;  // the file's bytes
};

// Every schema file, sorted by name (generated at build time).
std::span<const SchemaFile> SchemaFiles();

// The schema called `name`, or nullptr.
const SchemaFile* FindSchema(std::string_view name);

// "CounterIncremented, EmitRequestV1, EventV1, ...": the names, for messages and completion.
std::string SchemaNames();

// One self-contained document that validates an event line: EventV1 as its root ($ref) and
// every schema embedded under $defs with its own $id, so a validator needs nothing else.
std::string SchemaBundle();

}  // namespace kittylog::cli
