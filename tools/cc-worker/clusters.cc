// Cluster rows and their clients.
#include "clusters.h"

#include <cstdlib>
#include <fstream>

namespace cc::worker {
namespace {

constexpr const char* kClusterColumns =
    "id, name, bridge, pool, vmid_min, vmid_max";

Cluster read_cluster(const db::Rows& rows, int row) {
    return Cluster{
        rows.integer(row, "id"),       rows.text(row, "name"),
        rows.text(row, "bridge"),      rows.text(row, "pool"),
        rows.integer(row, "vmid_min"), rows.integer(row, "vmid_max")};
}

}  // namespace

Result<std::string> resolve_secret(const std::string& ref) {
    std::string value;

    if (ref.rfind("file:", 0) == 0) {
        std::ifstream in(ref.substr(5));
        std::getline(in, value);
    } else if (ref.rfind("env:", 0) == 0) {
        const char* env = std::getenv(ref.substr(4).c_str());
        value = env ? env : "";
    } else {
        return unexpected(ErrorCode::invalid_argument,
                          "a cluster secret reference must be file:PATH or "
                          "env:NAME");
    }

    if (value.empty()) {
        return unexpected(ErrorCode::not_found,
                          "the Proxmox API secret is missing",
                          "nothing found at " + ref);
    }
    return value;
}

Result<Cluster> Clusters::find(int64_t id) {
    auto rows = db_.exec(std::string("SELECT ") + kClusterColumns +
                             " FROM clusters WHERE id = $1",
                         {id});
    if (!rows) return unexpected(rows.error());

    if (rows->empty()) {
        return unexpected(ErrorCode::not_found, "the cluster does not exist",
                          "cluster " + std::to_string(id));
    }
    return read_cluster(*rows, 0);
}

Result<std::vector<Cluster>> Clusters::all() {
    auto rows = db_.exec(std::string("SELECT ") + kClusterColumns +
                         " FROM clusters ORDER BY id");
    if (!rows) return unexpected(rows.error());

    std::vector<Cluster> out;
    for (int i = 0; i < rows->size(); i++)
        out.push_back(read_cluster(*rows, i));
    return out;
}

Result<proxmox::Client*> Clusters::client(int64_t cluster_id) {
    std::lock_guard lock(mutex_);

    auto found = clients_.find(cluster_id);
    if (found != clients_.end()) return found->second.get();

    auto rows = db_.exec(
        "SELECT api_url, token_id, secret_ref, coalesce(fingerprint, '') AS fp,"
        " coalesce(ca_file, '') AS ca FROM clusters WHERE id = $1",
        {cluster_id});
    if (!rows) return unexpected(rows.error());

    if (rows->empty()) {
        return unexpected(ErrorCode::not_found, "the cluster does not exist");
    }

    auto secret = resolve_secret(rows->text(0, "secret_ref"));
    if (!secret) return unexpected(secret.error());

    proxmox::ClientOptions options;
    options.base_url = rows->text(0, "api_url");
    options.fingerprint = rows->text(0, "fp");
    options.ca_file = rows->text(0, "ca");
    options.ticket_renew_seconds = ticket_renew_seconds_;

    // A token id names a user and token ("user@realm!name"); a bare user
    // means ticket auth with the secret as its password.
    std::string id = rows->text(0, "token_id");
    if (id.find('!') != std::string::npos) {
        options.token_id = id;
        options.token_secret = secret.value();
    } else {
        options.username = id;
        options.password = secret.value();
    }

    auto client = proxmox::Client::create(options);
    if (!client) return unexpected(client.error());

    proxmox::Client* raw = client->get();
    clients_[cluster_id] = std::move(client.value());
    return raw;
}

}  // namespace cc::worker
