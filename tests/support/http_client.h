// A small libcurl client for integration tests: one call, one answer, with
// the stack's own certificate as the only trusted CA.
#pragma once

#include <map>
#include <string>
#include <vector>

namespace cc::testing {

struct HttpAnswer {
    long status = 0;
    std::string body;
    std::multimap<std::string, std::string> headers;  // names lower-cased

    std::string header(const std::string& name) const;
};

struct HttpCall {
    std::string method = "GET";
    std::string path;  // "/api/me"
    std::string body;
    std::vector<std::string> headers;  // "Name: value"
    long timeout_ms = 30000;  // a websocket upgrade is cut off after it
    bool http1 = false;       // force HTTP/1.1 (websocket upgrades)
};

class StackClient {
  public:
    // Reads the stack folder from $CC_TEST_STACK (port in run/port).
    StackClient();

    HttpAnswer send(const HttpCall& call) const;

    // POST /api/auth/login with JSON; returns the answer.
    HttpAnswer login(const std::string& email,
                     const std::string& password) const;

    std::string origin() const { return origin_; }
    std::string stack_dir() const { return dir_; }

    // `<role> <email> <password>` lines of demo-logins.txt, by role.
    std::pair<std::string, std::string> demo_login(
        const std::string& role) const;

    // The n-th (from 0) demo login of a role.
    std::pair<std::string, std::string> demo_login_nth(const std::string& role,
                                                       int n) const;

  private:
    std::string dir_;
    std::string origin_;
};

// The `name=value` part of a Set-Cookie header.
std::string cookie_pair(const std::string& set_cookie);

}  // namespace cc::testing
