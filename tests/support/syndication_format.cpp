// The corpus as the outside sees it: the names of its kinds, its feeds as
// RSS 2.0, and the canonical link SPEC §6 defines, written from the spec
// rather than from the daemon so that the two can disagree.
#include <algorithm>
#include <cctype>
#include <ctime>
#include <sstream>

#include "tests/support/syndication_corpus.h"

namespace feedwatch::testing::syndication {
namespace {

std::string xml_escaped(std::string_view text) {
  std::string escaped;
  for (char c : text) {
    switch (c) {
      case '&':
        escaped += "&amp;";
        break;
      case '<':
        escaped += "&lt;";
        break;
      case '>':
        escaped += "&gt;";
        break;
      case '"':
        escaped += "&quot;";
        break;
      default:
        escaped += c;
    }
  }
  return escaped;
}

// HTML paragraphs inside CDATA; a "]]>" in the text would end the section
// early, so it is split across two.
std::string content_cdata(const std::vector<std::string>& paragraphs) {
  std::string html;
  for (const auto& paragraph : paragraphs) html += "<p>" + xml_escaped(paragraph) + "</p>";
  std::string safe;
  for (std::size_t at = 0; at < html.size(); ++at) {
    if (html.compare(at, 3, "]]>") == 0) {
      safe += "]]]]><![CDATA[>";
      at += 2;
    } else {
      safe += html[at];
    }
  }
  return "<![CDATA[" + safe + "]]>";
}

std::string rfc822(std::chrono::sys_seconds time) {
  std::time_t seconds = std::chrono::system_clock::to_time_t(time);
  std::tm utc{};
  gmtime_r(&seconds, &utc);
  char text[64];
  std::strftime(text, sizeof text, "%a, %d %b %Y %H:%M:%S GMT", &utc);
  return text;
}

void write_item(std::ostringstream& out, const CorpusItem& item) {
  out << "<item><title>" << xml_escaped(item.title) << "</title>"
      << "<link>" << xml_escaped(item.link) << "</link>"
      << "<guid isPermaLink=\"false\">" << xml_escaped(item.guid) << "</guid>"
      << "<pubDate>" << rfc822(item.published) << "</pubDate>";
  for (const auto& category : item.categories) out << "<category>" << xml_escaped(category) << "</category>";
  out << "<description>" << xml_escaped(item.summary) << "</description>";
  if (!item.content.empty()) out << "<content:encoded>" << content_cdata(item.content) << "</content:encoded>";
  out << "</item>\n";
}

std::string lower(std::string_view text) {
  std::string lowered(text);
  for (char& c : lowered) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  return lowered;
}

// A query parameter that says where the reader came from, or that asks for
// the AMP page: neither names another article.
bool says_nothing(std::string_view parameter) {
  std::string name = lower(parameter.substr(0, parameter.find('=')));
  std::string value =
      parameter.find('=') == std::string_view::npos ? "" : lower(parameter.substr(parameter.find('=') + 1));
  static const std::vector<std::string> kTracking = {"fbclid", "gclid",  "dclid", "msclkid", "mc_cid",
                                                     "mc_eid", "igshid", "ref",   "ocid",    "cmpid"};
  if (name.starts_with("utm_") || std::find(kTracking.begin(), kTracking.end(), name) != kTracking.end()) return true;
  return name == "amp" || (name == "outputtype" && value == "amp");
}

std::string canonical_query(std::string_view query) {
  std::string kept;
  for (std::size_t start = 0; start <= query.size();) {
    std::size_t end = std::min(query.find('&', start), query.size());
    std::string_view parameter = query.substr(start, end - start);
    if (!parameter.empty() && !says_nothing(parameter)) kept += (kept.empty() ? "?" : "&") + std::string(parameter);
    start = end + 1;
  }
  return kept;
}

std::string canonical_path(std::string path) {
  auto drop_slashes = [&] {
    while (!path.empty() && path.back() == '/') path.pop_back();
  };
  drop_slashes();
  if (path.ends_with("/amp")) path.resize(path.size() - 4);
  drop_slashes();
  return path;
}

std::string canonical_authority(std::string_view authority) {
  std::string host = lower(authority);
  std::size_t colon = host.rfind(':');
  if (colon != std::string::npos && host.find(']', colon) == std::string::npos) {
    std::string port = host.substr(colon + 1);
    if (port.empty() || port == "80" || port == "443") host.resize(colon);
  }
  return host;
}

}  // namespace

const std::vector<KindInfo>& kind_table() {
  static const std::vector<KindInfo> table = {
      {Kind::kChineseStory, "chinese_story", "a story written in Chinese"},
      {Kind::kStoryWithContent, "story_with_content", "a story with a full text of several paragraphs"},
      {Kind::kSingleCopy, "single_copy", "a story only one feed carries"},
      {Kind::kNearMissNumber, "near_miss_number", "a story in a pair differing only in one number"},
      {Kind::kNearMissName, "near_miss_name", "a story in a pair differing only in one name"},
      {Kind::kLookalikeHeadline, "lookalike_headline",
       "a story in a pair of near-identical headlines over unrelated bodies"},
      {Kind::kTeaserLookalikePair, "teaser_lookalike", "a story in a look-alike pair whose copies include teasers"},
      {Kind::kLinkSame, "link_same", "a copy under the very link of another"},
      {Kind::kLinkOtherHost, "link_other_host", "a copy under its outlet's own URL"},
      {Kind::kLinkTracking, "link_tracking", "tracking parameters added"},
      {Kind::kLinkTrailingSlash, "link_trailing_slash", "a trailing slash added"},
      {Kind::kLinkFragment, "link_fragment", "a fragment added"},
      {Kind::kLinkHttp, "link_http", "http instead of https"},
      {Kind::kLinkAmp, "link_amp", "an AMP variant: /amp, ?amp=1 or ?outputType=amp"},
      {Kind::kLinkHostCase, "link_host_case", "the host in other case"},
      {Kind::kLinkDefaultPort, "link_default_port", "the scheme's default port written out"},
      {Kind::kTitleSame, "title_same", "the headline as first published"},
      {Kind::kTitleWordReplaced, "title_word_replaced", "one headline word replaced by a synonym"},
      {Kind::kTitlePunctuation, "title_punctuation", "headline punctuation changed"},
      {Kind::kTitleDeskPrefix, "title_desk_prefix", "a desk or wire label before the headline"},
      {Kind::kTitleSourceSuffix, "title_source_suffix", "a source credit after the headline"},
      {Kind::kTitleTrailingPeriod, "title_trailing_period", "a period after the headline"},
      {Kind::kTitleCase, "title_case", "the headline in title case"},
      {Kind::kTitleQuotes, "title_quotes", "quotes or apostrophes written otherwise"},
      {Kind::kSummarySame, "summary_same", "the summary as first published"},
      {Kind::kSummaryWordReplaced, "summary_word_replaced", "one summary word replaced by a synonym"},
      {Kind::kSummarySentenceAdded, "summary_sentence_added", "one more sentence of the story"},
      {Kind::kSummarySentenceDropped, "summary_sentence_dropped", "one sentence left out"},
      {Kind::kSummaryCutShort, "summary_cut_short", "the summary cut short with an ellipsis"},
      {Kind::kSummaryBoilerplate, "summary_boilerplate", "a teaser whose summary says nothing"},
      {Kind::kGuidKept, "guid_kept", "the first copy's guid"},
      {Kind::kGuidChanged, "guid_changed", "a guid of the carrying outlet's own"},
      {Kind::kCarriesContent, "carries_content", "an item with content:encoded"},
      {Kind::kWireUpdate, "wire_update", "content of an earlier copy plus new paragraphs"},
      {Kind::kOffTopic, "off_topic", "an item of no story, which the rule does not match"},
  };
  return table;
}

std::string_view kind_name(Kind kind) {
  for (const KindInfo& info : kind_table()) {
    if (info.kind == kind) return info.name;
  }
  return "unknown";
}

std::string rss(const CorpusFeed& feed, int up_to_wave) {
  std::ostringstream out;
  out << "<?xml version=\"1.0\" encoding=\"utf-8\"?>\n"
      << "<rss version=\"2.0\" xmlns:content=\"http://purl.org/rss/1.0/modules/content/\"><channel>\n"
      << "<title>" << xml_escaped(feed.title) << "</title><link>" << xml_escaped(feed.site) << "</link>"
      << "<description>" << xml_escaped(feed.title) << "</description>"
      << "<language>" << (feed.language == "zh" ? "zh-cn" : "en") << "</language>\n";
  for (const CorpusItem& item : feed.items) {
    if (item.wave <= up_to_wave) write_item(out, item);
  }
  out << "</channel></rss>\n";
  return out.str();
}

std::string contract_link(std::string_view link) {
  while (!link.empty() && std::isspace(static_cast<unsigned char>(link.front()))) link.remove_prefix(1);
  while (!link.empty() && std::isspace(static_cast<unsigned char>(link.back()))) link.remove_suffix(1);
  std::size_t scheme_end = link.find("://");
  if (scheme_end == std::string_view::npos) return std::string(link);
  std::string scheme = lower(link.substr(0, scheme_end));
  std::string_view rest = link.substr(scheme_end + 3);
  rest = rest.substr(0, rest.find('#'));
  std::size_t query_start = rest.find('?');
  std::string_view query = query_start == std::string_view::npos ? "" : rest.substr(query_start + 1);
  rest = rest.substr(0, query_start);
  std::size_t path_start = std::min(rest.find('/'), rest.size());
  // http and https name one article; other schemes stay apart.
  std::string prefix = scheme == "http" || scheme == "https" ? "//" : scheme + "://";
  return prefix + canonical_authority(rest.substr(0, path_start)) +
         canonical_path(std::string(rest.substr(path_start))) + canonical_query(query);
}

}  // namespace feedwatch::testing::syndication
