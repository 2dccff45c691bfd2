// Classifying entries as pure functions: the content hash ignores
// white-space-only changes but sees real edits; the story key is the
// canonical link, else the id; new, unchanged and edited entries; a rule's
// `feeds:` scope (tags, feed names, URLs); and which entries may alert under
// the first-fetch policies of SPEC §6.
#include <catch2/catch.hpp>

#include "daemon/pipeline/classify.h"

using namespace feedwatch;
using namespace feedwatch::pipeline;
using Mode = config::FirstFetchPolicy::Mode;
using Scope = std::vector<std::string>;
using namespace std::chrono_literals;

// --- entry marks and changes -----------------------------------------------

namespace {

feed::Entry entry(std::string title, std::string summary, std::string content = "") {
  feed::Entry result;
  result.id = "id-1";
  result.title = std::move(title);
  result.summary = std::move(summary);
  result.content = std::move(content);
  return result;
}

}  // namespace

TEST_CASE("SHA-256 gives the standard digest in lower-case hex", "[pipeline]") {
  CHECK(sha256_hex("abc") == "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad");
}

TEST_CASE("Whitespace-only changes do not change the content hash", "[pipeline]") {
  std::string hash = content_hash_of(entry("Chip export controls", "New rules on\nH20 chips"));
  CHECK(content_hash_of(entry("  Chip  export controls ", "New rules on H20\tchips\n")) == hash);
  CHECK(content_hash_of(entry("Chip\u00A0export controls", "New rules on\u2009H20 chips")) == hash);
  CHECK(collapse_whitespace(" a \n\t b  ") == "a b");
}

TEST_CASE("Edits to title, summary or content change the content hash", "[pipeline]") {
  std::string hash = content_hash_of(entry("Chip export controls", "New rules"));
  CHECK(content_hash_of(entry("Chip export controls widened", "New rules")) != hash);
  CHECK(content_hash_of(entry("Chip export controls", "New rules.")) != hash);
  CHECK(content_hash_of(entry("Chip export controls", "New rules", "Body")) != hash);
  CHECK(content_hash_of(entry("Chip export", "controls New rules")) != hash);  // text moved between fields
}

TEST_CASE("Fields other than title, summary and content do not change the content hash", "[pipeline]") {
  feed::Entry original = entry("Title", "Summary");
  feed::Entry changed = original;
  changed.link = "https://example.com/new-slug";
  changed.author = "Someone";
  changed.published = 1;
  CHECK(content_hash_of(changed) == content_hash_of(original));
}

TEST_CASE("The story key is the canonical link, else the entry id", "[pipeline]") {
  feed::Entry linked = entry("t", "s");
  linked.link = "HTTPS://Example.com/story/?utm_source=rss#top";
  CHECK(story_key_of(linked) == "https://example.com/story");
  feed::Entry unlinked = entry("t", "s");
  CHECK(story_key_of(unlinked) == "id-1");
  state::EntryMark mark = entry_mark_of(linked);
  CHECK(mark.entry_key == "id-1");
  CHECK(mark.content_hash == content_hash_of(linked));
}

TEST_CASE("Entries are new, unchanged or edited by their recorded hash", "[pipeline]") {
  state::EntryMark mark{"id-1", "hash-b", "https://example.com/b", ""};
  CHECK(classify_entry(mark, std::nullopt) == EntryChange::kNew);
  CHECK(classify_entry(mark, state::SeenMark{"hash-b", "https://example.com/b", ""}) == EntryChange::kUnchanged);
  CHECK(classify_entry(mark, state::SeenMark{"hash-a", "https://example.com/b", ""}) == EntryChange::kEdited);
}

TEST_CASE("A known entry keeps the story key it was first recorded with", "[pipeline]") {
  state::EntryMark mark{"id-1", "hash-b", "https://example.com/new-slug", ""};
  CHECK(mark_to_commit(mark, state::SeenMark{"hash-a", "https://example.com/old-slug", ""}).story_key ==
        "https://example.com/old-slug");
  CHECK(mark_to_commit(mark, std::nullopt).story_key == "https://example.com/new-slug");
}

// --- feed identity and rule scope ------------------------------------------

namespace {

FeedIdentity policy_feed() {
  return FeedIdentity{"https://www.example.com/rss.xml", "Example News", "Example Wire", {"policy", "china"}};
}

}  // namespace

TEST_CASE("An empty scope includes every feed", "[pipeline]") {
  CHECK(scope_includes(Scope{}, policy_feed()));
}

TEST_CASE("A tag scope includes feeds with that tag, in any case", "[pipeline]") {
  CHECK(scope_includes(Scope{"tag:policy"}, policy_feed()));
  CHECK(scope_includes(Scope{"tag:China"}, policy_feed()));
  CHECK_FALSE(scope_includes(Scope{"tag:markets"}, policy_feed()));
  CHECK_FALSE(scope_includes(Scope{"policy"}, policy_feed()));  // a tag needs its prefix
}

TEST_CASE("A name scope includes the configured name and the feed's own title", "[pipeline]") {
  CHECK(scope_includes(Scope{"Example News"}, policy_feed()));
  CHECK(scope_includes(Scope{"example news"}, policy_feed()));
  CHECK(scope_includes(Scope{"Example Wire"}, policy_feed()));
  CHECK_FALSE(scope_includes(Scope{"Other News"}, policy_feed()));
}

TEST_CASE("A URL scope includes the feed at that URL, however it is spelled", "[pipeline]") {
  CHECK(scope_includes(Scope{"https://www.example.com/rss.xml"}, policy_feed()));
  CHECK(scope_includes(Scope{"HTTPS://WWW.EXAMPLE.COM:443/rss.xml"}, policy_feed()));
  CHECK_FALSE(scope_includes(Scope{"https://www.example.com/other.xml"}, policy_feed()));
}

TEST_CASE("A scope includes a feed when any of its items does", "[pipeline]") {
  CHECK(scope_includes(Scope{"tag:markets", "Example News"}, policy_feed()));
}

TEST_CASE("The display title is the configured name, else the feed's own title", "[pipeline]") {
  FeedIdentity feed = policy_feed();
  CHECK(feed.display_title() == "Example News");
  feed.configured_name.reset();
  CHECK(feed.display_title() == "Example Wire");
  CHECK(feed.names() == std::vector<std::string_view>{"Example Wire"});
}

// --- the first-fetch policy ------------------------------------------------

namespace {

constexpr state::UnixSeconds kNow = 1'800'000'000;
constexpr state::UnixSeconds kHour = 3600;

feed::Entry dated(std::optional<feed::UnixSeconds> published, std::optional<feed::UnixSeconds> updated = {}) {
  feed::Entry entry;
  entry.id = "id";
  entry.published = published;
  entry.updated = updated;
  return entry;
}

const config::FirstFetchPolicy kRecentDay{Mode::recent, 24h};

}  // namespace

TEST_CASE("Mark-seen alerts on nothing of a first fetch", "[pipeline]") {
  CHECK_FALSE(alerts_on_first_fetch({Mode::mark_seen, {}}, dated(kNow), kNow));
}

TEST_CASE("All alerts on every entry of a first fetch, dated or not", "[pipeline]") {
  CHECK(alerts_on_first_fetch({Mode::all, {}}, dated(std::nullopt), kNow));
  CHECK(alerts_on_first_fetch({Mode::all, {}}, dated(kNow - 1000 * kHour), kNow));
}

TEST_CASE("Recent alerts on entries published within the window", "[pipeline]") {
  CHECK(alerts_on_first_fetch(kRecentDay, dated(kNow - 23 * kHour), kNow));
  CHECK(alerts_on_first_fetch(kRecentDay, dated(kNow - 24 * kHour), kNow));
  CHECK_FALSE(alerts_on_first_fetch(kRecentDay, dated(kNow - 25 * kHour), kNow));
  CHECK(alerts_on_first_fetch(kRecentDay, dated(kNow + kHour), kNow));  // a clock ahead of ours
}

TEST_CASE("Recent uses the updated date only when there is no published date", "[pipeline]") {
  CHECK(alerts_on_first_fetch(kRecentDay, dated(std::nullopt, kNow - kHour), kNow));
  CHECK_FALSE(alerts_on_first_fetch(kRecentDay, dated(kNow - 48 * kHour, kNow - kHour), kNow));
}

TEST_CASE("Recent counts undated entries as old", "[pipeline]") {
  CHECK_FALSE(alerts_on_first_fetch(kRecentDay, dated(std::nullopt), kNow));
}

TEST_CASE("Unchanged entries are never matched, edited ones always", "[pipeline]") {
  FirstFetch later{false, {Mode::mark_seen, {}}};
  FirstFetch first{true, {Mode::mark_seen, {}}};
  CHECK_FALSE(should_match(EntryChange::kUnchanged, dated(kNow), later, kNow));
  CHECK_FALSE(should_match(EntryChange::kUnchanged, dated(kNow), FirstFetch{true, {Mode::all, {}}}, kNow));
  CHECK(should_match(EntryChange::kEdited, dated(kNow), later, kNow));
  CHECK(should_match(EntryChange::kEdited, dated(kNow), first, kNow));
}

TEST_CASE("New entries are matched after the first fetch whatever the policy", "[pipeline]") {
  CHECK(should_match(EntryChange::kNew, dated(std::nullopt), FirstFetch{false, {Mode::mark_seen, {}}}, kNow));
  CHECK_FALSE(should_match(EntryChange::kNew, dated(std::nullopt), FirstFetch{true, {Mode::mark_seen, {}}}, kNow));
  CHECK(should_match(EntryChange::kNew, dated(kNow), FirstFetch{true, kRecentDay}, kNow));
}
