// The periodic reconcile: nodes and VM power state and usage from
// /cluster/resources into the database; ClassCloud-tagged VMs no row
// knows (orphans) and ready rows whose VM is gone (lost) go to the log
// and to vm_findings. Nothing is deleted here.
#include <map>
#include <set>

#include "kinds.h"
#include "log/log.h"
#include "vm_ops.h"

namespace cc::worker {
namespace {

struct Counts {
    int64_t synced = 0;
    int64_t orphans = 0;
    int64_t lost = 0;
};

Result<void> save_nodes(db::Pool& db, int64_t cluster_id,
                        const std::vector<proxmox::Resource>& resources) {
    for (const auto& r : resources) {
        if (r.type != "node") continue;

        auto saved = db.exec(
            "INSERT INTO nodes (cluster_id, name, status, maxcpu, cpu,"
            " maxmem, mem) VALUES ($1, $2, $3, $4, $5::float8, $6, $7)"
            " ON CONFLICT (cluster_id, name) DO UPDATE SET status ="
            " EXCLUDED.status, maxcpu = EXCLUDED.maxcpu, cpu = EXCLUDED.cpu,"
            " maxmem = EXCLUDED.maxmem, mem = EXCLUDED.mem, seen_at = now()",
            {cluster_id, r.node, r.status, r.maxcpu, std::to_string(r.cpu),
             r.maxmem, r.mem});
        if (!saved) return unexpected(saved.error());
    }
    return {};
}

std::string power_of(const proxmox::Resource& r) {
    if (r.status == "running" || r.status == "stopped") return r.status;
    return "unknown";
}

Result<Counts> reconcile_cluster(JobContext& ctx, const Cluster& cluster) {
    db::Pool& db = ctx.services.db;
    Counts counts;

    auto client = ctx.services.clusters.client(cluster.id);
    if (!client) return unexpected(client.error());

    auto resources = proxmox::cluster_resources(**client);
    if (!resources) return unexpected(resources.error());

    auto nodes = save_nodes(db, cluster.id, *resources);
    if (!nodes) return unexpected(nodes.error());

    auto rows = db.exec(
        "SELECT id, vmid, state FROM vms WHERE cluster_id = $1"
        " AND vmid IS NOT NULL",
        {cluster.id});
    if (!rows) return unexpected(rows.error());

    std::map<int64_t, int64_t> row_by_vmid;
    for (int i = 0; i < rows->size(); i++) {
        int64_t id = rows->integer(i, "id");
        int64_t vmid = rows->integer(i, "vmid");
        row_by_vmid[vmid] = id;

        auto found = find_vm(*resources, vmid);
        if (found) {
            (void)set_vm_fields(db, id,
                                "power_state = $2, node = $3,"
                                " cpu = $4::float8, mem = $5",
                                {power_of(*found), found->node,
                                 std::to_string(found->cpu), found->mem});
            (void)db.exec(
                "UPDATE vm_findings SET resolved_at = now() WHERE"
                " cluster_id = $1 AND vmid = $2 AND kind = 'lost'"
                " AND resolved_at IS NULL",
                {cluster.id, vmid});
            counts.synced++;
        } else if (rows->text(i, "state") == "ready") {
            counts.lost++;
            log::warn("vm_lost", {{"vm_id", id}, {"vmid", vmid}});
            (void)record_finding(db, cluster.id, vmid, "lost", "", id,
                                 "the database has this VM, Proxmox does not");
            (void)set_vm_fields(db, id,
                                "power_state = 'unknown', last_error ="
                                " 'the VM is missing in Proxmox'",
                                {});
        }
    }

    for (const auto& r : *resources) {
        if (r.type != "qemu" || r.is_template) continue;

        int64_t tagged = vm_id_from_tags(r.tags);
        if (tagged == 0) continue;

        auto known = row_by_vmid.find(r.vmid);
        if (known != row_by_vmid.end() && known->second == tagged) continue;

        counts.orphans++;
        log::warn("vm_orphan",
                  {{"vmid", r.vmid}, {"node", r.node}, {"tagged_vm", tagged}});
        (void)record_finding(db, cluster.id, r.vmid, "orphan", r.node, tagged,
                             "tagged as ClassCloud's, unknown to the "
                             "database");
    }
    return counts;
}

}  // namespace

Result<json::Json> run_reconcile(JobContext& ctx) {
    auto clusters = ctx.services.clusters.all();
    if (!clusters) return unexpected(clusters.error());

    Counts total;
    for (const auto& cluster : *clusters) {
        auto counts = reconcile_cluster(ctx, cluster);
        if (!counts) {
            ctx.step("reconcile", "failed",
                     cluster.name + ": " + counts.error().detail);
            continue;
        }
        total.synced += counts->synced;
        total.orphans += counts->orphans;
        total.lost += counts->lost;
        ctx.step("reconcile", "ok",
                 cluster.name + ": " + std::to_string(counts->synced) +
                     " synced, " + std::to_string(counts->orphans) +
                     " orphans, " + std::to_string(counts->lost) + " lost");
    }

    json::Json result = json::Json::object();
    result.set("synced", total.synced);
    result.set("orphans", total.orphans);
    result.set("lost", total.lost);
    return result;
}

}  // namespace cc::worker
