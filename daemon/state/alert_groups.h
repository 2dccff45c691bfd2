// AlertGroups: the matches of `group` and `digest` rules (SPEC §3) waiting
// for their window or digest instant to close, and the record of which
// (rule, story) joined one, so such a story counts as fired ("nothing twice").
// Borrows the store's Connection; used on the store's thread only.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "daemon/state/sqlite_connection.h"
#include "daemon/state/status.h"
#include "daemon/state/unix_time.h"

namespace feedwatch::state {

enum class GroupKind {
  kWindow,  // `group: 10m`: the first match opens a window of that length
  kDigest,  // `digest: ...`: matches wait for the next scheduled instant
};

std::string_view to_string(GroupKind kind);

// One (rule, story) match of a group or digest rule, as committed.
struct NewGroupMember {
  std::string rule;
  std::string story_key;
  GroupKind kind = GroupKind::kWindow;
  // kWindow: the window's length (at least 1 s). kDigest: the instant the
  // digest closes (the first scheduled one after joined_at), and the one
  // after it, used when the first has already closed while this match was
  // being processed.
  UnixSeconds window_seconds = 0;
  UnixSeconds digest_at = 0;
  UnixSeconds next_digest_at = 0;
  std::string entry_json;    // SPEC §5 "entry" object
  std::string feed_json;     // {"url", "title"}
  std::string matched_json;  // array of the terms as written in the query
  // The rule's severity name and notify list as of this match: used when
  // the rule is gone from the configuration by the time the group closes.
  std::string severity;
  std::vector<std::string> notifiers;
  UnixSeconds joined_at = 0;
};

// A later sighting, in another feed, of a story that joined a group.
struct GroupAlsoIn {
  std::string rule;
  std::string story_key;
  std::string feed;                 // the other feed's URL
  std::optional<std::string> link;  // that feed's link for the story
};

struct GroupMember {
  std::string story_key;
  std::string entry_json;
  std::string feed_json;
  std::string matched_json;
  UnixSeconds joined_at = 0;
};

// An open group, for `feedwatch status`.
struct OpenGroup {
  std::string rule;
  GroupKind kind = GroupKind::kWindow;
  UnixSeconds opened_at = 0;
  UnixSeconds closes_at = 0;
  std::int64_t member_count = 0;
};

// A group whose closing instant has come, ready to become one alert.
struct DueGroup {
  std::int64_t group_id = 0;
  std::string rule;
  GroupKind kind = GroupKind::kWindow;
  UnixSeconds opened_at = 0;  // the first member's joined_at
  UnixSeconds closes_at = 0;
  std::string severity;
  std::vector<std::string> notifiers;
  std::vector<GroupMember> members;      // the first `member_limit` by joined_at
  std::int64_t member_count = 0;         // all of them
  std::vector<std::string> matched;      // every member's terms, in order of first use
};

class AlertGroups {
 public:
  explicit AlertGroups(Connection& connection) : connection_(&connection) {}

  // Adds the member to its rule's open group: for a window, the open window
  // whose end is after joined_at, else a new window opened at joined_at; for
  // a digest, the open group closing at digest_at (else next_digest_at).
  // A (rule, story) that is already a member is left as it is (returns
  // false). REQUIRES: inside the caller's write transaction.
  Result<bool> join(const NewGroupMember& member);

  // Whether this (rule, story) ever joined a group, closed or not.
  Result<bool> is_member(std::string_view rule, std::string_view story_key);

  // A later sighting of a member's story in another feed: adds {feed, link}
  // to the member entry's "also_in" while its group is open; true if added
  // (false: the group has closed, the feed is the member's own, or it is
  // listed already). REQUIRES: inside the caller's write transaction.
  Result<bool> add_also_in(std::string_view rule, std::string_view story_key, std::string_view feed_url,
                           const std::optional<std::string>& link);

  // Every open group, the soonest to close first.
  Result<std::vector<OpenGroup>> open_groups();

  // When the earliest open group closes, to set a timer; nullopt if none.
  Result<std::optional<UnixSeconds>> next_close_at();

  // Open groups closing at or before `now`, earliest first.
  Result<std::vector<DueGroup>> due(UnixSeconds now, int member_limit);

  // Records that the group became `alert_id`; its members stay, as the
  // record that their stories fired. REQUIRES: inside a write transaction.
  Status mark_closed(std::int64_t group_id, std::string_view alert_id);

  // Forgets closed groups (and their members) that closed before
  // `older_than`; keep it as long as the alerts (SPEC `retention`).
  Result<std::int64_t> prune(UnixSeconds older_than);

 private:
  Result<std::optional<std::int64_t>> open_window(const NewGroupMember& member);
  Result<std::optional<std::int64_t>> open_digest(const NewGroupMember& member, UnixSeconds closes_at);
  Result<std::int64_t> group_for(const NewGroupMember& member);
  Result<std::int64_t> create_group(const NewGroupMember& member, UnixSeconds closes_at);
  Status read_members(DueGroup& group, int member_limit);

  Connection* connection_;
};

}  // namespace feedwatch::state
