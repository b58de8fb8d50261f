#include "cli/actor.h"

#include <pwd.h>
#include <unistd.h>

#include <cstdlib>

#include <git2.h>

namespace kittylog::cli {
namespace {

std::string GitUserName(const std::string& work_tree) {
  git_libgit2_init();
  std::string name;
  git_repository* repository = nullptr;
  git_config* config = nullptr;
  if (git_repository_open_ext(&repository, work_tree.c_str(), 0, nullptr) == 0 &&
      git_repository_config_snapshot(&config, repository) == 0) {
    const char* value = nullptr;
    if (git_config_get_string(&value, config, "user.name") == 0 && value != nullptr) name = value;
  }
  git_config_free(config);
  git_repository_free(repository);
  git_libgit2_shutdown();
  return name;
}

}  // namespace

std::string ResolveActor(const std::string& flag_value, const LogLayout& layout) {
  if (!flag_value.empty()) return flag_value;
  if (const char* env = std::getenv("KITTYLOG_ACTOR"); env != nullptr && *env != '\0') return env;
  if (std::string git_user = GitUserName(layout.root); !git_user.empty()) return git_user;
  if (const struct passwd* user = ::getpwuid(::geteuid()); user != nullptr && user->pw_name[0] != '\0') {
    return user->pw_name;
  }
  return "unknown";
}

}  // namespace kittylog::cli
