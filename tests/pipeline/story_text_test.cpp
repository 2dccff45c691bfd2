// Story identity from the text (SPEC §6): the same story under light edits
// of its title and body is one story, found through a shared index key;
// look-alike headlines over other bodies, and titles that differ in a number
// or a name, are not; boilerplate teasers say nothing; Chinese is compared
// by characters.
#include <catch2/catch.hpp>

#include <string>

#include "daemon/pipeline/story_text.h"

using namespace feedwatch::pipeline;

namespace {

const std::string kBody =
    "The Commerce Department on Tuesday added three Chinese chipmakers to the entity list, citing their support "
    "for military modernisation, in a move that tightens export controls on advanced semiconductors and the tools "
    "used to make them. Officials said further listings were under review.";

TextComparison compare(const std::string& title_a, const std::string& body_a, const std::string& title_b,
                       const std::string& body_b, const std::string& content_a = "",
                       const std::string& content_b = "") {
  return compare_story_texts(story_text_of(title_a, body_a, content_a), story_text_of(title_b, body_b, content_b));
}

bool share_a_key(const StoryText& a, const StoryText& b) {
  std::vector<std::int64_t> x = story_index_keys(a), y = story_index_keys(b);
  for (std::size_t i = 0; i < x.size() && i < y.size(); ++i) {
    if (x[i] != 0 && x[i] == y[i]) return true;
  }
  return false;
}

bool same(const std::string& title_a, const std::string& body_a, const std::string& title_b,
          const std::string& body_b) {
  StoryText a = story_text_of(title_a, body_a, ""), b = story_text_of(title_b, body_b, "");
  return compare_story_texts(a, b).same_story() && share_a_key(a, b);
}

}  // namespace

TEST_CASE("Light title edits over the same body are one story found by a shared key", "[pipeline][story]") {
  std::string title = "Commerce adds three Chinese chipmakers to entity list";
  CHECK(same(title, kBody, title + ".", kBody));
  CHECK(same(title, kBody, "REFILE-" + title, kBody));
  CHECK(same(title, kBody, "UPDATE 2-" + title, kBody));
  CHECK(same(title, kBody, "Exclusive: " + title, kBody));
  CHECK(same(title, kBody, title + " - Reuters", kBody));
  CHECK(same(title, kBody, title + " | Nikkei Asia", kBody));
  CHECK(same(title, kBody, "Commerce adds three Chinese chip makers to entity list", kBody));
  CHECK(same(title, kBody, "COMMERCE ADDS THREE CHINESE CHIPMAKERS TO ENTITY LIST", kBody));
  CHECK(same(title, kBody, "Commerce puts three Chinese chipmakers on entity list", kBody));
  CHECK(same("Innovation under pressure at chipmakers", kBody, "Innovation under strain at chipmakers", kBody));
  CHECK(same("The week in review: June 1", kBody, "The week in review - June 1", kBody));
  CHECK(same("“Chip war” enters a new phase", kBody, "\"Chip war\" enters a new phase", kBody));
}

TEST_CASE("Edited bodies agree: a word, a sentence added or dropped, a cut teaser, a wire update",
          "[pipeline][story]") {
  std::string title = "Commerce adds three Chinese chipmakers to entity list";
  std::string word = kBody;
  word.replace(word.find("tightens"), 8, "widens");
  CHECK(same(title, kBody, title, word));
  CHECK(same(title, kBody, title, kBody + " The companies did not respond to requests for comment."));
  CHECK(same(title, kBody, title, kBody.substr(0, kBody.find(" Officials"))));
  CHECK(same(title, kBody, title, kBody.substr(0, 120) + "…"));
  CHECK(same(title, kBody + " Read more", title, kBody));
  std::string paragraphs = kBody + "\n\nBeijing condemned the decision and said it would take measures to protect "
                                   "its companies.\n\nAnalysts expect further restrictions on memory chips.";
  StoryText first = story_text_of(title, "", kBody), update = story_text_of("UPDATE 1-" + title, "", paragraphs);
  CHECK(compare_story_texts(first, update).same_story());
  CHECK(share_a_key(first, update));
}

TEST_CASE("Look-alike headlines over other bodies are different stories", "[pipeline][story]") {
  std::string other =
      "Shares of chip designers fell for a third day as investors weighed the risk that Washington could widen "
      "curbs on sales to China, with Nvidia and AMD leading declines on the Nasdaq while Asian suppliers slipped.";
  std::string third =
      "A look at how fund managers are repositioning after a month of volatility, trimming exposure to equipment "
      "makers and buying memory producers they see as less exposed to new rules.";
  CHECK_FALSE(compare("Semiconductor stocks slide on fresh export control fears", other,
                      "Insight: Semiconductor stocks slide on fresh export control fears as talks stall", third)
                  .same_story());
  CHECK_FALSE(compare("Semiconductor stocks slide on fresh export control fears", other,
                      "Semiconductor stocks slide on fresh export control fears", kBody)
                  .same_story());
}

TEST_CASE("Titles that differ in a number or a name are different stories, even over template bodies",
          "[pipeline][story]") {
  std::string five = kBody;
  five.replace(five.find("three"), 5, "five");
  CHECK_FALSE(compare("Commerce adds 3 Chinese firms to entity list", kBody, "Commerce adds 5 Chinese firms to entity list",
                      five)
                  .same_story());
  std::string apple = "Apple shares rose 3% on Monday after the company reported record iPhone sales in China and "
                      "raised its dividend, beating analyst expectations for the quarter.";
  std::string tesla = apple;
  tesla.replace(tesla.find("Apple"), 5, "Tesla");
  tesla.replace(tesla.find("iPhone"), 6, "Model Y");
  CHECK_FALSE(compare("Apple shares rise 3%", apple, "Tesla shares rise 3%", tesla).same_story());
  CHECK_FALSE(compare("The week in review: June 1", kBody, "The week in review: June 8", kBody).same_story());
}

TEST_CASE("Stories on one template are told apart by what their bodies replace in place", "[pipeline][story]") {
  auto minerals = [](const std::string& mineral, const std::string& day) {
    return "China's commerce ministry said on " + day + " it would require licences for exports of " + mineral +
           ", a material used in chipmaking, days after Washington tightened its own export controls.";
  };
  // The title's own edit, made in the body too: another subject.
  CHECK_FALSE(compare("China curbs exports of germanium in response to US chip export controls",
                      minerals("germanium", "Monday"),
                      "China curbs exports of antimony in response to US chip export controls",
                      minerals("antimony", "Monday"))
                  .same_story());
  CHECK_FALSE(compare("US to require licences for chipmaking tools as curbs widen",
                      "Exporters of chipmaking tools will need a US licence to sell to customers in Myanmar.",
                      "US to require licences for deposition equipment as curbs widen",
                      "Exporters of deposition equipment will need a US licence to sell to customers in Myanmar.")
                  .same_story());
  // The same title over bodies that name another day: another event.
  std::string title = "China curbs exports of gallium in response to US chip export controls";
  CHECK_FALSE(compare(title, minerals("gallium", "Friday"), title, minerals("gallium", "Tuesday")).same_story());
  // A title word edited alone, or a body word alone, is still one story; so
  // is a copy cut short, even where it was cut.
  CHECK(same(title, minerals("gallium", "Friday"), "China limits exports of gallium in response to US chip export controls",
             minerals("gallium", "Friday")));
  std::string edited = minerals("gallium", "Friday");
  edited.replace(edited.find("tightened"), 9, "toughened");
  CHECK(same(title, minerals("gallium", "Friday"), title, edited));
  std::string full = minerals("gallium", "Friday") + " Industry groups warned of shortages.";
  CHECK(same(title, full, title, full.substr(0, full.find(", a material")) + "…"));
  // Chinese numerals are numbers: 周一 is not 周三.
  std::string monday = "深圳集成电路产业园周一正式开工，总投资约200亿元，预计2026年投产，主要生产车规级和工业级芯片。";
  std::string wednesday = monday;
  wednesday.replace(wednesday.find("周一"), std::string("周一").size(), "周三");
  CHECK_FALSE(compare("深圳半导体产业园开工 总投资200亿元", monday, "深圳半导体产业园开工 总投资200亿元", wednesday)
                  .same_story());
  std::string xian = monday;
  xian.replace(xian.find("深圳"), std::string("深圳").size(), "西安");
  CHECK_FALSE(compare("深圳半导体产业园开工 总投资200亿元", monday, "西安半导体产业园开工 总投资200亿元", xian)
                  .same_story());
}

TEST_CASE("Boilerplate teasers give no body, so look-alike headlines over them stay apart", "[pipeline][story]") {
  for (std::string teaser : {"Read more", "Read the full story.", "点击阅读全文。", "详情请点击链接查看。", "查看原文",
                             "The latest from our newsroom.", "続きを読む"}) {
    StoryText text = story_text_of("Commerce adds three Chinese chipmakers to entity list", teaser, "");
    CHECK_FALSE(text.has_body());
    CHECK(story_index_keys(text).empty());
    CHECK_FALSE(compare_story_texts(text, text).same_story());
  }
}

TEST_CASE("Chinese is compared by characters: prefixes and one changed word join, another company does not",
          "[pipeline][story]") {
  std::string body = "美国商务部周二宣布将三家中国芯片企业列入实体清单，称其支持军事现代化，此举进一步收紧了对先进半导体及"
                     "其制造设备的出口管制。官员表示，更多企业正在审查之中。";
  CHECK(same("美国将三家中国芯片企业列入实体清单", body, "快讯：美国将三家中国芯片企业列入实体清单", body));
  CHECK(same("美国将三家中国芯片企业列入实体清单", body, "更新：美国将三家中国芯片企业列入实体清单", body));
  CHECK(same("美国收紧芯片出口管制", body, "美国收紧芯片出口限制", body));
  std::string other = "特斯拉股价周一上涨3%，此前该公司公布了在华创纪录的销量并上调了全年交付目标，超出分析师预期。";
  std::string apple = "苹果股价周一上涨3%，此前该公司公布了在华创纪录的销量并上调了全年交付目标，超出分析师预期。";
  CHECK_FALSE(compare("苹果股价上涨3%", apple, "特斯拉股价上涨3%", other).same_story());
}

TEST_CASE("A link shared by texts with nothing in common is not one story", "[pipeline][story]") {
  StoryText a = story_text_of("Commerce adds three Chinese chipmakers to entity list", kBody, "");
  StoryText b = story_text_of("Local bakery wins national bread award",
                              "A family bakery in the old town took first prize at the national championship for its "
                              "rye sourdough, beating more than two hundred entries from across the country.",
                              "");
  CHECK(clearly_different(a, b));
  CHECK_FALSE(clearly_different(a, a));
}

TEST_CASE("A story text survives encoding, and foreign bytes are refused", "[pipeline][story]") {
  StoryText text = story_text_of("Commerce adds three Chinese chipmakers to entity list", kBody, kBody + " More.");
  std::optional<StoryText> decoded = decode_story_text(encode_story_text(text));
  REQUIRE(decoded);
  CHECK(decoded->title == text.title);
  CHECK(decoded->summary == text.summary);
  CHECK(decoded->content_sketch == text.content_sketch);
  CHECK(decoded->content_shingles == text.content_shingles);
  CHECK_FALSE(decode_story_text(""));
  CHECK_FALSE(decode_story_text(std::string("\x03\xff\xff\xff\xff", 5)));
  std::string older = encode_story_text(text);
  older[0] = '\x02';  // the format before words carried their script
  CHECK_FALSE(decode_story_text(older));
  CHECK_FALSE(decode_story_text(encode_story_text(text) + "x"));
}
