# Installs the build into a fresh DESTDIR under the build tree and checks
# the production layout docs/INSTALL.md describes. Run by CTest:
#   cmake -DBUILD_DIR=.. -DSTAGE=.. -DPREFIX=.. [-DUNITDIR=..] -P this
foreach(var BUILD_DIR STAGE PREFIX)
  if(NOT ${var})
    message(FATAL_ERROR "${var} is not set")
  endif()
endforeach()
# CC_SYSTEMD_UNITDIR when set on the command line, else its default.
if(NOT UNITDIR)
  set(UNITDIR "${PREFIX}/lib/systemd/system")
endif()

# Never the real system: the stage must be a folder of its own.
if(STAGE STREQUAL "/" OR NOT STAGE MATCHES "/install-stage$")
  message(FATAL_ERROR "refusing to stage into ${STAGE}")
endif()
file(REMOVE_RECURSE "${STAGE}")

set(ENV{DESTDIR} "${STAGE}")
execute_process(COMMAND "${CMAKE_COMMAND}" --install "${BUILD_DIR}"
                RESULT_VARIABLE rc OUTPUT_VARIABLE out ERROR_VARIABLE out)
if(NOT rc EQUAL 0)
  message(FATAL_ERROR "cmake --install failed (${rc}):\n${out}")
endif()

set(root "${STAGE}${PREFIX}")
set(want
    "bin/ccctl"
    "libexec/classcloud/cc-login" "libexec/classcloud/cc-vm"
    "libexec/classcloud/cc-console" "libexec/classcloud/cc-roster"
    "libexec/classcloud/cc-worker" "libexec/classcloud/cc-mailer"
    "share/classcloud/sql/001_users_courses.sql"
    "share/classcloud/nginx/classcloud-site.conf"
    "share/classcloud/nginx/classcloud-fastcgi.conf"
    "share/classcloud/classcloud.conf.example"
    "share/doc/classcloud/INSTALL.md" "share/doc/classcloud/openapi.yaml")
foreach(unit cc-login cc-vm cc-console cc-roster cc-worker cc-mailer)
  list(APPEND want "${unit}.service")
endforeach()
list(APPEND want "classcloud.target")

set(missing "")
foreach(rel ${want})
  if(rel MATCHES "\\.(service|target)$")
    set(path "${STAGE}${UNITDIR}/${rel}")
  else()
    set(path "${root}/${rel}")
  endif()
  if(NOT EXISTS "${path}")
    string(APPEND missing "  ${path}\n")
  endif()
endforeach()
if(missing)
  message(FATAL_ERROR "not installed:\n${missing}")
endif()

# Every migration, every program runnable, nothing left unfilled.
file(GLOB sources RELATIVE "${CMAKE_CURRENT_LIST_DIR}/../../../sql"
     "${CMAKE_CURRENT_LIST_DIR}/../../../sql/*.sql")
foreach(sql ${sources})
  if(NOT EXISTS "${root}/share/classcloud/sql/${sql}")
    message(FATAL_ERROR "migration ${sql} is not installed")
  endif()
endforeach()

foreach(program bin/ccctl libexec/classcloud/cc-worker)
  execute_process(COMMAND test -x "${root}/${program}" RESULT_VARIABLE rc)
  if(NOT rc EQUAL 0)
    message(FATAL_ERROR "${program} is not executable")
  endif()
endforeach()

file(GLOB units "${STAGE}${UNITDIR}/cc-*.service")
foreach(unit ${units} "${root}/share/classcloud/nginx/classcloud-site.conf"
        "${root}/share/classcloud/classcloud.conf.example")
  file(READ "${unit}" text)
  if(text MATCHES "@[A-Z_]+@")
    message(FATAL_ERROR "${unit} has an unfilled placeholder: ${CMAKE_MATCH_0}")
  endif()
  if(unit MATCHES "\\.service$" AND
     NOT text MATCHES "ExecStart=${PREFIX}/libexec/classcloud/cc-")
    message(FATAL_ERROR "${unit} does not start the installed program")
  endif()
endforeach()

message(STATUS "installed layout under ${STAGE} is complete")
