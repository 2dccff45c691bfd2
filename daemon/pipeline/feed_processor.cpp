#include "daemon/pipeline/feed_processor.h"

#include <cassert>
#include <set>
#include <string_view>
#include <utility>

#include "daemon/matching/entry_text.h"
#include "daemon/pipeline/alert_payload.h"
#include "daemon/pipeline/entry_mark.h"
#include "daemon/pipeline/headline_words.h"
#include "daemon/pipeline/near_duplicate.h"
#include "daemon/pipeline/group_membership.h"
#include "daemon/pipeline/rule_scope.h"
#include "daemon/state/transaction.h"

namespace feedwatch::pipeline {

// The distinct entries of a parsed body, each with the mark to commit and
// what the store last recorded for it.
struct FeedProcessor::Body {
  std::vector<const feed::Entry*> entries;
  std::vector<state::EntryMark> marks;  // the store's key per entry: commit these
  std::vector<std::optional<state::SeenMark>> seen;
  std::vector<EntryChange> changes;
  // For new entries: the own key (scoped_own_key) and the text as compared.
  std::vector<std::string> own_keys;
  std::vector<StoryText> texts;
  // The rules each entry matched before (its seen mark) and now.
  std::vector<std::set<std::string>> matched_before;
  std::vector<std::set<std::string>> matched_now;
  std::vector<bool> has_candidates;
};

// What is known before the commit's transaction begins.
struct FeedProcessor::Prepared {
  Body body;
  ProcessingStatistics statistics;
  FeedIdentity identity;
  std::vector<AlertCandidate> candidates;  // story keys are filled in decide()
};

namespace {

// A feed that lists an item twice would otherwise record two different
// texts under one key and look edited on every fetch; the first one wins.
std::vector<const feed::Entry*> distinct_entries(const std::vector<feed::Entry>& entries) {
  std::set<std::string_view> ids;
  std::vector<const feed::Entry*> distinct;
  distinct.reserve(entries.size());
  for (const feed::Entry& entry : entries) {
    if (ids.insert(entry.id).second) distinct.push_back(&entry);
  }
  return distinct;
}

// Headline words only go with a fingerprint: they verify its matches.
StoryText story_text_of(const feed::Entry& entry) {
  std::string title = entry.title.value_or("");
  std::string summary = summary_excerpt(entry);
  StoryText text{text_fingerprint(title, summary), {}};
  if (text.fingerprint) text.headline_words = headline_words(title, summary);
  return text;
}

std::vector<std::string> keys_of(const std::vector<state::EntryMark>& marks) {
  std::vector<std::string> keys;
  keys.reserve(marks.size());
  for (const state::EntryMark& mark : marks) keys.push_back(mark.entry_key);
  return keys;
}

ProcessingFailure not_a_feed(const std::string& feed_url, const feed::ParseFailure& failure) {
  return {ProcessingFailure::Kind::kNotAFeed, feed_url, feed_url + ": " + failure.message};
}

ProcessingFailure state_failure(const std::string& feed_url, const state::Status& status) {
  return {ProcessingFailure::Kind::kStateError, feed_url,
          feed_url + ": cannot read or write the state database: " + status.message()};
}

void count_changes(const std::vector<EntryChange>& changes, ProcessingStatistics& statistics) {
  for (EntryChange change : changes) {
    switch (change) {
      case EntryChange::kNew: ++statistics.new_entries; break;
      case EntryChange::kEdited: ++statistics.edited_entries; break;
      case EntryChange::kUnchanged: ++statistics.unchanged_entries; break;
    }
  }
}

}  // namespace

FeedProcessor::FeedProcessor(const std::vector<rules::Rule>& rules, const rules::CompiledRuleSet& compiled,
                             config::FirstFetchPolicy first_fetch, rules::MatchScratch& scratch,
                             state::StateStore& store, StoryPolicy story_policy)
    : rules_(rules),
      compiled_(compiled),
      first_fetch_policy_(first_fetch),
      scratch_(scratch),
      store_(store),
      story_policy_(story_policy) {
  assert(rules_.size() == compiled_.rules.size());
}

ProcessingOutcome FeedProcessor::process(const config::FeedConfig& feed, const feed::Document& document,
                                         const FetchFacts& facts) {
  feed::ParseResult parsed = feed::parse_feed(document);
  if (const auto* failure = std::get_if<feed::ParseFailure>(&parsed)) return not_a_feed(feed.url, *failure);
  return process_parsed(feed, std::get<feed::Feed>(parsed), facts);
}

// Parse, classify and match need no lock; what depends on other feeds'
// commits (stories, "already fired", also_in) is decided by decide().
state::Result<FeedProcessor::Prepared> FeedProcessor::prepare(const config::FeedConfig& feed,
                                                              const feed::Feed& parsed, const FetchFacts& facts) {
  state::Result<bool> first = is_first_fetch(feed.url);
  if (!first.ok()) return first.status();
  state::Result<Body> body = read_body(feed.url, parsed);
  if (!body.ok()) return body.status();
  Prepared prepared{std::move(body).value(), {}, identity_of(feed, parsed.title), {}};
  prepared.statistics.entries_parsed = parsed.entries.size();
  prepared.statistics.first_fetch = first.value();
  count_changes(prepared.body.changes, prepared.statistics);
  FirstFetch first_fetch{first.value(), first_fetch_policy_};
  prepared.candidates = match_entries(prepared.body, first_fetch, prepared.identity, facts.now, prepared.statistics);
  add_story_texts(prepared.body);
  Body& prepared_body = prepared.body;
  for (std::size_t i = 0; i < prepared_body.marks.size(); ++i) {
    std::set<std::string> matched = prepared_body.matched_before[i];
    matched.insert(prepared_body.matched_now[i].begin(), prepared_body.matched_now[i].end());
    prepared_body.marks[i].matched_rules = format_matched_rules(matched);
  }
  return prepared;
}

state::Status FeedProcessor::decide(Prepared& prepared, state::FetchCommit& commit) {
  state::Status resolved = resolve_new_stories(commit.feed_url, prepared.body, commit);
  if (!resolved.ok()) return resolved;
  return queue_alerts(prepared, commit);
}

ProcessingOutcome FeedProcessor::process_parsed(const config::FeedConfig& feed, const feed::Feed& parsed,
                                                const FetchFacts& facts) {
  state::Result<Prepared> prepared = prepare(feed, parsed, facts);
  if (!prepared.ok()) return state_failure(feed.url, prepared.status());
  state::FetchCommit commit{feed.url, parsed.title, facts.validators, prepared.value().body.marks, {},
                            facts.now, facts.next_due, {}, {}};
  // One read snapshot, as the commit's transaction would see the store.
  auto snapshot = state::Transaction::begin_read(store_.connection());
  if (!snapshot.ok()) return state_failure(feed.url, snapshot.status());
  state::Status decided = decide(prepared.value(), commit);
  if (!decided.ok()) return state_failure(feed.url, decided);
  prepared.value().statistics.alerts = commit.alerts.size();
  return ProcessedFeed{std::move(commit), std::move(prepared.value().statistics), parsed.errors};
}

ProcessingOutcome FeedProcessor::process_and_commit(const config::FeedConfig& feed,
                                                    const feed::Document& document, const FetchFacts& facts) {
  feed::ParseResult parse_result = feed::parse_feed(document);
  if (const auto* failure = std::get_if<feed::ParseFailure>(&parse_result)) return not_a_feed(feed.url, *failure);
  const feed::Feed& parsed = std::get<feed::Feed>(parse_result);
  state::Result<Prepared> prepared = prepare(feed, parsed, facts);
  if (!prepared.ok()) return state_failure(feed.url, prepared.status());
  state::FetchCommit commit{feed.url, parsed.title, facts.validators, prepared.value().body.marks, {},
                            facts.now, facts.next_due, {}, {}};
  state::Status committed = store_.commit_fetch_result(
      commit, [&](state::FetchCommit& in_transaction) { return decide(prepared.value(), in_transaction); });
  if (!committed.ok()) return state_failure(feed.url, committed);
  prepared.value().statistics.alerts = commit.alerts.size();
  return ProcessedFeed{std::move(commit), std::move(prepared.value().statistics), parsed.errors};
}

// A feed without a row, or whose row has never recorded a 200, is new.
state::Result<bool> FeedProcessor::is_first_fetch(const std::string& feed_url) {
  auto feed_state = store_.feeds().load(feed_url);
  if (!feed_state.ok()) return feed_state.status();
  return !feed_state.value() || !feed_state.value()->first_fetch_done;
}

// Fingerprints only for new entries that matched a rule: a story no rule
// matched has no alert for another feed's copy to join, and fingerprinting
// every entry (most match nothing) would double the cost of a cold cycle.
void FeedProcessor::add_story_texts(Body& body) const {
  for (std::size_t i = 0; i < body.entries.size(); ++i) {
    if (body.changes[i] != EntryChange::kNew || body.matched_now[i].empty()) continue;
    body.texts[i] = story_text_of(*body.entries[i]);
  }
}

// A known entry's mark keeps its first story key (entry_changes.h).
state::Result<FeedProcessor::Body> FeedProcessor::read_body(const std::string& feed_url,
                                                            const feed::Feed& parsed) {
  Body body;
  body.entries = distinct_entries(parsed.entries);
  for (const feed::Entry* entry : body.entries) body.marks.push_back(entry_mark_of(*entry));
  auto seen = store_.seen().lookup(feed_url, keys_of(body.marks));
  if (!seen.ok()) return seen.status();
  body.seen = std::move(seen).value();
  body.changes = classify_entries(body.marks, body.seen);
  for (std::size_t i = 0; i < body.marks.size(); ++i) body.marks[i] = mark_to_commit(body.marks[i], body.seen[i]);
  std::size_t count = body.entries.size();
  body.own_keys.resize(count);
  body.texts.resize(count);
  body.matched_before.resize(count);
  body.matched_now.resize(count);
  body.has_candidates.assign(count, false);
  for (std::size_t i = 0; i < count; ++i) {
    if (body.seen[i]) body.matched_before[i] = parse_matched_rules(body.seen[i]->matched_rules);
    if (body.changes[i] != EntryChange::kNew) continue;
    const feed::Entry& entry = *body.entries[i];
    body.own_keys[i] = scoped_own_key(story_policy_, feed_url, story_key_of(entry));
  }
  return body;
}

// New and edited entries are matched even when the first-fetch policy holds
// their alerts back, so their seen marks remember what they matched.
std::vector<AlertCandidate> FeedProcessor::match_entries(Body& body, const FirstFetch& first_fetch,
                                                         const FeedIdentity& feed, state::UnixSeconds now,
                                                         ProcessingStatistics& statistics) {
  std::vector<bool> in_scope = rules_in_scope(rules_, feed);
  std::vector<AlertCandidate> candidates;
  for (std::size_t i = 0; i < body.entries.size(); ++i) {
    if (body.changes[i] == EntryChange::kUnchanged) continue;
    ++statistics.entries_matched;
    bool may_alert = should_match(body.changes[i], *body.entries[i], first_fetch, now);
    match_one_entry(body, i, feed, in_scope, may_alert, candidates, statistics);
  }
  return candidates;
}

// Exclude is applied by rules::match_entry itself; scope is ours. SPEC §6:
// an edit fires only the rules the entry did not match before.
void FeedProcessor::match_one_entry(Body& body, std::size_t index, const FeedIdentity& feed,
                                    const std::vector<bool>& in_scope, bool may_alert,
                                    std::vector<AlertCandidate>& candidates, ProcessingStatistics& statistics) {
  std::vector<std::string_view> feed_names = feed.names();
  rules::EntryText text = matching::entry_text_of(*body.entries[index], feed_names);
  for (rules::RuleMatch& match : rules::match_entry(compiled_, text, scratch_)) {
    if (!in_scope[match.rule_index]) continue;
    ++statistics.matches_per_rule[match.rule_name];
    body.matched_now[index].insert(match.rule_name);
    if (!may_alert || body.matched_before[index].contains(match.rule_name)) continue;
    body.has_candidates[index] = true;
    candidates.push_back(AlertCandidate{index, match.rule_index, {}, std::move(match.matched_terms)});
  }
}

// A known entry keeps the story it was first resolved to (mark_to_commit).
// The near-duplicate search runs only for entries that may alert: an entry
// that fires nothing needs no story beyond its own key to be found later.
state::Status FeedProcessor::resolve_new_stories(const std::string& feed_url, Body& body,
                                                 state::FetchCommit& commit) {
  commit.sightings.clear();
  for (std::size_t i = 0; i < body.entries.size(); ++i) {
    if (body.changes[i] != EntryChange::kNew) continue;
    StoryText search = body.has_candidates[i] ? body.texts[i] : StoryText{};
    auto story = resolve_story(store_.sightings(), story_policy_, feed_url, body.own_keys[i], search, commit.now);
    if (!story.ok()) return story.status();
    commit.entries[i].story_key = story.value().story_key;
    commit.sightings.push_back(state::StorySighting{body.marks[i].entry_key, body.own_keys[i],
                                                    story.value().story_key, story.value().story_since,
                                                    body.texts[i].fingerprint, body.texts[i].headline_words});
  }
  return state::Status();
}

// SPEC §6 "nothing twice": a (rule, story) that ever fired — from this feed
// or another, before a restart, a re-ordering or a dropped-and-re-added item —
// does not fire again, and joining a group or digest counts as firing; a new
// sighting from another feed joins its alert's also_in while the alert is
// pending (Outbox::add_also_in decides).
state::Status FeedProcessor::queue_alerts(Prepared& prepared, state::FetchCommit& commit) {
  commit.alerts.clear();
  commit.also_in.clear();
  commit.group_also_in.clear();
  std::vector<AlertCandidate> candidates = prepared.candidates;
  for (AlertCandidate& candidate : candidates) candidate.story_key = commit.entries[candidate.entry_index].story_key;
  std::vector<AlertCandidate> fresh;
  for (AlertCandidate& candidate : without_repeated_stories(std::move(candidates))) {
    const std::string& rule = rules_[candidate.rule_index].name;
    auto exists = store_.outbox().alert_exists(rule, candidate.story_key);
    if (!exists.ok()) return exists.status();
    if (exists.value()) {
      if (prepared.body.changes[candidate.entry_index] == EntryChange::kNew) {
        commit.also_in.push_back(state::AlsoIn{alert_id_for(rule, candidate.story_key), commit.feed_url,
                                               prepared.body.entries[candidate.entry_index]->link});
      }
      continue;
    }
    auto grouped = store_.groups().is_member(rule, candidate.story_key);
    if (!grouped.ok()) return grouped.status();
    if (!grouped.value()) {
      fresh.push_back(std::move(candidate));
    } else if (prepared.body.changes[candidate.entry_index] == EntryChange::kNew) {
      commit.group_also_in.push_back(state::GroupAlsoIn{rule, candidate.story_key, commit.feed_url,
                                                        prepared.body.entries[candidate.entry_index]->link});
    }
  }
  commit.alerts = build_alerts(fresh, prepared.body, prepared.identity, commit.now);
  commit.group_members = build_group_members(fresh, prepared.body, prepared.identity, commit.now);
  prepared.statistics.group_members = commit.group_members.size();
  return state::Status();
}

std::vector<state::NewAlert> FeedProcessor::build_alerts(const std::vector<AlertCandidate>& candidates,
                                                         const Body& body, const FeedIdentity& feed,
                                                         state::UnixSeconds now) const {
  std::vector<state::NewAlert> alerts;
  alerts.reserve(candidates.size());
  for (const AlertCandidate& candidate : candidates) {
    if (is_grouped(rules_[candidate.rule_index])) continue;
    alerts.push_back(build_alert(candidate, rules_[candidate.rule_index], *body.entries[candidate.entry_index],
                                 feed, now));
  }
  return alerts;
}

// Matches of group and digest rules wait in their group instead of alerting.
std::vector<state::NewGroupMember> FeedProcessor::build_group_members(const std::vector<AlertCandidate>& candidates,
                                                                      const Body& body, const FeedIdentity& feed,
                                                                      state::UnixSeconds now) const {
  std::vector<state::NewGroupMember> members;
  for (const AlertCandidate& candidate : candidates) {
    const rules::Rule& rule = rules_[candidate.rule_index];
    if (!is_grouped(rule)) continue;
    members.push_back(build_group_member(candidate, rule, *body.entries[candidate.entry_index], feed, now));
  }
  return members;
}

}  // namespace feedwatch::pipeline
