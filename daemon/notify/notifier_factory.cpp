#include "daemon/notify/notifier_factory.h"

#include <array>
#include <string_view>

#include "daemon/notify/email_notifier.h"
#include "daemon/notify/exec_notifier.h"
#include "daemon/notify/file_notifier.h"
#include "daemon/notify/stdout_notifier.h"
#include "daemon/notify/webhook_notifier.h"

namespace feedwatch::notify {
namespace {

using Builder = std::unique_ptr<Notifier> (*)(boost::asio::io_context&,
                                              const config::NotifierConfig&);

std::unique_ptr<Notifier> make_stdout(boost::asio::io_context& loop,
                                      const config::NotifierConfig& config) {
  return std::make_unique<StdoutNotifier>(loop, config.name, config.timeout);
}

std::unique_ptr<Notifier> make_file(boost::asio::io_context& loop,
                                    const config::NotifierConfig& config) {
  const auto& settings = std::get<config::FileSettings>(config.settings);
  return std::make_unique<FileNotifier>(loop, config.name, settings.path, config.timeout);
}

std::unique_ptr<Notifier> make_webhook(boost::asio::io_context& loop,
                                       const config::NotifierConfig& config) {
  const auto& settings = std::get<config::WebhookSettings>(config.settings);
  return std::make_unique<WebhookNotifier>(loop, config.name, settings, config.timeout);
}

std::unique_ptr<Notifier> make_email(boost::asio::io_context& loop,
                                     const config::NotifierConfig& config) {
  const auto& settings = std::get<config::EmailSettings>(config.settings);
  return std::make_unique<EmailNotifier>(loop, config.name, settings, config.timeout);
}

std::unique_ptr<Notifier> make_exec(boost::asio::io_context& loop,
                                    const config::NotifierConfig& config) {
  const auto& settings = std::get<config::ExecSettings>(config.settings);
  return std::make_unique<ExecNotifier>(loop, config.name, settings.command, config.timeout);
}

struct NotifierType {
  std::string_view type;
  Builder build;  // nullptr: arrives with a later version
};

// The config loader has already rejected unknown types; the rest is here.
constexpr std::array<NotifierType, 5> kNotifierTypes = {{
    {"stdout", make_stdout},
    {"file", make_file},
    {"webhook", make_webhook},
    {"email", make_email},
    {"exec", make_exec},
}};

}  // namespace

std::unique_ptr<Notifier> make_notifier(boost::asio::io_context& loop,
                                        const config::NotifierConfig& config, std::string* error) {
  for (const NotifierType& known : kNotifierTypes) {
    if (known.type != config.type) continue;
    if (known.build != nullptr) return known.build(loop, config);
    *error = "notifier " + config.name + ": type " + config.type +
             " is not supported by this version of feedwatch yet; its alerts stay queued"
             " and are delivered once a version that supports it runs";
    return nullptr;
  }
  *error = "notifier " + config.name + ": unknown type " + config.type +
           "; use stdout, file, webhook, email or exec";
  return nullptr;
}

NotifierSet make_notifiers(boost::asio::io_context& loop,
                           const std::map<std::string, config::NotifierConfig>& configs) {
  NotifierSet notifiers;
  for (const auto& [name, config] : configs) {
    std::string error;
    std::unique_ptr<Notifier> notifier = make_notifier(loop, config, &error);
    if (notifier) {
      notifiers.available.emplace(name, std::move(notifier));
    } else {
      notifiers.unavailable.emplace(name, std::move(error));
    }
  }
  return notifiers;
}

}  // namespace feedwatch::notify
