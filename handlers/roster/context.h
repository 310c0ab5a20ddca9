// What every cc-roster route needs, built once in main.
#pragma once

#include <string>

#include "db/db.h"
#include "roster/roster.h"

namespace cc::rosterd {

struct Context {
    db::Pool& db;
    roster::Limits limits;
    std::string new_account_mail;  // set_password or lab_ready
};

}  // namespace cc::rosterd
