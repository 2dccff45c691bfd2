// The parts of a SPEC §5 alert payload that chat messages and e-mails show,
// read back from the stored JSON: one alert ("entry") or a grouped/digest one
// ("entries": [...]) look the same here, a list of entries. Pure.
#pragma once

#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace feedwatch::notify {

// Every text field is "" when the payload lacks it or it is not a string:
// alerts from older or newer versions may lack fields or add others.
struct AlertEntryView {
  std::string title;
  std::string link;
  std::string summary;
  std::string published;  // RFC 3339
  std::string author;
  std::vector<std::string> categories;
  std::string feed;  // the entry's own feed title/url in a group, else ""
};

// Another feed that carried the same story ("also_in").
struct AlertSighting {
  std::string feed;
  std::string link;
};

struct AlertView {
  std::string alert_id;
  std::string rule;
  std::string severity;  // as stated; formats that need one default it
  std::vector<std::string> matched;
  std::string feed_name;   // the feed's title, else its URL (or the feed as a bare string)
  std::string feed_title;  // the feed's stated title only
  std::string feed_url;
  std::vector<AlertEntryView> entries;  // one for a single alert; none if the payload has none
  bool grouped = false;                 // the payload carried "entries"
  std::vector<AlertSighting> also_in;
  std::string detected_at;
};

// nullopt with `*error` set when `payload_json` is not a JSON object. A
// payload with neither "entry" nor "entries" reads as no entries: each
// caller decides whether it can show that.
std::optional<AlertView> read_alert_view(std::string_view payload_json, std::string* error);

// "Title", else the link, else "(untitled entry)".
std::string display_title(const AlertEntryView& entry);

}  // namespace feedwatch::notify
