// ccctl cluster add|list, template add and provision: register Proxmox
// clusters, give a course a VM template, and queue one provision job per
// enrolled student.
#include <iostream>

#include "cli.h"

namespace cc::ccctl {
namespace {

int cluster_add(db::Pool& pool, const std::vector<std::string>& args) {
    auto o = Options::parse(args,
                            {"name", "url", "token-id", "secret-ref",
                             "fingerprint", "ca-file", "bridge", "pool"},
                            {"default", "if-none"});
    if (!o) return usage(o.error().message);

    for (const char* key : {"name", "url", "token-id", "secret-ref"}) {
        if (o->get(key).empty())
            return usage(std::string("--") + key + " is required");
    }

    // --if-none: the stack registers (or moves) its emulator only while
    // no other cluster is configured.
    if (o->has("if-none")) {
        auto any = pool.exec("SELECT 1 FROM clusters WHERE name <> $1 LIMIT 1",
                             {o->get("name")});
        if (!any) return fail(any.error());
        if (!any->empty()) {
            std::cout << "a cluster is already registered\n";
            return kExitOk;
        }
    }

    auto opt = [&](const char* key) -> db::Param {
        std::string value = o->get(key);
        if (value.empty()) return std::nullopt;
        return value;
    };
    std::string bridge = o->get("bridge").empty() ? "vmbr0" : o->get("bridge");
    auto rows = pool.exec(
        "INSERT INTO clusters (name, api_url, token_id, secret_ref,"
        " fingerprint, ca_file, bridge, pool, is_default)"
        " VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9)"
        " ON CONFLICT (name) DO UPDATE SET api_url = EXCLUDED.api_url,"
        " token_id = EXCLUDED.token_id, secret_ref = EXCLUDED.secret_ref,"
        " fingerprint = EXCLUDED.fingerprint, ca_file = EXCLUDED.ca_file,"
        " bridge = EXCLUDED.bridge, pool = EXCLUDED.pool RETURNING id",
        {o->get("name"), o->get("url"), o->get("token-id"),
         o->get("secret-ref"), opt("fingerprint"), opt("ca-file"), bridge,
         o->get("pool"), o->has("default")});
    if (!rows) return fail(rows.error());

    std::cout << "cluster " << o->get("name") << " has id "
              << rows->integer(0, "id") << "\n";
    return kExitOk;
}

int cluster_list(db::Pool& pool) {
    auto rows = pool.exec(
        "SELECT id, name, api_url, token_id, is_default FROM clusters"
        " ORDER BY id");
    if (!rows) return fail(rows.error());

    for (int i = 0; i < rows->size(); i++) {
        std::cout << rows->integer(i, "id") << "\t" << rows->text(i, "name")
                  << "\t" << rows->text(i, "api_url") << "\t"
                  << rows->text(i, "token_id")
                  << (rows->boolean(i, "is_default") ? "\tdefault" : "")
                  << "\n";
    }
    return kExitOk;
}

int template_add(db::Pool& pool, const std::vector<std::string>& args) {
    auto o = Options::parse(
        args, {"course", "cluster", "vmid", "name", "cores", "memory"},
        {"full"});
    if (!o) return usage(o.error().message);

    if (o->get("course").empty() || o->get("vmid").empty() ||
        o->get("name").empty()) {
        return usage("--course, --vmid and --name are required");
    }

    std::string cores = o->get("cores").empty() ? "1" : o->get("cores");
    std::string memory = o->get("memory").empty() ? "1024" : o->get("memory");
    auto rows = pool.exec(
        "INSERT INTO course_templates (course_id, cluster_id,"
        " pve_template_vmid, name, cores, memory_mb, linked_clone)"
        " SELECT c.id, k.id, $3::int, $4, $5::int, $6::int, $7"
        " FROM courses c, clusters k WHERE c.code = $1"
        " AND (k.name = $2 OR ($2 = '' AND k.is_default))"
        " ON CONFLICT (course_id, name) DO NOTHING RETURNING id",
        {o->get("course"), o->get("cluster"), o->get("vmid"), o->get("name"),
         cores, memory, !o->has("full")});
    if (!rows) return fail(rows.error());

    if (rows->empty()) {
        std::cout << "template " << o->get("name") << " already exists, or "
                  << "the course or cluster is unknown\n";
        return kExitOk;
    }
    std::cout << "template " << o->get("name") << " has id "
              << rows->integer(0, "id") << "\n";
    return kExitOk;
}

int provision(db::Pool& pool, const std::vector<std::string>& args) {
    auto o = Options::parse(args, {"course"}, {});
    if (!o) return usage(o.error().message);

    if (o->get("course").empty()) return usage("--course is required");

    // One job per student and template; the key makes a re-run harmless.
    auto rows = pool.exec(
        "INSERT INTO jobs (kind, payload, idempotency_key)"
        " SELECT 'provision', jsonb_build_object('user_id', e.user_id,"
        " 'course_id', e.course_id, 'template_id', t.id),"
        " 'provision:' || e.user_id || ':' || e.course_id || ':' || t.id"
        " FROM enrollments e JOIN courses c ON c.id = e.course_id"
        " JOIN course_templates t ON t.course_id = c.id"
        " WHERE c.code = $1 AND e.role = 'student'"
        " ON CONFLICT (idempotency_key) DO NOTHING",
        {o->get("course")});
    if (!rows) return fail(rows.error());

    std::cout << rows->affected() << " provision jobs queued\n";
    return kExitOk;
}

}  // namespace

int run_cluster(const config::Config& config,
                const std::vector<std::string>& args) {
    if (args.empty()) return usage("cluster needs add or list");

    auto pool = open_pool(config);
    if (!pool) return fail(pool.error());

    std::vector<std::string> rest(args.begin() + 1, args.end());
    if (args[0] == "add") return cluster_add(**pool, rest);

    if (args[0] == "list") return cluster_list(**pool);

    return usage("unknown cluster command " + args[0]);
}

int run_template(const config::Config& config,
                 const std::vector<std::string>& args) {
    if (args.empty() || args[0] != "add") return usage("template needs add");

    auto pool = open_pool(config);
    if (!pool) return fail(pool.error());

    return template_add(**pool, {args.begin() + 1, args.end()});
}

int run_provision(const config::Config& config,
                  const std::vector<std::string>& args) {
    auto pool = open_pool(config);
    if (!pool) return fail(pool.error());

    return provision(**pool, args);
}

}  // namespace cc::ccctl
