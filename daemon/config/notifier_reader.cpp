#include "daemon/config/notifier_reader.h"

#include <functional>
#include <map>

namespace feedwatch::config {
namespace {

namespace fs = std::filesystem;

using SettingsReader = std::function<std::optional<decltype(NotifierConfig::settings)>(
    YamlReader&, const fs::path&, const YAML::Node&)>;

std::string required_string(YamlReader& reader, const YAML::Node& node, const char* key,
                            bool& complete) {
  if (!node[key]) {
    reader.error(node, std::string("this notifier needs ") + key + ":");
    complete = false;
    return {};
  }
  auto text = reader.read_string(node[key], key);
  complete = complete && text.has_value();
  return text.value_or("");
}

// Schemes are case-insensitive (RFC 3986), so "HTTPS://" is fine too.
bool starts_with_either(const std::string& text, std::string_view first, std::string_view second) {
  auto starts = [&text](std::string_view prefix) {
    if (text.size() < prefix.size()) return false;
    for (std::size_t i = 0; i < prefix.size(); ++i) {
      if (std::tolower(static_cast<unsigned char>(text[i])) != prefix[i]) return false;
    }
    return true;
  };
  return starts(first) || starts(second);
}

std::optional<decltype(NotifierConfig::settings)> read_webhook(YamlReader& reader,
                                                               const fs::path&,
                                                               const YAML::Node& node) {
  bool complete = true;
  WebhookSettings webhook;
  webhook.url = required_string(reader, node, "url", complete);
  if (complete && !starts_with_either(webhook.url, "http://", "https://")) {
    reader.error(node["url"], "url must start with http:// or https://");
    complete = false;
  }
  if (node["format"]) {
    webhook.format = reader.read_choice(node["format"], "format",
                                        {"json", "slack", "discord", "ntfy", "teams"})
                         .value_or(webhook.format);
  }
  if (node["secret"]) webhook.secret = reader.read_string(node["secret"], "secret");
  if (auto headers = node["headers"]; headers && reader.expect_map(headers, "headers")) {
    for (const auto& pair : headers) {
      if (auto value = reader.read_string(pair.second, "header " + pair.first.Scalar())) {
        webhook.headers.emplace_back(pair.first.Scalar(), *value);
      }
    }
  }
  if (!complete) return std::nullopt;
  return webhook;
}

fs::path resolve_against(const fs::path& folder, const std::string& path) {
  fs::path resolved(path);
  if (resolved.is_relative()) resolved = (folder / resolved).lexically_normal();
  return resolved;
}

std::optional<decltype(NotifierConfig::settings)> read_email(YamlReader& reader,
                                                             const fs::path& folder,
                                                             const YAML::Node& node) {
  bool complete = true;
  EmailSettings email;
  email.server = required_string(reader, node, "server", complete);
  email.from = required_string(reader, node, "from", complete);
  if (!node["to"]) {
    reader.error(node, "this notifier needs to: [address, ...]");
    complete = false;
  } else if (auto to = reader.read_string_list(node["to"], "to")) {
    email.to = *to;
  }
  if (complete && !starts_with_either(email.server, "smtp://", "smtps://")) {
    reader.error(node["server"], "server must start with smtp:// (STARTTLS) or smtps:// (TLS)");
    complete = false;
  }
  if (complete && email.from.find('@') == std::string::npos) {
    reader.error(node["from"], "from needs an address: \"Name <user@example.com>\" or user@example.com");
    complete = false;
  }
  for (const std::string& mailbox : email.to) {
    if (mailbox.find('@') == std::string::npos) {
      reader.error(node["to"], "to: \"" + mailbox + "\" is not an address (user@example.com)");
      complete = false;
    }
  }
  if (node["to"] && email.to.empty() && complete) {
    reader.error(node["to"], "to needs at least one address");
    complete = false;
  }
  if (node["starttls"]) {
    email.starttls = reader.read_choice(node["starttls"], "starttls", {"optional", "required"})
                         .value_or(email.starttls);
  }
  if (node["username"]) email.username = reader.read_string(node["username"], "username");
  if (node["password"]) email.password = reader.read_string(node["password"], "password");
  if (node["ca_file"]) {
    if (auto ca_file = reader.read_string(node["ca_file"], "ca_file")) {
      email.ca_file = resolve_against(folder, *ca_file);
    }
  }
  if (!complete) return std::nullopt;
  return email;
}

std::optional<decltype(NotifierConfig::settings)> read_file_sink(YamlReader& reader,
                                                                 const fs::path& folder,
                                                                 const YAML::Node& node) {
  bool complete = true;
  std::string path = required_string(reader, node, "path", complete);
  if (!complete) return std::nullopt;
  return FileSettings{resolve_against(folder, path)};
}

std::optional<decltype(NotifierConfig::settings)> read_exec(YamlReader& reader, const fs::path&,
                                                            const YAML::Node& node) {
  if (!node["command"]) {
    reader.error(node, "this notifier needs command: [program, arguments...]");
    return std::nullopt;
  }
  auto command = reader.read_string_list(node["command"], "command");
  if (!command) return std::nullopt;
  if (command->empty()) {
    reader.error(node["command"], "command must name a program");
    return std::nullopt;
  }
  return ExecSettings{*command};
}

std::optional<decltype(NotifierConfig::settings)> read_stdout(YamlReader&, const fs::path&,
                                                              const YAML::Node&) {
  return StdoutSettings{};
}

struct NotifierType {
  std::vector<std::string_view> keys;  // besides type and timeout
  SettingsReader read;
};

const std::map<std::string_view, NotifierType>& notifier_types() {
  static const std::map<std::string_view, NotifierType> types{
      {"webhook", {{"url", "format", "secret", "headers"}, read_webhook}},
      {"email", {{"server", "starttls", "username", "password", "from", "to", "ca_file"}, read_email}},
      {"stdout", {{}, read_stdout}},
      {"file", {{"path"}, read_file_sink}},
      {"exec", {{"command"}, read_exec}},
  };
  return types;
}

void read_notifier(YamlReader& reader, const fs::path& folder, const std::string& name,
                   const YAML::Node& node, Config& config) {
  if (!reader.expect_map(node, "notifier " + name)) return;
  if (!node["type"]) {
    reader.error(node, "notifier " + name + " needs type: (webhook, email, stdout, file or exec)");
    return;
  }
  std::vector<std::string_view> type_names;
  for (const auto& [type_name, type] : notifier_types()) type_names.push_back(type_name);
  auto type_name = reader.read_choice(node["type"], "notifier " + name + " type", type_names);
  if (!type_name) return;
  const auto& type = notifier_types().at(*type_name);
  std::vector<std::string_view> keys = type.keys;
  keys.insert(keys.end(), {"type", "timeout"});
  reader.reject_unknown_keys(node, keys, "notifier " + name + " (type " + *type_name + ")");
  NotifierConfig notifier;
  notifier.name = name;
  notifier.type = *type_name;
  if (node["timeout"]) notifier.timeout = reader.read_duration(node["timeout"], "timeout").value_or(notifier.timeout);
  auto settings = type.read(reader, folder, node);
  if (!settings) return;
  notifier.settings = std::move(*settings);
  config.notifiers.emplace(name, std::move(notifier));
}

}  // namespace

void read_notifiers(YamlReader& reader, const fs::path& folder, const YAML::Node& node,
                    Config& config) {
  if (!reader.expect_map(node, "notifiers")) return;
  for (const auto& pair : node) {
    std::string name = pair.first.Scalar();
    // A YAML mapping cannot hold a key twice in our loader's view, but
    // yaml-cpp keeps both: report it like any duplicate name.
    if (config.notifiers.count(name)) {
      reader.error(pair.first, "notifier " + name + " is defined more than once");
      continue;
    }
    read_notifier(reader, folder, name, pair.second, config);
  }
}

}  // namespace feedwatch::config
