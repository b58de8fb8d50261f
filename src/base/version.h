// The version of kittylog and the source revision it was built from (`kittylog --version`,
// `kittylog-merge --version`; docs/install.md).
//
// The version is the CMake project's. The revision is `git describe --always --dirty` of the
// source tree, refreshed at every build (cmake/KittylogVersion.cmake), or "unknown" for a
// source tree that is not a git work tree of its own (a tarball). Constants; thread-safe.
#pragma once

#include <string>
#include <string_view>

namespace kittylog {

std::string_view Version();         // "0.1.0"
std::string_view SourceRevision();  // "6c1c254e1a2b-dirty", or "unknown"

// "<program> 0.1.0 (source revision 6c1c254e1a2b)": what --version prints.
std::string VersionLine(std::string_view program);

}  // namespace kittylog
