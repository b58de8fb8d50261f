// `kittylog schema [TYPE]` (DESIGN §10; docs/contracts.md): prints a JSON Schema of the
// contracts (contracts.h), or with no TYPE the bundle that validates an event line on its own.
// An unknown TYPE is refused (exit 1) with the list of names.
#include <cstdio>

#include <fmt/format.h>

#include "cli/frame/cli_context.h"
#include "cli/commands/commands.h"
#include "cli/commands/contracts.h"

namespace kittylog::cli {
namespace {

// A schema is a JSON document: with --json it is the one document the frame prints.
void Emit(CliContext& context, std::string_view text) {
  if (context.json()) {
    context.SetJsonResult(std::string(text));
  } else {
    std::fwrite(text.data(), 1, text.size(), stdout);
  }
}

Status RunSchema(CliContext& context, const std::string& name) {
  if (name.empty()) {
    Emit(context, SchemaBundle());
    return Status::Ok();
  }
  const SchemaFile* file = FindSchema(name);
  if (file == nullptr) {
    return Status::Refused(fmt::format("schema: no schema called \"{}\" (there are: {})", name, SchemaNames()));
  }
  Emit(context, file->text);
  return Status::Ok();
}

}  // namespace

void RegisterSchemaCommand(CLI::App& app) {
  auto name = std::make_shared<std::string>();
  CLI::App* schema = app.add_subcommand(
      "schema", "JSON Schema of TYPE (EventV1, EmitRequestV1, a payload); alone, one that checks an event line");
  schema->add_option("TYPE", *name, "EventV1, EmitRequestV1, or an event type such as WPStatusChanged");
  SetHandler(schema, [name](CliContext& context) { return RunSchema(context, *name); });
}

}  // namespace kittylog::cli
