// Client transport: request building, auth headers, the handle pool, the
// per-request pve_ms log line and GET retries.
#include "proxmox/client.h"

#include <algorithm>
#include <thread>

#include "log/log.h"
#include "proxmox/errors.h"
#include "proxmox/tls_pin.h"

namespace cc::proxmox {
namespace {

thread_local int64_t t_pve_ms = 0;

struct CurlGlobal {
    CurlGlobal() { curl_global_init(CURL_GLOBAL_DEFAULT); }
};

const char* method_name(Method method) {
    switch (method) {
        case Method::get:
            return "GET";
        case Method::post:
            return "POST";
        case Method::put:
            return "PUT";
        case Method::del:
            return "DELETE";
    }
    return "GET";
}

std::string escape(CURL* handle, const std::string& text) {
    char* raw =
        curl_easy_escape(handle, text.data(), static_cast<int>(text.size()));
    std::string out = raw ? raw : "";
    curl_free(raw);
    return out;
}

std::string encode_params(CURL* handle, const Params& params) {
    std::string out;

    for (const auto& [key, value] : params) {
        if (!out.empty()) out += '&';
        out += escape(handle, key) + "=" + escape(handle, value);
    }
    return out;
}

size_t append_body(char* data, size_t size, size_t count, void* out) {
    static_cast<std::string*>(out)->append(data, size * count);
    return size * count;
}

// Keeps the reason phrase of the last status line ("HTTP/1.1 500 VM is
// locked (clone)"): Proxmox puts its error text there.
size_t read_status_line(char* data, size_t size, size_t count, void* out) {
    std::string_view line(data, size * count);

    if (line.substr(0, 5) == "HTTP/") {
        size_t first = line.find(' ');
        size_t second = line.find(' ', first + 1);
        std::string reason;
        if (second != std::string_view::npos) {
            reason = std::string(line.substr(second + 1));
        }
        while (!reason.empty() &&
               (reason.back() == '\n' || reason.back() == '\r')) {
            reason.pop_back();
        }
        *static_cast<std::string*>(out) = reason;
    }
    return size * count;
}

std::string errors_text(const json::Json& body) {
    json::Json errors = body.get("errors");
    if (!errors.is_object()) return {};

    std::string out;
    const char* key = nullptr;
    json_t* value = nullptr;
    json_object_foreach(errors.raw(), key, value) {
        if (!out.empty()) out += "; ";
        out += std::string(key) + ": " +
               (json_is_string(value) ? json_string_value(value) : "?");
    }
    return out;
}

}  // namespace

struct Client::Reply {
    long status = 0;
    std::string reason;
    std::string body;
};

int64_t take_pve_ms() { return std::exchange(t_pve_ms, 0); }

Client::Client(ClientOptions options) : options_(std::move(options)) {}

Result<std::unique_ptr<Client>> Client::create(ClientOptions options) {
    static CurlGlobal global;

    if (options.base_url.empty()) {
        return unexpected(ErrorCode::invalid_argument,
                          "the Proxmox API URL is not set");
    }

    bool token = !options.token_id.empty() && !options.token_secret.empty();
    bool ticket = !options.username.empty() && !options.password.empty();
    if (!token && !ticket) {
        return unexpected(ErrorCode::invalid_argument,
                          "Proxmox credentials are missing (an API token, "
                          "or a user and password)");
    }

    if (options.fingerprint.empty() && options.ca_file.empty()) {
        return unexpected(ErrorCode::invalid_argument,
                          "Proxmox TLS needs a fingerprint or a CA file");
    }

    std::unique_ptr<Client> client(new Client(std::move(options)));
    if (!client->options_.fingerprint.empty()) {
        auto pin = normalise_fingerprint(client->options_.fingerprint);
        if (!pin) return unexpected(pin.error());
        client->pin_ = std::move(pin.value());
    }
    return client;
}

CurlEasy Client::acquire_handle() {
    {
        std::lock_guard lock(handles_mutex_);
        if (!idle_handles_.empty()) {
            CurlEasy handle = std::move(idle_handles_.back());
            idle_handles_.pop_back();
            return handle;
        }
    }

    CurlEasy handle(curl_easy_init());
    if (!handle) return handle;

    CURL* h = handle.get();
    curl_easy_setopt(h, CURLOPT_NOSIGNAL, 1L);
    curl_easy_setopt(h, CURLOPT_ACCEPT_ENCODING, "");
    curl_easy_setopt(h, CURLOPT_CONNECTTIMEOUT_MS, options_.connect_timeout_ms);
    curl_easy_setopt(h, CURLOPT_TIMEOUT_MS, options_.request_timeout_ms);
    curl_easy_setopt(h, CURLOPT_PROTOCOLS_STR, "https");

    if (!pin_.empty()) {
        install_pin(h, pin_);
    } else {
        curl_easy_setopt(h, CURLOPT_CAINFO, options_.ca_file.c_str());
        curl_easy_setopt(h, CURLOPT_SSL_VERIFYPEER, 1L);
        curl_easy_setopt(h, CURLOPT_SSL_VERIFYHOST, 2L);
    }
    return handle;
}

void Client::release_handle(CurlEasy handle) {
    std::lock_guard lock(handles_mutex_);

    if (static_cast<int>(idle_handles_.size()) < options_.max_idle_handles) {
        idle_handles_.push_back(std::move(handle));
    }
}

Result<Client::Reply> Client::exchange(Method method, std::string_view path,
                                       const Params& params, const Auth* auth) {
    CurlEasy handle = acquire_handle();
    if (!handle) {
        return unexpected(ErrorCode::internal, "cannot start a request",
                          "curl_easy_init failed");
    }
    CURL* h = handle.get();

    std::string url = options_.base_url + "/api2/json" + std::string(path);
    std::string form = encode_params(h, params);
    bool has_body = method == Method::post || method == Method::put;
    if (!has_body && !form.empty()) url += "?" + form;

    CurlList headers;
    std::string auth_line;
    if (auth) {
        auth_line = "Cookie: PVEAuthCookie=" + escape(h, auth->ticket);
        headers.append(auth_line.c_str());
        if (method != Method::get) {
            std::string csrf = "CSRFPreventionToken: " + auth->csrf;
            headers.append(csrf.c_str());
        }
    } else if (!options_.token_id.empty()) {
        auth_line = "Authorization: PVEAPIToken=" + options_.token_id + "=" +
                    options_.token_secret;
        headers.append(auth_line.c_str());
    }
    headers.append("Accept: application/json");

    Reply reply;
    curl_easy_setopt(h, CURLOPT_URL, url.c_str());
    curl_easy_setopt(h, CURLOPT_HTTPHEADER, headers.get());
    curl_easy_setopt(h, CURLOPT_WRITEFUNCTION, append_body);
    curl_easy_setopt(h, CURLOPT_WRITEDATA, &reply.body);
    curl_easy_setopt(h, CURLOPT_HEADERFUNCTION, read_status_line);
    curl_easy_setopt(h, CURLOPT_HEADERDATA, &reply.reason);
    curl_easy_setopt(h, CURLOPT_HTTPGET, 1L);
    curl_easy_setopt(h, CURLOPT_CUSTOMREQUEST, nullptr);
    if (has_body) {
        curl_easy_setopt(h, CURLOPT_POSTFIELDS, form.c_str());
        curl_easy_setopt(h, CURLOPT_POSTFIELDSIZE,
                         static_cast<long>(form.size()));
    }
    if (method != Method::get && method != Method::post) {
        curl_easy_setopt(h, CURLOPT_CUSTOMREQUEST, method_name(method));
    }

    char errbuf[CURL_ERROR_SIZE] = "";
    curl_easy_setopt(h, CURLOPT_ERRORBUFFER, errbuf);

    auto started = std::chrono::steady_clock::now();
    CURLcode code = curl_easy_perform(h);
    auto ms = std::chrono::duration_cast<std::chrono::milliseconds>(
                  std::chrono::steady_clock::now() - started)
                  .count();
    t_pve_ms += ms;

    curl_easy_getinfo(h, CURLINFO_RESPONSE_CODE, &reply.status);

    // The handle must not keep pointers to this call's locals.
    curl_easy_setopt(h, CURLOPT_HTTPHEADER, nullptr);
    curl_easy_setopt(h, CURLOPT_ERRORBUFFER, nullptr);
    curl_easy_setopt(h, CURLOPT_POSTFIELDS, nullptr);
    release_handle(std::move(handle));

    std::string what =
        std::string(method_name(method)) + " " + std::string(path);
    log::info("pve_request", {{"method", method_name(method)},
                              {"path", std::string(path)},
                              {"status", static_cast<int64_t>(reply.status)},
                              {"pve_ms", static_cast<int64_t>(ms)}});

    if (code != CURLE_OK) {
        Failure failure;
        failure.what = what;
        failure.reason = std::string(curl_easy_strerror(code)) + ": " + errbuf;
        Error error = classify(failure);
        if (code == CURLE_PEER_FAILED_VERIFICATION ||
            code == CURLE_SSL_CONNECT_ERROR) {
            error.code = ErrorCode::upstream_failed;
            error.message =
                "the Proxmox certificate does not match the "
                "configured fingerprint or CA";
        }
        return unexpected(error);
    }
    return reply;
}

Result<json::Json> Client::call_once(Method method, std::string_view path,
                                     const Params& params) {
    bool use_ticket = options_.token_id.empty();

    for (int round = 0; round < 2; round++) {
        Auth auth;
        if (use_ticket) {
            auto current = current_auth(round > 0);
            if (!current) return unexpected(current.error());
            auth = current.value();
        }

        auto reply =
            exchange(method, path, params, use_ticket ? &auth : nullptr);
        if (!reply) return unexpected(reply.error());

        // 401 comes from the auth layer before any handler ran, so a
        // write may be sent again once with a fresh ticket.
        if (reply->status == 401 && use_ticket && round == 0) continue;

        json::Json body;
        if (!reply->body.empty()) {
            auto parsed = json::parse(reply->body);
            if (parsed) body = parsed.value();
        }

        if (reply->status == 200 && body.is_object()) return body.get("data");

        Failure failure;
        failure.status = reply->status;
        failure.reason = reply->reason;
        failure.what =
            std::string(method_name(method)) + " " + std::string(path);
        if (body.is_object()) {
            failure.message = body.get_string("message").value_or("");
            std::string errors = errors_text(body);
            if (!errors.empty())
                failure.message = failure.reason + " " + errors;
        }
        if (reply->status == 200) failure.message = "reply is not JSON";
        return unexpected(classify(failure));
    }
    return unexpected(ErrorCode::unauthenticated,
                      "Proxmox refused the credentials");
}

Result<json::Json> Client::call(Method method, std::string_view path,
                                const Params& params) {
    int tries = method == Method::get ? options_.get_retries + 1 : 1;
    auto pause = std::chrono::milliseconds(200);

    for (int attempt = 1;; attempt++) {
        auto result = call_once(method, path, params);
        if (result || attempt >= tries || !is_retryable(result.error())) {
            return result;
        }

        std::this_thread::sleep_for(pause);
        pause *= 2;
    }
}

Result<Client::Auth> Client::login(const std::string& secret) {
    Params params = {{"username", options_.username}, {"password", secret}};

    // The login call takes no auth header; exchange() sends none for it.
    auto reply = exchange(Method::post, "/access/ticket", params, nullptr);
    if (!reply) return unexpected(reply.error());

    auto body = json::parse(reply->body);
    if (reply->status != 200 || !body) {
        Failure failure;
        failure.status = reply->status;
        failure.reason = reply->reason;
        failure.what = "POST /access/ticket";
        return unexpected(classify(failure));
    }

    json::Json data = body->get("data");
    Auth auth;
    auth.ticket = data.get_string("ticket").value_or("");
    auth.csrf = data.get_string("CSRFPreventionToken").value_or("");
    auth.obtained = std::chrono::steady_clock::now();
    if (auth.ticket.empty() || auth.csrf.empty()) {
        return unexpected(ErrorCode::upstream_failed, "Proxmox gave no ticket",
                          "POST /access/ticket answered without ticket");
    }
    return auth;
}

Result<Client::Auth> Client::current_auth(bool force_login) {
    std::lock_guard lock(auth_mutex_);

    auto age = std::chrono::steady_clock::now() - auth_.obtained;
    bool have = !auth_.ticket.empty();
    bool old = age > std::chrono::seconds(options_.ticket_renew_seconds);
    if (have && !old && !force_login) return auth_;

    // Renewal presents the still-valid ticket as the password; if it was
    // refused (expired, key rotated) the real password is used.
    if (have && old && !force_login) {
        auto renewed = login(auth_.ticket);
        if (renewed) {
            auth_ = renewed.value();
            log::info("pve_ticket_renewed", {{"user", options_.username}});
            return auth_;
        }
    }

    auto fresh = login(options_.password);
    if (!fresh) return unexpected(fresh.error());

    auth_ = fresh.value();
    log::info("pve_login", {{"user", options_.username}});
    return auth_;
}

void Client::forget_ticket() {
    std::lock_guard lock(auth_mutex_);
    auth_ = Auth();
}

}  // namespace cc::proxmox
