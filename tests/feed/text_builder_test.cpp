#include <catch2/catch.hpp>

#include <random>
#include <string>

#include "feed/text_builder.h"

using feedwatch::feed::TextBuilder;

namespace {

// The builder's contract written the slow, obvious way: every run of white
// space (ASCII or U+00A0) becomes one space, and both ends are trimmed.
std::string collapsed_slowly(const std::string& text) {
  std::string out;
  bool pending_space = false;
  for (std::size_t i = 0; i < text.size(); ++i) {
    const char c = text[i];
    const bool no_break_space = c == '\xC2' && i + 1 < text.size() && text[i + 1] == '\xA0';
    if (c == ' ' || c == '\n' || c == '\t' || c == '\r' || c == '\f' || c == '\v' || no_break_space) {
      pending_space = !out.empty();
      if (no_break_space) ++i;
      continue;
    }
    if (pending_space) out.push_back(' ');
    pending_space = false;
    out.push_back(c);
  }
  return out;
}

std::string built(const std::string& text) {
  TextBuilder builder;
  builder.append(text);
  return builder.take();
}

}  // namespace

TEST_CASE("Collapses white space and no-break spaces and trims both ends") {
  CHECK(built("  one \t\n two\xC2\xA0\xC2\xA0three  ") == "one two three");
  CHECK(built("a sentence that is longer than sixteen bytes,  with  doubled spaces\nand lines") ==
        "a sentence that is longer than sixteen bytes, with doubled spaces and lines");
  CHECK(built("\xC2\xA9 2025, a lone 0xC2 at the end \xC2") == "\xC2\xA9 2025, a lone 0xC2 at the end \xC2");
}

TEST_CASE("Stops appending HTML at the first '<' or '&' and says how much it took") {
  TextBuilder builder;
  const std::string html = "Sixteen bytes or more of text before the tag <b> and after";
  std::size_t consumed = builder.append_until_markup(html, true);
  CHECK(html.substr(consumed, 3) == "<b>");
  consumed = builder.append_until_markup("AT&T and more text than sixteen bytes ", false);
  CHECK(consumed == 38);
  CHECK(builder.append_until_markup("fish &amp; chips", true) == 5);
  CHECK(builder.take() == "Sixteen bytes or more of text before the tag AT&T and more text than sixteen bytes fish");
}

TEST_CASE("Keeps a word break between appends and after separate()") {
  TextBuilder builder;
  builder.append("one ");
  builder.append(" two");
  builder.separate();
  builder.append("three");
  builder.separate();
  CHECK(builder.take() == "one two three");
  CHECK(builder.empty());
}

// Regression test for the 16-byte fast path: random text made of the bytes
// it treats specially, at every alignment, must read as the slow rules say.
TEST_CASE("Agrees with the obvious collapsing rule on random text") {
  const std::string alphabet[] = {"a", "b", " ", "  ", "\n", "\t", "\xC2\xA0", "\xC2", "\xA0", "\xC3\xA9", "<", "&", "x"};
  std::mt19937 random(20261122);
  for (int round = 0; round < 2000; ++round) {
    std::string text;
    const int pieces = static_cast<int>(random() % 60);
    for (int piece = 0; piece < pieces; ++piece) text += alphabet[random() % std::size(alphabet)];
    INFO("text: " << text);
    CHECK(built(text) == collapsed_slowly(text));
  }
}
