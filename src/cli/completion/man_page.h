// The kittylog(1) man page, generated from the command tree at build time (the hidden
// `kittylog manpage` command; cmake/KittylogManPages.cmake), so every command and option the
// parser accepts is documented with its help text. The prose sections (description, exit
// status, environment, files) are written here. Pure; thread-safe.
#pragma once

#include <string>
#include <string_view>

#include "cli/completion/command_tree.h"

namespace kittylog::cli {

// The page in roff (man(7) macros), ASCII only.
std::string ManPage(const CommandNode& root);

// `text` for a roff text line: backslashes and hyphen-minus escaped, a leading '.' or '\''
// guarded, non-ASCII UTF-8 as \[uXXXX].
std::string RoffText(std::string_view text);

}  // namespace kittylog::cli
