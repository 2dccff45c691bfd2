#include <catch2/catch.hpp>

#include "feed/xml_entities.h"

using feedwatch::feed::DeclaredEntities;
using feedwatch::feed::decode_entities;

namespace {
std::string decoded(std::string_view raw, const DeclaredEntities* declared = nullptr) {
  std::string out;
  decode_entities(raw, out, declared);
  return out;
}
}  // namespace

TEST_CASE("Decodes the five XML entities and numeric references") {
  CHECK(decoded("a &amp; b &lt;c&gt; &quot;d&quot; &apos;e&apos;") == "a & b <c> \"d\" 'e'");
  CHECK(decoded("&#38; &#x26; &#X26; &#x41;") == "& & & A");
}

TEST_CASE("Decodes HTML named entities that XML does not define") {
  CHECK(decoded("&nbsp;&mdash;&hellip;&eacute;&Dagger;&zwnj;") == "\u00a0\u2014\u2026\u00e9\u2021\u200c");
  CHECK(decoded("&rang;") == "\u232a");
}

TEST_CASE("Keeps a bare ampersand and unknown references literally") {
  CHECK(decoded("AT&T & friends") == "AT&T & friends");
  CHECK(decoded("&bogus; &#;") == "&bogus; &#;");
}

TEST_CASE("Decodes only one layer of escaping") {
  CHECK(decoded("&amp;mdash;") == "&mdash;");
}

TEST_CASE("Maps numeric references in the windows-1252 range to their characters") {
  CHECK(decoded("&#150;&#147;") == "\u2013\u201c");
  CHECK(decoded("&#0;&#x110000;") == "\ufffd\ufffd");
}

TEST_CASE("Expands entities declared in the DOCTYPE without recursive expansion") {
  DeclaredEntities declared = DeclaredEntities::parse(
      "rss [ <!ENTITY id \"tag:example.com,\"> <!ENTITY % param \"x\"> <!ENTITY loop \"&loop;&amp;\"> ]");
  CHECK(decoded("&id;2006", &declared) == "tag:example.com,2006");
  CHECK(decoded("&loop;", &declared) == "&loop;&");
}

TEST_CASE("Decodes the common XML entities the same with or without declared ones") {
  std::string plain;
  decode_entities("&lt;p&gt;R&amp;D &quot;x&quot; &lt &amp &quot", plain);
  CHECK(plain == "<p>R&D \"x\" &lt &amp &quot");
  DeclaredEntities declared = DeclaredEntities::parse("rss [ <!ENTITY id \"tag:x,\"> ]");
  std::string with_declared;
  decode_entities("&lt;p&gt;R&amp;D &quot;x&quot; &id;", with_declared, &declared);
  CHECK(with_declared == "<p>R&D \"x\" tag:x,");
}

TEST_CASE("Finds HTML named entities by first letter, case-sensitively") {
  std::string out;
  decode_entities("&AElig;&zwnj;&Dagger;&dagger;&nbsp;&apos;&mdash;&notanentity;", out);
  CHECK(out == "\xC3\x86\xE2\x80\x8C\xE2\x80\xA1\xE2\x80\xA0\xC2\xA0'\xE2\x80\x94&notanentity;");
}

TEST_CASE("Declared entities stop expanding at the document's expansion budget") {
  DeclaredEntities declared = DeclaredEntities::parse("rss [ <!ENTITY ten \"0123456789\"> ]", 25);
  CHECK(decoded("&ten;&ten;", &declared) == "01234567890123456789");
  CHECK_FALSE(declared.budget_exceeded());
  CHECK(decoded("&ten;|&ten;", &declared) == "|");  // the budget is the document's, not the call's
  CHECK(declared.budget_exceeded());
}

TEST_CASE("The first declaration of an entity wins, among many") {
  std::string doctype = "rss [ <!ENTITY x \"first\"> <!ENTITY x \"second\">";
  for (int i = 0; i < 5'000; ++i) doctype += " <!ENTITY e" + std::to_string(i) + " \"v" + std::to_string(i) + "\">";
  DeclaredEntities declared = DeclaredEntities::parse(doctype + " ]");
  CHECK(decoded("&x; &e0; &e4999; &e5000;", &declared) == "first v0 v4999 &e5000;");
}
