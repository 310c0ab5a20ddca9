// The table of job kinds.
#include "kinds.h"

namespace cc::worker {

const Kind* find_kind(const std::string& name) {
    static const Kind kKinds[] = {
        {"provision", run_provision, provision_failed},
        {"rebuild", run_rebuild, provision_failed},
        {"destroy", run_destroy, nullptr},
        {"power", run_power, nullptr},
        {"snapshot", run_snapshot, nullptr},
        {"reconcile", run_reconcile, nullptr},
    };

    for (const auto& kind : kKinds) {
        if (name == kind.name) return &kind;
    }
    return nullptr;
}

}  // namespace cc::worker
