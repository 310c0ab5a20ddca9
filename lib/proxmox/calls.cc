// Typed calls: parameters in, lenient parsing of the answers out.
#include "proxmox/calls.h"

#include "proxmox/wire.h"

namespace cc::proxmox {
namespace {

Resource read_resource(const json::Json& item) {
    Resource r;
    r.id = read_text(item, "id");
    r.type = read_text(item, "type");
    r.node = read_text(item, "node");
    r.status = read_text(item, "status");
    r.name = read_text(item, "name");
    r.tags = read_text(item, "tags");
    r.lock = read_text(item, "lock");
    r.storage = read_text(item, "storage");
    r.vmid = read_int(item, "vmid").value_or(0);
    r.is_template = read_bool(item, "template");
    r.shared = read_bool(item, "shared");
    r.cpu = read_real(item, "cpu").value_or(0);
    r.maxcpu = read_int(item, "maxcpu").value_or(0);
    r.mem = read_int(item, "mem").value_or(0);
    r.maxmem = read_int(item, "maxmem").value_or(0);
    r.disk = read_int(item, "disk").value_or(0);
    r.maxdisk = read_int(item, "maxdisk").value_or(0);
    r.uptime = read_int(item, "uptime").value_or(0);
    r.netin = read_int(item, "netin").value_or(0);
    r.netout = read_int(item, "netout").value_or(0);
    return r;
}

Result<std::vector<Resource>> read_resources(Result<json::Json> data) {
    if (!data) return unexpected(data.error());

    std::vector<Resource> out;
    for (size_t i = 0; i < data->size(); i++) {
        out.push_back(read_resource(data->at(i)));
    }
    return out;
}

Result<std::string> read_upid(Result<json::Json> data) {
    if (!data) return unexpected(data.error());

    std::string upid = data->as_string();
    if (upid.rfind("UPID:", 0) != 0) {
        return unexpected(ErrorCode::upstream_failed,
                          "Proxmox did not start a task",
                          "expected a UPID, got " + data->dump());
    }
    return upid;
}

}  // namespace

std::string vm_path(const std::string& node, int64_t vmid) {
    return "/nodes/" + node + "/qemu/" + std::to_string(vmid);
}

Result<std::vector<Resource>> cluster_resources(Client& client,
                                                const std::string& type) {
    Params params;
    if (!type.empty()) params.emplace_back("type", type);

    return read_resources(client.get("/cluster/resources", params));
}

Result<std::optional<int64_t>> next_id(Client& client, int64_t wanted) {
    Params params;
    if (wanted > 0) params.emplace_back("vmid", std::to_string(wanted));

    auto data = client.get("/cluster/nextid", params);
    if (!data && wanted > 0 &&
        data.error().code == ErrorCode::invalid_argument) {
        return std::optional<int64_t>();
    }
    if (!data) return unexpected(data.error());

    json::Json wrapper = json::Json::object();
    wrapper.set("id", data.value());
    auto id = read_int(wrapper, "id");
    if (!id) {
        return unexpected(ErrorCode::upstream_failed,
                          "Proxmox gave no free VM id", data->dump());
    }
    return std::optional<int64_t>(*id);
}

Result<std::vector<Resource>> list_nodes(Client& client) {
    auto nodes = read_resources(client.get("/nodes"));
    if (!nodes) return nodes;

    // /nodes names the node in `node`; keep `id` filled like resources.
    for (auto& node : nodes.value()) {
        if (node.id.empty()) node.id = "node/" + node.node;
    }
    return nodes;
}

Result<std::string> clone_vm(Client& client, const CloneSpec& spec) {
    Params params = {{"newid", std::to_string(spec.newid)}};
    if (!spec.name.empty()) params.emplace_back("name", spec.name);
    if (!spec.description.empty()) {
        params.emplace_back("description", spec.description);
    }
    if (!spec.target.empty() && spec.target != spec.node) {
        params.emplace_back("target", spec.target);
    }
    if (!spec.pool.empty()) params.emplace_back("pool", spec.pool);
    params.emplace_back("full", spec.full ? "1" : "0");

    std::string path = vm_path(spec.node, spec.template_vmid) + "/clone";
    return read_upid(client.post(path, params));
}

Result<std::string> set_config(Client& client, const std::string& node,
                               int64_t vmid, const Params& settings) {
    return read_upid(client.post(vm_path(node, vmid) + "/config", settings));
}

Result<std::string> power_action(Client& client, const std::string& node,
                                 int64_t vmid, const std::string& action) {
    return read_upid(client.post(vm_path(node, vmid) + "/status/" + action));
}

Result<std::string> delete_vm(Client& client, const std::string& node,
                              int64_t vmid) {
    Params params = {{"purge", "1"}, {"destroy-unreferenced-disks", "1"}};

    return read_upid(client.call(Method::del, vm_path(node, vmid), params));
}

Result<std::string> create_snapshot(Client& client, const std::string& node,
                                    int64_t vmid, const std::string& name,
                                    const std::string& description) {
    Params params = {{"snapname", name}};
    if (!description.empty()) params.emplace_back("description", description);

    return read_upid(client.post(vm_path(node, vmid) + "/snapshot", params));
}

Result<std::string> rollback_snapshot(Client& client, const std::string& node,
                                      int64_t vmid, const std::string& name) {
    std::string path = vm_path(node, vmid) + "/snapshot/" + name + "/rollback";
    return read_upid(client.post(path));
}

Result<std::string> delete_snapshot(Client& client, const std::string& node,
                                    int64_t vmid, const std::string& name) {
    std::string path = vm_path(node, vmid) + "/snapshot/" + name;
    return read_upid(client.call(Method::del, path));
}

Result<json::Json> get_config(Client& client, const std::string& node,
                              int64_t vmid) {
    return client.get(vm_path(node, vmid) + "/config");
}

Result<VmStatus> vm_status(Client& client, const std::string& node,
                           int64_t vmid) {
    auto data = client.get(vm_path(node, vmid) + "/status/current");
    if (!data) return unexpected(data.error());

    VmStatus status;
    status.status = read_text(*data, "status");
    status.qmpstatus = read_text(*data, "qmpstatus");
    status.name = read_text(*data, "name");
    status.lock = read_text(*data, "lock");
    status.tags = read_text(*data, "tags");
    status.uptime = read_int(*data, "uptime").value_or(0);
    status.maxmem = read_int(*data, "maxmem").value_or(0);
    return status;
}

Result<std::vector<Snapshot>> list_snapshots(Client& client,
                                             const std::string& node,
                                             int64_t vmid) {
    auto data = client.get(vm_path(node, vmid) + "/snapshot");
    if (!data) return unexpected(data.error());

    std::vector<Snapshot> out;
    for (size_t i = 0; i < data->size(); i++) {
        json::Json item = data->at(i);
        std::string name = read_text(item, "name");
        // "current" is the "You are here!" marker, not a snapshot.
        if (name == "current") continue;

        out.push_back({name, read_text(item, "description"),
                       read_text(item, "parent"),
                       read_int(item, "snaptime").value_or(0)});
    }
    return out;
}

Result<VncTicket> vnc_proxy(Client& client, const std::string& node,
                            int64_t vmid) {
    Params params = {{"websocket", "1"}};

    auto data = client.post(vm_path(node, vmid) + "/vncproxy", params);
    if (!data) return unexpected(data.error());

    VncTicket vnc;
    vnc.user = read_text(*data, "user");
    vnc.ticket = read_text(*data, "ticket");
    vnc.password = read_text(*data, "password");
    vnc.upid = read_text(*data, "upid");
    vnc.port = read_int(*data, "port").value_or(0);
    return vnc;
}

}  // namespace cc::proxmox
