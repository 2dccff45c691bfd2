// The text model: folding, word splitting, runs of unspaced scripts.
#include <catch2/catch.hpp>

#include "rules/text_normalizer.h"

using namespace feedwatch::rules;

TEST_CASE("Normalization folds case, width, ligatures, sharp s and accents", "[rules]") {
  CHECK(normalize_text("Straße").tokens == " strasse ");
  CHECK(normalize_text("ﬁne").tokens == " fine ");
  CHECK(normalize_text("ＮＶＩＤＩＡ").tokens == " nvidia ");
  CHECK(normalize_text("Café Zürich").tokens == " cafe zurich ");
  CHECK(normalize_text("e\u0301").tokens == " e ");
}

TEST_CASE("Words are runs of letters and digits, everything else separates them", "[rules]") {
  NormalizedText text = normalize_text("U.S. export-controls, Nvidia's H100!");
  CHECK(text.tokens == " u s export controls nvidia s h100 ");
  CHECK(text.token_count() == 7);
  CHECK(text.token(4) == "nvidia");
  CHECK(normalize_text("").tokens == " ");
  CHECK(normalize_text("...").token_count() == 0);
}

TEST_CASE("Unspaced scripts form runs apart from Latin letters and digits", "[rules]") {
  NormalizedText text = normalize_text("H20芯片出口");
  CHECK(text.tokens == " h20 芯片出口 ");
  REQUIRE(text.token_count() == 2);
  CHECK(text.token_kinds[0] == TokenKind::kWord);
  CHECK(text.token_kinds[1] == TokenKind::kRun);
  CHECK(normalize_text("日本のメーカー").token_count() == 1);
}

TEST_CASE("The collapsed form keeps punctuation and collapses white space", "[rules]") {
  CHECK(collapse_text("  Export-Controls\n\n on  the U.S.  ") == "export-controls on the u.s.");
}

TEST_CASE("Invalid UTF-8 separates words instead of failing", "[rules]") {
  CHECK(normalize_text("abc\xff" "def").tokens == " abc def ");
  CHECK(normalize_text("\xe4\xb8").token_count() == 0);
}

TEST_CASE("Original offsets map each normalized byte back to the input", "[rules]") {
  NormalizedText text = normalize_text("Ｎa", NormalizeOptions{.original_offsets = true});
  REQUIRE(text.tokens == " na ");
  CHECK(text.original_begin[1] == 0);
  CHECK(text.original_end[1] == 3);
  CHECK(text.original_begin[2] == 3);
}
