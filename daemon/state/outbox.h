// Outbox: the alerts the daemon has decided to send and one delivery row per
// (alert, notifier), so delivery is at least once across restarts and a
// re-queued alert is never sent twice to a notifier that already has it.
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

struct NewAlert {
  std::string alert_id;   // stable for (rule, story): SPEC §5's idempotency key
  std::string rule;
  std::string story_key;  // for grouped/digest alerts: the group's key
  std::string payload_json;
  std::vector<std::string> notifiers;  // one delivery row each
  // dedupe.hold: the deliveries wait until then for copies from other feeds
  // to join `also_in`; 0 (or a past time) means at once.
  UnixSeconds deliver_at = 0;
};

// How a later sighting was judged to be an alert's story.
enum class JoinedBy { kLink, kText };

std::string_view to_string(JoinedBy joined_by);

// A later sighting of an alert's story in another feed (SPEC §5 `also_in`),
// kept with the alert whether or not it was delivered yet.
struct AlertCopy {
  std::string alert_id;
  std::string feed;                 // the other feed's URL
  std::string entry_key;            // the entry's id in that feed
  std::optional<std::string> link;  // that feed's link for the story; null when it has none
  JoinedBy joined_by = JoinedBy::kLink;  // the same canonical link (else id), or the text
  std::optional<double> similarity;      // for kText: how alike the bodies are, in [0, 1]
  UnixSeconds seen_at = 0;
};

enum class DeliveryState { kPending, kDelivered, kFailed };

std::string_view to_string(DeliveryState state);

// A delivery to attempt now.
struct DueDelivery {
  std::string alert_id;
  std::string notifier;
  std::string payload_json;
  int attempts = 0;           // attempts made so far
  UnixSeconds queued_at = 0;  // when queued or last requeued: give_up_after counts from here
};

struct DeliveryStatus {
  std::string notifier;
  DeliveryState state = DeliveryState::kPending;
  int attempts = 0;
  UnixSeconds next_attempt_at = 0;
  std::optional<std::string> last_error;
  std::optional<UnixSeconds> delivered_at;
};

struct AlertRecord {
  std::string alert_id;
  std::string rule;
  std::string story_key;
  std::string payload_json;
  UnixSeconds created_at = 0;
  std::vector<DeliveryStatus> deliveries;  // by notifier name
  std::vector<AlertCopy> copies;           // later sightings, in the order seen
};

struct DeliveryCount {
  std::string notifier;
  DeliveryState state = DeliveryState::kPending;
  std::int64_t count = 0;
};

class Outbox {
 public:
  explicit Outbox(Connection& connection) : connection_(&connection) {}

  // Stores the alert and a pending delivery per notifier, due at `now`.
  // Idempotent: an alert id already stored for the same rule and story, or a
  // delivery row that exists, is left as it is. Fails with kConflict when the
  // id, or the (rule, story), is stored for something else. Call it inside
  // the transaction that records the entry as seen (StateStore does).
  Status enqueue(const NewAlert& alert, UnixSeconds now);

  // Pending deliveries whose next attempt is due, oldest due first.
  Result<std::vector<DueDelivery>> due(UnixSeconds now, int limit);
  // When the earliest pending delivery is due, to set a timer; nullopt if none.
  Result<std::optional<UnixSeconds>> next_attempt_at();

  // Outcomes of an attempt on a pending delivery; each counts the attempt.
  // kNotFound when there is no such pending delivery.
  Status mark_delivered(std::string_view alert_id, std::string_view notifier, UnixSeconds now);
  Status mark_attempt_failed(std::string_view alert_id, std::string_view notifier,
                             std::string_view error, UnixSeconds now,
                             UnixSeconds next_attempt_at);
  // Gives up: a permanent error, or give_up_after has passed.
  Status mark_failed(std::string_view alert_id, std::string_view notifier,
                     std::string_view error, UnixSeconds now);

  // Failed deliveries back to pending, due now, with a fresh attempt count.
  // Returns how many were requeued (0: none of the alert's deliveries failed).
  Result<std::int64_t> requeue(std::string_view alert_id, UnixSeconds now);
  Result<std::int64_t> requeue_all_failed(UnixSeconds now);

  // The newest `limit` alerts (only those with a failed delivery if
  // `only_failed`), newest first, each with its deliveries.
  Result<std::vector<AlertRecord>> list(int limit, bool only_failed);
  // Deliveries per notifier and state, for `status` and /metrics.
  Result<std::vector<DeliveryCount>> counts();

  // Whether an alert was ever stored for this rule and story ("nothing twice").
  Result<bool> alert_exists(std::string_view rule, std::string_view story_key);
  // The id of the alert stored for this rule and story, if any (after a merge
  // it may derive from the other story).
  Result<std::optional<std::string>> alert_for(std::string_view rule, std::string_view story_key);
  // Stories `from` and `into` turned out to be one (StateStore::merge_stories).
  // Each alert of `from` moves to `into`. Where `into` has one of the same
  // rule the two become one: the one delivered somewhere stays (else
  // `into`'s), the other's own entry and copies become its copies, joined by
  // text with `similarity`, and the other is deleted before it is sent. Two
  // alerts both delivered stay as they are: that second alert is out.
  Status merge_story(std::string_view from, std::string_view into, double similarity);

  // Records a later sighting of the alert's story (ignored for the alert's
  // own feed, or an entry already recorded) and, while some delivery of the
  // alert is pending, appends {"feed", "link"} to the stored payload's
  // `also_in` so the deliveries still to come carry it (once per feed); once
  // all are delivered or failed the payload stays as sent. Returns whether
  // the payload changed.
  Result<bool> add_copy(const AlertCopy& copy);
  // The recorded later sightings of one alert, in the order seen.
  Result<std::vector<AlertCopy>> copies_of(std::string_view alert_id);

  // Forgets alerts created before `older_than` that have nothing pending.
  // After this the (rule, story) may fire again, so keep it longer than the
  // dedupe window. Returns how many alerts were forgotten.
  Result<std::int64_t> prune(UnixSeconds older_than);

 private:
  struct StoryAlert {
    std::string alert_id;
    std::string rule;
    bool delivered = false;  // to some notifier
  };
  Result<std::vector<StoryAlert>> alerts_of_story(std::string_view story_key);
  Status fold_alert(const StoryAlert& other, const StoryAlert& keep, double similarity);
  Status insert_alert(const NewAlert& alert, UnixSeconds now);
  Status check_same_alert(const NewAlert& alert);
  Status require_one_changed(const Status& updated, std::string_view alert_id,
                             std::string_view notifier);

  Connection* connection_;
};

}  // namespace feedwatch::state
