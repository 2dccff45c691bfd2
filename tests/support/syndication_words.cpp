// The word banks. People, banks, research firms and AI models are made up;
// companies and places are real so that the text reads like the news the
// daemon's users follow (the texts in ../shared/seeds/). Hosts are .example.
#include "tests/support/syndication_words.h"

namespace feedwatch::testing::syndication::words {
namespace {

// --- English ------------------------------------------------------------

std::vector<Topic> english_topics() {
  return {
      {"entity-list",
       {
           {"Commerce adds {n} Chinese firms to entity list over chip concerns",
            "The Commerce Department on {weekday} added {n} Chinese companies, among them affiliates of {cn_company}, "
            "to its entity list, barring US suppliers from shipping them chips and chipmaking tools without a "
            "licence."},
           {"US blacklists {n} companies including {cn_company} in new export controls push",
            "The United States has placed {n} companies, including units of {cn_company}, on a trade blacklist, "
            "accusing them of helping route advanced semiconductors to military end users in {country}."},
           {"Washington targets {cn_company} suppliers with fresh export controls",
            "Washington on {weekday} moved against suppliers of {cn_company}, adding {n} firms in {hub} and mainland "
            "China to a list of entities that need a licence before they can buy American chip technology."},
           {"{n} {nationality} firms hit with US export controls over AI chip purchases",
            "The Bureau of Industry and Security said {n} {nationality} companies had bought {chip} processors through "
            "intermediaries in {hub} and would now need a licence for any purchase of US chips."},
           {"Entity list grows by {n} as {cn_company} partners face semiconductor curbs",
            "US officials added {n} business partners of {cn_company} to the entity list on {weekday}, the latest step "
            "in a campaign to keep advanced semiconductors and the tools to make them away from Chinese fabs."},
       },
       {
           "Officials said the companies had acquired {chip} processors through shell firms in {hub} and resold them.",
           "Licence applications for the listed firms will be reviewed under a presumption of denial.",
           "{cn_company} said in a statement that it had complied with all applicable laws and would seek to have "
           "the designation reversed.",
           "The listing is the {ordinal} such action this year, according to a tally by {bank}.",
           "Several of the firms had been buying {product} from US and Japanese suppliers as recently as last month, "
           "customs records show.",
           "Two of the companies were already subject to Treasury sanctions over their dealings with {country}.",
           "The designations also cover foreign-made items that rely on American software or equipment.",
           "A Commerce spokesperson said the agency would keep adding names as new diversion routes emerged.",
       },
       {"Trade policy", "Semiconductors"}},
      {"chip-rules",
       {
           {"US tightens export controls on {chip} chips to {country}",
            "The Commerce Department on {weekday} unveiled rules that require a licence for shipments of {chip} "
            "processors to {country}, closing a gap that let suppliers sell slightly slower versions of top chips."},
           {"New US rule widens export controls on AI chips, covering {chip}",
            "A rule published on {weekday} extends US export controls to the {chip}, a processor {company} designed "
            "to stay below earlier thresholds, and to any chip with comparable performance."},
           {"Chip export controls: US closes loophole on {product} shipments to {country}",
            "The United States will restrict exports of {product} to {country} under a rule published on {weekday}, "
            "extending controls that already cover the most advanced chips and the machines that make them."},
           {"US to require licences for {product} as chip export curbs widen",
            "Exporters of {product} will need a US licence to sell to customers in {country} from next month, the "
            "Bureau of Industry and Security said on {weekday}, widening curbs aimed at advanced chipmaking."},
           {"Washington weighs curbs on {product}, a new front in chip export controls",
            "US officials are drafting rules that would restrict sales of {product} to {country}, according to "
            "{n} people familiar with the plans, opening a new front in the fight over advanced chips."},
           {"US closes 'loophole' on {chip} chip sales to {country}",
            "The Commerce Department said on {weekday} it had closed what officials called a \"loophole\" that let "
            "suppliers ship {chip} processors to {country} through subsidiaries in third countries."},
       },
       {
           "The rule takes effect in {days} days, giving suppliers time to wind down existing contracts.",
           "{company} said it was reviewing the regulation and expected to comply fully.",
           "Analysts at {bank} estimated the measures could cut {company}'s annual revenue by as much as ${b} billion.",
           "The controls apply to any chip whose total processing performance exceeds a threshold set in the rule, "
           "regardless of where it is made.",
           "Officials said the change was needed because buyers in {country} had stockpiled {chip} processors ahead "
           "of earlier rules.",
           "Exporters will also have to screen customers for links to military research institutes.",
           "The rule includes an exemption for chips used in consumer devices such as phones and laptops.",
           "Companies that already hold licences will be allowed to complete shipments booked before {month}.",
       },
       {"Technology", "Export controls"}},
      {"sanctions",
       {
           {"Treasury sanctions {n} entities over chip supplies to Russia's military",
            "The Treasury Department on {weekday} imposed sanctions on {n} companies and individuals it said had "
            "supplied microelectronics and chipmaking parts to Russian weapons makers through {hub}."},
           {"US sanctions {hub} network accused of shipping chips to Iran drone makers",
            "The United States sanctioned a network of {n} firms in {hub} on {weekday}, saying they bought American "
            "chips and passed them to Iranian manufacturers of drones and guided missiles."},
           {"{cn_company} hit by fresh sanctions as Washington targets military supply chains",
            "{cn_company} was among {n} companies named in a new round of US sanctions on {weekday}, which officials "
            "said targeted suppliers of semiconductors and navigation parts to the Russian military."},
           {"New sanctions target {n} firms that sold {product} to Moscow",
            "Western governments announced coordinated sanctions on {n} companies accused of selling {product} to "
            "Russian buyers, shutting them out of the dollar system and freezing their assets."},
           {"EU's new Russia sanctions package targets semiconductor trade through {hub}",
            "European Union governments on {weekday} approved a sanctions package that for the first time targets "
            "firms in {hub} accused of re-exporting European semiconductors and machine tools to Russia."},
       },
       {
           "The sanctions freeze any assets the companies hold in the United States and bar Americans from dealing "
           "with them.",
           "Officials said Western-made chips had been found in drones and missiles recovered on the battlefield.",
           "Several of the firms were registered at the same address and had no visible business activity.",
           "The Treasury said the network had moved about ${m} million worth of components since last year.",
           "Banks in {hub} were warned that handling payments for the listed firms could expose them to secondary "
           "sanctions.",
           "{country}'s embassy called the measures illegal and said they would not change its policy.",
           "Investigators traced the shipments using serial numbers printed on chips recovered from the wreckage.",
       },
       {"World", "Sanctions"}},
      {"ai-models",
       {
           {"{ai_lab} unveils {model} AI model, says it was trained on domestic chips",
            "{ai_lab} on {weekday} released {model}, a large language model it says matches leading US systems on "
            "reasoning tests while having been trained entirely on Chinese-made chips."},
           {"{ai_lab}'s {model} rivals US systems despite chip export controls",
            "{ai_lab}'s new {model} model performs on par with the best American systems on coding and mathematics "
            "tests, researchers said on {weekday}, despite US export controls on the chips needed to train it."},
           {"{ai_lab} releases {model}, claims big efficiency gains on older chips",
            "{ai_lab} said on {weekday} that its {model} model needs {p} times less computing power than its "
            "predecessor, letting it run on older chips that are not covered by US export rules."},
           {"Chip curbs fail to slow {ai_lab}, whose {model} model tops coding benchmarks",
            "A model released by {ai_lab} on {weekday}, {model}, has reached the top of two widely watched coding "
            "benchmarks, fuelling debate over whether US chip curbs are working."},
       },
       {
           "The company said the model was trained on a cluster of {cluster} accelerators, a mix of {chip} and "
           "domestic processors.",
           "Researchers who tested {model} said it performed strongly on mathematics and coding but lagged on long "
           "documents.",
           "The release renewed debate in Washington over whether export controls on chips slow Chinese AI labs or "
           "push them to innovate.",
           "{ai_lab} published the model's weights under an open licence, allowing developers to run it on their "
           "own hardware.",
           "Training cost about ${m} million, the company said, far less than US rivals are believed to spend.",
           "Shares of chip designers that supply Chinese data centres rose after the announcement.",
           "Developers said the model was already among the most downloaded on popular code-sharing sites.",
           "The lab's founder told state media that access to computing power remained its biggest constraint.",
       },
       {"Artificial intelligence", "Technology"}},
      {"markets",
       {
           {"{company} shares rise {p}% on strong AI chip demand",
            "Shares of {company} rose {p}% on {weekday} after the company said orders for its AI chips were running "
            "well ahead of supply, lifting other semiconductor stocks in {market} trading."},
           {"{company} shares fall {p}% as export controls cloud China sales",
            "Shares of {company} fell {p}% on {weekday} after the company warned that new US export controls would "
            "weigh on its sales in China for the rest of the year."},
           {"{company}'s China chip sales hit by export controls, shares fall {p}%",
            "{company} said on {weekday} that US export controls had cut its chip sales in China by about a third, "
            "sending its shares down {p}% in {market} trading."},
           {"Chip stocks: {company} slips {p}% after new sanctions warning",
            "{company} slipped {p}% in {market} trading on {weekday} after officials warned that firms helping "
            "Russia obtain chips could face sanctions, dragging chip stocks lower."},
           {"{company} leads semiconductor rally, climbing {p}% in {market} trading",
            "{company} climbed {p}% in {market} trading on {weekday}, leading a broad rally in semiconductor shares "
            "as investors bet that demand for AI servers will keep growing."},
           {"Semiconductor stocks slide on fresh export control fears",
            "Semiconductor stocks fell sharply on {weekday}, with {company} down {p}%, after reports that Washington "
            "was preparing another round of export controls on sales to China."},
       },
       {
           "The Philadelphia semiconductor index ended the session {p}% lower.",
           "Trading volume in {company} was about twice its 30-day average.",
           "Analysts at {bank} kept their buy rating but cut their price target by ${b}.",
           "{company} gets about {share}% of its revenue from customers in China, according to its latest annual "
           "report.",
           "Options traders bet on further swings ahead of the company's results next month.",
           "Shares of {company2} were little changed in {market} trading.",
           "The stock has gained about {share}% since the start of the year even after the latest move.",
       },
       {"Markets", "Semiconductors"}},
      {"fabs",
       {
           {"{company} to build ${b} billion chip plant in {city}",
            "{company} said on {weekday} it would invest ${b} billion in a new chip plant in {city}, creating about "
            "{jobs} jobs and producing {node} chips from {year}."},
           {"{company} delays {city} chip factory as subsidies stall",
            "{company} has pushed back the opening of its {city} chip factory to {year}, the company said on "
            "{weekday}, citing slower than expected payment of government subsidies."},
           {"{company} wins ${b} billion in chip subsidies for {city} plant",
            "{company} will receive ${b} billion in government support for a semiconductor plant in {city}, officials "
            "said on {weekday}, one of the largest awards under the programme."},
           {"Semiconductor plant in {city}: {company} breaks ground on ${b} billion project",
            "{company} broke ground on {weekday} on a ${b} billion semiconductor plant in {city} that it says will "
            "make {node} chips for AI servers and cars from {year}."},
       },
       {
           "The plant will make chips on the {node} process, the company's most advanced outside its home market.",
           "Construction is expected to take about three years, with production starting in {year}.",
           "Local officials said the project would create about {jobs} jobs during construction.",
           "{company} has struggled to hire enough skilled technicians for its overseas plants.",
           "The company said water and power supply agreements had been signed with the regional government.",
           "Analysts at {bank} said the investment would help customers reduce their dependence on a single region.",
           "Critics argue that subsidies are flowing to companies that would have built the plants anyway.",
       },
       {"Business", "Semiconductors"}},
      {"retaliation",
       {
           {"China curbs exports of {mineral} in response to US chip export controls",
            "China's commerce ministry said on {weekday} it would require licences for exports of {mineral}, a "
            "material used in chipmaking, days after Washington tightened its own export controls."},
           {"Beijing opens probe into {company} after new US chip sanctions",
            "China's market regulator said on {weekday} it had opened an investigation into {company}, a move widely "
            "seen as retaliation for new US sanctions on Chinese chip firms."},
           {"China adds {n} US defence firms to unreliable entity list in sanctions tit-for-tat",
            "Beijing on {weekday} added {n} American defence contractors to its unreliable entity list, banning them "
            "from trading with Chinese companies in response to US sanctions on its chip sector."},
           {"China vows 'resolute' response to new US semiconductor curbs",
            "China's commerce ministry promised a \"resolute\" response on {weekday} to the latest US semiconductor "
            "curbs, saying Washington was abusing export controls to contain China's development."},
       },
       {
           "China produces most of the world's {mineral}, giving it leverage over Western manufacturers.",
           "Exporters will have to name their end users and explain how the material will be used.",
           "Prices of {mineral} in Europe jumped about {share}% after the announcement.",
           "The ministry did not say how long the review of licence applications would take.",
           "{company} said it had not been notified of any investigation and would cooperate with the authorities.",
           "Analysts said Beijing was signalling that it could go further if Washington widened its measures.",
           "Western buyers have been building stockpiles since the first restrictions were announced.",
       },
       {"World", "China"}},
      {"smuggling",
       {
           {"Prosecutors charge {n} over smuggling of {chip} chips to China",
            "US prosecutors on {weekday} charged {n} people with conspiring to smuggle {chip} chips worth about ${m} "
            "million to China by relabelling them and routing them through {hub}."},
           {"{hub} investigates firms suspected of diverting AI chips",
            "Authorities in {hub} said on {weekday} they were investigating {n} companies suspected of buying AI "
            "chips from server makers and diverting them to Chinese buyers in breach of US export controls."},
           {"Man pleads guilty to exporting {product} in breach of sanctions",
            "A businessman pleaded guilty on {weekday} to exporting {product} to Russia in breach of US sanctions, "
            "prosecutors said, admitting that he hid the buyers behind front companies in {hub}."},
           {"Smuggled AI chips: {n} arrested in {hub} over ${m} million scheme",
            "Police in {hub} arrested {n} people on {weekday} over a scheme that allegedly moved ${m} million worth "
            "of AI chips to China in violation of export controls, using forged shipping papers."},
       },
       {
           "According to the indictment, the chips were declared as ordinary computer parts on customs forms.",
           "The defendants face up to 20 years in prison if convicted.",
           "Investigators said the servers were shipped to data centres in {hub} and then quietly moved on.",
           "Lawyers for the accused did not respond to requests for comment.",
           "The case is the latest in a string of prosecutions brought by a task force set up last year.",
           "Officials said some of the chips were resold at several times their list price.",
           "Server makers have been told to check that machines stay where their buyers say they will.",
       },
       {"Crime", "Export controls"}},
      {"allies",
       {
           {"{ally} aligns with US on chipmaking equipment export controls",
            "{ally} said on {weekday} it would require licences for exports of advanced chipmaking equipment to "
            "China, bringing its rules closer to those of the United States."},
           {"{ally} to widen chip export controls to {product} from {month}",
            "{ally} will restrict sales of {product} to Chinese customers from {month}, its government said on "
            "{weekday}, extending export controls that US officials have pressed allies to adopt."},
           {"US presses {ally} to curb servicing of Chinese chip tools",
            "US officials are pressing {ally} to stop its companies from servicing chipmaking machines already "
            "installed in China, {n} people familiar with the talks said on {weekday}."},
           {"{company} says new {ally} export controls will hit {share}% of China sales",
            "{company} said on {weekday} that new export controls announced by {ally} would affect about {share}% "
            "of its sales to China, though it expected to win licences for some of them."},
       },
       {
           "The rules cover deposition and etching tools as well as some lithography systems.",
           "Officials in {ally} said the decision was taken on national security grounds and targeted no country.",
           "{company} said the rules would have no material effect on its guidance for the year.",
           "Washington has spent more than two years persuading allies to match its controls.",
           "Chinese chipmakers have been buying record amounts of equipment ahead of the restrictions.",
           "The government said it would review the list of controlled items every {days} days.",
           "Industry groups warned that customers in China were already switching to domestic toolmakers.",
       },
       {"Trade policy", "Technology"}},
      {"earnings",
       {
           {"{company} forecasts revenue above estimates on AI chip boom",
            "{company} forecast quarterly revenue above analysts' estimates on {weekday}, saying demand for its AI "
            "chips from cloud providers showed no sign of slowing."},
           {"{company} cuts outlook, citing export controls and weak China demand",
            "{company} lowered its full-year forecast on {weekday}, blaming US export controls and weaker demand from "
            "Chinese customers, and said revenue would fall about {p}% from a year earlier."},
           {"{company} profit jumps {p}% as data centre chip sales surge",
            "{company} reported on {weekday} that quarterly profit jumped {p}%, driven by sales of chips for data "
            "centres that more than offset weakness in personal computers."},
           {"Export controls cost {company} ${b} billion in lost sales, CFO says",
            "US export controls cost {company} about ${b} billion in sales last quarter, its chief financial officer "
            "said on {weekday}, as shipments of its China-specific chips stalled."},
       },
       {
           "Revenue from China fell to about {share}% of the total, down from a quarter two years ago.",
           "The company said it had written down ${b} billion of inventory it can no longer sell.",
           "Gross margins widened to {share} percentage points above the level a year earlier.",
           "Executives said supply of advanced packaging remained the main bottleneck.",
           "{company} said it would buy back up to ${b} billion of its own shares.",
           "Analysts at {bank} said the guidance implied a stronger second half than investors had expected.",
           "The company expects capital spending of about ${b} billion this year.",
       },
       {"Business", "Earnings"}},
      {"policy",
       {
           {"White House weighs new limits on AI chip sales to {region}",
            "The White House is weighing new limits on sales of AI chips to {region}, {n} officials said on "
            "{weekday}, amid concern that the chips could be re-exported to China."},
           {"Senators push bill to track location of exported AI chips",
            "A group of {n} senators introduced a bill on {weekday} that would require makers of advanced AI chips "
            "to build in location checks, so that exported processors cannot be diverted."},
           {"'Chip security' bill would make {company} track where its AI chips go",
            "A bill introduced by {n} lawmakers on {weekday} would require {company} and other makers of advanced AI "
            "chips to verify where their processors end up, in what sponsors called a \"chip security\" measure."},
           {"Lawmakers urge tougher sanctions on {cn_company} over chip advances",
            "US lawmakers urged the administration on {weekday} to impose tougher sanctions on {cn_company}, saying "
            "its latest chips showed that existing export controls had gaps."},
           {"US offers {ally} relief from AI chip export caps in exchange for security pledges",
            "The United States has offered {ally} relief from caps on imports of AI chips if it agrees to tighter "
            "security at its data centres, {n} people familiar with the talks said on {weekday}."},
       },
       {
           "The proposal would set country-by-country caps on the computing power that can be exported.",
           "Industry groups said the plan would hand business to foreign competitors.",
           "{person}, {role}, said the administration was trying to balance security and commerce.",
           "A vote on the measure is not expected before {month}.",
           "Officials said data centre operators would have to show that foreign staff could not reach the chips.",
           "The bill has support from members of both parties on the China committee.",
           "Previous proposals stalled amid objections from cloud providers and chip designers.",
       },
       {"Politics", "Technology"}},
  };
}

std::vector<std::string_view> english_general_sentences() {
  return {
      "\u201c{quote},\u201d said {person}, {role}.",
      "{person}, {role}, said: \u201c{quote}.\u201d",
      "The measures come as Washington and Beijing prepare for another round of trade talks in {talks_city}.",
      "China's foreign ministry said the United States was abusing export controls to hold back other countries.",
      "Industry groups warned that broad controls could push buyers toward suppliers in other countries.",
      "The Semiconductor Industry Association said it was studying the details.",
      "Trade lawyers said enforcement would depend on how strictly licences are reviewed.",
      "A spokesperson for {company2} declined to comment.",
      "Demand for AI accelerators has outstripped supply for more than two years.",
      "Officials have said they aim to protect national security without harming the wider chip industry.",
      "The previous round of controls, in {month}, covered high-bandwidth memory and some chipmaking tools.",
      "Chinese buyers have turned to domestic processors such as {cn_chip}, though supply remains tight.",
      "{person2}, {role2}, said the rules would be hard to police because chips are small and easy to ship.",
      "Beijing has poured about ${b} billion into its own chip industry through state-backed funds.",
      "Data centre operators in {hub} have become some of the biggest buyers of American servers.",
      "Shares of {company2} rose {share2}% over the past month.",
      "The announcement was made after markets closed in {market}.",
      "Officials in {talks_city} said the issue would be raised at next week's meeting.",
      "{company2} said its own products were not affected.",
      "The move had been expected since officials briefed lawmakers in {month}.",
      "Analysts at {bank2} said the immediate effect on revenue would be limited.",
  };
}

std::vector<Slot> english_slots() {
  return {
      {"company",
       {"Nvidia",
        "AMD",
        "Intel",
        "Micron",
        "Qualcomm",
        "Broadcom",
        "Marvell",
        "Applied Materials",
        "Lam Research",
        "KLA",
        "ASML",
        "Tokyo Electron",
        "TSMC",
        "Samsung Electronics",
        "SK Hynix",
        "Infineon",
        "NXP",
        "Renesas",
        "GlobalFoundries",
        "Arm",
        "MediaTek",
        "Synopsys",
        "Cadence",
        "Texas Instruments"},
       true},
      {"cn_company",
       {"Huawei", "SMIC", "Hua Hong", "YMTC", "CXMT", "Cambricon", "Biren", "Moore Threads", "Hygon", "Loongson",
        "Naura", "AMEC", "Inspur", "Sugon", "Wingtech", "SiCarrier", "Unisoc", "Zhaoxin"},
       true},
      {"ai_lab",
       {"DeepSeek", "Moonshot AI", "Zhipu", "MiniMax", "Baichuan", "StepFun", "Alibaba", "Baidu", "Tencent",
        "ByteDance", "iFlytek", "SenseTime"},
       true},
      {"model",
       {"V4", "R2", "K3", "Nova-9", "Qilin 3", "Lumen 2.5", "Atlas-70B", "Zephyr 4", "Tianqiong 2", "Orion-M",
        "Kestrel-8", "Huxley 2", "Polaris X", "Meridian 3"},
       true},
      {"chip", {"H20", "H200", "H800", "B30A", "B200", "MI308", "MI350", "Gaudi 3", "HBM3E", "HBM4"}, true},
      {"cn_chip",
       {"Huawei's Ascend 910C", "Cambricon's Siyuan 590", "Hygon's DCU line", "Moore Threads' MTT S4000",
        "Biren's BR104"}},
      {"country", {"China", "Russia", "Iran", "Belarus", "Venezuela", "Myanmar"}, true},
      {"nationality", {"Chinese", "Russian", "Iranian", "Emirati", "Malaysian", "Turkish", "Belarusian"}, true},
      {"hub",
       {"Singapore", "Malaysia", "Hong Kong", "Dubai", "Thailand", "Vietnam", "Taiwan", "India", "Turkey", "Kazakhstan",
        "Armenia"},
       true},
      {"ally",
       {"the Netherlands", "Japan", "South Korea", "Taiwan", "Germany", "the European Union", "Britain", "Canada",
        "Australia", "India"},
       true},
      {"region",
       {"the Middle East", "Southeast Asia", "India", "Latin America", "Eastern Europe", "Central Asia"},
       true},
      {"person",
       {"Dana Whitfield", "Marcus Okafor", "Elena Varga", "Hiroshi Tanabe", "Priya Raman", "Liu Wenjie",
        "Sofia Lindqvist", "Tomasz Nowak", "Grace Adeyemi", "Kenji Morita", "Chen Yuting", "Rafael Moreno",
        "Ingrid Solberg", "Omar Haddad", "Yuki Sato", "Ben Carver"},
       true},
      {"role",
       {"an analyst at Halvorsen Research", "a partner at Grayline Capital", "a trade lawyer at Meyer & Stroud",
        "a former Commerce Department official", "director of the Asia Tech Policy Institute",
        "a senior fellow at the Lattice Centre", "chief economist at Northgate Capital",
        "head of research at Bayview Analytics"}},
      {"bank",
       {"Kestrel Securities", "Northgate Capital", "Marlow & Finch", "Sakura Partners", "Lionrock Securities",
        "Harbour Point Research", "Bayview Analytics", "Eastbridge Securities"},
       true},
      {"quote",
       {"This is about keeping the most advanced technology out of the hands of those who would use it against us",
        "Every new rule is followed by a new workaround", "Customers want certainty, and right now nobody has it",
        "The industry has been preparing for this for months",
        "It will take years, not months, for domestic suppliers to catch up",
        "We are seeing orders shift to suppliers that are not covered",
        "The question is not whether China catches up but how fast",
        "Enforcement has always been the weak point of these controls",
        "Nobody in the industry wants to be the next test case", "This will reshape supply chains for a decade"}},
      {"n", {"2", "3", "4", "5", "6", "7", "8", "9", "11", "12", "14", "16", "19", "23", "27", "31", "36", "42"}, true},
      {"p", {"1.4", "2.1", "2.8", "3", "3.9", "4.5", "5", "5.7", "6.3", "7.8", "9.1", "11.2", "13.5"}, true},
      {"b", {"1.2", "2.5", "3.8", "4", "5.5", "6.5", "8", "10", "12", "15", "20", "25", "40"}, true},
      {"m", {"5.6", "12", "18", "27", "35", "48", "60", "85", "120", "160", "240"}, true},
      {"share", {"12", "14", "17", "19", "21", "23", "26", "29", "34"}, true},
      {"days", {"30", "45", "60", "90", "120", "180"}, true},
      {"jobs", {"1,500", "2,000", "3,000", "4,500", "6,000", "8,000"}, true},
      {"cluster", {"2,048", "4,096", "8,192", "10,000", "16,384", "20,000", "32,768"}, true},
      {"weekday", {"Monday", "Tuesday", "Wednesday", "Thursday", "Friday"}},
      {"month",
       {"January", "February", "March", "April", "May", "June", "July", "August", "September", "October", "November",
        "December"}},
      {"year", {"2026", "2027", "2028", "2029"}, true},
      {"city",
       {"Arizona", "Ohio", "Texas", "New York state", "Idaho", "Kumamoto", "Hokkaido", "Dresden", "Magdeburg",
        "Hsinchu", "Kaohsiung", "Pyeongtaek", "Penang", "Singapore", "Oregon"},
       true},
      {"market", {"premarket", "after-hours", "Tokyo", "Seoul", "Taipei", "Hong Kong", "Amsterdam", "Frankfurt"}, true},
      {"talks_city", {"Geneva", "London", "Stockholm", "Madrid", "Kuala Lumpur", "Paris"}, true},
      {"product",
       {"high-bandwidth memory", "chipmaking tools", "lithography systems", "advanced packaging equipment",
        "chip design software", "etching machines", "deposition equipment", "AI server boards"}},
      {"mineral", {"gallium", "germanium", "antimony", "graphite", "rare earth magnets", "tungsten"}},
      {"node", {"2-nanometre", "3-nanometre", "5-nanometre", "7-nanometre", "28-nanometre"}, true},
      {"ordinal", {"second", "third", "fourth", "fifth", "sixth", "seventh"}},
      // Off-topic items.
      {"town",
       {"Leeds", "Bristol", "Lyon", "Porto", "Graz", "Utrecht", "Aarhus", "Bologna", "Cork", "Brno", "Malmo", "Ghent"},
       true},
      {"team", {"Rovers", "United", "City", "Athletic", "Wanderers", "Albion", "Rangers", "Town"}, true},
      {"k", {"12", "18", "24", "31", "45", "60", "75", "90"}, true},
  };
}

std::vector<Synonym> english_synonyms() {
  return {
      {"pressure", "strain"},     {"rise", "climb"},           {"rises", "climbs"},      {"fall", "drop"},
      {"falls", "drops"},         {"slide", "slump"},          {"slides", "slumps"},     {"fresh", "new"},
      {"new", "fresh"},           {"tightens", "toughens"},    {"widens", "expands"},    {"curbs", "limits"},
      {"probe", "investigation"}, {"plant", "factory"},        {"factory", "plant"},     {"firms", "companies"},
      {"companies", "firms"},     {"unveils", "launches"},     {"releases", "launches"}, {"weighs", "considers"},
      {"talks", "negotiations"},  {"cuts", "trims"},           {"jumps", "surges"},      {"urge", "press"},
      {"slips", "dips"},          {"delays", "postpones"},     {"wins", "secures"},      {"vows", "pledges"},
      {"targets", "hits"},        {"hit", "struck"},           {"rally", "surge"},       {"boom", "frenzy"},
      {"strong", "robust"},       {"tougher", "stiffer"},      {"relief", "exemptions"}, {"over", "for"},
      {"said", "says"},           {"shipments", "deliveries"}, {"sales", "exports"},     {"after", "following"},
  };
}

std::vector<Headline> english_off_topic() {
  return {
      {"{town} braces for heavy rain as storm moves inland",
       "Forecasters expect up to {k} millimetres of rain in {town} over the weekend, and officials urged residents "
       "to avoid low-lying roads. Schools will open as normal on {weekday}."},
      {"{team} beat {team2} 3-1 to stay top of the league",
       "{team} scored twice in the second half to beat {team2} and stay top of the table. The manager praised the "
       "crowd of {k},000 and said the squad was ready for a busy month."},
      {"{town} council approves {k} kilometres of new cycle lanes",
       "Councillors in {town} voted on {weekday} to build {k} kilometres of protected cycle lanes over the next "
       "three years. Shop owners asked for loading bays to be kept."},
      {"Museum in {town} reopens after two-year renovation",
       "The city museum in {town} reopened on {weekday} with {k} new rooms and a rooftop cafe. Entry will be free "
       "for residents during the first month."},
      {"Recipe: a simple summer salad with grilled peaches",
       "Grill the peaches until soft, tear in fresh mozzarella and basil, and finish with olive oil and lemon. It "
       "serves four and takes about {k} minutes from start to finish."},
      {"Marathon in {town} draws record {k},000 runners",
       "A record {k},000 runners took part in the {town} marathon on {weekday}. The winner finished in just over "
       "two hours and eight minutes despite a strong headwind."},
      {"{town} zoo welcomes twin red panda cubs",
       "Keepers at the {town} zoo said the twin cubs were born healthy and would stay with their mother indoors "
       "for {k} days before visitors can see them."},
  };
}

// --- Chinese ------------------------------------------------------------

std::vector<Topic> chinese_topics() {
  return {
      {"entity-list",
       {
           {"美国商务部将{n}家中国企业列入实体清单 涉及芯片",
            "美国商务部工业与安全局{weekday}宣布，将{n}家中国企业和机构列入实体清单，限制美国供应商向其出口芯片及"
            "半导体制造设备。"},
           {"美方再将{n}家中国实体列入出口管制清单，{cn_co}在列",
            "美国政府{weekday}再次扩大出口管制范围，将包括{cn_co}关联公司在内的{n}家中国实体列入清单，相关企业今后"
            "采购美国技术须申请许可证。"},
           {"商务部回应美方将{n}家企业列入实体清单：坚决反对滥用出口管制",
            "针对美方{weekday}将{n}家中国企业列入实体清单，商务部新闻发言人表示，中方坚决反对美方泛化国家安全概念、"
            "滥用出口管制措施。"},
       },
       {
           "美方称，上述企业涉嫌通过第三地转售{chip}芯片。",
           "被列入清单的企业申请许可证时，将适用“推定拒绝”的审查政策。",
           "{cn_co}在声明中表示，公司经营正常，将依法维护自身合法权益。",
           "据统计，这是美方今年{nth}次集中将中国企业列入实体清单。",
           "部分企业此前仍在从美国和日本采购{product}。",
           "业内人士认为，新一轮限制将加速国产设备和材料的验证导入。",
           "清单同时覆盖使用美国软件或设备在境外生产的相关物项。",
       },
       {"科技", "贸易"}},
      {"chip-rules",
       {
           {"美国收紧对华AI芯片出口管制 {chip}被纳入许可范围",
            "美国商务部{weekday}发布新规，要求向中国出口{chip}"
            "等人工智能芯片须事先获得许可，进一步收紧对华芯片出口管制。"},
           {"美国出口管制新规生效 {us_co}对华芯片销售受限",
            "美国针对先进计算芯片的出口管制新规{weekday}正式生效，{us_co}等企业对华销售部分产品须申请许可证。"},
           {"美方将“小院高墙”扩至{product} 芯片出口管制再加码",
            "美国政府{weekday}宣布将{product}"
            "纳入对华出口管制范围，被外界视为“小院高墙”策略的又一次扩展，相关芯片企业须重新申请许可。"},
           {"{ally}扩大半导体设备出口管制 涉及{n}个品类",
            "{ally}政府{weekday}宣布扩大半导体制造设备出口管制范围，新增{n}个品类，相关产品出口前须获得政府许可。"},
       },
       {
           "新规将在{days}天后生效，给予企业一定的过渡期。",
           "{us_co}表示，正在评估新规影响，并将遵守相关法规。",
           "有分析师估算，新规可能使{us_co}年营收减少至多{b}亿美元。",
           "新规适用于算力超过一定门槛的芯片，无论其在何处生产。",
           "美方官员称，此前中国买家在新规出台前大量囤积{chip}芯片。",
           "用于手机和笔记本电脑等消费电子产品的芯片不在管制之列。",
           "已获得许可的企业可在{month}之前完成已签约订单的交付。",
       },
       {"科技", "出口管制"}},
      {"sanctions",
       {
           {"美国财政部制裁{n}家涉俄实体 涉嫌供应芯片",
            "美国财政部{weekday}宣布对{n}家企业和个人实施制裁，称其通过{hub}向俄罗斯军工企业供应芯片和电子元器件。"},
           {"欧盟通过新一轮对俄制裁 涵盖半导体及相关设备",
            "欧盟成员国{weekday}批准新一轮对俄制裁方案，首次将{hub}等地涉嫌转口欧洲半导体和机床的企业纳入制裁范围。"},
           {"外交部：坚决反对美方对{cn_co}等中国企业实施单边制裁",
            "外交部发言人{weekday}表示，中方坚决反对美方以涉俄为由对{cn_co}等{n}家中国企业实施非法单边制裁，将采取"
            "必要措施维护中国企业正当权益。"},
       },
       {
           "制裁措施包括冻结相关企业在美资产，并禁止美国人与其进行交易。",
           "美方称，在战场上回收的无人机和导弹中发现了西方生产的芯片。",
           "据调查，涉事网络自去年以来转运的元器件价值约{m}亿元。",
           "{hub}的银行被警告，为被制裁企业处理付款可能面临次级制裁。",
           "调查人员通过芯片上印刷的序列号追踪到了货物流向。",
           "多家被制裁企业注册在同一地址，且没有明显的实际经营活动。",
       },
       {"国际", "制裁"}},
      {"ai-models",
       {
           {"{ai_lab}发布{model}大模型 称使用国产芯片完成训练",
            "{ai_lab}{weekday}发布新一代大模型{model}"
            "，称该模型在推理测试中可比肩美国领先模型，且全部使用国产芯片完成训练。"},
           {"{ai_lab}“{model}”模型开源 国产芯片适配进展受关注",
            "{ai_lab}{weekday}宣布开源“{model}”模型，并公布了在国产芯片上的适配进展，引发业内关注。"},
           {"出口管制下的突围：{ai_lab}新模型{model}性能比肩海外同行",
            "尽管面临美国芯片出口管制，{ai_lab}{weekday}推出的{model}模型在编程和数学测试中的表现与海外顶尖模型相当。"},
           {"{ai_lab}推出{model} 训练所需芯片算力降低{share}%",
            "{ai_lab}{weekday}表示，其最新模型{model}训练所需算力较上一代降低{share}%"
            "，可在未受美国出口规则限制的旧款芯片上运行。"},
       },
       {
           "该公司称，模型在由{cluster}张加速卡组成的集群上训练完成，其中既有{chip}，也有国产芯片。",
           "参与测试的研究人员表示，{model}在数学和编程方面表现突出，但长文本能力仍有差距。",
           "此次发布再次引发外界对美国芯片出口管制效果的讨论。",
           "{ai_lab}以开放许可证公布了模型权重，开发者可在自有硬件上部署。",
           "公司称训练成本约为{m}亿元，远低于海外同行。",
           "消息公布后，为国内数据中心供货的芯片设计公司股价走高。",
           "公司创始人表示，算力供给仍是制约研发的最大因素。",
       },
       {"人工智能", "科技"}},
      {"markets",
       {
           {"{cn_co}股价上涨{p}% 国产芯片替代预期升温",
            "{cn_co}股价{weekday}上涨{p}%，市场预期在美国出口管制持续收紧的背景下，国产芯片替代进程将进一步加快。"},
           {"半导体板块走弱 {cn_co}下跌{p}%",
            "A股半导体板块{weekday}整体走弱，{cn_co}收盘下跌{p}%，市场担忧美方可能出台新一轮出口管制措施。"},
           {"{us_co}股价下跌{p}% 市场担忧对华芯片出口受限",
            "{us_co}股价{weekday}下跌{p}%，此前有消息称美国政府正考虑进一步限制对华芯片出口。"},
       },
       {
           "当日成交额约为近30日均值的两倍。",
           "有券商分析师维持“买入”评级，但下调了目标价。",
           "{cn_co}去年营收同比增长{share}%，其中来自国内客户的收入占比超过七成。",
           "今年以来，该股累计涨幅约为{share}%。",
           "同日，{cn_co2}股价基本持平。",
           "市场人士认为，短期波动难改行业长期向好趋势。",
       },
       {"财经", "半导体"}},
      {"fabs",
       {
           {"{cn_co}拟投资{b}亿元扩建{city}芯片产线",
            "{cn_co}{weekday}公告称，拟投资{b}亿元在{city}扩建芯片生产线，项目建成后将新增月产能约{k}万片。"},
           {"国家大基金三期注资{b}亿元 重点投向半导体设备",
            "国家集成电路产业投资基金三期{weekday}宣布向{n}家企业注资共计{b}亿元，重点支持半导体设备和材料环节。"},
           {"{city}半导体产业园开工 总投资{b}亿元",
            "{city}集成电路产业园{weekday}正式开工，总投资约{b}亿元，预计{year}年投产，主要生产车规级和工业级芯片。"},
       },
       {
           "项目建设周期约为三年，预计{year}年实现量产。",
           "当地官员表示，项目建设期间将带动约{k}千个就业岗位。",
           "公司表示，已与当地政府签署供水和供电保障协议。",
           "有分析人士认为，此举有助于缓解成熟制程芯片产能紧张。",
           "资金将主要用于购置设备和引进技术人才。",
           "业内人士指出，设备国产化率仍有待提高。",
       },
       {"产业", "半导体"}},
      {"retaliation",
       {
           {"商务部宣布对{mineral}相关物项实施出口管制",
            "商务部{weekday}发布公告，决定对{mineral}相关物项实施出口管制，出口经营者须向主管部门申请许可。"},
           {"中方对美国{n}家军工企业采取反制措施 回应芯片制裁",
            "外交部{weekday}宣布，对美国{n}家军工企业采取反制措施，以回应美方对中国芯片企业的制裁。"},
           {"市场监管总局对{us_co}立案调查 芯片领域审查升级",
            "国家市场监督管理总局{weekday}宣布，依法对{us_co}"
            "涉嫌违反反垄断法的行为立案调查，外界视之为对美方新一轮芯片制裁的回应。"},
       },
       {
           "中国是全球{mineral}的主要生产国，在相关供应链中占据重要地位。",
           "出口经营者须说明最终用户和最终用途。",
           "消息公布后，欧洲市场{mineral}价格上涨约{share}%。",
           "商务部未说明许可审查所需时间。",
           "{us_co}表示，尚未收到相关通知，将配合有关部门工作。",
           "分析人士认为，若美方进一步扩大限制措施，中方可能继续采取反制。",
       },
       {"国际", "贸易"}},
      {"smuggling",
       {
           {"海关查获走私{chip}芯片案 涉案金额{m}亿元",
            "海关总署{weekday}通报，查获一起走私{chip}芯片案件，涉案芯片{k}千余片，案值约{m}亿元。"},
           {"美国检方起诉{n}人涉嫌向中国走私AI芯片",
            "美国检方{weekday}起诉{n}名被告，指控其通过{hub}中转，以更换标签等方式向中国走私价值约{m}亿元的AI芯片。"},
       },
       {
           "据起诉书，相关芯片在报关时被申报为普通电脑配件。",
           "调查人员称，服务器先被运往{hub}的数据中心，随后被转运。",
           "被告律师未回应置评请求。",
           "部分芯片以数倍于标价的价格转售。",
           "服务器厂商已被要求核实设备的最终去向。",
       },
       {"法治", "出口管制"}},
  };
}

std::vector<std::string_view> chinese_general_sentences() {
  return {
      "{person}表示：“{quote}。”",
      "{role}{person}认为，“{quote}”。",
      "外交部发言人表示，美方泛化国家安全概念，中方将采取必要措施维护自身正当权益。",
      "业内人士认为，新规将加速国产芯片替代进程。",
      "据{role2}估算，受影响的订单规模约为{b}亿美元。",
      "截至发稿，{us_co}未回应置评请求。",
      "分析人士指出，先进制程设备仍是国内半导体产业链的短板。",
      "今年以来，美国已多次更新对华芯片出口管制规则。",
      "中美双方计划于下月在{talks_city}举行新一轮经贸磋商。",
      "有行业协会表示，正在研究相关细则。",
      "国内数据中心对AI加速卡的需求持续旺盛。",
      "{person2}表示，芯片体积小、易运输，相关规则执行难度较大。",
      "消息公布时，美股已经收盘。",
  };
}

std::vector<Slot> chinese_slots() {
  return {
      {"cn_co",
       {"华为", "中芯国际", "华虹半导体", "长江存储", "长鑫存储", "寒武纪", "壁仞科技", "摩尔线程", "海光信息",
        "龙芯中科", "北方华创", "中微公司", "浪潮信息", "紫光展锐", "兆芯"},
       true},
      {"us_co", {"英伟达", "英特尔", "美光科技", "高通", "应用材料", "泛林集团", "科磊", "博通", "美满电子"}, true},
      {"ai_lab",
       {"深度求索", "月之暗面", "智谱", "MiniMax", "百川智能", "阶跃星辰", "阿里巴巴", "百度", "腾讯", "字节跳动",
        "科大讯飞", "商汤科技"},
       true},
      {"model",
       {"V4", "R2", "K3", "Nova-9", "Qilin 3", "Lumen 2.5", "Atlas-70B", "Zephyr 4", "Tianqiong 2", "Orion-M",
        "Kestrel-8", "Huxley 2"},
       true},
      {"chip", {"H20", "H200", "B30A", "MI308", "昇腾910C", "HBM3E"}, true},
      {"ally", {"日本", "荷兰", "韩国", "德国", "欧盟"}, true},
      {"hub", {"新加坡", "马来西亚", "香港", "迪拜", "泰国", "越南", "土耳其", "哈萨克斯坦"}, true},
      {"person",
       {"王志远", "李明华", "陈思雨", "刘建国", "张晓峰", "赵雅琴", "周文斌", "孙立群", "黄佳怡", "吴启明"},
       true},
      {"role",
       {"一位半导体行业分析师", "某券商电子行业首席分析师", "一家芯片设备厂商高管", "某研究院研究员",
        "某高校集成电路学院教授"}},
      {"quote",
       {"每一轮新规出台，都会有新的应对办法", "客户现在最需要的是确定性", "国产替代需要的是耐心，不是口号",
        "行业已经为此准备了好几个月", "真正的难点在于执行", "供应链的重塑将持续十年"}},
      {"product", {"先进制程设备", "高带宽内存", "光刻机", "刻蚀设备", "EDA软件", "AI加速卡", "先进封装设备"}},
      {"mineral", {"镓", "锗", "锑", "石墨", "稀土永磁", "钨"}},
      {"city", {"上海", "深圳", "北京", "合肥", "武汉", "无锡", "南京", "成都", "西安", "厦门"}, true},
      {"talks_city", {"日内瓦", "伦敦", "斯德哥尔摩", "马德里", "吉隆坡"}, true},
      {"weekday", {"周一", "周二", "周三", "周四", "周五"}},
      {"month", {"3月", "4月", "5月", "6月", "9月", "10月", "11月", "12月"}},
      {"nth", {"第二", "第三", "第四", "第五", "第六"}},
      {"n", {"2", "3", "4", "5", "6", "7", "8", "9", "11", "12", "14", "16", "19", "23", "27"}, true},
      {"p", {"1.4", "2.1", "2.8", "3", "3.9", "4.5", "5", "5.7", "6.3", "7.8", "9.1", "10"}, true},
      {"b", {"12", "25", "38", "50", "66", "80", "120", "150", "200", "350"}, true},
      {"m", {"1.2", "2.5", "3.6", "4.8", "6", "8.5", "12"}, true},
      {"k", {"2", "3", "4", "5", "6", "8", "10", "12"}, true},
      {"share", {"12", "15", "18", "21", "24", "27", "30", "35"}, true},
      {"days", {"30", "45", "60", "90", "120"}, true},
      {"cluster", {"2048", "4096", "8192", "10000", "16384"}, true},
      {"year", {"2026", "2027", "2028"}, true},
  };
}

std::vector<Synonym> chinese_synonyms() {
  return {
      {"宣布", "公布"}, {"公布", "宣布"}, {"上涨", "上升"}, {"下跌", "下滑"}, {"收紧", "加强"},
      {"发布", "推出"}, {"推出", "发布"}, {"扩建", "扩大"}, {"坚决", "强烈"}, {"涉及", "涵盖"},
      {"涵盖", "涉及"}, {"升温", "走高"}, {"表示", "宣称"}, {"起诉", "指控"}, {"查获", "破获"},
      {"走弱", "走低"}, {"注资", "投资"}, {"开工", "动工"}, {"回应", "应对"}, {"限制", "约束"},
  };
}

std::vector<Headline> chinese_off_topic() {
  return {
      {"{city}发布暴雨蓝色预警 部分航班延误",
       "{city}市气象台{weekday}发布暴雨蓝色预警，预计未来24小时内局地降雨量可达{k}"
       "0毫米。部分航班延误，市民出行请注意安全。"},
      {"{city}地铁{k}号线开通运营",
       "{city}地铁{k}号线{weekday}正式开通运营，全线设站20余座。首班车6时发车，末班车23时收车。"},
      {"{city}马拉松鸣枪开跑 {k}万名选手参赛",
       "{city}马拉松{weekday}鸣枪开跑，约{k}万名选手参赛。男子组冠军成绩为2小时9分，赛事期间部分道路实施交通管制。"},
      {"国家博物馆推出新展 展出文物{k}百件",
       "国家博物馆{weekday}推出新展，展出文物{k}百余件，其中多件为首次公开展出。展览将持续至年底。"},
      {"{city}动物园迎来一对双胞胎小熊猫",
       "{city}动物园{weekday}宣布，一对双胞胎小熊猫顺利出生，目前母子平安，预计{k}十天后与游客见面。"},
  };
}

}  // namespace

const Language& english() {
  static const Language language{
      "en",
      " ",
      true,
      english_topics(),
      english_general_sentences(),
      english_slots(),
      english_synonyms(),
      {"REFILE-", "UPDATE 1-", "UPDATE 2-", "Exclusive: ", "EXCLUSIVE-", "BREAKING: ", "CORRECTED-"},
      {"UPDATE 2-", "UPDATE 3-", "UPDATE 1: "},
      {" - ", " | ", " \u2014 "},
      {"Read more", "Read the full story.", "The latest from our newsroom.", "Click here to read the full article.",
       "Continue reading on our website."},
      {"Insight: {title} as talks stall", "Analysis: {title}", "{title}, analysts say", "Explainer: {title}",
       "{title} as trade talks drag on", "Breakingviews: {title}"},
      english_off_topic(),
      {"Local", "Sport", "Culture", "Food"},
      {"technology", "business", "markets", "world/asia-pacific", "policy", "news"},
      ".",
  };
  return language;
}

const Language& chinese() {
  static const Language language{
      "zh",
      "",
      false,
      chinese_topics(),
      chinese_general_sentences(),
      chinese_slots(),
      chinese_synonyms(),
      {"快讯：", "更新：", "独家：", "突发：", "重磅："},
      {"更新：", "最新："},
      {" - ", " | "},
      {"点击阅读全文。", "详情请点击链接查看。", "更多内容请阅读原文。", "查看原文"},
      {"深度：{title}", "{title}，分析人士称", "观察：{title}", "{title} 业界仍在观望"},
      chinese_off_topic(),
      {"本地", "体育", "文化"},
      {"tech", "finance", "a", "news", "china"},
      "。",
  };
  return language;
}

const std::vector<Outlet>& outlets() {
  static const std::vector<Outlet> list = {
      {"Reuters Technology", "Reuters", "www.reuters.example"},
      {"Nikkei Asia Tech", "Nikkei Asia", "asia.nikkei.example"},
      {"财新网 科技", "财新网", "www.caixin.example", false, true},
      {"Bloomberg Technology", "Bloomberg", "www.bloomberg.example"},
      {"Financial Times Tech", "Financial Times", "www.ft.example"},
      {"第一财经", "第一财经", "www.yicai.example", false, true},
      {"SCMP Tech", "SCMP", "www.scmp.example"},
      {"AP Business", "AP", "apnews.example"},
      {"Global Tech Digest", "Global Tech Digest", "globaltech.example", true, true},
      {"The Chip Letter", "The Chip Letter", "chipletter.example"},
      {"新浪财经 科技", "新浪财经", "finance.sina.example", false, true},
      {"Semiconductor Daily", "Semiconductor Daily", "semidaily.example"},
      {"Trade Compliance Watch", "TCW", "tradewatch.example"},
      {"36氪", "36氪", "36kr.example", false, true},
      {"Tech Policy Press", "Tech Policy Press", "techpolicy.example"},
      {"Asia Markets Wire", "Asia Markets Wire", "asiamarkets.example"},
      {"澎湃新闻", "澎湃新闻", "www.thepaper.example", false, true},
      {"Silicon Valley Journal", "SVJ", "svjournal.example"},
      {"Global Trade Review", "GTR", "gtreview.example"},
      {"界面新闻", "界面新闻", "www.jiemian.example", false, true},
      {"The Foundry Report", "The Foundry Report", "foundryreport.example"},
      {"AI Frontier News", "AI Frontier", "aifrontier.example"},
      {"集微网", "集微网", "www.laoyaoba.example", false, true},
      {"Capital Markets Daily", "CMD", "cmdaily.example"},
      {"Taipei Tech Times", "Taipei Tech Times", "taipeitech.example"},
      {"Asia Pacific Monitor", "APM", "apmonitor.example", true, true},
      {"Seoul Economic Review", "SER", "seoulecon.example"},
      {"芯智讯", "芯智讯", "www.icsmart.example", false, true},
      {"Brussels Brief", "Brussels Brief", "brusselsbrief.example"},
      {"Washington Trade Desk", "WTD", "wtdesk.example"},
      {"科创板日报", "科创板日报", "www.chinastarmarket.example", false, true},
      {"Tokyo Business Online", "TBO", "tokyobiz.example"},
      {"Euro Tech Wire", "Euro Tech Wire", "eurotech.example"},
      {"环球时报 科技", "环球时报", "www.huanqiu.example", false, true},
      {"Datacentre Weekly", "Datacentre Weekly", "datacentreweekly.example"},
      {"Investor Brief", "Investor Brief", "investorbrief.example"},
      {"Supply Chain Today", "Supply Chain Today", "supplychaintoday.example"},
      {"Defense & Tech Monitor", "DTM", "dtmonitor.example"},
      {"Morning Markets", "Morning Markets", "morningmarkets.example"},
      {"The Policy Ledger", "The Policy Ledger", "policyledger.example"},
      {"Singapore Business Post", "SBP", "sgbizpost.example"},
      {"Hardware Insider", "Hardware Insider", "hwinsider.example"},
      {"21世纪经济报道", "21世纪经济报道", "www.21jingji.example", false, true},
      {"Frontier Markets Today", "FMT", "fmtoday.example"},
  };
  return list;
}

}  // namespace feedwatch::testing::syndication::words
