// Cluster rows and their clients.
#include "clusters.h"

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
    return clients_.client_for(cluster_id);
}

}  // namespace cc::worker
