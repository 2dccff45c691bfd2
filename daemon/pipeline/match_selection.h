// Decides which entries of a fetched body go to the rule engine: new and
// edited ones, except that on a feed's first fetch `fetch.first_fetch`
// (SPEC §2, §6 "no flood") decides for new ones. Pure; thread-safe.
#pragma once

#include "daemon/config/config.h"
#include "daemon/pipeline/entry_changes.h"
#include "daemon/state/unix_time.h"
#include "feed/feed.h"

namespace feedwatch::pipeline {

struct FirstFetch {
  bool is_first = false;  // the feed has never completed a fetch
  config::FirstFetchPolicy policy;
};

// Whether a new entry on a feed's first fetch may alert: never for
// mark-seen; for recent:<window>, when published (else updated) at or after
// now - window (a date in the future counts as recent), undated entries
// counting as old; always for all.
bool alerts_on_first_fetch(const config::FirstFetchPolicy& policy, const feed::Entry& entry,
                           state::UnixSeconds now);

// Unchanged entries never; edited ones always (SPEC §6: entries marked seen
// on a first fetch included); new ones unless the first-fetch policy holds
// them back.
bool should_match(EntryChange change, const feed::Entry& entry, const FirstFetch& first_fetch,
                  state::UnixSeconds now);

}  // namespace feedwatch::pipeline
