// StorySightings keeps each sighting's headline words as exact bytes (a BLOB,
// NUL bytes included) beside its fingerprint, and the band lookup hands them
// back with its candidates; probe_finds says which fingerprints it reaches.
#include <catch2/catch.hpp>

#include <string>

#include "tests/state/state_test_support.h"

using namespace feedwatch::state;

namespace {

constexpr std::uint64_t kFingerprint = 0x0123456789abcdefULL;

FetchCommit commit_with_sighting(const std::string& feed_url, std::optional<std::uint64_t> fingerprint,
                                 const std::string& words) {
  FetchCommit commit;
  commit.feed_url = feed_url;
  commit.now = 1'700'000'000;
  commit.next_due = commit.now + 900;
  commit.entries.push_back({"entry-1", "0123456789abcdef", "https://a.example/1"});
  commit.sightings.push_back({"entry-1", "https://a.example/1", "https://a.example/1", commit.now, fingerprint, words});
  return commit;
}

}  // namespace

TEST_CASE("A sighting's headline words come back byte for byte with a band candidate", "[state][sightings]") {
  TemporaryFolder folder;
  StateStore store = open_store(folder.path() / "state.db");
  std::string words("\x01\x02\x00\x00\xff\x7f\x00\x80\x10\x20", 10);
  REQUIRE(store.commit_fetch_result(commit_with_sighting("https://a.example/rss", kFingerprint, words)).ok());

  auto found = store.sightings().sharing_a_band("https://b.example/rss", kFingerprint ^ 0b101, 0);
  REQUIRE(found.ok());
  REQUIRE(found.value().size() == 1);
  CHECK(found.value()[0].headline_words == words);
  CHECK(found.value()[0].fingerprint == kFingerprint);

  // Not offered to its own feed, nor before the window.
  auto own_feed = store.sightings().sharing_a_band("https://a.example/rss", kFingerprint, 0);
  REQUIRE(own_feed.ok());
  CHECK(own_feed.value().empty());
  auto too_old = store.sightings().sharing_a_band("https://b.example/rss", kFingerprint, 1'800'000'000);
  REQUIRE(too_old.ok());
  CHECK(too_old.value().empty());
}

TEST_CASE("A sighting without a fingerprint stores no headline words", "[state][sightings]") {
  TemporaryFolder folder;
  StateStore store = open_store(folder.path() / "state.db");
  REQUIRE(store.commit_fetch_result(commit_with_sighting("https://a.example/rss", std::nullopt, "ignored")).ok());
  auto same_key = store.sightings().with_own_key("https://b.example/rss", "https://a.example/1");
  REQUIRE(same_key.ok());
  REQUIRE(same_key.value().size() == 1);
  CHECK_FALSE(same_key.value()[0].fingerprint);
  CHECK(same_key.value()[0].headline_words.empty());
}

TEST_CASE("probe_finds reaches every fingerprint within the guaranteed distance and none without a near band",
          "[state][sightings]") {
  for (int bits = 0; bits <= StorySightings::kGuaranteedDistance; ++bits) {
    // The worst spread: two differing bits in as many bands as possible.
    std::uint64_t flipped = 0;
    for (int i = 0; i < bits; ++i) flipped |= std::uint64_t{1} << ((i / 2) * 16 + (i % 2));
    CHECK(StorySightings::probe_finds(kFingerprint, kFingerprint ^ flipped));
  }
  std::uint64_t two_bits_per_band = 0x0003000300030003ULL;
  CHECK_FALSE(StorySightings::probe_finds(kFingerprint, kFingerprint ^ two_bits_per_band));
  CHECK(StorySightings::probe_finds(kFingerprint, kFingerprint ^ 0x0003000300030001ULL));
}
