#include "cli/frame/actor.h"

#include <pwd.h>
#include <unistd.h>

#include <cstdlib>

#include "git/author_name.h"

namespace kittylog::cli {

std::string ResolveActor(const std::string& flag_value, const LogLayout& layout) {
  if (!flag_value.empty()) return flag_value;
  if (const char* env = std::getenv("KITTYLOG_ACTOR"); env != nullptr && *env != '\0') return env;
  if (std::string git_author = git::GitAuthorName(layout.root); !git_author.empty()) return git_author;
  if (const struct passwd* user = ::getpwuid(::geteuid()); user != nullptr && user->pw_name[0] != '\0') {
    return user->pw_name;
  }
  return "unknown";
}

}  // namespace kittylog::cli
