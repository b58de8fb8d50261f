# --- version and source revision (docs/install.md) ---
# kl_version: Version(), SourceRevision() and VersionLine() of src/base/version.h, linked by
# kittylog and kittylog-merge. The revision is `git describe` of the source tree, refreshed at
# every build by the kittylog_revision target; "unknown" without git or outside a work tree.
find_package(Git QUIET)
set(KITTYLOG_VERSION_SOURCE "${PROJECT_BINARY_DIR}/generated/kittylog_version.cc")
add_custom_target(kittylog_revision
  COMMAND "${CMAKE_COMMAND}" -DSOURCE_DIR=${PROJECT_SOURCE_DIR} -DOUTPUT=${KITTYLOG_VERSION_SOURCE}
          -DVERSION=${PROJECT_VERSION} -DGIT_EXECUTABLE=${GIT_EXECUTABLE}
          -P "${PROJECT_SOURCE_DIR}/cmake/WriteVersionSource.cmake"
  BYPRODUCTS "${KITTYLOG_VERSION_SOURCE}"
  COMMENT "Source revision"
  VERBATIM)
add_library(kl_version STATIC "${KITTYLOG_VERSION_SOURCE}")
target_include_directories(kl_version PUBLIC "${PROJECT_SOURCE_DIR}/src")
add_dependencies(kl_version kittylog_revision)
# --- end version ---
