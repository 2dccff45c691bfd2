#include "daemon/cli/run_command.h"

#include <boost/asio.hpp>
#include <spdlog/sinks/stdout_color_sinks.h>
#include <spdlog/spdlog.h>

#include <cstdio>
#include <cstdlib>
#include <filesystem>
#include <iostream>
#include <optional>
#include <system_error>

#include "daemon/config/config_loader.h"
#include "daemon/service/config_reloader.h"
#include "daemon/service/feed_service.h"
#include "daemon/service/http_endpoint.h"
#include "daemon/service/systemd_notifier.h"
#include "daemon/state/state_store.h"
#include "feed/feed_json.h"

namespace feedwatch::cli {
namespace {

namespace asio = boost::asio;
using service::ActiveConfiguration;

constexpr auto kStopDeadline = std::chrono::seconds(9);  // systemd's stop timeout is longer
constexpr auto kStatusEvery = std::chrono::seconds(30);

// Loads and validates everything a cycle needs. Logs nothing: on a reload
// it runs on the reloader's thread, which may outlive the logger.
service::PreparedConfiguration prepare(const std::string& config_path) {
  service::PreparedConfiguration prepared;
  auto loaded = config::load_config(config_path);
  for (const auto& error : loaded.errors) prepared.problems.push_back(error.to_string());
  if (!loaded.ok()) return prepared;
  auto rules = config::load_rule_set(loaded.config);
  prepared.problems.insert(prepared.problems.end(), rules.problems.begin(), rules.problems.end());
  if (!rules.problems.empty() || !rules.compiled) return prepared;
  prepared.active = std::make_shared<ActiveConfiguration>(
      ActiveConfiguration{std::move(loaded.config), std::move(rules)});
  return prepared;
}

// Prepares a configuration and logs every problem.
std::shared_ptr<const ActiveConfiguration> load_active(const std::string& config_path) {
  auto prepared = prepare(config_path);
  for (const auto& problem : prepared.problems) spdlog::error("{}", problem);
  return prepared.active;
}

// Logs go to stderr (stdout carries alerts for the stdout notifier); under
// systemd the journal stamps the time itself.
void set_up_logging(const std::string& level) {
  auto logger = spdlog::stderr_color_mt("feedwatch");
  logger->set_pattern(std::getenv("JOURNAL_STREAM") ? "%l: %v" : "%Y-%m-%dT%H:%M:%S %l: %v");
  spdlog::set_default_logger(logger);
  spdlog::set_level(spdlog::level::from_str(level));
}

void add_state_readers(service::Metrics& metrics, state::StateStore& store) {
  auto outbox_samples = [&store](state::DeliveryState wanted) {
    std::vector<service::Sample> samples;
    auto counts = store.outbox().counts();
    if (!counts.ok()) return samples;
    for (const auto& count : counts.value()) {
      if (count.state != wanted) continue;
      samples.push_back({service::prometheus_label("notifier", count.notifier),
                         static_cast<double>(count.count)});
    }
    return samples;
  };
  metrics.add_reader("feedwatch_alerts_delivered_total", "Alerts delivered, per notifier.",
                     "counter", [=] { return outbox_samples(state::DeliveryState::kDelivered); });
  metrics.add_reader("feedwatch_alerts_failed_total", "Alerts given up on, per notifier.",
                     "counter", [=] { return outbox_samples(state::DeliveryState::kFailed); });
  metrics.add_reader("feedwatch_outbox_depth", "Alerts waiting for delivery, per notifier.",
                     "gauge", [=] { return outbox_samples(state::DeliveryState::kPending); });
  metrics.add_reader("feedwatch_feeds", "Configured feeds seen by the database, by state.", "gauge",
                     [&store] {
                       double ok = 0, failing = 0, disabled = 0;
                       if (auto feeds = store.feeds().load_all(); feeds.ok()) {
                         for (const auto& feed : feeds.value()) {
                           (feed.disabled() ? disabled : feed.consecutive_failures ? failing : ok) += 1;
                         }
                       }
                       return std::vector<service::Sample>{{"state=\"ok\"", ok},
                                                           {"state=\"failing\"", failing},
                                                           {"state=\"disabled\"", disabled}};
                     });
}

// 1 while the state database refuses writes (delivery is paused), else 0.
void add_storage_reader(service::Metrics& metrics, service::FeedService& feeds) {
  metrics.add_reader("feedwatch_storage_failing",
                     "1 while the state database refuses writes and delivery is paused.", "gauge", [&feeds] {
                       bool failing = !feeds.snapshot().storage_problem.empty();
                       return std::vector<service::Sample>{{"", failing ? 1.0 : 0.0}};
                     });
}

std::string status_line(const service::ServiceSnapshot& snapshot) {
  std::string line = std::to_string(snapshot.feeds) + " feeds (" +
                     std::to_string(snapshot.failing_feeds) + " failing), " +
                     std::to_string(snapshot.pending_deliveries) + " alerts pending";
  if (snapshot.last_cycle_unix > 0) {
    line += ", last fetch " + feed::format_rfc3339(snapshot.last_cycle_unix);
  }
  if (!snapshot.storage_problem.empty()) {
    line += ", storage failing since " + feed::format_rfc3339(snapshot.storage_failing_since_unix);
  }
  return line;
}

// Everything `feedwatch run` keeps alive on its loop.
class Daemon {
 public:
  Daemon(asio::io_context& loop, std::string config_path, service::FeedService& feeds)
      : loop_(loop),
        config_path_(std::move(config_path)),
        feeds_(feeds),
        reloader_(loop, [path = config_path_] { return prepare(path); },
                  [this](service::PreparedConfiguration prepared) { reloaded(std::move(prepared)); }),
        signals_(loop, SIGINT, SIGTERM, SIGHUP),
        status_timer_(loop),
        watchdog_timer_(loop),
        deadline_(loop) {}

  bool reload_in_progress() const { return reloader_.busy(); }

  void start() {
    feeds_.start([this](const std::string& message, state::FileChange change) {
      on_state_file_lost(message, change);
    });
    wait_for_signal();
    ping_watchdog();
    report_status();
    systemd_.ready(status_line(feeds_.snapshot()));
    spdlog::info("feedwatch running: {}", status_line(feeds_.snapshot()));
  }

  // What became of the state file, when that is why the daemon stopped.
  std::optional<state::FileChange> state_file_lost() const { return state_file_lost_; }

 private:
  // Whatever is written from now on would be lost with the old file, so
  // stop (exit status 1: systemd's Restart= starts feedwatch again) rather
  // than go on silently. The state a deleted file held is saved back to its
  // path once everything is closed (run_daemon_command).
  void on_state_file_lost(const std::string& message, state::FileChange change) {
    state_file_lost_ = change;
    spdlog::error("{}; stopping (exit status 1) so that feedwatch starts again on a file it can keep: {}",
                  message,
                  change == state::FileChange::kDeleted
                      ? "the state it held is written back to that path once feedwatch has stopped"
                      : "the new file is left as it is, and what feedwatch wrote since the replacement, "
                        "to the old file, is lost");
    asio::post(loop_, [this] { stop("the state file changed"); });
  }

  void wait_for_signal() {
    signals_.async_wait([this](boost::system::error_code error, int signal) {
      if (error) return;
      if (signal == SIGHUP) {
        reload();
        return wait_for_signal();
      }
      stop(signal == SIGINT ? "SIGINT" : "SIGTERM");
    });
  }

  // The new configuration is prepared off the loop (its rules may take
  // seconds to compile); the old one runs until reloaded() swaps it in.
  void reload() {
    systemd_.reloading();
    if (reloader_.busy()) {
      spdlog::info("SIGHUP: a reload is still being prepared; {} is read again after it", config_path_);
    } else {
      spdlog::info("SIGHUP: reloading {}", config_path_);
    }
    reloader_.request();
  }

  void reloaded(service::PreparedConfiguration prepared) {
    for (const auto& problem : prepared.problems) spdlog::error("{}", problem);
    if (prepared.active) {
      feeds_.reload(std::move(prepared.active));
    } else {
      spdlog::error("the new configuration is invalid (errors above); still running the old one");
    }
    systemd_.ready(status_line(feeds_.snapshot()));
  }

  void stop(const std::string& why) {
    if (stopping_) return;
    stopping_ = true;
    spdlog::info("{}: stopping", why);
    systemd_.stopping();
    status_timer_.cancel();
    watchdog_timer_.cancel();
    deadline_.expires_after(kStopDeadline);
    deadline_.async_wait([this](boost::system::error_code error) {
      if (!error) loop_.stop();
    });
    feeds_.stop([this] { loop_.stop(); });
  }

  void ping_watchdog() {
    auto interval = systemd_.watchdog_interval();
    if (!interval) return;
    systemd_.watchdog_ping();
    watchdog_timer_.expires_after(*interval);
    watchdog_timer_.async_wait([this](boost::system::error_code error) {
      if (!error) ping_watchdog();
    });
  }

  void report_status() {
    systemd_.status(status_line(feeds_.snapshot()));
    status_timer_.expires_after(kStatusEvery);
    status_timer_.async_wait([this](boost::system::error_code error) {
      if (!error) report_status();
    });
  }

  asio::io_context& loop_;
  std::string config_path_;
  service::FeedService& feeds_;
  service::ConfigReloader reloader_;
  service::SystemdNotifier systemd_;
  asio::signal_set signals_;
  asio::steady_timer status_timer_;
  asio::steady_timer watchdog_timer_;
  asio::steady_timer deadline_;
  std::optional<state::FileChange> state_file_lost_;
  bool stopping_ = false;
};

// /healthz: healthy while the scheduler runs, the outbox drains and the
// state database takes writes; the first line says which fails.
std::pair<bool, std::string> health_of(const service::ServiceSnapshot& snapshot) {
  if (!snapshot.running) return {false, "stopping"};
  if (!snapshot.storage_problem.empty()) {
    return {false, "storage failing, delivery paused: " + snapshot.storage_problem};
  }
  if (snapshot.overdue_deliveries > 0) return {false, "outbox not draining"};
  return {true, "ok"};
}

service::HttpRoutes routes_for(service::Metrics& metrics, service::FeedService& feeds) {
  return {
      {"/metrics",
       [&metrics] {
         return service::HttpResponse{200, "text/plain; version=0.0.4; charset=utf-8",
                                      metrics.render_prometheus()};
       }},
      {"/healthz",
       [&feeds] {
         auto snapshot = feeds.snapshot();
         auto [healthy, verdict] = health_of(snapshot);
         return service::HttpResponse{healthy ? 200 : 503, "text/plain; charset=utf-8",
                                      verdict + ": " + status_line(snapshot) + "\n"};
       }},
  };
}

// How `run` ended: its exit status and, when the state file was deleted or
// replaced, what to tidy once every connection is closed: the old file's
// -wal and -shm, and the copy of a deleted file's contents to put back.
struct DaemonExit {
  int code = 0;
  std::optional<state::StateFiles> lost_files;
  std::optional<std::filesystem::path> saved_state;
  bool reload_abandoned = false;  // a reload was still being prepared when the loop stopped
};

int run_once(asio::io_context& loop, service::FeedService& feeds, bool all_feeds) {
  // Workers post their results back to the loop; without this guard the
  // loop could run out of work (and return) while a body is processed.
  auto keep_running = asio::make_work_guard(loop);
  feeds.run_once(all_feeds, [&loop] { loop.stop(); });
  loop.run();
  return 0;
}

// The deleted file's contents, as the loop's connection still sees them,
// beside its path; VACUUM INTO wants a name that is not taken.
std::optional<std::filesystem::path> save_deleted_state(service::FeedService& feeds,
                                                        const std::filesystem::path& state_path) {
  std::filesystem::path copy = state_path;
  copy += ".saved";
  std::error_code ignored;
  std::filesystem::remove(copy, ignored);
  state::Status saved = feeds.save_state_copy(copy);
  if (saved.ok()) return copy;
  spdlog::error("cannot save what the deleted state database held: {}; the next start begins with an "
                "empty state database (first fetches follow fetch.first_fetch)",
                saved.message());
  return std::nullopt;
}

// SQLite leaves a moved database's -wal and -shm behind; a file at the path
// later (the saved copy, a replacement, a fresh one) must not read them.
void remove_stale_companions(const state::StateFiles& lost, const std::filesystem::path& state_path) {
  for (const auto& removed : state::remove_stale_companions(state_path, lost)) {
    spdlog::warn("removed {}, left behind by the state database that is gone, so that no new file reads it",
                 removed.string());
  }
}

// Moves the saved copy to the state path, unless a new file is there by now.
void put_back_saved_state(const std::filesystem::path& copy, const std::filesystem::path& state_path) {
  std::error_code error;
  if (std::filesystem::exists(state_path, error)) {
    spdlog::error("a new {} appeared meanwhile and is kept; what the deleted one held is in {}",
                  state_path.string(), copy.string());
    return;
  }
  std::filesystem::rename(copy, state_path, error);
  if (error) {
    spdlog::error("cannot move {} to {}: {}; move it there before starting feedwatch again", copy.string(),
                  state_path.string(), error.message());
    return;
  }
  spdlog::warn("wrote what the deleted state database held back to {}: the next start goes on from there",
               state_path.string());
}

DaemonExit run_until_stopped(const std::shared_ptr<const ActiveConfiguration>& active, const std::string& config_path,
                             asio::io_context& loop, service::Metrics& metrics, service::FeedService& feeds) {
  state::StoreOptions reader_options;
  reader_options.create_if_missing = false;
  auto metrics_store = state::StateStore::open(active->config.state_path, reader_options);
  if (!metrics_store.ok()) {
    spdlog::error("{}", metrics_store.status().message());
    return {1, std::nullopt, std::nullopt};
  }
  add_state_readers(metrics, metrics_store.value());
  add_storage_reader(metrics, feeds);
  std::unique_ptr<service::HttpEndpoint> endpoint;
  if (active->config.listen) {
    auto started = service::HttpEndpoint::start(loop, *active->config.listen, routes_for(metrics, feeds));
    if (auto* failure = std::get_if<std::string>(&started)) {
      spdlog::error("{} (the `listen` setting)", *failure);
      return {1, std::nullopt, std::nullopt};
    }
    endpoint = std::move(std::get<std::unique_ptr<service::HttpEndpoint>>(started));
    spdlog::info("serving /metrics and /healthz on {}", *active->config.listen);
  }
  Daemon daemon(loop, config_path, feeds);
  daemon.start();
  loop.run();
  bool abandoned = daemon.reload_in_progress();
  auto lost = daemon.state_file_lost();
  if (!lost) return {0, std::nullopt, std::nullopt, abandoned};
  DaemonExit ended{1, feeds.state_files(), std::nullopt, abandoned};
  if (*lost == state::FileChange::kDeleted) ended.saved_state = save_deleted_state(feeds, active->config.state_path);
  return ended;
}

// Everything that holds the state database open lives in here, so that it
// is all closed when this returns.
DaemonExit run_service(const std::shared_ptr<const ActiveConfiguration>& active, const RunCommandOptions& options) {
  asio::io_context loop;
  service::Metrics metrics;
  auto created = service::FeedService::create(loop, active, metrics);
  if (auto* failure = std::get_if<std::string>(&created)) {
    spdlog::error("{}", *failure);
    return {1, std::nullopt, std::nullopt};
  }
  auto& feeds = *std::get<std::unique_ptr<service::FeedService>>(created);
  if (options.once) return {run_once(loop, feeds, options.all_feeds), std::nullopt, std::nullopt};
  return run_until_stopped(active, options.config_path, loop, metrics, feeds);
}

// `feedwatch run` or `once` until the loop stops; `reload_abandoned` says
// whether a reload was still being prepared then.
int run_daemon(const RunCommandOptions& options, bool* reload_abandoned) {
  set_up_logging("info");
  auto active = load_active(options.config_path);
  if (!active) {
    spdlog::error("the configuration is invalid (see above); `feedwatch check` lists every problem");
    return 1;
  }
  spdlog::set_level(spdlog::level::from_str(active->config.log_level));
  DaemonExit ended = run_service(active, options);
  if (ended.lost_files) remove_stale_companions(*ended.lost_files, active->config.state_path);
  if (ended.saved_state) put_back_saved_state(*ended.saved_state, active->config.state_path);
  if (!options.once) spdlog::info("stopped");
  *reload_abandoned = ended.reload_abandoned;
  return ended.code;
}

// A reload's thread may still be deep in Vectorscan's compiler: exiting the
// usual way would run static destructors under it. Everything of ours is
// closed by now; only the output buffers are left to flush.
[[noreturn]] void exit_leaving_reload_behind(int status) {
  spdlog::info("the reload still being prepared was abandoned");
  spdlog::shutdown();
  std::cout.flush();
  std::fflush(nullptr);
  std::quick_exit(status);
}

}  // namespace

int run_daemon_command(const RunCommandOptions& options) {
  bool reload_abandoned = false;
  int status = run_daemon(options, &reload_abandoned);
  if (reload_abandoned) exit_leaving_reload_behind(status);
  return status;
}

}  // namespace feedwatch::cli
