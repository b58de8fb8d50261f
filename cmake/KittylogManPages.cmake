# --- man pages (docs/install.md) ---
# kittylog.1 is generated from the command tree by the hidden `kittylog manpage` (so it lists
# every command and option the parser accepts); kittylog-merge.1 is written by hand in
# docs/man/. Both are gzipped for installation. tests/packaging checks they render without
# warnings under `man --warnings -l`.
set(KITTYLOG_MAN_DIR "${PROJECT_BINARY_DIR}/man")
file(MAKE_DIRECTORY "${KITTYLOG_MAN_DIR}")
add_custom_command(OUTPUT "${KITTYLOG_MAN_DIR}/kittylog.1" "${KITTYLOG_MAN_DIR}/kittylog.1.gz"
  COMMAND "${CMAKE_COMMAND}" "-DPROGRAM=$<TARGET_FILE:kittylog>" -DARGS=manpage
          "-DOUTPUT=${KITTYLOG_MAN_DIR}/kittylog.1" -DGZIP=1 -P "${PROJECT_SOURCE_DIR}/cmake/RunToFile.cmake"
  DEPENDS kittylog "${PROJECT_SOURCE_DIR}/cmake/RunToFile.cmake"
  COMMENT "Generating kittylog.1"
  VERBATIM)
configure_file("${PROJECT_SOURCE_DIR}/docs/man/kittylog-merge.1.in" "${KITTYLOG_MAN_DIR}/kittylog-merge.1" @ONLY)
add_custom_command(OUTPUT "${KITTYLOG_MAN_DIR}/kittylog-merge.1.gz"
  COMMAND gzip -9n -f -k "${KITTYLOG_MAN_DIR}/kittylog-merge.1"
  DEPENDS "${KITTYLOG_MAN_DIR}/kittylog-merge.1"
  VERBATIM)
add_custom_target(kittylog_man_pages ALL
  DEPENDS "${KITTYLOG_MAN_DIR}/kittylog.1.gz" "${KITTYLOG_MAN_DIR}/kittylog-merge.1.gz")
# --- end man pages ---
