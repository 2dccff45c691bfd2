// The parts of a SPEC §5 alert payload that chat-style messages show, read
// back from the stored JSON: one alert ("entry") or a grouped/digest one
// ("entries": [...]) look the same here, a list of entries. Pure.
#pragma once

#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace feedwatch::notify {

struct AlertEntryView {
  std::string title;    // "" when the entry has none
  std::string link;     // "" when absent
  std::string summary;
  std::string published;  // RFC 3339 or ""
  std::string feed;     // the entry's own feed title/url in a group, else ""
};

struct AlertView {
  std::string alert_id;
  std::string rule;
  std::string severity = "medium";
  std::vector<std::string> matched;
  std::string feed_title;  // the feed's title, else its URL
  std::string feed_url;
  std::vector<AlertEntryView> entries;  // one for a single alert
  bool grouped = false;                 // the payload carried "entries"
  std::string detected_at;
};

// nullopt with `*error` set when `payload_json` is not a JSON object with an
// entry or entries.
std::optional<AlertView> read_alert_view(std::string_view payload_json, std::string* error);

// "Title", else the link, else "(untitled entry)".
std::string display_title(const AlertEntryView& entry);

}  // namespace feedwatch::notify
