// Which entries reach the rule engine: the first-fetch policies of SPEC §6
// and the skip of unchanged entries, as pure functions.
#include <catch2/catch.hpp>

#include "daemon/pipeline/match_selection.h"

using namespace feedwatch;
using namespace feedwatch::pipeline;
using Mode = config::FirstFetchPolicy::Mode;
using namespace std::chrono_literals;

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
