// FastCGI accept loop, request parsing, graceful shutdown and dispatch.
#include "http/server.h"

#include <atomic>
#include <cerrno>
#include <chrono>
#include <csignal>
#include <cstring>
#include <exception>
#include <mutex>
#include <thread>
#include <vector>

#include <fcgiapp.h>
#include <grp.h>
#include <sys/socket.h>
#include <sys/stat.h>
#include <unistd.h>

#include "log/log.h"

namespace cc::http {
namespace {

std::atomic<bool> g_stopping{false};
int g_listen_fd = -1;

void on_stop_signal(int) {
    g_stopping = true;

    // Wakes every thread blocked in accept(); async-signal-safe.
    if (g_listen_fd >= 0) shutdown(g_listen_fd, SHUT_RDWR);
}

// Owns an FCGX_Request for one worker thread.
class FcgiRequest {
  public:
    explicit FcgiRequest(int fd) { FCGX_InitRequest(&raw_, fd, 0); }
    ~FcgiRequest() { FCGX_Free(&raw_, 1); }
    FcgiRequest(const FcgiRequest&) = delete;
    FcgiRequest& operator=(const FcgiRequest&) = delete;

    FCGX_Request* get() { return &raw_; }

  private:
    FCGX_Request raw_{};
};

std::string media_type(const std::string& header) {
    std::string out;
    for (char c : header) {
        if (c == ';') break;
        if (c == ' ') continue;
        out += (c >= 'A' && c <= 'Z') ? static_cast<char>(c + 32) : c;
    }
    return out;
}

int64_t parse_length(const std::string& text) {
    int64_t n = 0;
    for (char c : text) {
        if (c < '0' || c > '9') return -1;
        if (n > (int64_t{1} << 40)) return -1;
        n = n * 10 + (c - '0');
    }
    return n;
}

Result<Request> read_request(FCGX_Request* raw, int64_t max_body) {
    Request req;
    for (char** env = raw->envp; env && *env; env++) {
        std::string_view pair(*env);
        size_t eq = pair.find('=');
        if (eq == std::string_view::npos) continue;
        // The last of a repeated parameter wins, as nginx's overrides
        // come after the included defaults.
        req.params[std::string(pair.substr(0, eq))] =
            std::string(pair.substr(eq + 1));
    }

    req.method = req.param("REQUEST_METHOD");
    req.path = req.param("DOCUMENT_URI");
    req.query_string = req.param("QUERY_STRING");
    req.content_type = media_type(req.param("CONTENT_TYPE"));
    req.request_id = req.param("CC_REQUEST_ID");
    req.remote_addr = req.param("REMOTE_ADDR");
    req.identity.role = req.param("CC_ROLE");
    req.identity.auth_method = req.param("CC_AUTH_METHOD");
    req.identity.user_id = parse_length(req.param("CC_USER_ID"));
    if (req.identity.user_id < 0) req.identity.user_id = 0;
    if (req.request_id.empty()) req.request_id = "-";

    int64_t length = parse_length(req.param("CONTENT_LENGTH"));
    if (length > max_body) {
        return unexpected(ErrorCode::too_large,
                          "request body is larger than the limit of " +
                              std::to_string(max_body) + " bytes");
    }

    if (length > 0) {
        req.body.resize(static_cast<size_t>(length));
        int got =
            FCGX_GetStr(req.body.data(), static_cast<int>(length), raw->in);
        req.body.resize(got > 0 ? static_cast<size_t>(got) : 0);
    }
    return req;
}

void write_response(FCGX_Request* raw, const Response& res) {
    std::string head = "Status: " + status_line(res.status) + "\r\n";
    if (!res.content_type.empty()) {
        head += "Content-Type: " + res.content_type + "\r\n";
    }
    for (const auto& [name, value] : res.headers) {
        head += name + ": " + value + "\r\n";
    }
    head += "\r\n";

    FCGX_PutStr(head.data(), static_cast<int>(head.size()), raw->out);
    FCGX_PutStr(res.body.data(), static_cast<int>(res.body.size()), raw->out);
}

void log_request(const Request& req, const std::string& route, int status,
                 double ms, const Error* err) {
    log::Level level = status >= 500 ? log::Level::error : log::Level::info;
    if (!err) {
        log::write(level, "request",
                   {{"req_id", req.request_id},
                    {"method", req.method},
                    {"route", route},
                    {"status", status},
                    {"dur_ms", ms},
                    {"user_id", req.identity.user_id}});
        return;
    }

    log::write(level, "request",
               {{"req_id", req.request_id},
                {"method", req.method},
                {"route", route},
                {"status", status},
                {"dur_ms", ms},
                {"user_id", req.identity.user_id},
                {"err", error_code_name(err->code)},
                {"err_msg", err->message},
                {"err_detail", err->detail}});
}

void worker_loop(const Router& router, const ServeOptions& options,
                 std::mutex& accept_mutex) {
    FcgiRequest request(g_listen_fd);
    while (!g_stopping) {
        int rc;
        {
            std::lock_guard<std::mutex> lock(accept_mutex);
            rc = FCGX_Accept_r(request.get());
        }
        if (rc < 0) break;

        auto req = read_request(request.get(), options.max_body);
        if (req) {
            write_response(request.get(), dispatch(router, *req));
        } else {
            Request bare;
            bare.request_id = "-";
            write_response(request.get(), error_response(req.error(), "-"));
            log_request(bare, "-", status_for(req.error().code), 0,
                        &req.error());
        }
        FCGX_Finish_r(request.get());
    }
}

Result<void> open_socket(const ServeOptions& options) {
    if (options.socket_path.front() == '/') unlink(options.socket_path.c_str());

    g_listen_fd = FCGX_OpenSocket(options.socket_path.c_str(), options.backlog);
    if (g_listen_fd < 0) {
        return unexpected(ErrorCode::unavailable,
                          "cannot listen on " + options.socket_path,
                          std::strerror(errno));
    }

    if (options.socket_path.front() != '/') return {};

    // nginx's workers connect; nobody else should.
    if (!options.socket_group.empty()) {
        struct group* gr = getgrnam(options.socket_group.c_str());
        if (!gr || chown(options.socket_path.c_str(), static_cast<uid_t>(-1),
                         gr->gr_gid) != 0) {
            return unexpected(
                ErrorCode::invalid_argument,
                "cannot give socket to group " + options.socket_group);
        }
    }
    chmod(options.socket_path.c_str(),
          static_cast<mode_t>(options.socket_mode));
    return {};
}

}  // namespace

Result<ServeOptions> serve_options(const config::Config& config,
                                   const std::string& program) {
    ServeOptions options;

    auto socket = config.require(program + ".socket");
    if (!socket) return unexpected(socket.error());
    options.socket_path = *socket;

    auto threads = config.get_int("http.threads", 4);
    auto max_body = config.get_int("http.max_body", 1 << 20);
    auto mode = config.get_int("http.socket_mode", 0660);
    if (!threads) return unexpected(threads.error());
    if (!max_body) return unexpected(max_body.error());
    if (!mode) return unexpected(mode.error());

    options.threads = static_cast<int>(*threads);
    options.max_body = *max_body;
    options.socket_mode = static_cast<int>(*mode);
    options.socket_group = config.get("http.socket_group");
    return options;
}

Response dispatch(const Router& router, Request& req) {
    auto started = std::chrono::steady_clock::now();
    std::string route_name = "-";

    Result<Response> result = unexpected(ErrorCode::internal, "", "no route");
    try {
        auto route = router.match(req);
        if (route) {
            route_name = (*route)->pattern;
            result = (*route)->fn(req);
        } else {
            result = unexpected(route.error());
        }
    } catch (const std::exception& e) {
        result = unexpected(ErrorCode::internal, "",
                            std::string("uncaught exception: ") + e.what());
    }

    double ms = std::chrono::duration<double, std::milli>(
                    std::chrono::steady_clock::now() - started)
                    .count();
    if (result) {
        log_request(req, route_name, result->status, ms, nullptr);
        return std::move(result).value();
    }

    log_request(req, route_name, status_for(result.error().code), ms,
                &result.error());
    return error_response(result.error(), req.request_id);
}

int serve(const Router& router, const ServeOptions& options) {
    if (FCGX_Init() != 0) {
        log::error("fcgi_init_failed");
        return 1;
    }

    auto opened = open_socket(options);
    if (!opened) {
        log::error("listen_failed", {{"socket", options.socket_path},
                                     {"err_detail", opened.error().detail}});
        return 1;
    }

    std::signal(SIGTERM, on_stop_signal);
    std::signal(SIGINT, on_stop_signal);
    std::signal(SIGPIPE, SIG_IGN);
    log::info("listening",
              {{"socket", options.socket_path}, {"threads", options.threads}});

    std::mutex accept_mutex;
    std::vector<std::thread> workers;
    for (int i = 0; i < options.threads; i++) {
        workers.emplace_back(worker_loop, std::cref(router), std::cref(options),
                             std::ref(accept_mutex));
    }
    for (auto& t : workers) t.join();

    if (options.socket_path.front() == '/') unlink(options.socket_path.c_str());
    log::info("stopped");
    return 0;
}

}  // namespace cc::http
