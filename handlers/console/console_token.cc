// Console tokens stored as JSON under the SHA-256 of the token.
#include "console_token.h"

#include "auth/digest.h"
#include "json/json.h"

namespace cc::console {
namespace {

std::string key_for(const std::string& token) {
    return "cc:console:" + auth::sha256_hex(token);
}

}  // namespace

Result<void> store_target(Context& ctx, const std::string& token,
                          const ConsoleTarget& target) {
    json::Json value = json::Json::object();
    value.set("user_id", target.user_id);
    value.set("vm_id", target.vm_id);
    value.set("cluster_id", target.cluster_id);
    value.set("node", target.node);
    value.set("vmid", target.vmid);
    value.set("port", target.port);
    value.set("vncticket", target.vncticket);

    auto set = ctx.redis.command({"SET", key_for(token), value.dump(), "EX",
                                  std::to_string(ctx.token_seconds)});
    if (!set) return unexpected(set.error());
    return {};
}

Result<std::optional<ConsoleTarget>> take_target(Context& ctx,
                                                 const std::string& token) {
    if (token.size() != 43) return std::optional<ConsoleTarget>();

    auto got = ctx.redis.command({"GETDEL", key_for(token)});
    if (!got) return unexpected(got.error());
    if (got->is_nil()) return std::optional<ConsoleTarget>();

    auto value = json::parse(got->str);
    if (!value) return unexpected(value.error());

    ConsoleTarget t;
    t.user_id = value->get_int("user_id").value_or(0);
    t.vm_id = value->get_int("vm_id").value_or(0);
    t.cluster_id = value->get_int("cluster_id").value_or(0);
    t.node = value->get_string("node").value_or("");
    t.vmid = value->get_int("vmid").value_or(0);
    t.port = value->get_int("port").value_or(0);
    t.vncticket = value->get_string("vncticket").value_or("");
    return std::optional<ConsoleTarget>(t);
}

}  // namespace cc::console
