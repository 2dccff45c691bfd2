#include "daemon/pipeline/feed_processor.h"

#include <cassert>
#include <set>
#include <string_view>
#include <utility>

#include "daemon/matching/entry_text.h"
#include "daemon/pipeline/entry_mark.h"
#include "daemon/pipeline/group_membership.h"
#include "daemon/pipeline/rule_scope.h"

namespace feedwatch::pipeline {

// The distinct entries of a parsed body, each with the mark to commit and
// what the store last recorded for it.
struct FeedProcessor::Body {
  std::vector<const feed::Entry*> entries;
  std::vector<state::EntryMark> marks;  // the store's key per entry: commit these
  std::vector<std::optional<state::SeenMark>> seen;
  std::vector<EntryChange> changes;
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
                             state::StateStore& store)
    : rules_(rules), compiled_(compiled), first_fetch_policy_(first_fetch), scratch_(scratch), store_(store) {
  assert(rules_.size() == compiled_.rules.size());
}

ProcessingOutcome FeedProcessor::process(const config::FeedConfig& feed, const feed::Document& document,
                                         const FetchFacts& facts) {
  feed::ParseResult parsed = feed::parse_feed(document);
  if (const auto* failure = std::get_if<feed::ParseFailure>(&parsed)) return not_a_feed(feed.url, *failure);
  return process_parsed(feed, std::get<feed::Feed>(parsed), facts);
}

// Reads first (feed state, seen marks, fired alerts), then decides with pure
// functions; the store is written only by the caller's commit.
ProcessingOutcome FeedProcessor::process_parsed(const config::FeedConfig& feed, const feed::Feed& parsed,
                                                const FetchFacts& facts) {
  state::Result<bool> first = is_first_fetch(feed.url);
  if (!first.ok()) return state_failure(feed.url, first.status());
  state::Result<Body> body = read_body(feed.url, parsed);
  if (!body.ok()) return state_failure(feed.url, body.status());
  ProcessingStatistics statistics;
  statistics.entries_parsed = parsed.entries.size();
  statistics.first_fetch = first.value();
  count_changes(body.value().changes, statistics);
  FeedIdentity identity = identity_of(feed, parsed.title);
  FirstFetch first_fetch{first.value(), first_fetch_policy_};
  auto candidates = match_entries(body.value(), first_fetch, identity, facts.now, statistics);
  auto fresh = not_yet_fired(without_repeated_stories(std::move(candidates)));
  if (!fresh.ok()) return state_failure(feed.url, fresh.status());
  std::vector<state::NewAlert> alerts = build_alerts(fresh.value(), body.value(), identity, facts.now);
  statistics.alerts = alerts.size();
  std::vector<state::NewGroupMember> members = build_group_members(fresh.value(), body.value(), identity, facts.now);
  statistics.group_members = members.size();
  state::FetchCommit commit{feed.url,         parsed.title, facts.validators, std::move(body.value().marks),
                            std::move(alerts), facts.now,    facts.next_due};
  commit.group_members = std::move(members);
  return ProcessedFeed{std::move(commit), std::move(statistics), parsed.errors};
}

ProcessingOutcome FeedProcessor::process_and_commit(const config::FeedConfig& feed,
                                                    const feed::Document& document, const FetchFacts& facts) {
  ProcessingOutcome outcome = process(feed, document, facts);
  const auto* processed = std::get_if<ProcessedFeed>(&outcome);
  if (processed == nullptr) return outcome;
  state::Status committed = store_.commit_fetch_result(processed->commit);
  if (!committed.ok()) return state_failure(feed.url, committed);
  return outcome;
}

// A feed without a row, or whose row has never recorded a 200, is new.
state::Result<bool> FeedProcessor::is_first_fetch(const std::string& feed_url) {
  auto feed_state = store_.feeds().load(feed_url);
  if (!feed_state.ok()) return feed_state.status();
  return !feed_state.value() || !feed_state.value()->first_fetch_done;
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
  return body;
}

std::vector<AlertCandidate> FeedProcessor::match_entries(const Body& body, const FirstFetch& first_fetch,
                                                         const FeedIdentity& feed, state::UnixSeconds now,
                                                         ProcessingStatistics& statistics) {
  std::vector<bool> in_scope = rules_in_scope(rules_, feed);
  std::vector<AlertCandidate> candidates;
  for (std::size_t i = 0; i < body.entries.size(); ++i) {
    if (!should_match(body.changes[i], *body.entries[i], first_fetch, now)) continue;
    ++statistics.entries_matched;
    match_one_entry(body, i, feed, in_scope, candidates, statistics);
  }
  return candidates;
}

// Exclude is applied by rules::match_entry itself; scope is ours.
void FeedProcessor::match_one_entry(const Body& body, std::size_t index, const FeedIdentity& feed,
                                const std::vector<bool>& in_scope, std::vector<AlertCandidate>& candidates,
                                ProcessingStatistics& statistics) {
  std::vector<std::string_view> feed_names = feed.names();
  rules::EntryText text = matching::entry_text_of(*body.entries[index], feed_names);
  for (rules::RuleMatch& match : rules::match_entry(compiled_, text, scratch_)) {
    if (!in_scope[match.rule_index]) continue;
    ++statistics.matches_per_rule[match.rule_name];
    candidates.push_back(
        AlertCandidate{index, match.rule_index, body.marks[index].story_key, std::move(match.matched_terms)});
  }
}

// SPEC §6 "nothing twice": a (rule, story) that ever fired — from this feed
// or another, before a restart, a re-ordering or a dropped-and-re-added item —
// does not fire again. Joining a group or digest counts as firing.
state::Result<std::vector<AlertCandidate>> FeedProcessor::not_yet_fired(std::vector<AlertCandidate> candidates) {
  std::vector<AlertCandidate> fresh;
  for (AlertCandidate& candidate : candidates) {
    auto exists = store_.outbox().alert_exists(rules_[candidate.rule_index].name, candidate.story_key);
    if (!exists.ok()) return exists.status();
    if (exists.value()) continue;
    auto grouped = store_.groups().is_member(rules_[candidate.rule_index].name, candidate.story_key);
    if (!grouped.ok()) return grouped.status();
    if (!grouped.value()) fresh.push_back(std::move(candidate));
  }
  return fresh;
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
