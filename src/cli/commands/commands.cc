#include "cli/commands/commands.h"

namespace kittylog::cli {

void RegisterAllCommands(CLI::App& app) {
  RegisterInitCommand(app);
  RegisterEmitCommand(app);
  RegisterClockCommands(app);
  RegisterVerifyCommand(app);
  RegisterIndexCommands(app);
  RegisterWorkflowCommands(app);
  RegisterGitCommands(app);
  RegisterSchemaCommand(app);
  RegisterCompletionCommands(app);
}

}  // namespace kittylog::cli
