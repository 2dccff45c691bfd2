#include <catch2/catch.hpp>

#include "feed/html_text.h"

using namespace feedwatch::feed;

namespace {
std::string text_of(std::string_view html, EntityHandling entities = EntityHandling::kDecode) {
  TextBuilder builder;
  append_html_text(html, builder, entities);
  return builder.take();
}
}  // namespace

TEST_CASE("Drops tags and attributes but keeps their text") {
  CHECK(text_of("Example <b class=\"x\">Atom</b>") == "Example Atom");
  CHECK(text_of("<a href=\"http://x/?a=1&amp;b=2\" title='>'>link</a>") == "link");
}

TEST_CASE("Separates block elements with white space") {
  CHECK(text_of("<p>one</p><p>two</p>three<br>four<li>five</li>") == "one two three four five");
}

TEST_CASE("Drops script, style and comments") {
  CHECK(text_of("a<script>if (x < y) alert()</script>b<style>p{}</style>c<!-- hidden -->d") == "abcd");
}

TEST_CASE("Decodes entities and collapses white space") {
  CHECK(text_of("  Fees&nbsp;rise \n\t by &amp; more &mdash; now  ") == "Fees rise by & more \u2014 now");
  CHECK(text_of("&amp;#X61;") == "&#X61;");
}

TEST_CASE("Keeps a literal less-than sign that starts no tag") {
  CHECK(text_of("2 < 3 and <!' <a href=\"foo\">") == "2 < 3 and <!'");
  CHECK(text_of(" <!DOCTYPE ") == "<!DOCTYPE");
  CHECK(text_of("<code>&lt;br /></code>") == "<br />");
}

TEST_CASE("Copes with an unquoted attribute holding a quote") {
  CHECK(text_of("<a href=http://example.com/\">example</a>") == "example");
}

TEST_CASE("Leaves entity references alone when asked to") {
  CHECK(text_of("AT&amp;T <i>x</i>", EntityHandling::kKeep) == "AT&amp;T x");
}

TEST_CASE("Tells HTML from plain text by end tags and references") {
  CHECK(looks_like_html("a <b>bold</b> move"));
  CHECK(looks_like_html("fish &amp; chips"));
  CHECK_FALSE(looks_like_html("2 > 1 and AT&T"));
}
