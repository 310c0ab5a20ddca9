// libcurl calls against the test stack's nginx.
#include "http_client.h"

#include <cstdlib>
#include <fstream>
#include <sstream>
#include <stdexcept>

#include <curl/curl.h>

namespace cc::testing {
namespace {

size_t collect_body(char* data, size_t size, size_t n, void* out) {
    static_cast<std::string*>(out)->append(data, size * n);
    return size * n;
}

size_t collect_header(char* data, size_t size, size_t n, void* out) {
    std::string line(data, size * n);
    size_t colon = line.find(':');
    if (colon != std::string::npos) {
        std::string name = line.substr(0, colon);
        for (char& c : name) c = static_cast<char>(std::tolower(c));
        std::string value = line.substr(colon + 1);
        value.erase(0, value.find_first_not_of(' '));
        value.erase(value.find_last_not_of("\r\n ") + 1);
        static_cast<HttpAnswer*>(out)->headers.emplace(name, value);
    }
    return size * n;
}

}  // namespace

std::string HttpAnswer::header(const std::string& name) const {
    auto it = headers.find(name);
    return it == headers.end() ? std::string() : it->second;
}

StackClient::StackClient() {
    const char* dir = std::getenv("CC_TEST_STACK");
    if (!dir) throw std::runtime_error("CC_TEST_STACK is not set");
    dir_ = dir;

    std::ifstream port_file(dir_ + "/run/port");
    std::string port;
    port_file >> port;
    if (port.empty()) throw std::runtime_error("no run/port in " + dir_);
    origin_ = "https://127.0.0.1:" + port;
}

HttpAnswer StackClient::send(const HttpCall& call) const {
    HttpAnswer answer;
    CURL* curl = curl_easy_init();
    curl_slist* headers = nullptr;
    for (const auto& h : call.headers)
        headers = curl_slist_append(headers, h.c_str());

    std::string url = origin_ + call.path;
    std::string ca = dir_ + "/etc/tls.crt";
    curl_easy_setopt(curl, CURLOPT_URL, url.c_str());
    curl_easy_setopt(curl, CURLOPT_CAINFO, ca.c_str());
    curl_easy_setopt(curl, CURLOPT_CUSTOMREQUEST, call.method.c_str());
    curl_easy_setopt(curl, CURLOPT_HTTPHEADER, headers);
    curl_easy_setopt(curl, CURLOPT_WRITEFUNCTION, collect_body);
    curl_easy_setopt(curl, CURLOPT_WRITEDATA, &answer.body);
    curl_easy_setopt(curl, CURLOPT_HEADERFUNCTION, collect_header);
    curl_easy_setopt(curl, CURLOPT_HEADERDATA, &answer);
    curl_easy_setopt(curl, CURLOPT_TIMEOUT_MS, call.timeout_ms);
    if (call.http1) {
        curl_easy_setopt(curl, CURLOPT_HTTP_VERSION, CURL_HTTP_VERSION_1_1);
    }
    if (!call.body.empty() || call.method == "POST") {
        curl_easy_setopt(curl, CURLOPT_POSTFIELDS, call.body.c_str());
        curl_easy_setopt(curl, CURLOPT_POSTFIELDSIZE,
                         static_cast<long>(call.body.size()));
    }

    // An upgraded websocket never ends by itself: its status stands even
    // when the call is cut off by the timeout.
    CURLcode rc = curl_easy_perform(curl);
    curl_easy_getinfo(curl, CURLINFO_RESPONSE_CODE, &answer.status);
    if (rc != CURLE_OK && answer.status == 0) {
        answer.body = curl_easy_strerror(rc);
    }
    curl_slist_free_all(headers);
    curl_easy_cleanup(curl);
    return answer;
}

HttpAnswer StackClient::login(const std::string& email,
                              const std::string& password) const {
    HttpCall call;
    call.method = "POST";
    call.path = "/api/auth/login";
    call.body =
        "{\"email\":\"" + email + "\",\"password\":\"" + password + "\"}";
    call.headers = {"Content-Type: application/json"};
    return send(call);
}

std::pair<std::string, std::string> StackClient::demo_login(
    const std::string& role) const {
    return demo_login_nth(role, 0);
}

std::pair<std::string, std::string> StackClient::demo_login_nth(
    const std::string& role, int n) const {
    std::ifstream in(dir_ + "/demo-logins.txt");
    std::string line;
    while (std::getline(in, line)) {
        std::istringstream words(line);
        std::string r, email, password;
        words >> r >> email >> password;
        if (r == role && n-- == 0) return {email, password};
    }
    throw std::runtime_error("no demo login for role " + role);
}

std::string cookie_pair(const std::string& set_cookie) {
    return set_cookie.substr(0, set_cookie.find(';'));
}

}  // namespace cc::testing
