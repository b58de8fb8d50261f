#include "cli/commands/contracts.h"

namespace kittylog::cli {
namespace {

// `text` (a pretty-printed JSON document) with every line after the first indented by `indent`.
std::string Indented(std::string_view text, std::string_view indent) {
  while (!text.empty() && text.back() == '\n') text.remove_suffix(1);
  std::string out;
  for (char c : text) {
    out += c;
    if (c == '\n') out += indent;
  }
  return out;
}

}  // namespace

const SchemaFile* FindSchema(std::string_view name) {
  for (const SchemaFile& file : SchemaFiles()) {
    if (file.name == name) return &file;
  }
  return nullptr;
}

std::string SchemaNames() {
  std::string names;
  for (const SchemaFile& file : SchemaFiles()) names += (names.empty() ? "" : ", ") + std::string(file.name);
  return names;
}

std::string SchemaBundle() {
  std::string bundle =
      "{\n"
      "  \"$schema\": \"https://json-schema.org/draft/2020-12/schema\",\n"
      "  \"$id\": \"https://kittylog.invalid/contracts/kittylog.schema.json\",\n"
      "  \"title\": \"kittylog event line\",\n"
      "  \"description\": \"EventV1 (the root) with every schema of docs/contracts/ embedded under $defs, each with its "
      "own $id: `kittylog schema NAME` prints one of them.\",\n"
      "  \"$ref\": \"EventV1.schema.json\",\n"
      "  \"$defs\": {";
  bool first = true;
  for (const SchemaFile& file : SchemaFiles()) {
    bundle += first ? "\n" : ",\n";
    first = false;
    bundle += "    \"" + std::string(file.name) + "\": " + Indented(file.text, "    ");
  }
  return bundle + "\n  }\n}\n";
}

}  // namespace kittylog::cli
