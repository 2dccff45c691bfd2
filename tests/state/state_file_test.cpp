// Tests of the state file under a running store: a file deleted or replaced
// under an open store is noticed (st_dev/st_ino), a deleted file's contents
// are saved from the open connection, the daemon's extra connections never
// bring a deleted file back, a store that must write refuses a read-only
// file system, and the storage probe tells a full or read-only file system.
// Real files; the last two on a real small tmpfs (skipped where mounting is
// not permitted).
#include <catch2/catch.hpp>

#include <filesystem>
#include <string>

#include "daemon/state/state_store.h"
#include "daemon/state/storage_probe.h"
#include "tests/state/state_test_support.h"
#include "tests/support/small_file_system.h"

using namespace feedwatch::state;
using feedwatch::testing::SmallFileSystem;

namespace {

namespace fs = std::filesystem;

constexpr std::size_t kSmallDiskBytes = 4 * 1024 * 1024;

bool contains(const std::string& text, const std::string& part) { return text.find(part) != std::string::npos; }

NewAlert alert(const std::string& id) {
  return {id, "chips", "https://news.example/" + id, R"({"version":1})", {"hook"}};
}

void enqueue(StateStore& store, const std::string& id) { REQUIRE(store.outbox().enqueue(alert(id), 1000).ok()); }

std::int64_t pending(StateStore& store) {
  std::int64_t total = 0;
  for (const DeliveryCount& count : store.outbox().counts().value()) {
    if (count.state == DeliveryState::kPending) total += count.count;
  }
  return total;
}

}  // namespace

TEST_CASE("A store notices its file deleted under it, naming the file", "[state][state-file]") {
  TemporaryFolder folder;
  fs::path path = folder.path() / "state.db";
  StateStore store = open_store(path);
  CHECK(store.check_file().ok());

  fs::remove(path);
  FileChange change = FileChange::kNone;
  Status checked = store.check_file(&change);
  CHECK(change == FileChange::kDeleted);
  CHECK(checked.code() == StatusCode::kFileChanged);
  CHECK(contains(checked.message(), path.string()));
  CHECK(contains(checked.message(), "deleted"));
}

TEST_CASE("A store notices another file moved to its path", "[state][state-file]") {
  TemporaryFolder folder;
  fs::path path = folder.path() / "state.db";
  StateStore store = open_store(path);
  { StateStore other = open_store(folder.path() / "other.db"); }
  fs::rename(folder.path() / "other.db", path);

  FileChange change = FileChange::kNone;
  Status checked = store.check_file(&change);
  CHECK(change == FileChange::kReplaced);
  CHECK(contains(checked.message(), path.string()));
  CHECK(contains(checked.message(), "replaced"));
}

TEST_CASE("What a deleted state file held, committed after the deletion too, is saved from the open store",
          "[state][state-file]") {
  TemporaryFolder folder;
  fs::path path = folder.path() / "state.db";
  StateStore store = open_store(path);
  enqueue(store, "fw-before");
  fs::remove(path);
  enqueue(store, "fw-after");  // SQLite writes on to the unlinked file

  fs::path copy = folder.path() / "state.db.saved";
  Status saved = store.save_copy(copy);
  INFO(saved.message());
  REQUIRE(saved.ok());
  StateStore reopened = open_store(copy);
  CHECK(pending(reopened) == 2);
  CHECK(reopened.outbox().alert_exists("chips", "https://news.example/fw-after").value());
}

TEST_CASE("A store that may not create its file does not bring a deleted one back", "[state][state-file]") {
  TemporaryFolder folder;
  fs::path path = folder.path() / "state.db";
  { StateStore created = open_store(path); }
  fs::remove(path);
  StoreOptions options;
  options.create_if_missing = false;

  Result<StateStore> opened = StateStore::open(path, options);
  CHECK_FALSE(opened.ok());
  CHECK(contains(opened.status().message(), path.string()));
  CHECK_FALSE(fs::exists(path));
}

TEST_CASE("A store that must write refuses a state file on a read-only file system, saying so",
          "[state][state-file]") {
  TemporaryFolder folder;
  auto disk = SmallFileSystem::mount_or_skip(folder.path() / "disk", kSmallDiskBytes);
  fs::path path = disk->path() / "state.db";
  { StateStore created = open_store(path); }
  std::string error;
  REQUIRE(disk->remount_read_only(&error));
  StoreOptions options;
  options.require_writable = true;

  Result<StateStore> opened = StateStore::open(path, options);
  REQUIRE_FALSE(opened.ok());
  INFO(opened.status().message());
  CHECK(contains(opened.status().message(), "cannot write the state database " + path.string()));
  CHECK(contains(opened.status().message(), "mounted read-only"));
}

TEST_CASE("The storage probe tells a full and a read-only file system, and a roomy one", "[state][state-file]") {
  TemporaryFolder folder;
  auto disk = SmallFileSystem::mount_or_skip(folder.path() / "disk", kSmallDiskBytes);
  fs::path path = disk->path() / "state.db";
  StorageProbe roomy = probe_storage(path);
  CHECK(roomy.known);
  CHECK_FALSE(roomy.problem);
  CHECK(roomy.available_bytes > kFullBelowBytes);

  disk->fill();
  StorageProbe full = probe_storage(path);
  REQUIRE(full.problem);
  CHECK(contains(*full.problem, path.string()));
  CHECK(contains(*full.problem, "full (0 KiB free)"));

  disk->free_space();
  std::string error;
  REQUIRE(disk->remount_read_only(&error));
  StorageProbe read_only = probe_storage(path);
  CHECK(read_only.read_only);
  REQUIRE(read_only.problem);
  CHECK(contains(*read_only.problem, "mounted read-only"));
}

TEST_CASE("A write on a full file system fails naming the state file and SQLite's reason", "[state][state-file]") {
  TemporaryFolder folder;
  auto disk = SmallFileSystem::mount_or_skip(folder.path() / "disk", kSmallDiskBytes);
  fs::path path = disk->path() / "state.db";
  StateStore store = open_store(path);
  enqueue(store, "fw-1");
  disk->fill();

  Status marked = store.outbox().mark_delivered("fw-1", "hook", 1001);
  REQUIRE_FALSE(marked.ok());
  CHECK(marked.code() == StatusCode::kDatabaseError);
  CHECK(contains(marked.message(), path.string()));
  CHECK(contains(marked.message(), "database or disk is full"));
  disk->free_space();
  CHECK(store.outbox().mark_delivered("fw-1", "hook", 1002).ok());
}
