// `kittylog verify`'s summary line (cli/render/verify_text.h).
#include "cli/render/verify_text.h"

#include <fmt/format.h>

namespace kittylog::cli {

std::string RenderVerifySummaryText(size_t files, size_t events, std::optional<size_t> commits_checked,
                                    size_t problems, size_t lifecycle_breaks) {
  return fmt::format("{} files, {} events{}, {} problems, {} lifecycle break{}\n", files, events,
                     commits_checked ? fmt::format(", {} commits", *commits_checked) : "", problems, lifecycle_breaks,
                     lifecycle_breaks == 1 ? "" : "s");
}

}  // namespace kittylog::cli
