// JSON line rendering, the secret deny-list and the locked writer.
#include "log/log.h"

#include <array>
#include <chrono>
#include <cstdio>
#include <ctime>
#include <mutex>

#include "json/json.h"

namespace cc::log {
namespace {

std::string g_program = "classcloud";
Level g_min_level = Level::info;
std::mutex g_write_mutex;

constexpr std::array<std::string_view, 13> kSecretWords = {
    "password",  "passwd", "secret",  "session",       "csrf",
    "ticket",    "token",  "cookie",  "authorization", "saml",
    "assertion", "apikey", "private",
};

std::string_view level_name(Level level) {
    switch (level) {
        case Level::debug:
            return "debug";
        case Level::info:
            return "info";
        case Level::warn:
            return "warn";
        case Level::error:
            return "error";
    }
    return "info";
}

std::string now_rfc3339() {
    auto now = std::chrono::system_clock::now();
    auto ms = std::chrono::duration_cast<std::chrono::milliseconds>(
                  now.time_since_epoch())
                  .count();
    std::time_t secs = static_cast<std::time_t>(ms / 1000);
    std::tm tm{};
    gmtime_r(&secs, &tm);

    char buf[64];
    std::snprintf(buf, sizeof buf, "%04d-%02d-%02dT%02d:%02d:%02d.%03dZ",
                  tm.tm_year + 1900, tm.tm_mon + 1, tm.tm_mday, tm.tm_hour,
                  tm.tm_min, tm.tm_sec, static_cast<int>(ms % 1000));
    return buf;
}

}  // namespace

void init(std::string_view program, Level min_level) {
    g_program = std::string(program);
    g_min_level = min_level;
}

bool is_secret_key(std::string_view key) {
    std::string lower(key);
    for (char& c : lower) {
        if (c >= 'A' && c <= 'Z') c = static_cast<char>(c + 32);
    }

    for (std::string_view word : kSecretWords) {
        if (lower.find(word) != std::string::npos) return true;
    }
    return false;
}

std::string render(Level level, std::string_view event,
                   std::initializer_list<Field> fields) {
    json::Json line = json::Json::object();
    line.set("ts", now_rfc3339());
    line.set("level", level_name(level));
    line.set("handler", g_program);
    line.set("event", event);

    for (const Field& f : fields) {
        std::string key(f.key);
        if (is_secret_key(key)) {
            line.set(key.c_str(), "[redacted]");
        } else if (auto* s = std::get_if<std::string>(&f.value)) {
            line.set(key.c_str(), std::string_view(*s));
        } else if (auto* i = std::get_if<int64_t>(&f.value)) {
            line.set(key.c_str(), *i);
        } else {
            line.set(key.c_str(),
                     json::Json::adopt(json_real(std::get<double>(f.value))));
        }
    }

    return line.dump();
}

void write(Level level, std::string_view event,
           std::initializer_list<Field> fields) {
    if (level < g_min_level) return;

    std::string line = render(level, event, fields);
    line += '\n';

    std::lock_guard<std::mutex> lock(g_write_mutex);
    std::fwrite(line.data(), 1, line.size(), stderr);
    std::fflush(stderr);
}

int startup_failed(std::string_view message, std::string_view detail) {
    error("startup_failed", {{"err_msg", message}, {"err_detail", detail}});
    return 1;
}

}  // namespace cc::log
