// Canonical links as story keys: the same article reached through different
// spellings of its URL must give one key; different articles must not.
#include <catch2/catch.hpp>

#include "daemon/pipeline/canonical_url.h"

using feedwatch::pipeline::canonical_url;
using feedwatch::pipeline::is_tracking_parameter;

TEST_CASE("Canonical URLs drop utm parameters and keep the others in order", "[pipeline]") {
  CHECK(canonical_url("https://example.com/a?utm_source=rss&utm_medium=feed&UTM_Campaign=x") ==
        "https://example.com/a");
  CHECK(canonical_url("https://example.com/a?z=1&utm_source=rss&b=2&a=3") == "https://example.com/a?z=1&b=2&a=3");
}

TEST_CASE("Canonical URLs drop click ids and mailing list ids", "[pipeline]") {
  CHECK(canonical_url("https://example.com/a?fbclid=IwAR0x&id=7") == "https://example.com/a?id=7");
  CHECK(canonical_url("https://example.com/a?gclid=abc") == "https://example.com/a");
  CHECK(canonical_url("https://example.com/a?mc_cid=1&mc_eid=2&page=2") == "https://example.com/a?page=2");
}

TEST_CASE("Canonical URLs drop ref only when it names a feed", "[pipeline]") {
  CHECK(canonical_url("https://example.com/a?ref=rss") == "https://example.com/a");
  CHECK(canonical_url("https://example.com/a?ref=feedly&x=1") == "https://example.com/a?x=1");
  CHECK(canonical_url("https://example.com/compare?ref=main") == "https://example.com/compare?ref=main");
  CHECK(is_tracking_parameter("source", "RSS"));
  CHECK_FALSE(is_tracking_parameter("q", "rss"));
}

TEST_CASE("Canonical URLs drop the fragment but keep hash-bang routes", "[pipeline]") {
  CHECK(canonical_url("https://example.com/a#comments") == "https://example.com/a");
  CHECK(canonical_url("https://example.com/a?x=1#top") == "https://example.com/a?x=1");
  CHECK(canonical_url("https://example.com/#!/story/42") == "https://example.com#!/story/42");
}

TEST_CASE("Canonical URLs lower-case scheme and host but not the path", "[pipeline]") {
  CHECK(canonical_url("HTTPS://WWW.Example.COM/News/Story") == "https://www.example.com/News/Story");
  CHECK(canonical_url("https://User:Pass@Example.com/a") == "https://User:Pass@example.com/a");
}

TEST_CASE("Canonical URLs strip trailing slashes", "[pipeline]") {
  CHECK(canonical_url("https://example.com/a/b/") == "https://example.com/a/b");
  CHECK(canonical_url("https://example.com/") == "https://example.com");
  CHECK(canonical_url("https://example.com") == "https://example.com");
  CHECK(canonical_url("https://example.com/a/?x=1") == "https://example.com/a?x=1");
}

TEST_CASE("Canonical URLs drop default ports and keep the others", "[pipeline]") {
  CHECK(canonical_url("http://example.com:80/a") == "https://example.com/a");
  CHECK(canonical_url("https://example.com:443/a") == "https://example.com/a");
  CHECK(canonical_url("https://example.com:/a") == "https://example.com/a");
  CHECK(canonical_url("http://example.com:8080/a") == "https://example.com:8080/a");
  CHECK(canonical_url("https://example.com:80/a") == "https://example.com:80/a");
  CHECK(canonical_url("http://[2001:DB8::1]:80/a") == "https://[2001:db8::1]/a");
}

TEST_CASE("Canonical URLs read http and https as one article", "[pipeline]") {
  CHECK(canonical_url("http://example.com/a") == canonical_url("https://example.com/a"));
  CHECK(canonical_url("HTTP://Example.com/a/") == "https://example.com/a");
  CHECK(canonical_url("ftp://example.com/a") == "ftp://example.com/a");
}

TEST_CASE("Canonical URLs normalize percent escapes", "[pipeline]") {
  CHECK(canonical_url("https://example.com/%7euser/a%2fb") == "https://example.com/~user/a%2Fb");
  CHECK(canonical_url("https://example.com/caf%c3%a9") == "https://example.com/caf%C3%A9");
}

TEST_CASE("Canonical URLs drop empty query parameters and a bare question mark", "[pipeline]") {
  CHECK(canonical_url("https://example.com/a?") == "https://example.com/a");
  CHECK(canonical_url("https://example.com/a?&x=1&&y=2&") == "https://example.com/a?x=1&y=2");
}

TEST_CASE("Strings that are not hierarchical URLs come back trimmed", "[pipeline]") {
  CHECK(canonical_url("  urn:uuid:1225c695-cfb8-4ebb-aaaa-80da344efa6a ") ==
        "urn:uuid:1225c695-cfb8-4ebb-aaaa-80da344efa6a");
  CHECK(canonical_url("tag:example.com,2025:Story#1") == "tag:example.com,2025:Story#1");
  CHECK(canonical_url("") == "");
}

TEST_CASE("Canonical URLs drop AMP variants but not look-alikes", "[pipeline][dedupe]") {
  CHECK(canonical_url("https://example.com/news/story/amp") == "https://example.com/news/story");
  CHECK(canonical_url("https://example.com/news/story/amp/") == "https://example.com/news/story");
  CHECK(canonical_url("https://example.com/news/story/AMP?utm_source=rss") == "https://example.com/news/story");
  CHECK(canonical_url("https://example.com/news/story?amp=1") == "https://example.com/news/story");
  CHECK(canonical_url("https://example.com/news/story?amp&id=4") == "https://example.com/news/story?id=4");
  CHECK(canonical_url("https://example.com/news/story?outputType=amp") == "https://example.com/news/story");
  CHECK(canonical_url("https://example.com/summer/camp") == "https://example.com/summer/camp");
  CHECK(canonical_url("https://example.com/amp-stories/x") == "https://example.com/amp-stories/x");
  CHECK(canonical_url("https://example.com/a?amp=0") == "https://example.com/a?amp=0");
  CHECK(canonical_url("https://example.com/a?outputType=print") == "https://example.com/a?outputType=print");
  CHECK(canonical_url("https://m.example.com/a") == "https://m.example.com/a");
  CHECK(canonical_url("https://www.example.com/a") == "https://www.example.com/a");
}
