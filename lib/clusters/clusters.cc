// Loading cluster rows, resolving secret references, caching clients.
#include "clusters/clusters.h"

#include <cstdlib>
#include <fstream>

namespace cc::clusters {

Result<Cluster> load_cluster(db::Pool& db, int64_t id) {
    auto rows = db.exec(
        "SELECT id, name, api_url, token_id, secret_ref, "
        "coalesce(fingerprint, '') AS fingerprint, "
        "coalesce(ca_file, '') AS ca_file, bridge FROM clusters WHERE id = $1",
        {id});
    if (!rows) return unexpected(rows.error());
    if (rows->empty()) {
        return unexpected(ErrorCode::not_found,
                          "cluster " + std::to_string(id) + " is not known");
    }

    return Cluster{rows->integer(0, "id"),      rows->text(0, "name"),
                   rows->text(0, "api_url"),    rows->text(0, "token_id"),
                   rows->text(0, "secret_ref"), rows->text(0, "fingerprint"),
                   rows->text(0, "ca_file"),    rows->text(0, "bridge")};
}

Result<std::string> read_secret(const std::string& secret_ref) {
    if (secret_ref.rfind("env:", 0) == 0) {
        const char* value = std::getenv(secret_ref.substr(4).c_str());
        if (!value || !*value) {
            return unexpected(
                ErrorCode::unavailable,
                "the Proxmox token secret is not configured",
                "environment variable " + secret_ref.substr(4) + " is empty");
        }
        return std::string(value);
    }

    if (secret_ref.rfind("file:", 0) != 0) {
        return unexpected(ErrorCode::invalid_argument,
                          "a secret reference must start with file: or env:",
                          "secret_ref=" + secret_ref.substr(0, 5));
    }

    std::ifstream in(secret_ref.substr(5));
    std::string secret;
    std::getline(in, secret);
    if (secret.empty()) {
        return unexpected(ErrorCode::unavailable,
                          "the Proxmox token secret is not configured",
                          "cannot read " + secret_ref);
    }
    return secret;
}

Error for_caller(const Error& pve_error) {
    if (pve_error.code != ErrorCode::not_found) return pve_error;

    return make_error(ErrorCode::upstream_failed,
                      "this VM is missing on its Proxmox node; ask your "
                      "instructor to rebuild it",
                      pve_error.message + " " + pve_error.detail);
}

Result<proxmox::Client*> ClientCache::client_for(int64_t cluster_id) {
    std::lock_guard<std::mutex> lock(mutex_);
    auto found = clients_.find(cluster_id);
    if (found != clients_.end()) return found->second.get();

    auto cluster = load_cluster(db_, cluster_id);
    if (!cluster) return unexpected(cluster.error());

    auto secret = read_secret(cluster->secret_ref);
    if (!secret) return unexpected(secret.error());

    proxmox::ClientOptions options;
    options.base_url = cluster->api_url;
    options.fingerprint = cluster->fingerprint;
    options.ca_file = cluster->ca_file;
    options.ticket_renew_seconds = ticket_renew_seconds_;
    if (cluster->token_id.find('!') != std::string::npos) {
        options.token_id = cluster->token_id;
        options.token_secret = *secret;
    } else {
        options.username = cluster->token_id;
        options.password = *secret;
    }
    auto client = proxmox::Client::create(options);
    if (!client) return unexpected(client.error());

    proxmox::Client* raw = client->get();
    clients_[cluster_id] = std::move(client).value();
    return raw;
}

}  // namespace cc::clusters
