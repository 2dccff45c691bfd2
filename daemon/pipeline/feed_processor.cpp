#include "daemon/pipeline/feed_processor.h"

#include <cassert>
#include <set>
#include <string_view>
#include <utility>

#include "daemon/matching/entry_text.h"
#include "daemon/pipeline/group.h"
#include "daemon/state/transaction.h"

namespace feedwatch::pipeline {

// A rule an entry matches now, in its feed's scope.
struct RuleHit {
  std::size_t rule_index = 0;
  std::vector<std::string> matched;  // terms as written in the query
  bool fires = false;  // may alert: not held back by the first-fetch policy, not matched before
};

// One distinct entry of a body on its way to the commit.
struct FeedProcessor::EntryRecord {
  const feed::Entry* entry = nullptr;
  state::EntryMark mark;  // as it will be committed; a known entry keeps its first story key
  EntryChange change = EntryChange::kNew;
  std::set<std::string> matched_before;  // from its seen mark
  std::vector<RuleHit> hits;
  std::string own_key;                 // new entries: canonical link, else id (scoped_own_key)
  std::optional<StoryText> text;       // new entries that fire a rule: what a copy is compared by
  std::optional<ResolvedStory> story;  // new entries, once resolved inside the transaction

  bool fires() const {
    for (const RuleHit& hit : hits) {
      if (hit.fires) return true;
    }
    return false;
  }
};

// What is known before the commit's transaction begins.
struct FeedProcessor::Prepared {
  std::vector<EntryRecord> records;
  ProcessingStatistics statistics;
  FeedIdentity identity;
  FirstFetch first_fetch;
};

namespace {

ProcessingFailure not_a_feed(const std::string& feed_url, const feed::ParseFailure& failure) {
  return {ProcessingFailure::Kind::kNotAFeed, feed_url, feed_url + ": " + failure.message};
}

ProcessingFailure state_failure(const std::string& feed_url, const state::Status& status) {
  return {ProcessingFailure::Kind::kStateError, feed_url,
          feed_url + ": cannot read or write the state database: " + status.message()};
}

void count_change(EntryChange change, ProcessingStatistics& statistics) {
  switch (change) {
    case EntryChange::kNew: ++statistics.new_entries; break;
    case EntryChange::kEdited: ++statistics.edited_entries; break;
    case EntryChange::kUnchanged: ++statistics.unchanged_entries; break;
  }
}

StoryText story_text_of(const feed::Entry& entry) {
  return pipeline::story_text_of(entry.title.value_or(""), entry.summary.value_or(""), entry.content.value_or(""));
}

template <typename Record>
std::vector<state::EntryMark> marks_of(const std::vector<Record>& records) {
  std::vector<state::EntryMark> marks;
  marks.reserve(records.size());
  for (const auto& record : records) marks.push_back(record.mark);
  return marks;
}

// One candidate per (rule, story) that fires, the first record's winning:
// a body may carry one story twice (two ids, one link).
template <typename Record>
std::vector<AlertCandidate> firing_candidates(const std::vector<Record>& records) {
  std::vector<AlertCandidate> candidates;
  for (std::size_t index = 0; index < records.size(); ++index) {
    for (const RuleHit& hit : records[index].hits) {
      if (hit.fires) candidates.push_back({index, hit.rule_index, records[index].mark.story_key, hit.matched});
    }
  }
  return without_repeated_stories(std::move(candidates));
}

}  // namespace

// The configuration's default is the parser's, written twice so that the
// config library need not depend on the parser.
static_assert(config::FetchSettings{}.max_entries == feed::ParseLimits{}.max_entries);

feed::ParseLimits parse_limits_of(const config::FetchSettings& fetch) {
  feed::ParseLimits limits;
  limits.max_entries = fetch.max_entries;
  return limits;
}

FeedProcessor::FeedProcessor(const std::vector<rules::Rule>& rules, const rules::CompiledRuleSet& compiled,
                             config::FirstFetchPolicy first_fetch, rules::MatchScratch& scratch,
                             state::StateStore& store, StoryPolicy story_policy, feed::ParseLimits parse_limits)
    : rules_(rules),
      compiled_(compiled),
      first_fetch_policy_(first_fetch),
      scratch_(scratch),
      store_(store),
      story_policy_(story_policy),
      parse_limits_(parse_limits) {
  assert(rules_.size() == compiled_.rules.size());
}

ProcessingOutcome FeedProcessor::process(const config::FeedConfig& feed, const feed::Document& document,
                                         const FetchFacts& facts) {
  return process_document(feed, document, facts, /*commit=*/false);
}

ProcessingOutcome FeedProcessor::process_parsed(const config::FeedConfig& feed, const feed::Feed& parsed,
                                                const FetchFacts& facts) {
  return process_feed(feed, parsed, facts, /*commit=*/false);
}

ProcessingOutcome FeedProcessor::process_and_commit(const config::FeedConfig& feed,
                                                    const feed::Document& document, const FetchFacts& facts) {
  return process_document(feed, document, facts, /*commit=*/true);
}

ProcessingOutcome FeedProcessor::process_document(const config::FeedConfig& feed, const feed::Document& document,
                                                  const FetchFacts& facts, bool commit) {
  feed::ParseResult parsed = feed::parse_feed(document, parse_limits_);
  if (const auto* failure = std::get_if<feed::ParseFailure>(&parsed)) return not_a_feed(feed.url, *failure);
  return process_feed(feed, std::get<feed::Feed>(parsed), facts, commit);
}

// Parse, classify and match need no lock. What depends on other feeds'
// commits (stories, "already fired", copies) is decided inside the write
// transaction; a dry run decides it in a read snapshot and writes nothing.
ProcessingOutcome FeedProcessor::process_feed(const config::FeedConfig& feed, const feed::Feed& parsed,
                                              const FetchFacts& facts, bool commit) {
  state::Result<Prepared> prepared = prepare(feed, parsed, facts);
  if (!prepared.ok()) return state_failure(feed.url, prepared.status());
  state::FetchCommit to_commit{feed.url, parsed.title, facts.validators, {}, {}, facts.now, facts.next_due,
                               {}, {}, {}, {}};
  auto transaction = commit ? state::Transaction::begin(store_.connection())
                            : state::Transaction::begin_read(store_.connection());
  if (!transaction.ok()) return state_failure(feed.url, transaction.status());
  state::Status status = decide(prepared.value(), to_commit, commit);
  to_commit.entries = marks_of(prepared.value().records);  // with the stories decided
  if (status.ok() && commit) status = store_.write_fetch_result(to_commit);
  if (status.ok() && commit) status = transaction.value().commit();
  if (!status.ok()) return state_failure(feed.url, status);  // the transaction rolls back
  prepared.value().statistics.alerts = to_commit.alerts.size();
  prepared.value().statistics.group_members = to_commit.group_members.size();
  return ProcessedFeed{std::move(to_commit), std::move(prepared.value().statistics), parsed.errors};
}

state::Result<FeedProcessor::Prepared> FeedProcessor::prepare(const config::FeedConfig& feed,
                                                              const feed::Feed& parsed, const FetchFacts& facts) {
  // A feed without a row, or whose row has never recorded a 200, is new.
  auto feed_state = store_.feeds().load(feed.url);
  if (!feed_state.ok()) return feed_state.status();
  bool first = !feed_state.value() || !feed_state.value()->first_fetch_done;
  auto records = classify(feed.url, parsed);
  if (!records.ok()) return records.status();
  Prepared prepared{std::move(records).value(), {}, identity_of(feed, parsed.title), {first, first_fetch_policy_}};
  prepared.statistics.entries_parsed = parsed.entries.size();
  prepared.statistics.first_fetch = first;
  for (const EntryRecord& record : prepared.records) count_change(record.change, prepared.statistics);
  match(prepared, facts.now);
  return prepared;
}

// One record per distinct entry id: a feed that lists an item twice would
// otherwise record two texts under one key and look edited on every fetch;
// the first one wins. A known entry's mark keeps its first story key.
state::Result<std::vector<FeedProcessor::EntryRecord>> FeedProcessor::classify(const std::string& feed_url,
                                                                               const feed::Feed& parsed) {
  std::vector<EntryRecord> records;
  std::set<std::string_view> ids;
  for (const feed::Entry& entry : parsed.entries) {
    if (!ids.insert(entry.id).second) continue;
    EntryRecord& record = records.emplace_back();
    record.entry = &entry;
    record.mark = entry_mark_of(entry);
  }
  std::vector<std::string> keys;
  keys.reserve(records.size());
  for (const EntryRecord& record : records) keys.push_back(record.mark.entry_key);
  auto seen = store_.seen().lookup(feed_url, keys);
  if (!seen.ok()) return seen.status();
  for (std::size_t i = 0; i < records.size(); ++i) {
    EntryRecord& record = records[i];
    const std::optional<state::SeenMark>& mark = seen.value()[i];
    record.change = classify_entry(record.mark, mark);
    record.mark = mark_to_commit(record.mark, mark);
    if (mark) record.matched_before = parse_matched_rules(mark->matched_rules);
    if (record.change == EntryChange::kNew) {
      record.own_key = scoped_own_key(story_policy_, feed_url, story_key_of(*record.entry));
    }
  }
  return records;
}

// New and edited entries are matched even when the first-fetch policy holds
// their alerts back, so their seen marks remember what they matched. Only
// new entries that fire a rule get a story text: a story no rule fired has
// no alert for another feed's copy to join, and reading the text of every
// entry (most match nothing) would double the cost of a cold cycle.
void FeedProcessor::match(Prepared& prepared, state::UnixSeconds now) {
  std::vector<bool> in_scope = rules_in_scope(rules_, prepared.identity);
  for (EntryRecord& record : prepared.records) {
    if (record.change != EntryChange::kUnchanged) {
      ++prepared.statistics.entries_matched;
      bool may_alert = should_match(record.change, *record.entry, prepared.first_fetch, now);
      match_one(record, prepared.identity, in_scope, may_alert, prepared.statistics);
    }
    std::set<std::string> matched = record.matched_before;
    for (const RuleHit& hit : record.hits) matched.insert(rules_[hit.rule_index].name);
    record.mark.matched_rules = format_matched_rules(matched);
    if (record.change == EntryChange::kNew && record.fires()) record.text = story_text_of(*record.entry);
  }
}

// Exclude is applied by rules::match_entry itself; scope is ours. SPEC §6:
// an edit fires only the rules the entry did not match before.
void FeedProcessor::match_one(EntryRecord& record, const FeedIdentity& feed, const std::vector<bool>& in_scope,
                              bool may_alert, ProcessingStatistics& statistics) {
  std::vector<std::string_view> feed_names = feed.names();
  rules::EntryText text = matching::entry_text_of(*record.entry, feed_names);
  for (rules::RuleMatch& match : rules::match_entry(compiled_, text, scratch_)) {
    if (!in_scope[match.rule_index]) continue;
    ++statistics.matches_per_rule[match.rule_name];
    bool fires = may_alert && !record.matched_before.contains(match.rule_name);
    record.hits.push_back(RuleHit{match.rule_index, std::move(match.matched_terms), fires});
  }
}

state::Status FeedProcessor::decide(Prepared& prepared, state::FetchCommit& commit, bool writing) {
  state::Status resolved = resolve_stories(prepared, commit, writing);
  if (!resolved.ok()) return resolved;
  return queue_alerts(prepared, commit);
}

// A known entry keeps the story it was first resolved to (mark_to_commit).
// A dry run merges no stories: it writes nothing.
state::Status FeedProcessor::resolve_stories(Prepared& prepared, state::FetchCommit& commit, bool writing) {
  for (EntryRecord& record : prepared.records) {
    if (record.change != EntryChange::kNew) continue;
    const StoryText* text = record.text ? &*record.text : nullptr;
    std::vector<std::int64_t> keys = text ? story_index_keys(*text) : std::vector<std::int64_t>();
    auto story = resolve_story(store_.sightings(), story_policy_, commit.feed_url, record.own_key, text, keys,
                               commit.now);
    if (!story.ok()) return story.status();
    record.story = std::move(story).value();
    for (const StoryMerge& merge : writing ? record.story->merges : std::vector<StoryMerge>()) {
      state::Status merged = merge_stories(prepared, commit, *record.story, merge);
      if (!merged.ok()) return merged;
    }
    record.mark.story_key = record.story->story_key;
    std::string encoded = text && text->has_body() ? encode_story_text(*text) : std::string();
    commit.sightings.push_back(state::StorySighting{record.mark.entry_key, record.own_key, record.story->story_key,
                                                    record.story->story_since, std::move(encoded),
                                                    std::move(keys)});
  }
  return state::Status();
}

// Stored sightings, marks and alerts of the merged story, and this body's
// entries already resolved to it, become the surviving story's.
state::Status FeedProcessor::merge_stories(Prepared& prepared, state::FetchCommit& commit,
                                           const ResolvedStory& story, const StoryMerge& merge) {
  state::Status merged = store_.merge_stories(merge.from, story.story_key, story.story_since, merge.similarity);
  if (!merged.ok()) return merged;
  for (EntryRecord& record : prepared.records) {
    if (record.story && record.story->story_key == merge.from) {
      record.story->story_key = story.story_key;
      record.story->story_since = story.story_since;
      record.mark.story_key = story.story_key;
    }
  }
  for (state::StorySighting& sighting : commit.sightings) {
    if (sighting.story_key != merge.from) continue;
    sighting.story_key = story.story_key;
    sighting.story_since = story.story_since;
  }
  return state::Status();
}

// SPEC §6 "nothing twice": a (rule, story) that ever fired — from this feed
// or another, before a restart, a re-ordering or a dropped-and-re-added item —
// does not fire again, and joining a group or digest counts as firing.
state::Status FeedProcessor::queue_alerts(const Prepared& prepared, state::FetchCommit& commit) {
  for (const AlertCandidate& candidate : firing_candidates(prepared.records)) {
    state::Status queued = queue_alert(prepared, candidate, commit);
    if (!queued.ok()) return queued;
  }
  return state::Status();
}

// An alert (delivered after dedupe.hold), or a group member for a `group` or
// `digest` rule, unless the (rule, story) fired already.
state::Status FeedProcessor::queue_alert(const Prepared& prepared, const AlertCandidate& candidate,
                                         state::FetchCommit& commit) {
  const EntryRecord& record = prepared.records[candidate.entry_index];
  state::Result<bool> fired = join_existing(record, candidate, commit);
  if (!fired.ok() || fired.value()) return fired.status();
  const rules::Rule& rule = rules_[candidate.rule_index];
  if (is_grouped(rule)) {
    commit.group_members.push_back(build_group_member(candidate, rule, *record.entry, prepared.identity, commit.now));
    return state::Status();
  }
  state::NewAlert alert = build_alert(candidate, rule, *record.entry, prepared.identity, commit.now);
  alert.deliver_at = commit.now + (story_policy_.across_feeds ? story_policy_.hold_seconds : 0);
  commit.alerts.push_back(std::move(alert));
  return state::Status();
}

// Whether the (rule, story) has an alert or a group member already. A new
// entry that is a copy of that story is kept with the alert
// (Outbox::add_copy), or with the member while its group is open.
state::Result<bool> FeedProcessor::join_existing(const EntryRecord& record, const AlertCandidate& candidate,
                                                 state::FetchCommit& commit) {
  const std::string& rule = rules_[candidate.rule_index].name;
  bool is_new = record.change == EntryChange::kNew;
  auto existing = store_.outbox().alert_for(rule, candidate.story_key);  // after a merge, another story's id
  if (!existing.ok()) return existing.status();
  if (existing.value()) {
    if (is_new) {
      commit.copies.push_back(state::AlertCopy{*existing.value(), commit.feed_url,
                                               record.mark.entry_key, record.entry->link, record.story->joined_by,
                                               record.story->similarity, commit.now});
    }
    return true;
  }
  auto grouped = store_.groups().is_member(rule, candidate.story_key);
  if (!grouped.ok()) return grouped.status();
  if (grouped.value() && is_new) {
    commit.group_also_in.push_back(state::GroupAlsoIn{rule, candidate.story_key, commit.feed_url, record.entry->link});
  }
  return grouped.value();
}

}  // namespace feedwatch::pipeline
