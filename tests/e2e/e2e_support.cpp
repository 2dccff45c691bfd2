#include "tests/e2e/e2e_support.h"

#include <catch2/catch.hpp>
#include <curl/curl.h>
#include <netinet/in.h>
#include <sys/socket.h>
#include <unistd.h>
#include <zlib.h>

#include <algorithm>
#include <csignal>
#include <cstdint>
#include <ctime>
#include <fstream>
#include <sstream>
#include <stdexcept>
#include <thread>

namespace feedwatch::e2e {
namespace {

const std::string kBinary = FEEDWATCH_BINARY;

std::string xml_escape(const std::string& text) {
  std::string escaped;
  for (char c : text) {
    switch (c) {
      case '&': escaped += "&amp;"; break;
      case '<': escaped += "&lt;"; break;
      case '>': escaped += "&gt;"; break;
      case '"': escaped += "&quot;"; break;
      default: escaped += c;
    }
  }
  return escaped;
}

std::string rfc822(std::chrono::system_clock::time_point time) {
  std::time_t seconds = std::chrono::system_clock::to_time_t(time);
  std::tm utc{};
  gmtime_r(&seconds, &utc);
  char text[64];
  std::strftime(text, sizeof text, "%a, %d %b %Y %H:%M:%S GMT", &utc);
  return text;
}

std::vector<Json> json_lines(const std::string& text) {
  std::vector<Json> lines;
  std::istringstream in(text);
  for (std::string line; std::getline(in, line);) {
    if (!line.empty()) lines.push_back(Json::parse(line));
  }
  return lines;
}

std::string yaml_quoted(const std::string& text) { return "'" + text + "'"; }

// A made-up word drawn from `id` and `salt`, so items with different ids
// tell different stories: the daemon joins near-identical texts into one
// story (SPEC §6), and "Story 1" / "Story 2" with the same words are that.
std::string made_up_word(const std::string& id, int salt) {
  static constexpr const char* kSyllables[] = {"ka", "lo", "mi", "ner", "os", "pu", "ra", "sel",
                                                "tu", "vin", "wa", "zed", "bro", "cim", "dul", "fen"};
  std::uint64_t hash = 1469598103934665603ull + static_cast<std::uint64_t>(salt) * 7919;
  for (unsigned char c : id) hash = (hash ^ c) * 1099511628211ull;
  std::string word;
  for (int i = 0; i < 3; ++i, hash >>= 4) word += kSyllables[hash & 15];
  return word;
}

std::string made_up_words(const std::string& id, int first_salt, int count) {
  std::string words;
  for (int i = 0; i < count; ++i) words += (i ? " " : "") + made_up_word(id, first_salt + i);
  return words;
}

}  // namespace

// --- feeds --------------------------------------------------------------

Item matching_item(const std::string& id) {
  Item item;
  item.id = id;
  item.title = "Story " + id + ": " + made_up_words(id, 0, 3) + " export controls hit " +
               made_up_words(id, 3, 2) + " chips";
  item.summary = "Officials in " + made_up_words(id, 5, 2) + " said " + made_up_words(id, 7, 4) +
                 " widens the rules on " + made_up_words(id, 11, 2) + ".";
  item.published = std::chrono::system_clock::now() - 1h;
  item.author = "desk@news.example (Trade Desk)";
  item.categories = {"policy", "semiconductors"};
  return item;
}

Item other_item(const std::string& id) {
  Item item;
  item.id = id;
  item.title = "Story " + id + ": rain expected all week";
  item.summary = "Weather report " + id + ".";
  item.published = std::chrono::system_clock::now() - 1h;
  return item;
}

std::string rss(const std::string& title, const std::vector<Item>& items) {
  std::ostringstream out;
  out << "<?xml version=\"1.0\" encoding=\"utf-8\"?>\n<rss version=\"2.0\"><channel>\n"
      << "<title>" << xml_escape(title) << "</title><link>https://news.example/</link>\n";
  for (const Item& item : items) {
    std::string link = item.link.empty() ? "https://news.example/" + item.id : item.link;
    out << "<item><guid isPermaLink=\"false\">" << xml_escape(item.id) << "</guid>"
        << "<title>" << xml_escape(item.title) << "</title>"
        << "<link>" << xml_escape(link) << "</link>"
        << "<description>" << xml_escape(item.summary) << "</description>";
    if (item.published) out << "<pubDate>" << rfc822(*item.published) << "</pubDate>";
    if (!item.author.empty()) out << "<author>" << xml_escape(item.author) << "</author>";
    for (const auto& category : item.categories) out << "<category>" << xml_escape(category) << "</category>";
    out << "</item>\n";
  }
  out << "</channel></rss>\n";
  return out.str();
}

LiveFeed::LiveFeed(std::string title, std::vector<Item> items) : state_(std::make_shared<State>()) {
  state_->title = std::move(title);
  state_->items = std::move(items);
}

void LiveFeed::add(Item item) {
  std::lock_guard lock(state_->mutex);
  // Newest first, as feeds list them.
  state_->items.insert(state_->items.begin(), std::move(item));
}

std::string LiveFeed::xml() const {
  std::lock_guard lock(state_->mutex);
  return rss(state_->title, state_->items);
}

HttpTestHandler LiveFeed::handler(std::chrono::milliseconds delay) const {
  return [feed = *this, delay](const HttpTestRequest&) {
    HttpTestResponse response = feed_response(feed.xml());
    response.delay = delay;
    return response;
  };
}

HttpTestResponse feed_response(std::string body) {
  HttpTestResponse response;
  response.headers = {{"Content-Type", "application/rss+xml; charset=utf-8"}};
  response.body = std::move(body);
  return response;
}

// --- the configuration and the binary -----------------------------------

Workspace::Workspace(const std::string& name)
    : path_(fs::temp_directory_path() /
            ("feedwatch-e2e-" + name + "-" + std::to_string(::getpid()))) {
  fs::remove_all(path_);
  fs::create_directories(path_);
}

Workspace::~Workspace() {
  std::error_code ignored;
  fs::remove_all(path_, ignored);
}

void Workspace::write_file(const std::string& relative, const std::string& text) const {
  // Written aside and renamed, so a daemon reloading never reads half a file.
  fs::path target = path_ / relative;
  fs::path temporary = target;
  temporary += ".tmp";
  {
    std::ofstream out(temporary, std::ios::binary | std::ios::trunc);
    out << text;
  }
  fs::rename(temporary, target);
}

void Workspace::write_config(const Settings& settings) const {
  std::ostringstream rules;
  rules << "rules:\n"
        << "  - name: " << kRule << "\n"
        << "    query: 'chips OR \"export controls\"'\n"
        << "    severity: high\n"
        << "    notify: [" << kArchive << (settings.console ? ", console" : "");
  for (const auto& name : settings.extra_notify) rules << ", " << name;
  rules << "]\n";
  if (!settings.rule_extra_yaml.empty()) rules << "    " << settings.rule_extra_yaml << "\n";
  write_file("rules.yaml", rules.str());

  std::ostringstream config;
  state_ = settings.state;
  config << "state: " << yaml_quoted(settings.state) << "\n";
  if (settings.listen) config << "listen: 127.0.0.1:" << *settings.listen << "\n";
  config << "log_level: info\n"
         << "fetch:\n"
         << "  interval: " << settings.interval << "\n"
         << "  timeout: " << settings.timeout << "\n"
         << "  max_body: " << settings.max_body << "\n";
  if (settings.max_entries) config << "  max_entries: " << *settings.max_entries << "\n";
  config << "  per_host: " << settings.per_host << "\n"
         << "  first_fetch: " << yaml_quoted(settings.first_fetch) << "\n"
         << "feeds:\n";
  for (const auto& feed : settings.feeds) {
    config << "  - url: " << yaml_quoted(feed.url) << "\n";
    if (!feed.extra_yaml.empty()) config << "    " << feed.extra_yaml << "\n";
  }
  if (settings.feeds.empty()) config << "  []\n";
  config << "rules: [rules.yaml]\n"
         << "notifiers:\n"
         << "  " << kArchive << ": {type: file, path: alerts.jsonl}\n";
  if (settings.console) config << "  console: {type: stdout}\n";
  config << settings.extra_notifiers_yaml;
  // Short retries: a delivery cut off by kill -9 is retried within the test.
  config << "dedupe: {hold: " << settings.hold << "}\n";
  config << "delivery:\n  retry: " << settings.retry << "\n";
  write_file("feedwatch.yaml", config.str());
}

ProcessResult Workspace::feedwatch(std::vector<std::string> arguments) const {
  arguments.insert(arguments.begin(), kBinary);
  arguments.push_back("-c");
  arguments.push_back(config_path().string());
  return testing::run_process(arguments);
}

ProcessResult Workspace::once(bool all) const {
  auto result = all ? feedwatch({"once", "--all"}) : feedwatch({"once"});
  INFO("once stderr:\n" << result.standard_error);
  REQUIRE(result.exit_code == 0);
  return result;
}

std::unique_ptr<BackgroundProcess> Workspace::start_daemon() const {
  return std::make_unique<BackgroundProcess>(
      std::vector<std::string>{kBinary, "run", "-c", config_path().string()},
      path_ / "daemon.out", path_ / "daemon.err");
}

Json Workspace::status() const {
  auto result = feedwatch({"status", "--json"});
  INFO("status stderr:\n" << result.standard_error);
  REQUIRE(result.exit_code == 0);
  return Json::parse(result.standard_output);
}

Json Workspace::feed_status(const std::string& url) const {
  Json status = this->status();
  for (const auto& feed : status["feeds"]) {
    if (feed["url"] == url) return feed;
  }
  FAIL("status does not list " << url << ":\n" << status.dump(2));
  return {};
}

std::vector<Json> Workspace::delivered() const {
  std::ifstream in(alerts_path(), std::ios::binary);
  if (!in) return {};
  std::ostringstream text;
  text << in.rdbuf();
  return json_lines(text.str());
}

std::vector<Json> Workspace::outbox() const {
  auto result = feedwatch({"alerts", "--json", "--limit", "1000000"});
  INFO("alerts stderr:\n" << result.standard_error);
  REQUIRE(result.exit_code == 0);
  return json_lines(result.standard_output);
}

// --- waiting and small tools --------------------------------------------

bool wait_until(const std::function<bool()>& condition, std::chrono::milliseconds timeout) {
  auto deadline = Clock::now() + timeout;
  while (!condition()) {
    if (Clock::now() >= deadline) return condition();
    std::this_thread::sleep_for(50ms);
  }
  return true;
}

std::string gzip(const std::string& data) {
  z_stream stream{};
  // 15 + 16: a gzip header and trailer rather than zlib's.
  if (deflateInit2(&stream, Z_BEST_COMPRESSION, Z_DEFLATED, 15 + 16, 9, Z_DEFAULT_STRATEGY) != Z_OK) {
    throw std::runtime_error("deflateInit2 failed");
  }
  std::string compressed(deflateBound(&stream, data.size()), '\0');
  stream.next_in = reinterpret_cast<Bytef*>(const_cast<char*>(data.data()));
  stream.avail_in = static_cast<uInt>(data.size());
  stream.next_out = reinterpret_cast<Bytef*>(compressed.data());
  stream.avail_out = static_cast<uInt>(compressed.size());
  int result = deflate(&stream, Z_FINISH);
  compressed.resize(stream.total_out);
  deflateEnd(&stream);
  if (result != Z_STREAM_END) throw std::runtime_error("deflate did not finish");
  return compressed;
}

unsigned short free_port() {
  int socket_fd = ::socket(AF_INET, SOCK_STREAM, 0);
  REQUIRE(socket_fd >= 0);
  sockaddr_in address{};
  address.sin_family = AF_INET;
  address.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
  address.sin_port = 0;
  REQUIRE(::bind(socket_fd, reinterpret_cast<sockaddr*>(&address), sizeof address) == 0);
  socklen_t length = sizeof address;
  REQUIRE(::getsockname(socket_fd, reinterpret_cast<sockaddr*>(&address), &length) == 0);
  ::close(socket_fd);
  return ntohs(address.sin_port);
}

namespace {
std::size_t append_body(char* data, std::size_t size, std::size_t count, void* body) {
  static_cast<std::string*>(body)->append(data, size * count);
  return size * count;
}
}  // namespace

HttpReply http_get(const std::string& url, std::chrono::milliseconds timeout) {
  HttpReply reply;
  CURL* handle = curl_easy_init();
  REQUIRE(handle != nullptr);
  curl_easy_setopt(handle, CURLOPT_URL, url.c_str());
  curl_easy_setopt(handle, CURLOPT_NOSIGNAL, 1L);
  curl_easy_setopt(handle, CURLOPT_TIMEOUT_MS, static_cast<long>(timeout.count()));
  curl_easy_setopt(handle, CURLOPT_WRITEFUNCTION, &append_body);
  curl_easy_setopt(handle, CURLOPT_WRITEDATA, &reply.body);
  if (curl_easy_perform(handle) == CURLE_OK) {
    curl_easy_getinfo(handle, CURLINFO_RESPONSE_CODE, &reply.status);
  }
  curl_easy_cleanup(handle);
  return reply;
}

std::vector<std::string> entry_ids(const std::vector<Json>& alerts) {
  std::vector<std::string> ids;
  for (const auto& alert : alerts) ids.push_back(alert["entry"]["id"].get<std::string>());
  std::sort(ids.begin(), ids.end());
  return ids;
}

HttpTestHandler RequestClock::wrap(HttpTestHandler handler) {
  return [state = state_, handler = std::move(handler)](const HttpTestRequest& request) {
    {
      std::lock_guard lock(state->mutex);
      state->times.push_back(Clock::now());
    }
    return handler(request);
  };
}

std::vector<Clock::time_point> RequestClock::times() const {
  std::lock_guard lock(state_->mutex);
  return state_->times;
}

bool contains(const std::string& text, const std::string& part) { return text.find(part) != std::string::npos; }

std::size_t peak_memory_bytes(pid_t pid) {
  std::ifstream status("/proc/" + std::to_string(pid) + "/status");
  for (std::string line; std::getline(status, line);) {
    if (line.starts_with("VmHWM:")) return std::stoull(line.substr(6)) * 1024;  // "VmHWM:  1234 kB"
  }
  return 0;
}

void wait_for_start(BackgroundProcess& daemon) {
  bool started = wait_until([&] { return contains(daemon.standard_error(), "feedwatch running"); }, 5s);
  INFO("daemon stderr:\n" << daemon.standard_error());
  REQUIRE(started);
}

void stop_daemon(BackgroundProcess& daemon) {
  daemon.send_signal(SIGTERM);
  auto code = daemon.wait_for_exit(10s);
  INFO("daemon stderr:\n" << daemon.standard_error());
  CHECK(code == std::optional<int>(0));
}

}  // namespace feedwatch::e2e
