#include "cli/commands.h"

namespace kittylog::cli {

void RegisterAllCommands(CLI::App& app) {
  RegisterInitCommand(app);
  RegisterEmitCommand(app);
  RegisterClockCommands(app);
  RegisterVerifyCommand(app);
}

}  // namespace kittylog::cli
