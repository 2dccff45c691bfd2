// Tests of the versioned schema: migrating from empty, re-opening, refusing
// a newer database, and the atomicity of each migration step.
#include <catch2/catch.hpp>
#include <stdlib.h>

#include <array>
#include <filesystem>
#include <string>
#include <system_error>

#include "daemon/state/schema_migrations.h"
#include "daemon/state/state_store.h"
#include "tests/support/temporary_folder.h"

using namespace feedwatch::state;

namespace {

using feedwatch::testing::TemporaryFolder;

Connection open_connection(const std::filesystem::path& path) {
  Result<Connection> connection = Connection::open(path);
  REQUIRE(connection.ok());
  return std::move(connection).value();
}

int schema_version(Connection& connection) {
  Result<int> version = read_schema_version(connection);
  REQUIRE(version.ok());
  return version.value();
}

// The schema as SQLite stores it, to compare before and after.
std::string schema_text(Connection& connection) {
  Result<CachedStatement> statement =
      connection.prepare("SELECT group_concat(sql, ';') FROM (SELECT sql FROM sqlite_schema ORDER BY name)");
  REQUIRE(statement.ok());
  REQUIRE(statement.value()->next_row().value());
  return statement.value()->column_text(0);
}

bool table_exists(Connection& connection, const std::string& name) {
  Result<CachedStatement> statement =
      connection.prepare("SELECT 1 FROM sqlite_schema WHERE type = 'table' AND name = ?1");
  statement.value()->bind(1, name);
  return statement.value()->next_row().value();
}

}  // namespace

// Steps are developed on separate branches (version 3 before 2 was merged),
// so the list only has to start at 1 and increase.
TEST_CASE("Migration versions start at 1 and increase", "[state]") {
  int previous = 0;
  for (const Migration& migration : schema_migrations()) {
    CHECK(migration.version > previous);
    previous = migration.version;
  }
  CHECK(schema_migrations().front().version == 1);
  CHECK(latest_schema_version() == previous);
}

TEST_CASE("Migrating an empty database creates every table at the latest version", "[state]") {
  TemporaryFolder folder;
  Connection connection = open_connection(folder.path() / "state.db");
  CHECK(schema_version(connection) == 0);
  REQUIRE(migrate(connection).ok());
  CHECK(schema_version(connection) == latest_schema_version());
  for (const char* table : {"feeds", "seen_entries", "alerts", "deliveries", "alert_groups", "group_members"}) {
    CHECK(table_exists(connection, table));
  }
}

TEST_CASE("Reopening a migrated database changes neither schema nor data", "[state]") {
  TemporaryFolder folder;
  std::filesystem::path path = folder.path() / "state.db";
  std::string schema_before;
  {
    Result<StateStore> store = StateStore::open(path);
    REQUIRE(store.ok());
    REQUIRE(store.value().feeds().ensure("https://example.org/feed", 100).ok());
    schema_before = schema_text(store.value().connection());
  }
  Result<StateStore> reopened = StateStore::open(path);
  REQUIRE(reopened.ok());
  CHECK(schema_text(reopened.value().connection()) == schema_before);
  CHECK(schema_version(reopened.value().connection()) == latest_schema_version());
  CHECK(reopened.value().feeds().load_all().value().size() == 1);
}

TEST_CASE("A database from a newer feedwatch is refused, naming both versions", "[state]") {
  TemporaryFolder folder;
  std::filesystem::path path = folder.path() / "state.db";
  {
    Connection connection = open_connection(path);
    REQUIRE(connection.execute("PRAGMA user_version = 99").ok());
  }
  Result<StateStore> store = StateStore::open(path);
  REQUIRE_FALSE(store.ok());
  CHECK(store.status().code() == StatusCode::kIncompatibleSchema);
  CHECK_THAT(store.status().message(), Catch::Contains(path.string()) && Catch::Contains("99") &&
                                           Catch::Contains(std::to_string(latest_schema_version())));
}

TEST_CASE("A failing migration step leaves the database at the step before", "[state]") {
  TemporaryFolder folder;
  Connection connection = open_connection(folder.path() / "state.db");
  const std::array steps = {
      Migration{1, "first", "CREATE TABLE first (x)"},
      Migration{2, "broken", "CREATE TABLE second (x); CREATE TABLE broken (x"},
  };
  Status status = migrate(connection, steps);
  CHECK_FALSE(status.ok());
  CHECK_THAT(status.message(), Catch::Contains("migration 2: broken"));
  CHECK(schema_version(connection) == 1);
  CHECK(table_exists(connection, "first"));
  CHECK_FALSE(table_exists(connection, "second"));
}

TEST_CASE("Migrating applies only the steps a database lacks", "[state]") {
  TemporaryFolder folder;
  Connection connection = open_connection(folder.path() / "state.db");
  const std::array one_step = {Migration{1, "first", "CREATE TABLE first (x)"}};
  REQUIRE(migrate(connection, one_step).ok());
  const std::array two_steps = {one_step[0], Migration{2, "second", "CREATE TABLE second (x)"}};
  REQUIRE(migrate(connection, two_steps).ok());  // step 1 would fail if run again
  CHECK(schema_version(connection) == 2);
  CHECK(table_exists(connection, "second"));
}

TEST_CASE("A version-1 database keeps its feeds, seen entries and alerts and gains story sightings", "[state][dedupe]") {
  TemporaryFolder folder;
  std::filesystem::path path = folder.path() / "state.db";
  {
    Connection connection = open_connection(path);
    REQUIRE(migrate(connection, schema_migrations().first(1)).ok());
    REQUIRE(schema_version(connection) == 1);
    REQUIRE(connection.execute("INSERT INTO feeds (url) VALUES ('https://a.example/rss');"
                               "INSERT INTO seen_entries VALUES (1, 'e1', 'h1', 'https://a.example/1', 10, 20);"
                               "INSERT INTO alerts VALUES ('fw-1', 'r', 'https://a.example/1', '{\"also_in\":[]}', 20);")
                .ok());
  }
  Result<StateStore> store = StateStore::open(path);
  REQUIRE(store.ok());
  CHECK(schema_version(store.value().connection()) == latest_schema_version());
  CHECK(table_exists(store.value().connection(), "story_sightings"));
  std::vector<std::string> keys{"e1"};
  auto seen = store.value().seen().lookup("https://a.example/rss", keys);
  REQUIRE(seen.ok());
  REQUIRE(seen.value()[0]);
  CHECK(seen.value()[0]->content_hash == "h1");
  CHECK(seen.value()[0]->story_key == "https://a.example/1");
  CHECK(seen.value()[0]->matched_rules.empty());  // unknown: every rule counts as not matched before
  CHECK(store.value().outbox().alert_exists("r", "https://a.example/1").value());
}

TEST_CASE("A version-1 database keeps its rows and gains the alert group tables", "[state]") {
  TemporaryFolder folder;
  std::filesystem::path path = folder.path() / "state.db";
  {
    Connection connection = open_connection(path);
    REQUIRE(migrate(connection, schema_migrations().first(1)).ok());
    CHECK(schema_version(connection) == 1);
    REQUIRE(connection.execute("INSERT INTO feeds (url) VALUES ('https://example.org/feed')").ok());
  }
  Result<StateStore> store = StateStore::open(path);
  INFO(store.status().message());
  REQUIRE(store.ok());
  CHECK(schema_version(store.value().connection()) == latest_schema_version());
  CHECK(table_exists(store.value().connection(), "alert_groups"));
  CHECK(table_exists(store.value().connection(), "group_members"));
  CHECK(store.value().feeds().load_all().value().size() == 1);
}
