// git's glob matching for paths (wildmatch with WM_PATHNAME), as `includeIf "gitdir:..."` and
// `includeIf "onbranch:..."` use it (git-config(1), "Conditional includes").
//
// `*` and `?` never match '/'; `**` between slashes (or at either end) matches any number of
// directories, `**/` also none; `[...]` is a class (`!` or `^` negates, ranges, never '/');
// `\` quotes the next character. Pure function; thread-safe.
#pragma once

#include <string_view>

namespace kittylog::git {

// Whether `text` matches `pattern` as a whole. `ignore_case` folds ASCII letters.
bool WildMatch(std::string_view pattern, std::string_view text, bool ignore_case = false);

}  // namespace kittylog::git
