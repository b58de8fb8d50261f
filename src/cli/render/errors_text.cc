// `errors` on a terminal (cli/render/workflow_text.h): one record per refused operation.
#include <fmt/format.h>

#include "cli/frame/display.h"
#include "cli/render/workflow_text.h"

namespace kittylog::cli {

std::string RenderErrorsText(const std::vector<ErrorRecord>& records, const std::optional<std::string>& entity,
                             bool colour) {
  if (records.empty()) {
    return entity ? fmt::format("No errors recorded for {}.\n", EscapeForTerminal(*entity)) : "No errors recorded.\n";
  }
  std::string out;
  for (const ErrorRecord& record : records) {
    out += fmt::format("{}  {}  {}  {}\n", EscapeForTerminal(ShortTimestamp(record.timestamp)),
                       Colour(EscapeForTerminal(record.error_type), "31", colour), EscapeForTerminal(record.entity_id),
                       EscapeForTerminal(record.attempted_operation));
    out += "  " + EscapeForTerminal(record.reason) + "\n";
    if (record.context_json != "{}" && !record.context_json.empty()) {
      out += "  context: " + EscapeForTerminal(record.context_json) + "\n";
    }
  }
  out += fmt::format("{} error{}.\n", records.size(), records.size() == 1 ? "" : "s");
  return out;
}

}  // namespace kittylog::cli
