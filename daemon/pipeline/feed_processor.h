// FeedProcessor: the step between "a feed body was fetched" and "the state
// store committed it" (SPEC §5, §6). Each entry of the body travels as one
// EntryRecord: parse, classify against its seen mark (new, edited,
// unchanged; the first-fetch policy), match; then, inside the write
// transaction the processor opens, resolve each new entry's story, ask the
// store whether its rules already fired for that story, and write the marks,
// alerts, copies and group members in that same transaction. One per worker
// thread: it borrows the shared read-only rules, and that thread's own
// MatchScratch and StateStore connection. Not thread-safe.
#pragma once

#include <cstddef>
#include <map>
#include <optional>
#include <string>
#include <variant>
#include <vector>

#include "daemon/config/config.h"
#include "daemon/pipeline/alert.h"
#include "daemon/pipeline/classify.h"
#include "daemon/pipeline/story.h"
#include "daemon/state/state_store.h"
#include "feed/feed.h"
#include "feed/feed_parser.h"
#include "rules/matcher.h"
#include "rules/rule_file.h"

namespace feedwatch::pipeline {

// What the caller knows about the fetch, passed through to the commit.
struct FetchFacts {
  state::FetchValidators validators;  // as received with this body
  state::UnixSeconds now = 0;
  state::UnixSeconds next_due = 0;
};

// For metrics and logs.
struct ProcessingStatistics {
  std::size_t entries_parsed = 0;  // in the body, repeated ids included
  std::size_t new_entries = 0;
  std::size_t edited_entries = 0;
  std::size_t unchanged_entries = 0;
  std::size_t entries_matched = 0;  // run through the rule engine
  std::map<std::string, std::size_t> matches_per_rule;  // in scope, before "already fired"
  std::size_t alerts = 0;
  std::size_t group_members = 0;  // matches of group/digest rules that joined a group
  bool first_fetch = false;
};

struct ProcessedFeed {
  state::FetchCommit commit;  // every entry of the body, and the alerts they fire
  ProcessingStatistics statistics;
  std::vector<std::string> parse_errors;  // damage the parser got past (feed::Feed::errors)
};

struct ProcessingFailure {
  enum class Kind {
    kNotAFeed,    // the body is no feed, or too costly to read: record it as the feed's fetch failure
    kStateError,  // the state database failed: not the feed's fault; retry later
  };
  Kind kind = Kind::kNotAFeed;
  std::string feed_url;
  std::string message;  // starts with the feed URL
};

using ProcessingOutcome = std::variant<ProcessedFeed, ProcessingFailure>;

// The feed parser's limits with what the configuration sets (fetch.max_entries).
feed::ParseLimits parse_limits_of(const config::FetchSettings& fetch);

class FeedProcessor {
 public:
  // REQUIRES: `compiled` was compiled from `rules` (same order), `scratch`
  // was made for `compiled`; all four outlive the processor.
  FeedProcessor(const std::vector<rules::Rule>& rules, const rules::CompiledRuleSet& compiled,
                config::FirstFetchPolicy first_fetch, rules::MatchScratch& scratch, state::StateStore& store,
                StoryPolicy story_policy = {}, feed::ParseLimits parse_limits = {});

  // Parses `document` (within the parse limits) and works out what to
  // commit; reads the store (feed state, seen marks, fired alerts) but
  // writes nothing. A body that is no feed, or that the limits refuse,
  // gives a kNotAFeed failure naming `feed.url`.
  ProcessingOutcome process(const config::FeedConfig& feed, const feed::Document& document,
                            const FetchFacts& facts);

  // The same for a feed the caller has already parsed.
  ProcessingOutcome process_parsed(const config::FeedConfig& feed, const feed::Feed& parsed,
                                   const FetchFacts& facts);

  // Parses and matches, then opens the write transaction (BEGIN IMMEDIATE)
  // and decides stories, "already fired" and copies inside it before
  // writing, so two workers committing the same story at once give one
  // alert. A failed commit is a kStateError and stores nothing.
  ProcessingOutcome process_and_commit(const config::FeedConfig& feed, const feed::Document& document,
                                       const FetchFacts& facts);

 private:
  struct EntryRecord;
  struct Prepared;

  ProcessingOutcome process_document(const config::FeedConfig& feed, const feed::Document& document,
                                     const FetchFacts& facts, bool commit);
  ProcessingOutcome process_feed(const config::FeedConfig& feed, const feed::Feed& parsed, const FetchFacts& facts,
                                 bool commit);
  state::Result<Prepared> prepare(const config::FeedConfig& feed, const feed::Feed& parsed,
                                  const FetchFacts& facts);
  state::Result<std::vector<EntryRecord>> classify(const std::string& feed_url, const feed::Feed& parsed);
  void match(Prepared& prepared, state::UnixSeconds now);
  void match_one(EntryRecord& record, const FeedIdentity& feed, const std::vector<bool>& in_scope, bool may_alert,
                 ProcessingStatistics& statistics);
  state::Status decide(Prepared& prepared, state::FetchCommit& commit, bool writing);
  state::Status resolve_stories(Prepared& prepared, state::FetchCommit& commit, bool writing);
  state::Status merge_stories(Prepared& prepared, state::FetchCommit& commit, const ResolvedStory& story,
                              const StoryMerge& merge);
  state::Status queue_alerts(const Prepared& prepared, state::FetchCommit& commit);
  state::Status queue_alert(const Prepared& prepared, const AlertCandidate& candidate,
                            state::FetchCommit& commit);
  state::Result<bool> join_existing(const EntryRecord& record, const AlertCandidate& candidate,
                                    state::FetchCommit& commit);

  const std::vector<rules::Rule>& rules_;
  const rules::CompiledRuleSet& compiled_;
  config::FirstFetchPolicy first_fetch_policy_;
  rules::MatchScratch& scratch_;
  state::StateStore& store_;
  StoryPolicy story_policy_;
  feed::ParseLimits parse_limits_;
};

}  // namespace feedwatch::pipeline
