#include "bench/story/story_corpus.h"

#include <algorithm>
#include <array>
#include <cmath>
#include <string_view>
#include <vector>

namespace feedwatch::bench {
namespace {

using Words = std::vector<std::string_view>;

// xorshift64*: small, fast and the same everywhere.
class Random {
 public:
  explicit Random(std::uint64_t seed) : state_(seed ? seed : 0x9e3779b97f4a7c15ULL) {}
  std::uint64_t next() {
    state_ ^= state_ >> 12;
    state_ ^= state_ << 25;
    state_ ^= state_ >> 27;
    return state_ * 0x2545F4914F6CDD1DULL;
  }
  std::size_t below(std::size_t n) { return static_cast<std::size_t>(next() % n); }
  std::size_t between(std::size_t low, std::size_t high) { return low + below(high - low + 1); }
  bool chance(unsigned percent) { return below(100) < percent; }
  // Skewed towards the front, as word frequencies are: the first of n
  // words comes n^(-2/3) of the time (4% of 100 words), the median word
  // about half as often as under an even pick.
  std::size_t skewed(std::size_t n) {
    double u = static_cast<double>(next() >> 11) / 9007199254740992.0;
    return static_cast<std::size_t>(static_cast<double>(n) * u * std::sqrt(u)) % n;
  }

 private:
  std::uint64_t state_;
};

std::uint64_t mix(std::uint64_t value) {
  value ^= value >> 30;
  value *= 0xbf58476d1ce4e5b9ULL;
  value ^= value >> 27;
  value *= 0x94d049bb133111ebULL;
  return value ^ (value >> 31);
}

const Words kNouns{
    "export",     "controls",   "chips",       "semiconductors", "tariffs",    "sanctions",   "talks",
    "deal",       "merger",     "shares",      "profit",         "revenue",    "forecast",    "outlook",
    "prices",     "inflation",  "rates",       "bonds",          "yields",     "currency",    "budget",
    "deficit",    "debt",       "election",    "vote",           "parliament", "coalition",   "court",
    "ruling",     "appeal",     "lawsuit",     "regulators",     "probe",      "investigation", "fine",
    "strike",     "workers",    "union",       "wages",          "jobs",       "unemployment", "factory",
    "plant",      "output",     "production",  "supply",         "demand",     "shortage",    "oil",
    "gas",        "pipeline",   "refinery",    "power",          "grid",       "electricity", "solar",
    "wind",       "battery",    "batteries",   "vehicles",       "cars",       "trucks",      "airline",
    "flights",    "airport",    "port",        "shipping",       "freight",    "rail",        "railway",
    "bridge",     "housing",    "mortgages",   "rents",          "banks",      "lenders",     "loans",
    "insurers",   "fund",       "investors",   "stocks",         "index",      "market",      "markets",
    "trade",      "imports",    "exports",     "growth",         "recession",  "economy",     "stimulus",
    "subsidies",  "taxes",      "tax",         "reform",         "plan",       "proposal",    "bill",
    "law",        "treaty",     "ceasefire",   "troops",         "military",   "drones",      "missiles",
    "border",     "migrants",   "refugees",    "aid",            "hospital",   "hospitals",   "vaccine",
    "virus",      "outbreak",   "patients",    "doctors",        "drug",       "trial",       "study",
    "scientists", "researchers", "satellite",  "rocket",         "launch",     "mission",     "telescope",
    "climate",    "emissions",  "carbon",      "heatwave",       "drought",    "floods",      "storm",
    "wildfire",   "earthquake", "harvest",     "wheat",          "rice",       "coffee",      "sugar",
    "software",   "cloud",      "data",        "privacy",        "hackers",    "cyberattack", "outage",
    "smartphone", "phones",     "platform",    "app",            "users",      "advertisers", "model",
    "models",     "startup",    "startups",    "chipmaker",      "foundry",    "wafers",      "accelerators",
    "servers",    "licence",    "licences",    "patent",         "patents",    "stake",       "bid",
    "takeover",   "buyback",    "dividend",    "earnings",       "quarter",    "guidance",    "costs",
    "layoffs",    "hiring",     "contract",    "contracts",      "order",      "orders",      "deliveries",
    "fleet",      "crew",       "league",      "match",          "season",     "coach",       "final",
    "title",      "transfer",   "players",     "fans",           "stadium",    "tournament",  "record",
    "minister",   "ministry",   "agency",      "commission",     "officials",  "lawmakers",   "senators",
    "protest",    "protesters", "police",      "arrests",        "charges",    "verdict",     "sentence",
    "school",     "schools",    "students",    "teachers",       "university", "exam",        "water",
    "dam",        "mine",       "copper",      "lithium",        "nickel",     "gold",        "steel",
    "aluminium",  "cement",     "fertiliser",  "tourism",        "hotels",     "retailers",   "consumers",
    "spending",   "sales",      "exports",     "quota",          "auction",    "licensing",   "network"};

const Words kAdjectives{
    "new",       "major",      "global",     "national",  "regional",  "local",     "federal",   "foreign",
    "domestic",  "advanced",   "key",        "strong",    "weak",      "record",    "higher",    "lower",
    "sharp",     "steep",      "modest",     "surprise",  "quarterly", "annual",    "monthly",   "early",
    "late",      "final",      "first",      "second",    "latest",    "fresh",     "broader",   "tighter",
    "stricter",  "looser",     "temporary",  "permanent", "emergency", "interim",   "proposed",  "planned",
    "disputed",  "rare",       "critical",   "strategic", "military",  "civilian",  "public",    "private",
    "digital",   "renewable",  "nuclear",    "coastal",   "rural",     "urban",     "northern",  "southern",
    "eastern",   "western",    "central",    "industrial", "financial", "legal",    "political", "economic",
    "commercial", "medical",   "rival",      "joint",     "long-term", "short-term", "cheap",    "costly",
    "massive",   "small",      "large",      "largest",   "biggest",   "top",       "senior",    "junior",
    "former",    "acting",     "popular",    "unpopular", "controversial", "historic", "unexpected", "widespread",
    "severe",    "mild",       "heavy",      "light",     "slow",      "rapid",     "gradual",   "sudden"};

// base|past|third person: headline verbs in the present, copy in the past.
const Words kVerbs{
    "widen|widened|widens",     "cut|cut|cuts",             "raise|raised|raises",    "lift|lifted|lifts",
    "tighten|tightened|tightens", "ease|eased|eases",       "ban|banned|bans",        "approve|approved|approves",
    "reject|rejected|rejects",  "block|blocked|blocks",     "delay|delayed|delays",   "launch|launched|launches",
    "unveil|unveiled|unveils",  "announce|announced|announces", "plan|planned|plans", "weigh|weighed|weighs",
    "consider|considered|considers", "seek|sought|seeks",   "win|won|wins",           "lose|lost|loses",
    "sign|signed|signs",        "agree|agreed|agrees",      "extend|extended|extends", "end|ended|ends",
    "halt|halted|halts",        "resume|resumed|resumes",   "boost|boosted|boosts",   "slash|slashed|slashes",
    "expand|expanded|expands",  "shrink|shrank|shrinks",    "warn|warned|warns",      "urge|urged|urges",
    "sue|sued|sues",            "fine|fined|fines",         "probe|probed|probes",    "charge|charged|charges",
    "arrest|arrested|arrests",  "release|released|releases", "buy|bought|buys",       "sell|sold|sells",
    "acquire|acquired|acquires", "merge|merged|merges",     "invest|invested|invests", "build|built|builds",
    "close|closed|closes",      "open|opened|opens",        "hire|hired|hires",       "fire|fired|fires",
    "restrict|restricted|restricts", "target|targeted|targets", "hit|hit|hits",       "beat|beat|beats",
    "miss|missed|misses",       "report|reported|reports",  "post|posted|posts",      "forecast|forecast|forecasts",
    "rally|rallied|rallies",    "slump|slumped|slumps",     "fall|fell|falls",        "rise|rose|rises",
    "jump|jumped|jumps",        "drop|dropped|drops",       "surge|surged|surges",    "climb|climbed|climbs",
    "tumble|tumbled|tumbles",   "recover|recovered|recovers", "stall|stalled|stalls", "push|pushed|pushes",
    "press|pressed|presses",    "challenge|challenged|challenges", "defend|defended|defends", "back|backed|backs",
    "oppose|opposed|opposes",   "criticise|criticised|criticises", "praise|praised|praises", "deny|denied|denies",
    "confirm|confirmed|confirms", "reveal|revealed|reveals", "test|tested|tests",     "deploy|deployed|deploys",
    "evacuate|evacuated|evacuates", "rescue|rescued|rescues", "strike|struck|strikes", "hold|held|holds",
    "postpone|postponed|postpones", "cancel|cancelled|cancels", "restore|restored|restores", "renew|renewed|renews"};

const Words kPlaces{
    "China",      "Beijing",    "Shanghai",  "Taiwan",     "Japan",     "Tokyo",      "South Korea", "Seoul",
    "India",      "New Delhi",  "Mumbai",    "Pakistan",   "Indonesia", "Vietnam",    "Thailand",    "Malaysia",
    "Singapore",  "Australia",  "Sydney",    "New Zealand", "Russia",   "Moscow",     "Ukraine",     "Kyiv",
    "Poland",     "Germany",    "Berlin",    "France",     "Paris",     "Italy",      "Rome",        "Spain",
    "Madrid",     "Portugal",   "Britain",   "London",     "Ireland",   "Dublin",     "the Netherlands", "Brussels",
    "Sweden",     "Norway",     "Finland",   "Denmark",    "Switzerland", "Austria",  "Hungary",     "Greece",
    "Turkey",     "Ankara",     "Israel",    "Iran",       "Iraq",      "Saudi Arabia", "Qatar",     "Egypt",
    "Cairo",      "Nigeria",    "Lagos",     "Kenya",      "Nairobi",   "South Africa", "Ethiopia",  "Ghana",
    "Brazil",     "Sao Paulo",  "Argentina", "Chile",      "Peru",      "Colombia",   "Mexico",      "Canada",
    "Ottawa",     "Washington", "New York",  "California", "Texas",     "Florida",    "Chicago",     "Ohio",
    "the European Union", "the United States", "the Gulf", "Southeast Asia", "West Africa", "Latin America",
    "the Pacific", "the Arctic"};

const Words kFirstNames{
    "James", "Maria", "Wei",    "Aisha",   "Olena",  "Carlos", "Priya",  "Kenji",  "Fatima", "John",
    "Anna",  "Li",    "Ahmed",  "Sofia",   "David",  "Elena",  "Rahul",  "Yuki",   "Omar",   "Laura",
    "Peter", "Mei",   "Ibrahim", "Clara",  "Michael", "Ines",  "Arjun",  "Hana",   "Yusuf",  "Emma",
    "Thomas", "Xin",  "Tariq",  "Julia",   "Robert", "Lucia",  "Vikram", "Sakura", "Hassan", "Nora",
    "Daniel", "Jing", "Kwame",  "Marta",   "Andrew", "Eva",    "Sanjay", "Ren",    "Amara",  "Sarah"};
const Words kLastNames{
    "Smith",   "Garcia",  "Wang",    "Khan",    "Kovalenko", "Silva",  "Sharma",  "Tanaka", "Haddad", "Brown",
    "Muller",  "Zhang",   "Hassan",  "Rossi",   "Miller",    "Petrova", "Gupta",  "Sato",   "Farouk", "Martin",
    "Novak",   "Chen",    "Okafor",  "Lopez",   "Wilson",    "Dubois", "Patel",   "Kim",    "Yilmaz", "Jones",
    "Schmidt", "Liu",     "Mensah",  "Fischer", "Taylor",    "Moreau", "Reddy",   "Park",   "Aziz",   "Clarke",
    "Weber",   "Huang",   "Ndlovu",  "Santos",  "Anderson",  "Nowak",  "Iyer",    "Lee",    "Osei",   "Walsh"};
const Words kRoles{
    "chief executive", "finance minister", "spokesperson", "chief economist", "trade minister",
    "analyst", "senior official", "president", "chair", "chief financial officer", "foreign minister",
    "director", "deputy governor", "union leader", "lead researcher"};
const Words kDays{"Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday"};
const Words kSyllables{"vel", "tra", "nix", "cor", "ion", "dyn", "sol", "ar", "qu", "ex", "ter", "ma",
                       "lux", "gen", "tek", "zor", "pal", "ver", "bri", "on", "sys", "kal", "mer", "dex",
                       "hal", "ori", "fin", "sta", "ro", "via"};
const Words kOrgSuffixes{"", "", " Corp", " Group", " Holdings", " Energy", " Motors", " Systems", " Bank",
                         " Pharma", " Technologies", " Airlines"};
const Words kInstitutions{"the central bank", "the government", "the commerce ministry", "the European Commission",
                          "the World Bank", "the IMF", "the regulator", "the Senate", "the United Nations",
                          "the White House", "the Supreme Court", "the health ministry", "the army"};
const Words kSources{" - Reuters", " | AP News", " - BBC News", " - Bloomberg", " | Financial Times",
                     " - Nikkei Asia", " - The Guardian"};
const Words kDeskLabels{"UPDATE 2-", "REFILE-", "Exclusive: ", "BREAKING: ", "UPDATE 1-", "ANALYSIS-"};

const Words kChineseWords{
    "出口管制", "芯片",   "半导体", "美国",   "中国",   "商务部", "宣布",   "扩大",   "限制",   "企业",
    "市场",     "投资者", "股价",   "上涨",   "下跌",   "经济",   "增长",   "政策",   "央行",   "利率",
    "人民币",   "汇率",   "贸易",   "谈判",   "协议",   "关税",   "制裁",   "公司",   "营收",   "利润",
    "季度",     "发布",   "报告",   "数据",   "显示",   "官员",   "表示",   "计划",   "项目",   "能源",
    "电动汽车", "电池",   "光伏",   "风电",   "电网",   "天然气", "石油",   "价格",   "消费",   "需求",
    "供应链",   "工厂",   "生产",   "出口",   "进口",   "港口",   "航运",   "科技",   "人工智能", "模型",
    "数据中心", "云计算", "监管",   "部门",   "调查",   "法院",   "判决",   "员工",   "就业",   "工资",
    "房地产",   "开发商", "债务",   "银行",   "贷款",   "金融",   "风险",   "改革",   "地方政府", "财政",
    "预算",     "赤字",   "气候",   "排放",   "暴雨",   "洪水",   "高温",   "地震",   "救援",   "医院",
    "疫苗",     "患者",   "研究",   "科学家", "卫星",   "火箭",   "发射",   "航天",   "比赛",   "冠军",
    "北京",     "上海",   "深圳",   "广州",   "香港",   "台湾",   "日本",   "韩国",   "欧洲",   "俄罗斯"};

// Common characters, for words the list does not have: Chinese stories
// share characters as real ones do, not whole sentences.
constexpr std::string_view kChineseCharacters = "的一是在不了有和人这中大为上个国我以要他时来用们生到作地于出就分对成会可主发年动同工也能下过子说产种面而方后多定行学法所民得经十三之进着等部度家电力里如水化高自二理起小物现实加量都两体制机当使点从业本去把性好应开它合还因由其些然前外天政四日那社义事平形相全表间样与关各重新线内数正心反你明看原又么利比或但质气第向道命此变条只没结解问意建月公无系军很情者最立代想已通并提直题党程展五果料象员革位入常文总次品式活设及管特件长求老头基资边流路级少图山统接知较将组见计别她手角期根论运农指几九区强放决西被干做必战先回则任取据处队南给色光门即保治北造百规热领七海口东导器压志世金增争济阶油思术极交受联什认六共权收证改清己美再采转更单风切打白教速花带安场身车例真务具万每目至达走积示议声报斗完类八离华名确才科张信马节话米整空元况今集温传土许步群广石记需段研界拉林律叫且究观越织装影算低持音众书布复容儿须际商非验连断深难近矿千周委素技备半办青省列习响约支般史感劳便团往酸历市克何除消构府称太准精值号率族维划选标写存候毛亲快效斯院查江型眼王按格养易置派层片始却专状育厂京识适属圆包火住调满县局照参红细引听该铁价严龙飞";

std::string_view pick(Random& random, const Words& words) { return words[random.skewed(words.size())]; }
std::string_view pick_evenly(Random& random, const Words& words) { return words[random.below(words.size())]; }

// "cut|cut|cuts" → form 0, 1 or 2.
std::string_view verb_form(std::string_view verb, int form) {
  for (int i = 0; i < form; ++i) verb.remove_prefix(verb.find('|') + 1);
  return verb.substr(0, verb.find('|'));
}

std::string capitalized(std::string_view word) {
  std::string text(word);
  if (!text.empty() && text[0] >= 'a' && text[0] <= 'z') text[0] = static_cast<char>(text[0] - 'a' + 'A');
  return text;
}

std::string made_up_company(Random& random) {
  std::string name;
  std::size_t syllables = random.between(2, 3);
  for (std::size_t i = 0; i < syllables; ++i) name += pick_evenly(random, kSyllables);
  return capitalized(name) + std::string(pick_evenly(random, kOrgSuffixes));
}

std::string number_phrase(Random& random) {
  switch (random.below(5)) {
    case 0: return std::to_string(random.between(2, 99)) + "%";
    case 1: return std::string("$").append(std::to_string(random.between(1, 90))).append(".").append(
                       std::to_string(random.below(10))).append(" billion");
    case 2: return std::to_string(random.between(3, 950));
    case 3: return std::to_string(random.between(1, 40)) + " million";
    default: return std::to_string(random.between(1990, 2030));
  }
}

// The cast of one story: its words recur through title, summary and article.
struct Cast {
  std::string company, company2, person, role, place, place2, day;
  std::vector<std::string> topics;  // 3 different nouns
};

Cast cast_of(Random& random) {
  Cast cast{made_up_company(random),
            made_up_company(random),
            std::string(pick_evenly(random, kFirstNames)) + " " + std::string(pick_evenly(random, kLastNames)),
            std::string(pick(random, kRoles)),
            std::string(pick(random, kPlaces)),
            std::string(pick(random, kPlaces)),
            std::string(pick_evenly(random, kDays)),
            {}};
  while (cast.topics.size() < 3) {
    std::string noun(pick_evenly(random, kNouns));
    if (std::find(cast.topics.begin(), cast.topics.end(), noun) == cast.topics.end()) cast.topics.push_back(noun);
  }
  return cast;
}

std::string topic(Random& random, const Cast& cast) {
  return random.chance(50) ? cast.topics[random.below(3)] : std::string(pick(random, kNouns));
}

std::string lower_first(std::string text) {
  if (text.starts_with("The ")) text[0] = 't';
  return text;
}

// Who acts in a sentence; `start` capitalizes an institution ("The IMF").
std::string actor(Random& random, const Cast& cast, bool start) {
  switch (random.below(4)) {
    case 0: return cast.company;
    case 1: return cast.place;
    case 2: return start ? capitalized(pick(random, kInstitutions)) : std::string(pick(random, kInstitutions));
    default: return cast.company2;
  }
}

std::string verb(Random& random, int form) { return std::string(verb_form(pick(random, kVerbs), form)); }
std::string adjective(Random& random) { return std::string(pick(random, kAdjectives)); }

std::string headline(Random& random, const Cast& cast) {
  const auto& t = cast.topics;
  const std::string &a = t[0], &b = t[1], &c = t[2];
  switch (random.below(7)) {
    case 0: return actor(random, cast, true) + " " + verb(random, 2) + " " + adjective(random) + " " + a + " " + b +
                   " on " + cast.place2;
    case 1: return cast.place + " " + verb(random, 2) + " " + a + " " + b + " as " + c + " " + verb(random, 2);
    case 2: return cast.company + " " + a + " " + verb(random, 2) + " " + number_phrase(random) + " after " +
                   adjective(random) + " " + b;
    case 3: return actor(random, cast, true) + " to " + verb(random, 0) + " " + a + " " + b + ", says " + cast.person;
    case 4: return "Why " + cast.place + "'s " + adjective(random) + " " + a + " " + verb(random, 2) + " " +
                   cast.company + " " + b;
    case 5: return cast.company + " and " + cast.company2 + " " + verb(random, 0) + " " + adjective(random) + " " + a +
                   " " + b + " in " + cast.place;
    default: return cast.person + " " + verb(random, 2) + " " + a + " " + c + " " + verb(random, 1) + " by " +
                    cast.company;
  }
}

// The first sentence: what this story is about, in its own words.
std::string lede(Random& random, const Cast& cast) {
  std::string opening = actor(random, cast, true) + " " + verb(random, 1) + " " + adjective(random) + " " +
                        cast.topics[0] + " " + std::string(pick(random, kNouns)) + " for " + cast.topics[1] +
                        " in " + cast.place + " on " + cast.day;
  switch (random.below(5)) {
    case 0: return opening + ", a move that could " + verb(random, 0) + " " + adjective(random) + " " +
                   cast.topics[2] + " for " + cast.company2 + " and " + std::string(pick(random, kNouns)) + ".";
    case 1: return opening + ", sending " + cast.topics[2] + " " + (random.chance(50) ? "up " : "down ") +
                   number_phrase(random) + " as " + std::string(pick(random, kNouns)) + " " + verb(random, 1) + ".";
    case 2: return opening + ", citing " + adjective(random) + " " + std::string(pick(random, kNouns)) + " and " +
                   adjective(random) + " " + cast.topics[2] + ".";
    case 3: return opening + " after " + number_phrase(random) + " " + std::string(pick(random, kNouns)) + " " +
                   verb(random, 1) + " " + cast.topics[2] + " at " + cast.company2 + ".";
    default: return opening + ", " + cast.person + ", " + cast.role + " at " + cast.company2 + ", said.";
  }
}

// Sentence kinds 1, 3, 5, 6, 9 and 10 are wire boilerplate ("according to",
// "Analysts had expected", "did not respond to a request for comment"): one
// sentence in 40 each; the other kinds are mostly the story's own words.
std::size_t sentence_kind(Random& random) {
  static constexpr std::array<std::size_t, 40> kKinds{0, 0, 0, 0, 0, 0, 2, 2, 2, 2, 2, 2, 4, 4, 4, 4, 4, 4, 7, 7,
                                                      7, 7, 7, 7, 8, 8, 8, 8, 8, 8, 11, 11, 11, 11, 1, 3, 5, 6, 9, 10};
  return kKinds[random.below(kKinds.size())];
}

std::string body_sentence(Random& random, const Cast& cast) {
  switch (sentence_kind(random)) {
    case 0: return actor(random, cast, true) + " " + verb(random, 1) + " its " + adjective(random) + " " +
                   topic(random, cast) + " " + topic(random, cast) + " in " + cast.place2 + ", " + cast.person +
                   ", its " + cast.role + ", said.";
    case 1: return "The " + topic(random, cast) + " " + verb(random, 1) + " " + number_phrase(random) + " in the " +
                   adjective(random) + " quarter, according to " + std::string(pick(random, kInstitutions)) + ".";
    case 2: return cast.person + " said " + adjective(random) + " " + topic(random, cast) + " would " +
                   verb(random, 0) + " " + topic(random, cast) + " " + topic(random, cast) + " in " + cast.place2 +
                   " by " + number_phrase(random) + ".";
    case 3: return "Analysts had expected " + topic(random, cast) + " of " + number_phrase(random) + ", but " +
                   actor(random, cast, false) + " " + verb(random, 1) + " " + adjective(random) + " " +
                   topic(random, cast) + " instead.";
    case 4: return "\"" + capitalized(adjective(random)) + " " + topic(random, cast) + " " + verb(random, 0) + " " +
                   topic(random, cast) + " " + topic(random, cast) + ",\" " + cast.person + " told " +
                   std::string(pick(random, kNouns)) + " in " + cast.place + ".";
    case 5: return "The move comes after " + lower_first(actor(random, cast, false)) + " " + verb(random, 1) + " " +
                   adjective(random) + " " + topic(random, cast) + " and " + topic(random, cast) + " in " +
                   cast.place2 + ".";
    case 6: return "Shares of " + cast.company + " " + verb(random, 1) + " " + number_phrase(random) + " in " +
                   cast.place + ", while " + topic(random, cast) + " " + topic(random, cast) + " " + verb(random, 1) +
                   " " + number_phrase(random) + ".";
    case 7: return capitalized(topic(random, cast)) + " " + topic(random, cast) + " in " + cast.place2 + " " +
                   verb(random, 1) + " " + number_phrase(random) + " " + topic(random, cast) + ", " +
                   adjective(random) + " " + topic(random, cast) + " and " + topic(random, cast) + ".";
    case 8: return cast.company2 + " " + verb(random, 1) + " " + number_phrase(random) + " " + topic(random, cast) +
                   " from " + cast.place + " to " + cast.place2 + " " + adjective(random) + " " +
                   topic(random, cast) + ".";
    case 9: return "It was not immediately clear how " + adjective(random) + " " + topic(random, cast) +
                   " would affect " + topic(random, cast) + " at " + cast.company2 + ".";
    case 10: return cast.company2 + " did not respond to a request for comment.";
    default: return "Last " + std::string(pick(random, kNouns)) + ", " + actor(random, cast, false) + " " +
                    verb(random, 1) + " " + number_phrase(random) + " " + adjective(random) + " " +
                    topic(random, cast) + " " + topic(random, cast) + ".";
  }
}

// The lede, then `count` more sentences.
std::string opening(Random& random, const Cast& cast, std::size_t count) {
  std::string text = lede(random, cast);
  for (std::size_t i = 0; i < count; ++i) {
    text += ' ';
    text += body_sentence(random, cast);
  }
  return text;
}

std::string article(Random& random, const Cast& cast, std::string_view lead) {
  std::string text(lead);
  std::size_t words = random.between(150, 600), paragraph = 0;
  while (std::count(text.begin(), text.end(), ' ') < static_cast<std::ptrdiff_t>(words)) {
    text += ++paragraph % 3 == 0 ? "\n\n" : " ";
    text += body_sentence(random, cast);
  }
  return text;
}

std::string title_case(std::string_view title) {
  std::string text;
  bool start = true;
  for (char c : title) {
    text += start && c >= 'a' && c <= 'z' ? static_cast<char>(c - 'a' + 'A') : c;
    start = c == ' ';
  }
  return text;
}

std::string chinese_run(Random& random, std::size_t words) {
  std::string text;
  for (std::size_t i = 0; i < words; ++i) {
    if (random.chance(60)) {
      text += pick_evenly(random, kChineseWords);
      continue;
    }
    for (int c = 0; c < 2; ++c) text += kChineseCharacters.substr(3 * random.below(kChineseCharacters.size() / 3), 3);
  }
  return text;
}

std::string chinese_sentences(Random& random, std::size_t count) {
  std::string text;
  for (std::size_t i = 0; i < count; ++i) text += chinese_run(random, random.between(5, 9)) + "，" +
                                                  chinese_run(random, random.between(4, 8)) + "。";
  return text;
}

Story chinese_story(Random& random, std::uint64_t index) {
  Story story;
  story.title = chinese_run(random, random.between(4, 7)) + "：" + chinese_run(random, random.between(3, 5));
  story.summary = chinese_sentences(random, random.between(2, 4));
  if (random.chance(40)) story.content = story.summary + chinese_sentences(random, random.between(8, 30));
  story.link = "https://news" + std::to_string(index % 97) + ".example.cn/a/" + std::to_string(index);
  return story;
}

Story english_story(Random& random, std::uint64_t index) {
  Cast cast = cast_of(random);
  Story story;
  story.title = headline(random, cast);
  if (random.chance(20)) story.title = title_case(story.title);
  std::size_t more = random.below(10);
  story.summary = opening(random, cast, more < 6 ? 0 : more < 9 ? 1 : 2);
  if (random.chance(40)) story.content = article(random, cast, story.summary);
  story.link = "https://www.site" + std::to_string(index % 211) + ".example/news/" + std::to_string(index) + "-" +
               std::to_string(random.below(1000000));
  return story;
}

// --- copies --------------------------------------------------------------

std::vector<std::string> split_words(std::string_view text) {
  std::vector<std::string> words;
  for (std::size_t at = 0; at < text.size();) {
    std::size_t end = std::min(text.find(' ', at), text.size());
    if (end > at) words.emplace_back(text.substr(at, end - at));
    at = end + 1;
  }
  return words;
}

std::string joined(const std::vector<std::string>& words) {
  std::string text;
  for (const std::string& word : words) text += (text.empty() ? "" : " ") + word;
  return text;
}

// One word changed: a lower-case word (not a name) swapped or dropped.
std::string reworded(Random& random, std::string_view text, bool drop) {
  std::vector<std::string> words = split_words(text);
  for (int attempt = 0; attempt < 8 && words.size() > 3; ++attempt) {
    std::size_t at = random.between(1, words.size() - 1);
    if (words[at].empty() || words[at][0] < 'a' || words[at][0] > 'z' || words[at].back() == '.') continue;
    if (drop) words.erase(words.begin() + static_cast<std::ptrdiff_t>(at));
    else words[at] = std::string(pick(random, kAdjectives));
    break;
  }
  return joined(words);
}

std::string edited_title(Random& random, const std::string& title) {
  switch (random.below(5)) {
    case 0: return std::string(pick_evenly(random, kDeskLabels)) + title;
    case 1: return title + std::string(pick_evenly(random, kSources));
    case 2: return reworded(random, title, false);
    case 3: return reworded(random, title, true);
    default: return std::string(pick_evenly(random, kDeskLabels)) + title + std::string(pick_evenly(random, kSources));
  }
}

std::string cut(std::string_view text, std::size_t percent) {
  std::size_t at = text.size() * percent / 100;
  while (at < text.size() && text[at] != ' ' && static_cast<unsigned char>(text[at]) < 0x80) ++at;
  while (at < text.size() && (static_cast<unsigned char>(text[at]) & 0xC0) == 0x80) ++at;  // whole UTF-8
  return std::string(text.substr(0, at)) + "…";
}

std::string edited_summary(Random& random, const Story& story) {
  switch (random.below(4)) {
    case 0: return cut(story.summary, random.between(60, 90));
    case 1: return story.summary + " " + (story.content.empty() ? std::string("More details were expected later.")
                                                                : cut(story.content.substr(story.summary.size()), 20));
    case 2: return reworded(random, reworded(random, story.summary, false), false);
    default: return story.content.empty() ? story.summary : cut(story.content, 15);
  }
}

std::string edited_content(Random& random, const Story& story) {
  if (story.content.empty() || random.chance(50)) return "";
  if (random.chance(50)) return story.content;
  return story.content + "\n\n" + story.summary;  // a wire update that adds a paragraph
}

}  // namespace

Story StoryCorpus::story(std::uint64_t index) const {
  Random random(mix(seed_ ^ mix(index + 1)));
  return random.chance(10) ? chinese_story(random, index) : english_story(random, index);
}

Story StoryCorpus::edited_copy(std::uint64_t index, std::uint64_t variant) const {
  Story original = story(index);
  Random random(mix(seed_ ^ mix(index + 1) ^ mix(variant + 0x636f7079ULL)));
  Story copy;
  bool chinese = static_cast<unsigned char>(original.title[0]) >= 0x80;
  copy.title = chinese ? (random.chance(50) ? "快讯：" + original.title : original.title + " - 新华网")
                       : edited_title(random, original.title);
  copy.summary = edited_summary(random, original);
  copy.content = edited_content(random, original);
  copy.link = "https://mirror" + std::to_string(variant % 53) + ".example/story/" + std::to_string(index) + "-" +
              std::to_string(variant);
  return copy;
}

}  // namespace feedwatch::bench
