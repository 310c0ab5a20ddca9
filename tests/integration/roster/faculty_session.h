// Logged-in sessions for the roster tests: a cookie and CSRF token per
// demo role, and the headers a state-changing call needs.
#pragma once

#include <chrono>
#include <fstream>
#include <sstream>
#include <string>
#include <vector>

#include <gtest/gtest.h>

#include "http_client.h"

namespace cc::testing {

struct Session {
    std::string cookie;
    std::string csrf;
};

inline Session session_for(const StackClient& client, const std::string& email,
                           const std::string& password) {
    HttpAnswer login = client.login(email, password);
    EXPECT_EQ(login.status, 200) << login.body;

    std::string cookie = cookie_pair(login.header("set-cookie"));
    HttpAnswer me = client.send({"GET", "/api/me", "", {"Cookie: " + cookie}});
    size_t at = me.body.find("\"csrf_token\":\"");
    EXPECT_NE(at, std::string::npos) << me.body;
    return {cookie, at == std::string::npos ? "" : me.body.substr(at + 14, 43)};
}

inline Session demo_session(const StackClient& client,
                            const std::string& role) {
    auto [email, password] = client.demo_login(role);
    return session_for(client, email, password);
}

// Cookie, CSRF token and Origin: what the browser sends on a POST.
inline std::vector<std::string> write_headers(const StackClient& client,
                                              const Session& s,
                                              const std::string& type) {
    return {"Cookie: " + s.cookie, "X-CSRF-Token: " + s.csrf,
            "Origin: " + client.origin(), "Content-Type: " + type};
}

inline std::string read_fixture(const std::string& name) {
    std::ifstream in(
        std::string(CC_SOURCE_DIR) + "/tests/fixtures/roster/" + name,
        std::ios::binary);
    std::stringstream text;
    text << in.rdbuf();
    return text.str();
}

// The integer after `"key":` at its first appearance, -1 if absent.
inline long long json_int(const std::string& body, const std::string& key) {
    size_t at = body.find("\"" + key + "\":");
    if (at == std::string::npos) return -1;

    return std::stoll(body.substr(at + key.size() + 3));
}

// A course code no other test run uses.
inline std::string unique_code(const std::string& prefix) {
    auto now = std::chrono::steady_clock::now().time_since_epoch().count();
    return prefix + "-" + std::to_string(now % 100000000);
}

}  // namespace cc::testing
