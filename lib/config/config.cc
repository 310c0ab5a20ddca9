// Parsing of the config file, environment overrides and typed getters.
#include "config/config.h"

#include <cerrno>
#include <charconv>
#include <cstdlib>
#include <cstring>
#include <fstream>
#include <string_view>

namespace cc::config {
namespace {

std::string trim(std::string_view s) {
    size_t b = s.find_first_not_of(" \t\r");
    if (b == std::string_view::npos) return {};

    size_t e = s.find_last_not_of(" \t\r");
    return std::string(s.substr(b, e - b + 1));
}

std::string env_name(const std::string& key) {
    std::string name = "CC_";
    for (char c : key) {
        bool alnum = (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9');
        name += alnum ? static_cast<char>(c >= 'a' ? c - 32 : c) : '_';
    }
    return name;
}

Result<std::string> read_first_line(const std::string& path) {
    std::ifstream in(path);
    if (!in) {
        return unexpected(ErrorCode::invalid_argument,
                          "cannot read secret file " + path,
                          std::strerror(errno));
    }

    std::string line;
    std::getline(in, line);
    return trim(line);
}

}  // namespace

std::string default_path() {
    const char* env = std::getenv("CC_CONFIG");
    return env ? env : "/etc/classcloud/classcloud.conf";
}

Result<Config> Config::load(const std::string& path) {
    std::ifstream in(path);
    if (!in) {
        return unexpected(ErrorCode::invalid_argument,
                          "cannot open config file " + path,
                          std::strerror(errno));
    }

    Config config;
    std::string line;
    int number = 0;
    while (std::getline(in, line)) {
        number++;
        std::string text = trim(line);
        if (text.empty() || text[0] == '#') continue;

        size_t eq = text.find('=');
        if (eq == std::string::npos) {
            return unexpected(ErrorCode::invalid_argument,
                              path + ":" + std::to_string(number) +
                                  ": expected `key = value`");
        }
        config.values_[trim(text.substr(0, eq))] = trim(text.substr(eq + 1));
    }

    return config;
}

Config Config::from_map(std::map<std::string, std::string> values) {
    Config config;
    config.values_ = std::move(values);
    return config;
}

std::string Config::get(const std::string& key,
                        const std::string& fallback) const {
    if (const char* env = std::getenv(env_name(key).c_str())) return env;

    auto it = values_.find(key);
    if (it != values_.end()) return it->second;

    // A secret may live in a file named by `<key>_file`.
    if (key.ends_with("_file")) return fallback;

    std::string file = get(key + "_file");
    if (!file.empty()) {
        auto value = read_first_line(file);
        if (value) return value.value();
    }

    return fallback;
}

Result<std::string> Config::require(const std::string& key) const {
    std::string value = get(key);
    if (value.empty()) {
        return unexpected(
            ErrorCode::invalid_argument,
            "config key `" + key + "` is not set (or " + env_name(key) + ")");
    }
    return value;
}

Result<int64_t> Config::get_int(const std::string& key,
                                int64_t fallback) const {
    std::string text = get(key);
    if (text.empty()) return fallback;

    int64_t value = 0;
    auto [end, ec] =
        std::from_chars(text.data(), text.data() + text.size(), value);
    if (ec != std::errc() || end != text.data() + text.size()) {
        return unexpected(
            ErrorCode::invalid_argument,
            "config key `" + key + "` is not an integer: " + text);
    }
    return value;
}

bool Config::get_bool(const std::string& key, bool fallback) const {
    std::string text = get(key);
    if (text.empty()) return fallback;

    return text == "1" || text == "true" || text == "yes" || text == "on";
}

}  // namespace cc::config
