// How a run ends: one error line or one JSON document, and the exit code (cli/frame/finish.h).
#include "cli/frame/finish.h"

#include <cstdio>

#include <fmt/format.h>

#include "base/version.h"
#include "cli/frame/display.h"

namespace kittylog::cli {

int Finish(CliContext& context, const Status& status) {
  if (!context.json()) {
    if (!status.ok()) fmt::print(stderr, "kittylog: error: {}\n", EscapeForTerminal(status.message()));
    return status.exit_code();
  }
  std::string document = context.TakeJsonResult();
  if (document.empty()) document = "{}";
  if (!status.ok() && document.front() != '{') document = "{}";  // an array result is replaced by the error
  if (!status.ok()) {
    std::string error = fmt::format("\"error\":{{\"message\":{},\"exit_code\":{}}}", JsonQuote(status.message()),
                                    status.exit_code());
    document = document == "{}" ? "{" + error + "}" : "{" + error + "," + document.substr(1);
  }
  std::fflush(stdout);
  fmt::print("{}\n", document);
  return status.exit_code();
}

std::string HelpDocument(const std::string& help) { return fmt::format("{{\"help\":{}}}", JsonQuote(help)); }

std::string VersionDocument() {
  return fmt::format("{{\"version\":{},\"revision\":{}}}", JsonQuote(Version()), JsonQuote(SourceRevision()));
}

}  // namespace kittylog::cli
