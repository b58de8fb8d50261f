# --- the build tree keeps the driver beside kittylog, as an installation does ---
# build/src/cli/kittylog-merge links to build/mergedriver/kittylog-merge, so a kittylog run
# from the build tree finds its driver where an installed one does: next to itself
# (src/git/binaries.h); nothing guesses the build layout.
# (OUTPUT takes no target generator expression: the directory is read from the target.)
get_target_property(kittylog_runtime_dir kittylog RUNTIME_OUTPUT_DIRECTORY)
if(NOT kittylog_runtime_dir)
  get_target_property(kittylog_runtime_dir kittylog BINARY_DIR)
endif()
set(KITTYLOG_DRIVER_LINK "${kittylog_runtime_dir}/kittylog-merge")
add_custom_command(OUTPUT "${KITTYLOG_DRIVER_LINK}"
  COMMAND "${CMAKE_COMMAND}" -E rm -f "${KITTYLOG_DRIVER_LINK}"
  COMMAND "${CMAKE_COMMAND}" -E create_symlink "$<TARGET_FILE:kittylog-merge>" "${KITTYLOG_DRIVER_LINK}"
  DEPENDS kittylog-merge
  COMMENT "Linking kittylog-merge beside kittylog"
  VERBATIM)
add_custom_target(kittylog_driver_link DEPENDS "${KITTYLOG_DRIVER_LINK}")
add_dependencies(kittylog kittylog_driver_link)
# --- end build layout ---
