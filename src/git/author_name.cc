#include "git/author_name.h"

#include <cstdlib>
#include <optional>

#include "git/checkout_probe.h"
#include "git/config_reader.h"

namespace kittylog::git {

std::string GitAuthorName(const std::string& directory) {
  if (const char* name = std::getenv("GIT_AUTHOR_NAME"); name != nullptr && *name != '\0') return name;
  std::optional<Checkout> checkout = ProbeCheckout(directory);
  GitConfig config = GitConfig::Load(checkout ? &*checkout : nullptr);
  for (const char* key : {"author.name", "user.name"}) {
    if (std::optional<std::string> name = config.Get(key); name && !name->empty()) return *name;
  }
  return "";
}

}  // namespace kittylog::git
