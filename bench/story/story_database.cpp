#include "bench/story/story_database.h"

#include <sys/resource.h>
#include <sys/wait.h>
#include <unistd.h>

#include <algorithm>
#include <chrono>
#include <cstdio>
#include <fstream>
#include <stdexcept>
#include <vector>

#include "daemon/pipeline/classify.h"
#include "daemon/pipeline/story_text.h"
#include "daemon/state/schema_migrations.h"
#include "daemon/state/state_store.h"
#include "daemon/state/transaction.h"

namespace feedwatch::bench {
namespace {

namespace fs = std::filesystem;

// Bump when the generator's stories change (story_corpus.cpp).
constexpr int kGeneratorVersion = 2;
constexpr std::size_t kBodyEntries = 25;  // one feed body per write_fetch_result
constexpr std::size_t kStoriesPerTransaction = 50'000;

std::size_t feed_count(std::size_t count) { return std::clamp<std::size_t>(count / 250, 40, 4000); }

state::UnixSeconds since_of(std::size_t index, std::size_t count) {
  auto spread = static_cast<state::UnixSeconds>((kWindowSeconds - 120) * static_cast<std::int64_t>(index) /
                                                static_cast<std::int64_t>(count));
  return kNow - kWindowSeconds + 60 + spread;
}

void check(const state::Status& status, const char* what) {
  if (!status.ok()) throw std::runtime_error(std::string(what) + ": " + status.message());
}

std::uint64_t fnv1a(std::string_view bytes, std::uint64_t hash = 14695981039346656037ULL) {
  for (unsigned char c : bytes) hash = (hash ^ c) * 1099511628211ULL;
  return hash;
}

std::uint64_t add_text_of(const Story& story, std::uint64_t hash) {
  feed::Entry entry = entry_of(story);
  pipeline::StoryText text = pipeline::story_text_of(*entry.title, entry.summary.value_or(""),
                                                     entry.content.value_or(""));
  hash = fnv1a(pipeline::encode_story_text(text), hash);
  for (std::int64_t key : pipeline::story_index_keys(text)) hash = fnv1a(std::to_string(key), hash);
  return fnv1a(pipeline::story_key_of(entry), hash);
}

// What a stored file must agree on: generator, schema, and what the
// pipeline makes of sample stories and copies.
std::string fingerprint(const StoryCorpus& corpus) {
  std::uint64_t hash = fnv1a(std::to_string(kGeneratorVersion));
  for (const state::Migration& migration : state::schema_migrations()) hash = fnv1a(migration.sql, hash);
  for (std::uint64_t i = 0; i < 40; ++i) {
    hash = add_text_of(corpus.story(i), hash);
    hash = add_text_of(corpus.edited_copy(i, i), hash);
  }
  char hex[17];
  std::snprintf(hex, sizeof hex, "%016llx", static_cast<unsigned long long>(hash));
  return hex;
}

state::StorySighting sighting_of(const feed::Entry& entry, const state::EntryMark& mark, state::UnixSeconds since) {
  pipeline::StoryText text = pipeline::story_text_of(*entry.title, entry.summary.value_or(""),
                                                     entry.content.value_or(""));
  std::string encoded = text.has_body() ? pipeline::encode_story_text(text) : std::string();
  return {mark.entry_key, mark.story_key, mark.story_key, since, std::move(encoded), pipeline::story_index_keys(text)};
}

// One feed body: stories [first, first + kBodyEntries), each a new story.
state::FetchCommit body_of(const StoryCorpus& corpus, std::size_t first, std::size_t count) {
  state::FetchCommit commit;
  commit.feed_url = stored_feed_url(first, count);
  commit.now = since_of(first, count);
  commit.next_due = commit.now + 900;
  for (std::size_t i = first; i < std::min(first + kBodyEntries, count); ++i) {
    feed::Entry entry = entry_of(corpus.story(i));
    state::EntryMark mark = pipeline::entry_mark_of(entry);
    mark.matched_rules = "bench-rule";
    commit.sightings.push_back(sighting_of(entry, mark, since_of(i, count)));
    commit.entries.push_back(std::move(mark));
  }
  return commit;
}

// Secondary indexes are dropped while filling and built again from their
// own schema text afterwards: one sort each instead of a million random
// inserts into 21 B-trees. The result is the same schema.
std::vector<std::string> drop_secondary_indexes(state::StateStore& store) {
  std::vector<std::string> creates;
  auto rows = store.connection().prepare(
      "SELECT name, sql FROM sqlite_master WHERE type = 'index' AND sql IS NOT NULL"
      " AND tbl_name IN ('story_sightings', 'seen_entries')");
  if (!rows.ok()) check(rows.status(), "reading the schema");
  std::vector<std::string> names;
  while (rows.value()->next_row().value()) {
    names.push_back(rows.value()->column_text(0));
    creates.push_back(rows.value()->column_text(1));
  }
  rows.value()->reset();
  for (const std::string& name : names) check(store.connection().execute("DROP INDEX " + name), "dropping an index");
  return creates;
}

void write_stories(state::StateStore& store, const StoryCorpus& corpus, std::size_t count) {
  for (std::size_t first = 0; first < count;) {
    auto transaction = state::Transaction::begin(store.connection());
    if (!transaction.ok()) check(transaction.status(), "beginning a transaction");
    std::size_t end = std::min(first + kStoriesPerTransaction, count);
    for (; first < end; first += kBodyEntries) check(store.write_fetch_result(body_of(corpus, first, count)), "writing");
    check(transaction.value().commit(), "committing");
    std::fprintf(stderr, "\r  %zu / %zu stories", first, count);
  }
  std::fprintf(stderr, "\n");
}

void fill(const StoryCorpus& corpus, std::size_t count, const fs::path& path) {
  fs::remove(path);
  auto opened = state::StateStore::open(path);
  if (!opened.ok()) check(opened.status(), "opening the state database");
  state::StateStore& store = opened.value();
  // For the fill only; the timed runs open the file with the daemon's settings.
  check(store.connection().execute("PRAGMA synchronous = OFF; PRAGMA cache_size = -262144"), "pragmas");
  std::vector<std::string> indexes = drop_secondary_indexes(store);
  write_stories(store, corpus, count);
  for (const std::string& create : indexes) check(store.connection().execute(create), "building an index");
  check(store.connection().execute("PRAGMA wal_checkpoint(TRUNCATE)"), "checkpointing");
}

// Runs fill() in a child, so the caller's peak RSS is its own.
long fill_in_child(const StoryCorpus& corpus, std::size_t count, const fs::path& path) {
  std::fflush(nullptr);
  pid_t child = fork();
  if (child < 0) throw std::runtime_error("fork failed");
  if (child == 0) {
    try {
      fill(corpus, count, path);
    } catch (const std::exception& error) {
      std::fprintf(stderr, "story_bench: %s\n", error.what());
      _exit(1);
    }
    _exit(0);
  }
  int status = 0;
  rusage usage{};
  if (wait4(child, &status, 0, &usage) != child || !WIFEXITED(status) || WEXITSTATUS(status) != 0) {
    throw std::runtime_error("filling " + path.string() + " failed");
  }
  return usage.ru_maxrss;
}

// Other builds of the same N and seed are stale.
void remove_stale(const fs::path& folder, const std::string& prefix) {
  for (const fs::directory_entry& entry : fs::directory_iterator(folder)) {
    std::string name = entry.path().filename().string();
    if (name.starts_with(prefix)) fs::remove(entry.path());
  }
}

}  // namespace

feed::Entry entry_of(const Story& story) {
  feed::Entry entry;
  entry.id = story.link;
  entry.title = story.title;
  entry.link = story.link;
  entry.summary = story.summary;
  if (!story.content.empty()) entry.content = story.content;
  return entry;
}

std::string stored_feed_url(std::size_t index, std::size_t count) {
  return "https://feed" + std::to_string((index / kBodyEntries) % feed_count(count)) + ".example/rss";
}

StoryDatabase story_database(const StoryCorpus& corpus, std::size_t count, const fs::path& folder) {
  fs::create_directories(folder);
  std::string prefix = "story-" + std::to_string(count) + "-seed" + std::to_string(corpus.seed()) + "-";
  StoryDatabase database{folder / (prefix + fingerprint(corpus) + ".db")};
  fs::path complete = database.path.string() + ".complete";
  if (fs::exists(database.path) && fs::exists(complete)) return database;
  remove_stale(folder, prefix);
  std::fprintf(stderr, "story_bench: filling %s\n", database.path.c_str());
  auto start = std::chrono::steady_clock::now();
  database.fill_peak_rss_kib = fill_in_child(corpus, count, database.path);
  database.fill_seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
  database.built = true;
  std::ofstream(complete) << count << "\n";
  return database;
}

}  // namespace feedwatch::bench
