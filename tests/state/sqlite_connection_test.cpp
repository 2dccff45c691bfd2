// Tests of the SQLite handle owners: Connection, Statement, CachedStatement
// and Transaction, on real temporary database files.
#include <catch2/catch.hpp>
#include <stdlib.h>

#include <filesystem>
#include <string>
#include <system_error>

#include "daemon/state/sqlite_connection.h"
#include "daemon/state/transaction.h"
#include "tests/support/temporary_folder.h"

using namespace feedwatch::state;

namespace {

using feedwatch::testing::TemporaryFolder;

Connection open_with_table(const std::filesystem::path& path) {
  Result<Connection> connection = Connection::open(path);
  REQUIRE(connection.ok());
  REQUIRE(connection.value().execute("CREATE TABLE t (k TEXT PRIMARY KEY, n INTEGER)").ok());
  return std::move(connection).value();
}

std::int64_t count_rows(Connection& connection) {
  Result<CachedStatement> statement = connection.prepare("SELECT count(*) FROM t");
  REQUIRE(statement.ok());
  REQUIRE(statement.value()->next_row().value());
  return statement.value()->column_int64(0);
}

}  // namespace

TEST_CASE("A statement binds text, integers and nulls and reads them back", "[state]") {
  TemporaryFolder folder;
  Connection connection = open_with_table(folder.path() / "t.db");
  REQUIRE(connection.run("INSERT INTO t VALUES (?1, ?2)", "it's; DROP TABLE t", std::int64_t{7}).ok());
  REQUIRE(connection.run("INSERT INTO t VALUES (?1, ?2)", "empty",
                         std::optional<std::int64_t>()).ok());

  Result<CachedStatement> statement = connection.prepare("SELECT k, n FROM t ORDER BY k");
  REQUIRE(statement.ok());
  Statement& query = *statement.value();
  REQUIRE(query.next_row().value());
  CHECK(query.column_text(0) == "empty");
  CHECK_FALSE(query.column_optional_int64(1).has_value());
  REQUIRE(query.next_row().value());
  CHECK(query.column_text(0) == "it's; DROP TABLE t");
  CHECK(query.column_int64(1) == 7);
  CHECK_FALSE(query.next_row().value());
}

TEST_CASE("A statement is prepared once per SQL text and reset after each loan", "[state]") {
  TemporaryFolder folder;
  Connection connection = open_with_table(folder.path() / "t.db");
  Statement* first = nullptr;
  {
    Result<CachedStatement> statement = connection.prepare("SELECT 1");
    REQUIRE(statement.value()->next_row().value());
    first = &*statement.value();
  }
  Result<CachedStatement> again = connection.prepare("SELECT 1");
  CHECK(&*again.value() == first);
  // A fresh run after the reset: the row is there again.
  CHECK(again.value()->next_row().value());
}

TEST_CASE("A transaction rolls back when it ends without commit", "[state]") {
  TemporaryFolder folder;
  Connection connection = open_with_table(folder.path() / "t.db");
  {
    Result<Transaction> transaction = Transaction::begin(connection);
    REQUIRE(transaction.ok());
    REQUIRE(connection.run("INSERT INTO t VALUES ('a', 1)").ok());
    CHECK(connection.in_transaction());
  }
  CHECK_FALSE(connection.in_transaction());
  CHECK(count_rows(connection) == 0);
}

TEST_CASE("A committed transaction keeps its writes", "[state]") {
  TemporaryFolder folder;
  Connection connection = open_with_table(folder.path() / "t.db");
  Result<Transaction> transaction = Transaction::begin(connection);
  REQUIRE(connection.run("INSERT INTO t VALUES ('a', 1)").ok());
  REQUIRE(transaction.value().commit().ok());
  CHECK(count_rows(connection) == 1);
}

TEST_CASE("A constraint violation is a conflict naming the database", "[state]") {
  TemporaryFolder folder;
  std::filesystem::path path = folder.path() / "t.db";
  Connection connection = open_with_table(path);
  REQUIRE(connection.run("INSERT INTO t VALUES ('a', 1)").ok());
  Status duplicate = connection.run("INSERT INTO t VALUES ('a', 2)");
  CHECK(duplicate.code() == StatusCode::kConflict);
  CHECK_THAT(duplicate.message(), Catch::Contains(path.string()) &&
                                      Catch::Contains("UNIQUE constraint failed"));
}

TEST_CASE("Bad SQL is a database error, not an exception", "[state]") {
  TemporaryFolder folder;
  Connection connection = open_with_table(folder.path() / "t.db");
  Result<CachedStatement> statement = connection.prepare("SELEC nonsense");
  REQUIRE_FALSE(statement.ok());
  CHECK(statement.status().code() == StatusCode::kDatabaseError);
  CHECK_THAT(statement.status().message(), Catch::Contains("SELEC nonsense"));
}
