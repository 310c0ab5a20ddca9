// ccctl, the operators' tool: reads the config, then runs one command.
#include <cstring>
#include <iostream>
#include <string>
#include <vector>

#include "cli.h"

namespace {

constexpr const char* kHelp =
    "usage: ccctl COMMAND [OPTIONS]\n"
    "\n"
    "  migrate [--sql-dir DIR]       apply new sql/NNN_name.sql files\n"
    "  create-user --email E --role student|faculty|admin [--name N]\n"
    "              [--password-stdin]\n"
    "                                add an account; the password, if any,\n"
    "                                is read from standard input\n"
    "  set-password --email E        read a new password from stdin\n"
    "  seed-demo --logins-file PATH  create the demo accounts and course if\n"
    "                                missing; write their logins to PATH\n"
    "  cluster add --name N --url U --token-id T --secret-ref file:P|env:V\n"
    "              (--fingerprint F | --ca-file P) [--bridge B] [--pool P]\n"
    "              [--default] [--if-none]\n"
    "  cluster list                  registered Proxmox clusters\n"
    "  template add --course C --vmid N --name N [--cluster K] [--cores N]\n"
    "              [--memory MiB] [--full]   a VM template for a course\n"
    "  provision --course C          queue a VM for every enrolled student\n"
    "\n"
    "Configuration: the file named by $CC_CONFIG (default\n"
    "/etc/classcloud/classcloud.conf) if it exists, with environment\n"
    "overrides: CC_DB_CONNINFO (db.conninfo), CC_SQL_DIR (sql.dir).\n"
    "Exit status: 0 done, 1 failed, 2 usage error.\n";

struct Entry {
    const char* name;
    cc::ccctl::Command run;
};

constexpr Entry kCommands[] = {
    {"migrate", cc::ccctl::run_migrate},
    {"create-user", cc::ccctl::run_create_user},
    {"set-password", cc::ccctl::run_set_password},
    {"seed-demo", cc::ccctl::run_seed_demo},
    {"cluster", cc::ccctl::run_cluster},
    {"template", cc::ccctl::run_template},
    {"provision", cc::ccctl::run_provision},
};

}  // namespace

int main(int argc, char** argv) {
    if (argc < 2) return cc::ccctl::usage("no command given");

    std::string name = argv[1];
    if (name == "help" || name == "--help" || name == "-h") {
        std::cout << kHelp;
        return cc::ccctl::kExitOk;
    }

    auto config = cc::ccctl::load_config();
    if (!config) return cc::ccctl::fail(config.error());

    std::vector<std::string> args(argv + 2, argv + argc);
    for (const auto& command : kCommands) {
        if (name == command.name) return command.run(config.value(), args);
    }

    return cc::ccctl::usage("unknown command " + name);
}
