# --- shell completions (docs/install.md) ---
# Generated from the command tree by `kittylog completion bash|zsh|fish`, under the names each
# shell's vendor directory expects.
set(KITTYLOG_COMPLETION_DIR "${PROJECT_BINARY_DIR}/completions")
file(MAKE_DIRECTORY "${KITTYLOG_COMPLETION_DIR}")
set(KITTYLOG_COMPLETION_FILES "")
foreach(shell_and_file bash|kittylog zsh|_kittylog fish|kittylog.fish)
  string(REPLACE "|" ";" shell_and_file "${shell_and_file}")
  list(GET shell_and_file 0 shell)
  list(GET shell_and_file 1 file)
  add_custom_command(OUTPUT "${KITTYLOG_COMPLETION_DIR}/${file}"
    COMMAND "${CMAKE_COMMAND}" "-DPROGRAM=$<TARGET_FILE:kittylog>" "-DARGS=completion|${shell}"
            "-DOUTPUT=${KITTYLOG_COMPLETION_DIR}/${file}" -P "${PROJECT_SOURCE_DIR}/cmake/RunToFile.cmake"
    DEPENDS kittylog "${PROJECT_SOURCE_DIR}/cmake/RunToFile.cmake"
    COMMENT "Generating the ${shell} completion"
    VERBATIM)
  list(APPEND KITTYLOG_COMPLETION_FILES "${KITTYLOG_COMPLETION_DIR}/${file}")
endforeach()
add_custom_target(kittylog_completions ALL DEPENDS ${KITTYLOG_COMPLETION_FILES})
# --- end shell completions ---
