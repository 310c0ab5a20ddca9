// Structured logging: one JSON line per event on stderr, with secrets
// redacted by key name before anything is written.
#pragma once

#include <cstdint>
#include <initializer_list>
#include <string>
#include <string_view>
#include <variant>

namespace cc::log {

enum class Level { debug, info, warn, error };

struct Field {
    Field(std::string_view k, std::string_view v)
        : key(k), value(std::string(v)) {}
    Field(std::string_view k, const char* v) : key(k), value(std::string(v)) {}
    Field(std::string_view k, const std::string& v) : key(k), value(v) {}
    Field(std::string_view k, int64_t v) : key(k), value(v) {}
    Field(std::string_view k, int v) : key(k), value(int64_t{v}) {}
    Field(std::string_view k, double v) : key(k), value(v) {}

    std::string_view key;
    std::variant<std::string, int64_t, double> value;
};

// Names the program in every line ("handler":"cc-login"); call once.
void init(std::string_view program, Level min_level = Level::info);

// True when a field of this name may hold a secret (password, session id,
// CSRF token, ticket, API token, SAML message...): its value is replaced.
bool is_secret_key(std::string_view key);

// Renders one line without writing it; exposed for tests.
std::string render(Level level, std::string_view event,
                   std::initializer_list<Field> fields);

void write(Level level, std::string_view event,
           std::initializer_list<Field> fields = {});

inline void info(std::string_view event, std::initializer_list<Field> f = {}) {
    write(Level::info, event, f);
}
inline void warn(std::string_view event, std::initializer_list<Field> f = {}) {
    write(Level::warn, event, f);
}
inline void error(std::string_view event, std::initializer_list<Field> f = {}) {
    write(Level::error, event, f);
}

// Logs why a program could not start and returns its exit code (1), for
// the one failure path of every main().
int startup_failed(std::string_view message, std::string_view detail);

}  // namespace cc::log
