// GET /_console_auth: nginx's auth_request for /console/ws. Refuses before
// the upgrade unless the browser has a live session and a console token
// of its own that was never used; then tells nginx where to proxy and
// with which Proxmox credential. Nothing here reaches the browser.
#include <netdb.h>
#include <sys/socket.h>

#include "console_token.h"
#include "log/log.h"
#include "routes.h"

namespace cc::console {
namespace {

http::Response deny(int status, std::string message) {
    http::Response res;
    res.status = status;
    res.content_type.clear();
    res.header("X-CC-Auth-Error", std::move(message));
    return res;
}

std::string url_encode(const std::string& text) {
    static const char kHex[] = "0123456789ABCDEF";
    std::string out;
    for (unsigned char c : text) {
        bool plain = (c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') ||
                     (c >= '0' && c <= '9') || c == '-' || c == '_' ||
                     c == '.' || c == '~';
        if (plain) {
            out += static_cast<char>(c);
        } else {
            out += '%';
            out += kHex[c >> 4];
            out += kHex[c & 15];
        }
    }
    return out;
}

struct Endpoint {
    std::string host;     // as in the cluster's URL: the TLS name
    std::string address;  // numeric, for nginx's proxy_pass
    std::string port;
};

// nginx cannot resolve names in a proxy_pass built from variables without
// a resolver, so the gate resolves the cluster's host itself.
Result<Endpoint> endpoint_of(const std::string& api_url) {
    std::string rest = api_url.substr(api_url.find("://") + 3);
    rest = rest.substr(0, rest.find('/'));
    size_t colon = rest.rfind(':');

    Endpoint ep;
    ep.host = colon == std::string::npos ? rest : rest.substr(0, colon);
    ep.port = colon == std::string::npos ? "8006" : rest.substr(colon + 1);

    addrinfo hints{};
    hints.ai_family = AF_INET;
    hints.ai_socktype = SOCK_STREAM;
    addrinfo* found = nullptr;
    if (getaddrinfo(ep.host.c_str(), nullptr, &hints, &found) != 0 || !found) {
        return unexpected(ErrorCode::unavailable,
                          "cannot resolve the Proxmox host", ep.host);
    }

    char text[NI_MAXHOST];
    getnameinfo(found->ai_addr, found->ai_addrlen, text, sizeof text, nullptr,
                0, NI_NUMERICHOST);
    freeaddrinfo(found);
    ep.address = text;
    return ep;
}

Result<int64_t> session_user(Context& ctx, const http::Request& req) {
    auto id = req.cookie(auth::kSessionCookie);
    if (!id) return int64_t{0};

    auto session = ctx.sessions.find(*id);
    if (!session) return unexpected(session.error());
    return *session ? (*session)->user_id : 0;
}

}  // namespace

Result<http::Response> websocket_gate(Context& ctx, http::Request& req) {
    // Browsers send Origin on websockets; another site's page may not
    // open a console with this browser's cookie.
    auto origin = req.header("Origin");
    if (origin && *origin != ctx.site_origin) {
        return deny(403, "cross-site console request refused");
    }

    auto user = session_user(ctx, req);
    if (!user) return unexpected(user.error());
    if (*user == 0) return deny(401, "not logged in");

    auto target = take_target(ctx, req.param("CC_CONSOLE_TOKEN"));
    if (!target) return unexpected(target.error());
    if (!*target || (*target)->user_id != *user) {
        return deny(403, "this console link has expired or was already used");
    }

    auto cluster = clusters::load_cluster(ctx.db, (*target)->cluster_id);
    if (!cluster) return unexpected(cluster.error());
    auto secret = clusters::read_secret(cluster->secret_ref);
    if (!secret) return unexpected(secret.error());
    auto ep = endpoint_of(cluster->api_url);
    if (!ep) return unexpected(ep.error());

    const ConsoleTarget& t = **target;
    log::info("console_open", {{"user_id", t.user_id},
                               {"vm_id", t.vm_id},
                               {"node", t.node},
                               {"vmid", t.vmid}});

    http::Response res;
    res.status = 200;
    res.content_type.clear();
    res.header("X-CC-Pve-Upstream", ep->address + ":" + ep->port);
    res.header("X-CC-Pve-Name", ep->host);
    res.header("X-CC-Pve-Path",
               "/api2/json/nodes/" + t.node + "/qemu/" +
                   std::to_string(t.vmid) +
                   "/vncwebsocket?port=" + std::to_string(t.port) +
                   "&vncticket=" + url_encode(t.vncticket));
    res.header("X-CC-Pve-Auth",
               "PVEAPIToken=" + cluster->token_id + "=" + *secret);
    return res;
}

}  // namespace cc::console
