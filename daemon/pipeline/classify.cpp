#include "daemon/pipeline/classify.h"

#include <openssl/evp.h>

#include <algorithm>
#include <array>
#include <cassert>
#include <chrono>

#include "daemon/pipeline/canonical_url.h"

namespace feedwatch::pipeline {

// --- what an entry is: its mark --------------------------------------------

namespace {

// Between fields, so that text moving from the title into the summary still
// changes the hash. U+001F never appears in the parser's plain text.
constexpr char kFieldSeparator = '\x1f';

bool is_ascii_space(unsigned char c) { return c == ' ' || (c >= '\t' && c <= '\r'); }

// The length in bytes of the white-space character at `at`, or 0.
// Multi-byte: U+00A0, U+2000..U+200B, U+202F, U+205F, U+3000, U+FEFF.
std::size_t whitespace_length(std::string_view text, std::size_t at) {
  auto byte = [&](std::size_t offset) {
    return at + offset < text.size() ? static_cast<unsigned char>(text[at + offset]) : 0;
  };
  if (is_ascii_space(byte(0))) return 1;
  if (byte(0) == 0xC2 && byte(1) == 0xA0) return 2;
  if (byte(0) == 0xE2 && byte(1) == 0x80) return (byte(2) >= 0x80 && byte(2) <= 0x8B) || byte(2) == 0xAF ? 3 : 0;
  if (byte(0) == 0xE2 && byte(1) == 0x81 && byte(2) == 0x9F) return 3;
  if (byte(0) == 0xE3 && byte(1) == 0x80 && byte(2) == 0x80) return 3;
  if (byte(0) == 0xEF && byte(1) == 0xBB && byte(2) == 0xBF) return 3;
  return 0;
}

void append_field(std::string& out, const std::optional<std::string>& field) {
  if (field) out += collapse_whitespace(*field);
  out += kFieldSeparator;
}

}  // namespace

std::string sha256_hex(std::string_view data) {
  std::array<unsigned char, EVP_MAX_MD_SIZE> digest{};
  unsigned int length = 0;
  int succeeded = EVP_Digest(data.data(), data.size(), digest.data(), &length, EVP_sha256(), nullptr);
  assert(succeeded == 1 && length == 32);  // fails only without memory or a broken OpenSSL
  (void)succeeded;
  constexpr std::string_view kHexDigits = "0123456789abcdef";
  std::string hex;
  hex.reserve(length * 2);
  for (unsigned int i = 0; i < length; ++i) {
    hex += kHexDigits[digest[i] >> 4];
    hex += kHexDigits[digest[i] & 0x0F];
  }
  return hex;
}

std::string collapse_whitespace(std::string_view text) {
  std::string collapsed;
  collapsed.reserve(text.size());
  bool pending_space = false;
  for (std::size_t at = 0; at < text.size();) {
    std::size_t space = whitespace_length(text, at);
    if (space > 0) {
      pending_space = !collapsed.empty();
      at += space;
      continue;
    }
    if (pending_space) collapsed += ' ';
    pending_space = false;
    collapsed += text[at++];
  }
  return collapsed;
}

std::string content_hash_of(const feed::Entry& entry) {
  std::string text;
  append_field(text, entry.title);
  append_field(text, entry.summary);
  append_field(text, entry.content);
  return sha256_hex(text);
}

std::string story_key_of(const feed::Entry& entry) {
  if (entry.link) {
    std::string canonical = canonical_url(*entry.link);
    if (!canonical.empty()) return canonical;
  }
  return entry.id;
}

state::EntryMark entry_mark_of(const feed::Entry& entry) {
  return state::EntryMark{entry.id, content_hash_of(entry), story_key_of(entry), {}};
}

// --- whether it changed ----------------------------------------------------

EntryChange classify_entry(const state::EntryMark& mark, const std::optional<state::SeenMark>& seen) {
  if (!seen) return EntryChange::kNew;
  return seen->content_hash == mark.content_hash ? EntryChange::kUnchanged : EntryChange::kEdited;
}

state::EntryMark mark_to_commit(state::EntryMark mark, const std::optional<state::SeenMark>& seen) {
  if (seen && !seen->story_key.empty()) mark.story_key = seen->story_key;
  return mark;
}

std::set<std::string> parse_matched_rules(std::string_view stored) {
  std::set<std::string> names;
  while (!stored.empty()) {
    std::size_t end = stored.find('\n');
    std::string_view name = stored.substr(0, end);
    if (!name.empty()) names.emplace(name);
    if (end == std::string_view::npos) break;
    stored.remove_prefix(end + 1);
  }
  return names;
}

std::string format_matched_rules(const std::set<std::string>& names) {
  std::string stored;
  for (const std::string& name : names) stored += (stored.empty() ? "" : "\n") + name;
  return stored;
}

// --- who its feed is, and which rules may fire for it ----------------------

namespace {

constexpr std::string_view kTagPrefix = "tag:";

char lower(char c) { return c >= 'A' && c <= 'Z' ? static_cast<char>(c - 'A' + 'a') : c; }

bool equal_ignoring_case(std::string_view a, std::string_view b) {
  return std::ranges::equal(a, b, [](char x, char y) { return lower(x) == lower(y); });
}

bool has_tag(const FeedIdentity& feed, std::string_view tag) {
  return std::ranges::any_of(feed.tags, [&](const std::string& own) { return equal_ignoring_case(own, tag); });
}

bool has_name(const FeedIdentity& feed, std::string_view name) {
  return std::ranges::any_of(feed.names(), [&](std::string_view own) { return equal_ignoring_case(own, name); });
}

bool is_feed_url(const FeedIdentity& feed, std::string_view url) {
  return url == feed.url || canonical_url(url) == canonical_url(feed.url);
}

bool item_includes(std::string_view item, const FeedIdentity& feed) {
  if (item.starts_with(kTagPrefix)) return has_tag(feed, item.substr(kTagPrefix.size()));
  return has_name(feed, item) || is_feed_url(feed, item);
}

}  // namespace

std::optional<std::string> FeedIdentity::display_title() const {
  return configured_name ? configured_name : own_title;
}

std::vector<std::string_view> FeedIdentity::names() const {
  std::vector<std::string_view> result;
  if (configured_name) result.push_back(*configured_name);
  if (own_title && own_title != configured_name) result.push_back(*own_title);
  return result;
}

FeedIdentity identity_of(const config::FeedConfig& feed, const std::optional<std::string>& own_title) {
  return FeedIdentity{feed.url, feed.name, own_title, feed.tags};
}

bool scope_includes(std::span<const std::string> scope, const FeedIdentity& feed) {
  if (scope.empty()) return true;
  return std::ranges::any_of(scope, [&](const std::string& item) { return item_includes(item, feed); });
}

std::vector<bool> rules_in_scope(std::span<const rules::Rule> rules, const FeedIdentity& feed) {
  std::vector<bool> in_scope;
  in_scope.reserve(rules.size());
  for (const rules::Rule& rule : rules) in_scope.push_back(scope_includes(rule.feeds, feed));
  return in_scope;
}

// --- whether it may alert: the first-fetch policy --------------------------

namespace {

bool is_recent(const feed::Entry& entry, std::chrono::milliseconds window, state::UnixSeconds now) {
  std::optional<feed::UnixSeconds> date = entry.published ? entry.published : entry.updated;
  if (!date) return false;
  auto window_seconds = std::chrono::duration_cast<std::chrono::seconds>(window).count();
  return *date >= now - window_seconds;
}

}  // namespace

bool alerts_on_first_fetch(const config::FirstFetchPolicy& policy, const feed::Entry& entry,
                           state::UnixSeconds now) {
  using Mode = config::FirstFetchPolicy::Mode;
  switch (policy.mode) {
    case Mode::mark_seen: return false;
    case Mode::recent: return is_recent(entry, policy.recent_window, now);
    case Mode::all: return true;
  }
  return false;
}

bool should_match(EntryChange change, const feed::Entry& entry, const FirstFetch& first_fetch,
                  state::UnixSeconds now) {
  switch (change) {
    case EntryChange::kUnchanged: return false;
    case EntryChange::kEdited: return true;
    case EntryChange::kNew: return !first_fetch.is_first || alerts_on_first_fetch(first_fetch.policy, entry, now);
  }
  return false;
}

}  // namespace feedwatch::pipeline
