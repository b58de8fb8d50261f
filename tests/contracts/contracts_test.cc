// `kittylog schema` and docs/contracts/ (docs/contracts.md): the command prints each file's very
// bytes, there is one payload schema per registered event type, an unknown name is refused with
// the list, and the bundle embeds every schema.
#include <filesystem>
#include <set>
#include <string>

#include <gtest/gtest.h>
#include <simdjson.h>

#include "event/event.h"
#include "tests/support/test_support.h"

namespace kittylog::testing {
namespace {

const std::string kContractsDir = std::string(KITTYLOG_SOURCE_DIR) + "/docs/contracts";

std::set<std::string> SchemaFileNames() {
  std::set<std::string> names;
  for (const auto& entry : std::filesystem::directory_iterator(kContractsDir)) {
    std::string name = entry.path().filename().string();
    if (name.ends_with(".schema.json")) names.insert(name.substr(0, name.size() - 12));
  }
  return names;
}

TEST(ContractsTest, SchemaPrintsEachFileVerbatim) {
  for (const std::string& name : SchemaFileNames()) {
    ProcessResult printed = kittylog::testing::Run({KITTYLOG_BINARY, "schema", name});
    EXPECT_EQ(printed.exit_code, 0) << name << ": " << printed.err;
    EXPECT_EQ(printed.out, ReadFileOrEmpty(kContractsDir + "/" + name + ".schema.json")) << name;
  }
}

TEST(ContractsTest, EveryEventTypeHasAPayloadSchema) {
  std::set<std::string> expected = {"EventV1", "EmitRequestV1"};
  for (std::string_view type : kEventTypes) expected.emplace(type);
  EXPECT_EQ(SchemaFileNames(), expected);
}

TEST(ContractsTest, UnknownTypeIsRefusedWithTheList) {
  ProcessResult unknown = kittylog::testing::Run({KITTYLOG_BINARY, "schema", "NoSuchType"});
  EXPECT_EQ(unknown.exit_code, 1);
  EXPECT_EQ(unknown.out, "");
  EXPECT_EQ(SplitLines(unknown.err).size(), 1u) << unknown.err;
  for (const std::string& name : SchemaFileNames()) EXPECT_NE(unknown.err.find(name), std::string::npos) << name;

  ProcessResult json = kittylog::testing::Run({KITTYLOG_BINARY, "--json", "schema", "NoSuchType"});
  EXPECT_EQ(json.exit_code, 1);
  simdjson::dom::parser parser;
  simdjson::dom::element root;
  ASSERT_EQ(parser.parse(json.out).get(root), simdjson::SUCCESS) << json.out;
  int64_t code = 0;
  EXPECT_EQ(root["error"]["exit_code"].get(code), simdjson::SUCCESS);
  EXPECT_EQ(code, 1);
}

TEST(ContractsTest, BundleEmbedsEverySchemaWithItsId) {
  ProcessResult bundle = kittylog::testing::Run({KITTYLOG_BINARY, "schema"});
  ASSERT_EQ(bundle.exit_code, 0) << bundle.err;
  simdjson::dom::parser parser, file_parser;
  simdjson::dom::element root;
  ASSERT_EQ(parser.parse(bundle.out).get(root), simdjson::SUCCESS) << bundle.out;
  std::string_view ref;
  EXPECT_EQ(root["$ref"].get(ref), simdjson::SUCCESS);
  EXPECT_EQ(ref, "EventV1.schema.json");
  for (const std::string& name : SchemaFileNames()) {
    std::string_view embedded_id, file_id;
    ASSERT_EQ(root["$defs"][name]["$id"].get(embedded_id), simdjson::SUCCESS) << name;
    simdjson::dom::element file;
    ASSERT_EQ(file_parser.parse(ReadFileOrEmpty(kContractsDir + "/" + name + ".schema.json")).get(file), simdjson::SUCCESS);
    ASSERT_EQ(file["$id"].get(file_id), simdjson::SUCCESS);
    EXPECT_EQ(embedded_id, file_id);
    EXPECT_TRUE(file_id.ends_with("/" + name + ".schema.json")) << file_id;
  }
}

}  // namespace
}  // namespace kittylog::testing
