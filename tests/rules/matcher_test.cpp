// Table-driven tests of the query language against entries: every row of
// SPEC §3's syntax table and every sentence of its text model.
#include "tests/rules/rules_test_support.h"

using namespace feedwatch::rules;
using namespace feedwatch::rules::testing;

TEST_CASE("A word matches in any case, with or without accents, in any width", "[rules]") {
  check_cases({
      {"nvidia", content("NVIDIA shares rose"), true, {"nvidia"}},
      {"nvidia", content("nvidia shares rose"), true, {"nvidia"}},
      {"NVIDIA", content("Nvidia shares rose"), true, {"NVIDIA"}},
      {"Nvidia", content("nViDiA shares rose"), true, {"Nvidia"}},
      {"nvidia", content("ＮＶＩＤＩＡ shares rose"), true, {"nvidia"}},
      {"ＮＶＩＤＩＡ", content("Nvidia shares rose"), true, {"ＮＶＩＤＩＡ"}},
      {"cafe", content("Meet at the Café tonight"), true, {"cafe"}},
      {"café", content("Meet at the cafe tonight"), true, {"café"}},
      {"Café", content("CAFÉ society"), true, {"Café"}},
      {"strasse", content("Die Straße ist gesperrt"), true, {"strasse"}},
      {"Straße", content("Hauptstrasse 5, strasse closed"), true, {"Straße"}},
      {"STRASSE", content("Straße"), true, {"STRASSE"}},
      {"fine", content("a ﬁne result"), true, {"fine"}},
      {"h100", content("the Ｈ１００ accelerator"), true, {"h100"}},
      {"zurich", content("Zürich talks"), true, {"zurich"}},
      {"sao", content("São Paulo exports"), true, {"sao"}},
      {"naive", content("a naïve plan"), true, {"naive"}},
      {"resume", content("RÉSUMÉ attached"), true, {"resume"}},
      {"nvidia", content("Nvidia's new chip"), true, {"nvidia"}},
      {"nvidia", content("Nvidia’s new chip"), true, {"nvidia"}},
      {"nvidia", content("nvidiax is another company"), false, {}},
      {"nvidia", content("xnvidia is another company"), false, {}},
      {"nvidia", content("nvidia1 shares"), false, {}},
      {"nvidia", content("(nvidia)"), true, {"nvidia"}},
      {"nvidia", content("nvidia"), true, {"nvidia"}},
      {"nvidia", content("no match here"), false, {}},
      {"export", content("ex\u00ADport controls"), true, {"export"}},
      {"chip", content("chips"), false, {}},
  });
}

TEST_CASE("A prefix matches words that start with it", "[rules]") {
  check_cases({
      {"export*", content("exports fell"), true, {"export*"}},
      {"export*", content("they exported chips"), true, {"export*"}},
      {"export*", content("export-controlled items"), true, {"export*"}},
      {"export*", content("export"), true, {"export*"}},
      {"export*", content("reexport of goods"), false, {}},
      {"export*", content("expo center"), false, {}},
      {"sanction*", content("SANCTIONED entities"), true, {"sanction*"}},
      {"GPU*", content("three GPUs shipped"), true, {"GPU*"}},
      {"chip*", content("the chipmaker said"), true, {"chip*"}},
      {"chip*", content("microchips"), false, {}},
      {"semiconductor*", content("Semiconductors"), true, {"semiconductor*"}},
      {"café*", content("cafeteria food"), true, {"café*"}},
  });
}

TEST_CASE("A phrase matches consecutive words across any punctuation", "[rules]") {
  check_cases({
      {"\"export controls\"", content("new export controls on chips"), true, {"export controls"}},
      {"\"export controls\"", content("new Export Controls on chips"), true, {"export controls"}},
      {"\"export controls\"", content("new export-controls on chips"), true, {"export controls"}},
      {"\"export controls\"", content("new export   controls"), true, {"export controls"}},
      {"\"export controls\"", content("new export,\ncontrols"), true, {"export controls"}},
      {"\"export controls\"", content("export and controls"), false, {}},
      {"\"export controls\"", content("controls export"), false, {}},
      {"\"export controls\"", content("export controlsx"), false, {}},
      {"\"export control*\"", content("export controlled"), true, {"export control*"}},
      {"\"export control*\"", content("export controls"), true, {"export control*"}},
      {"\"export* controls\"", content("exporting controls"), true, {"export* controls"}},
      {"\"export* control*\"", content("exported controllers"), true, {"export* control*"}},
      {"\"export* controls\"", content("exporting new controls"), false, {}},
      {"\"entity list\"", content("added to the Entity List."), true, {"entity list"}},
      {"\"chip ban\"", content("a chip-ban looms"), true, {"chip ban"}},
      {"\"r1 model\"", content("DeepSeek's R1 model"), true, {"r1 model"}},
      {"\"u.s. export\"", content("U.S. export rules"), true, {"u.s. export"}},
  });
}

TEST_CASE("A bare term that normalizes to several words is a phrase", "[rules]") {
  check_cases({
      {"U.S.", content("the U.S. government"), true, {"U.S."}},
      {"U.S.", content("the US government"), false, {}},
      {"U.S.", content("u s"), true, {"U.S."}},
      {"export-control", content("export control regime"), true, {"export-control"}},
      {"export-control", content("Export-Control regime"), true, {"export-control"}},
      {"export-control", content("control export"), false, {}},
      {"Nvidia's", content("NVIDIA'S results"), true, {"Nvidia's"}},
      {"H20芯片", content("H20 芯片"), true, {"H20芯片"}},
  });
}

TEST_CASE("AND, adjacency and OR combine terms", "[rules]") {
  check_cases({
      {"nvidia AND china", content("Nvidia in China"), true, {"nvidia", "china"}},
      {"nvidia AND china", content("Nvidia in Taiwan"), false, {}},
      {"nvidia china", content("China buys Nvidia"), true, {"nvidia", "china"}},
      {"nvidia china", content("China buys AMD"), false, {}},
      {"nvidia OR amd", content("AMD earnings"), true, {"amd"}},
      {"nvidia OR amd", content("Intel earnings"), false, {}},
      {"nvidia OR amd", content("AMD and Nvidia"), true, {"nvidia", "amd"}},
      {"a AND b AND c", content("c b a"), true, {"a", "b", "c"}},
      {"a AND b AND c", content("c b"), false, {}},
      {"a OR b OR c", content("only c"), true, {"c"}},
  });
}

TEST_CASE("NOT and '-' exclude, and rules that fire only through NOT report no terms", "[rules]") {
  check_cases({
      {"nvidia NOT amd", content("Nvidia alone"), true, {"nvidia"}},
      {"nvidia NOT amd", content("Nvidia and AMD"), false, {}},
      {"nvidia -amd", content("Nvidia alone"), true, {"nvidia"}},
      {"nvidia -amd", content("Nvidia and AMD"), false, {}},
      {"nvidia AND NOT amd", content("Nvidia and AMD"), false, {}},
      {"NOT webinar", content("Chip news"), true, {}},
      {"NOT webinar", content("Join our webinar"), false, {}},
      {"-webinar", content("Chip news"), true, {}},
      {"-webinar", TestEntry{}, true, {}},
      {"NOT NOT nvidia", content("nvidia"), true, {}},  // through NOT: no terms
      {"NOT NOT nvidia", content("amd"), false, {}},
      {"-(amd OR intel) nvidia", content("nvidia intel"), false, {}},
      {"-(amd OR intel) nvidia", content("nvidia arm"), true, {"nvidia"}},
      {"nvidia OR NOT amd", content("intel"), true, {}},
      {"nvidia -\"chip ban\"", content("nvidia chip ban"), false, {}},
      {"nvidia -\"chip ban\"", content("nvidia chip and ban"), true, {"nvidia"}},
      {"non-profit", content("a non profit group"), true, {"non-profit"}},
  });
}

TEST_CASE("Precedence is NOT over AND over OR, and parentheses group", "[rules]") {
  check_cases({
      {"a OR b AND c", content("a"), true, {"a"}},
      {"a OR b AND c", content("b"), false, {}},
      {"a OR b AND c", content("b c"), true, {"b", "c"}},
      {"(a OR b) AND c", content("a"), false, {}},
      {"(a OR b) AND c", content("a c"), true, {"a", "c"}},
      {"a b OR c", content("c"), true, {"c"}},
      {"a b OR c", content("a"), false, {}},
      {"NOT a AND b", content("b"), true, {"b"}},
      {"NOT a AND b", content("a b"), false, {}},
      {"NOT (a AND b)", content("a"), true, {}},
      {"NOT (a AND b)", content("a b"), false, {}},
      {"NOT a OR b", content("a b"), true, {"b"}},
      {"NOT a OR b", content("a"), false, {}},
      {"((a))", content("a"), true, {"a"}},
      {"(a OR b) (c OR d)", content("b d"), true, {"b", "d"}},
      {"(a OR b) (c OR d)", content("b e"), false, {}},
      {"(a AND b) OR c", content("a c"), true, {"c"}},
  });
}

TEST_CASE("NEAR counts word positions, adjacent words being 1 apart, in either order", "[rules]") {
  check_cases({
      {"NEAR/1(export, controls)", content("export controls"), true, {"export", "controls"}},
      {"NEAR/1(export, controls)", content("controls export"), true, {"export", "controls"}},
      {"NEAR/1(export, controls)", content("export new controls"), false, {}},
      {"NEAR/2(export, controls)", content("export new controls"), true, {"export", "controls"}},
      {"NEAR/3(nvidia, china)", content("nvidia sells to china"), true, {"nvidia", "china"}},
      {"NEAR/2(nvidia, china)", content("nvidia sells to china"), false, {}},
      {"NEAR/3(nvidia, china)", content("china buys from nvidia"), true, {"nvidia", "china"}},
      {"NEAR/2(nvidia, china)", content("china buys from nvidia"), false, {}},
      {"NEAR/5(nvidia, china)", content("nvidia a b c d china"), true, {"nvidia", "china"}},
      {"NEAR/5(nvidia, china)", content("nvidia a b c d e china"), false, {}},
      {"NEAR/2(chip*, export*)", content("chipmakers face exports"), true, {"chip*", "export*"}},
      {"NEAR/2(\"export controls\", nvidia)", content("export controls hit nvidia"), true,
       {"export controls", "nvidia"}},
      {"NEAR/1(\"export controls\", nvidia)", content("export controls hit nvidia"), false, {}},
      {"NEAR/1(\"export controls\", nvidia)", content("nvidia export controls"), true, {"export controls", "nvidia"}},
      {"NEAR/1(nvidia, china)", content("nvidia's china"), false, {}},
      {"NEAR/2(nvidia, china)", content("nvidia's china"), true, {"nvidia", "china"}},
      {"NEAR/3(nvidia, china)", content("nvidia. China"), true, {"nvidia", "china"}},
      {"NEAR/3(nvidia, china)", TestEntry{.title = "nvidia", .content = "china"}, false, {}},
      {"NEAR/3(nvidia, china) OR amd", content("amd"), true, {"amd"}},
      {"title:NEAR/2(nvidia, china)", TestEntry{.title = "nvidia china", .content = ""}, true, {"nvidia", "china"}},
      {"title:NEAR/2(nvidia, china)", TestEntry{.title = "x", .content = "nvidia china"}, false, {}},
  });
}

TEST_CASE("Field scopes restrict a term or a group to one field", "[rules]") {
  TestEntry entry{.title = "Sponsored: chip webinar", .summary = "summary words", .content = "content body",
                  .author = "Jane Doe", .link = "https://www.example.com/news/chips-123",
                  .categories = {"Trade Policy", "China"}, .feeds = {"Example News", "Example Feed Title"}};
  check_cases({
      {"title:sponsored", entry, true, {"sponsored"}},
      {"title:body", entry, false, {}},
      {"summary:words", entry, true, {"words"}},
      {"summary:content", entry, false, {}},
      {"content:body", entry, true, {"body"}},
      {"content:webinar", entry, false, {}},
      {"author:doe", entry, true, {"doe"}},
      {"author:\"jane doe\"", entry, true, {"jane doe"}},
      {"doe", entry, false, {}},
      {"category:china", entry, true, {"china"}},
      {"category:\"trade policy\"", entry, true, {"trade policy"}},
      {"china", entry, false, {}},
      {"link:example.com", entry, true, {"example.com"}},
      {"link:chips", entry, true, {"chips"}},
      {"example", entry, false, {}},
      {"feed:\"example news\"", entry, true, {"example news"}},
      {"feed:\"feed title\"", entry, true, {"feed title"}},
      {"title:(sponsored OR webinar)", entry, true, {"sponsored", "webinar"}},
      {"title:(sponsored AND body)", entry, false, {}},
      {"title:(sponsored content:body)", entry, true, {"sponsored", "body"}},
      {"title:\"chip webinar\"", entry, true, {"chip webinar"}},
      {"title:chip*", entry, true, {"chip*"}},
      {"title:-sponsored", entry, false, {}},
      {"-title:sponsored", entry, false, {}},
      {"body words webinar", entry, true, {"body", "words", "webinar"}},
  });
}

TEST_CASE("Categories and feed names are separate texts", "[rules]") {
  TestEntry entry{.categories = {"Trade", "Policy"}, .feeds = {"Example", "News Wire"}};
  check_cases({
      {"category:\"trade policy\"", entry, false, {}},
      {"category:trade category:policy", entry, true, {"trade", "policy"}},
      {"category:NEAR/5(trade, policy)", entry, false, {}},
      {"feed:\"example news\"", entry, false, {}},
      {"feed:\"news wire\"", entry, true, {"news wire"}},
      {"\"content title\"", TestEntry{.title = "content", .content = "title"}, false, {}},
      {"\"summary content\"", TestEntry{.summary = "x summary", .content = "content y"}, false, {}},
  });
}

TEST_CASE("Regular expressions run over the folded text with punctuation kept", "[rules]") {
  check_cases({
      {"/h(20|100)\\b/", content("Nvidia H100 chips"), true, {"/h(20|100)\\b/"}},
      {"/h(20|100)\\b/", content("Nvidia H20"), true, {"/h(20|100)\\b/"}},
      {"/h(20|100)\\b/", content("Nvidia H200"), false, {}},
      {"/u\\.s\\./", content("The U.S. said"), true, {"/u\\.s\\./"}},
      {"/export controls/", content("export\n\n   controls"), true, {"/export controls/"}},
      {"/a\\/b/", content("either a/b or c"), true, {"/a\\/b/"}},
      {"/strasse/", content("Straße"), true, {"/strasse/"}},
      {"/cafe/", content("CAFÉ"), true, {"/cafe/"}},
      {"/NVIDIA/", content("nvidia"), true, {"/NVIDIA/"}},
      {"title:/^breaking/", TestEntry{.title = "Breaking: chips", .content = "x"}, true, {"/^breaking/"}},
      {"title:/^breaking/", TestEntry{.title = "Not breaking", .content = "breaking"}, false, {}},
      {"/\\d{4}-\\d{2}/ chips", content("2025-02 chips"), true, {"/\\d{4}-\\d{2}/", "chips"}},
  });
}

TEST_CASE("Scripts without spaces match anywhere inside a run, apart from Latin letters", "[rules]") {
  check_cases({
      {"芯片", content("H20芯片出口"), true, {"芯片"}},
      {"h20", content("H20芯片出口"), true, {"h20"}},
      {"\"h20 芯片\"", content("H20芯片出口"), true, {"h20 芯片"}},
      {"出口管制", content("美国加强对华芯片出口管制措施"), true, {"出口管制"}},
      {"出口管制", content("美国加强出口措施"), false, {}},
      {"半导体", content("全球半导体产业"), true, {"半导体"}},
      {"芯片 AND h20", content("英伟达H20芯片"), true, {"芯片", "h20"}},
      {"nvidia", content("英伟达Nvidia芯片"), true, {"nvidia"}},
      {"半導体", content("日本の半導体メーカー"), true, {"半導体"}},
      {"メーカー", content("日本の半導体メーカー"), true, {"メーカー"}},
      {"ชิป", content("การส่งออกชิปไปจีน"), true, {"ชิป"}},
      {"芯片", content("芯 片"), false, {}},
      {"2025", content("2025年芯片"), true, {"2025"}},
  });
}

TEST_CASE("Lower-case and, or, not and near are ordinary words", "[rules]") {
  check_cases({
      {"salt and pepper", content("salt and pepper"), true, {"salt", "and", "pepper"}},
      {"salt and pepper", content("salt pepper"), false, {}},
      {"rock or roll", content("rock or roll"), true, {"rock", "or", "roll"}},
      {"rock or roll", content("rock"), false, {}},
      {"to be not", content("not to be"), true, {"to", "be", "not"}},
      {"near", content("near the border"), true, {"near"}},
      {"\"AND\"", content("black and white"), true, {"AND"}},
      {"\"NOT\"", content("not now"), true, {"NOT"}},
  });
}

TEST_CASE("The matcher sees only the text it is given, never markup", "[rules]") {
  // The feed parser reduces HTML to text; an attribute value such as an href
  // is not part of that text, so a term found only there cannot match.
  check_cases({
      {"tracker", content("Read the full story here."), false, {}},
      {"tracker", TestEntry{.content = "Read the full story here.", .link = "https://tracker.example"}, false, {}},
      {"link:tracker", TestEntry{.content = "Read.", .link = "https://tracker.example"}, true, {"tracker"}},
      {"href", content("Read the full story here."), false, {}},
  });
}

TEST_CASE("Exclude stops an entry from firing the rule", "[rules]") {
  TestEntry sponsored{.title = "Sponsored: export controls explained", .content = "export controls on chips"};
  TestEntry plain{.title = "Export controls tighten", .content = "export controls on chips"};
  CHECK_FALSE(run_query("\"export controls\"", sponsored, "title:(sponsored OR webinar)").fired);
  CHECK(run_query("\"export controls\"", plain, "title:(sponsored OR webinar)").fired);
  CHECK_FALSE(run_query("NOT webinar", sponsored, "sponsored").fired);
}

TEST_CASE("Spans point at the matched words in the original text", "[rules]") {
  TestEntry entry{.title = "Straße: Nvidia's H20芯片", .content = "No Export-Controls here"};
  Outcome outcome = run_query("nvidia OR strasse OR 芯片 OR \"export controls\"", entry);
  REQUIRE(outcome.fired);
  CHECK(highlight(entry.title, outcome.spans, Field::kTitle) == "[Straße]: [Nvidia]'s H20[芯片]");
  CHECK(highlight(entry.content, outcome.spans, Field::kContent) == "No [Export-Controls] here");
}

TEST_CASE("Many rules share one database and each reports its own terms", "[rules]") {
  std::vector<RuleDefinition> definitions;
  definitions.push_back({"chips", must_parse("chip* AND nvidia"), std::nullopt});
  definitions.push_back({"oil", must_parse("oil AND sanction*"), std::nullopt});
  definitions.push_back({"not-webinar", must_parse("-webinar"), std::nullopt});
  definitions.push_back({"chips-again", must_parse("nvidia"), must_parse("title:sponsored")});
  CompiledRuleSet rules = must_compile(std::move(definitions));
  MatchScratch scratch(rules);
  TestEntry entry{.title = "Nvidia chips", .content = "sanctions on oil"};
  auto matches = match_entry(rules, entry_text(entry), scratch);
  REQUIRE(matches.size() == 4);
  CHECK(matches[0].matched_terms == std::vector<std::string>{"chip*", "nvidia"});
  CHECK(matches[1].matched_terms == std::vector<std::string>{"oil", "sanction*"});
  CHECK(matches[2].matched_terms.empty());
  CHECK(matches[3].rule_name == "chips-again");
  TestEntry other{.title = "Sponsored webinar on nvidia"};
  auto second = match_entry(rules, entry_text(other), scratch);
  CHECK(second.empty());
}
