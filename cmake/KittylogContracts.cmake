# --- the JSON Schemas of docs/contracts/, embedded into kittylog (docs/contracts.md) ---
# The files are the one copy: the build writes their bytes into contracts_data.cc, which
# `kittylog schema` prints (src/cli/commands/contracts.h). Adding a *.schema.json file adds a schema.
file(GLOB KITTYLOG_CONTRACT_FILES CONFIGURE_DEPENDS "${PROJECT_SOURCE_DIR}/docs/contracts/*.schema.json")
list(SORT KITTYLOG_CONTRACT_FILES)
string(REPLACE ";" "|" kittylog_contract_list "${KITTYLOG_CONTRACT_FILES}")
set(KITTYLOG_CONTRACTS_SOURCE "${PROJECT_BINARY_DIR}/generated/contracts_data.cc")
add_custom_command(OUTPUT "${KITTYLOG_CONTRACTS_SOURCE}"
  COMMAND "${CMAKE_COMMAND}" "-DOUTPUT=${KITTYLOG_CONTRACTS_SOURCE}" "-DFILES=${kittylog_contract_list}"
          -P "${PROJECT_SOURCE_DIR}/cmake/EmbedContracts.cmake"
  DEPENDS ${KITTYLOG_CONTRACT_FILES} "${PROJECT_SOURCE_DIR}/cmake/EmbedContracts.cmake"
  COMMENT "Embedding docs/contracts/*.schema.json"
  VERBATIM)
add_custom_target(kittylog_contracts DEPENDS "${KITTYLOG_CONTRACTS_SOURCE}")
target_sources(kl_cli PRIVATE "${KITTYLOG_CONTRACTS_SOURCE}")
add_dependencies(kl_cli kittylog_contracts)
# --- end contracts ---
