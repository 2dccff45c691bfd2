// Entry marks: the content hash ignores white-space-only changes but sees
// real edits; the story key is the canonical link, else the id.
#include <catch2/catch.hpp>

#include "daemon/pipeline/digest.h"
#include "daemon/pipeline/entry_changes.h"
#include "daemon/pipeline/entry_mark.h"

using namespace feedwatch;
using namespace feedwatch::pipeline;

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
  state::EntryMark mark{"id-1", "hash-b", "https://example.com/b"};
  CHECK(classify_entry(mark, std::nullopt) == EntryChange::kNew);
  CHECK(classify_entry(mark, state::SeenMark{"hash-b", "https://example.com/b"}) == EntryChange::kUnchanged);
  CHECK(classify_entry(mark, state::SeenMark{"hash-a", "https://example.com/b"}) == EntryChange::kEdited);
}

TEST_CASE("A known entry keeps the story key it was first recorded with", "[pipeline]") {
  state::EntryMark mark{"id-1", "hash-b", "https://example.com/new-slug"};
  CHECK(mark_to_commit(mark, state::SeenMark{"hash-a", "https://example.com/old-slug"}).story_key ==
        "https://example.com/old-slug");
  CHECK(mark_to_commit(mark, std::nullopt).story_key == "https://example.com/new-slug");
}
