# ctest packaging_debs: builds both packages with CPack, then checks what Debian users would trip
# over (issue 11): each package's files (where Debian expects them, nothing of the other package),
# Depends (the Qt plugins and Botan, loaded at run time), stripped binaries with a -dbgsym beside, lintian.
if(NOT BOTAN_PACKAGE MATCHES "^libbotan-2-[0-9]+$")
  message(FATAL_ERROR "BOTAN_PACKAGE is '${BOTAN_PACKAGE}', not a Debian Botan 2 package name")
endif()
file(REMOVE_RECURSE "${WORK}")
file(MAKE_DIRECTORY "${WORK}")
execute_process(COMMAND cpack -G DEB -B "${WORK}" --config "${BUILD_DIR}/CPackConfig.cmake"
                WORKING_DIRECTORY "${BUILD_DIR}" RESULT_VARIABLE rc OUTPUT_VARIABLE out ERROR_VARIABLE err)
if(NOT rc EQUAL 0)
  message(FATAL_ERROR "cpack failed (${rc}):\n${out}\n${err}")
endif()
file(GLOB client "${WORK}/hotelhub-license_*.deb")
file(GLOB server "${WORK}/hotelhub-license-server_*.deb")
file(GLOB client_dbg "${WORK}/hotelhub-license-dbgsym_*.*deb")
file(GLOB server_dbg "${WORK}/hotelhub-license-server-dbgsym_*.*deb")
foreach(v client server client_dbg server_dbg)
  list(LENGTH ${v} n)
  if(NOT n EQUAL 1)
    file(GLOB all "${WORK}/*.*deb")
    message(FATAL_ERROR "expected one ${v} package, found ${n}: ${all}")
  endif()
endforeach()

function(deb_field deb field out)
  execute_process(COMMAND dpkg-deb -f "${deb}" ${field} OUTPUT_VARIABLE value OUTPUT_STRIP_TRAILING_WHITESPACE)
  set(${out} "${value}" PARENT_SCOPE)
endfunction()
function(deb_files deb out)
  execute_process(COMMAND dpkg-deb -c "${deb}" OUTPUT_VARIABLE listing)
  string(REGEX MATCHALL "\\./[^\n]*" paths "${listing}")
  set(${out} "${paths}" PARENT_SCOPE)
endfunction()
function(require list what)
  foreach(path IN LISTS ARGN)
    list(FIND ${list} "./${path}" at)
    if(at EQUAL -1)
      message(FATAL_ERROR "${what} lacks /${path}")
    endif()
  endforeach()
endfunction()
function(forbid listing what)
  foreach(pattern IN LISTS ARGN)
    if("${listing}" MATCHES "${pattern}")
      message(FATAL_ERROR "${what} must not contain ${pattern} (${CMAKE_MATCH_0})")
    endif()
  endforeach()
endfunction()

deb_files("${client}" client_files)
require(client_files "hotelhub-license"
  usr/bin/hotelhub-license usr/bin/hotelhub-setup usr/bin/hotelhub-tray
  etc/xdg/autostart/hotelhub-tray.desktop
  usr/share/applications/hotelhub-setup.desktop usr/share/applications/hotelhub-tray.desktop
  usr/share/icons/hicolor/scalable/apps/hotelhub-license.svg
  usr/share/metainfo/id.hotelhub.License.metainfo.xml
  lib/systemd/system/hotelhub-license-heartbeat.service lib/systemd/system/hotelhub-license-heartbeat.timer
  usr/lib/sysusers.d/hotelhub-license.conf
  usr/share/doc/hotelhub-license/copyright usr/share/doc/hotelhub-license/changelog.gz)
forbid("${client_files}" "hotelhub-license" "hotelhub-license-server" "\\./usr/etc/" "\\./usr/local/")
deb_files("${server}" server_files)
require(server_files "hotelhub-license-server"
  usr/bin/hotelhub-license-server lib/systemd/system/hotelhub-license-server.service
  usr/lib/sysusers.d/hotelhub-license-server.conf
  usr/share/doc/hotelhub-license-server/copyright usr/share/doc/hotelhub-license-server/changelog.gz)
forbid("${server_files}" "hotelhub-license-server" "hotelhub-tray" "hotelhub-setup" "usr/bin/hotelhub-license\n" "\\./usr/etc/"
       "\\./usr/local/" "xdg/autostart")

deb_field("${client}" Depends client_depends)
foreach(dep libqt6sql6-sqlite libqt6svg6 ${BOTAN_PACKAGE} libqt6widgets6 libqt6network6 libqt6keychain1 libc6)
  if(NOT client_depends MATCHES "(^|, )${dep}( |,|$)")
    message(FATAL_ERROR "hotelhub-license Depends lacks ${dep}: ${client_depends}")
  endif()
endforeach()
deb_field("${server}" Depends server_depends)
deb_field("${server}" Recommends server_recommends)
if(NOT server_depends MATCHES "libqt6sql6-sqlite" OR NOT server_recommends MATCHES "libqt6sql6-psql")
  message(FATAL_ERROR "hotelhub-license-server: Depends '${server_depends}', Recommends '${server_recommends}'")
endif()
if(server_depends MATCHES "libqt6widgets6|libqt6gui6")
  message(FATAL_ERROR "the server package pulls in the GUI: ${server_depends}")
endif()

# Stripped binaries; their symbols in the -dbgsym packages.
foreach(pair "client;usr/bin/hotelhub-tray" "server;usr/bin/hotelhub-license-server")
  list(GET pair 0 which)
  list(GET pair 1 binary)
  execute_process(COMMAND dpkg-deb -x "${${which}}" "${WORK}/x-${which}")
  execute_process(COMMAND readelf -S --wide "${WORK}/x-${which}/${binary}" OUTPUT_VARIABLE sections)
  if(sections MATCHES "\\.debug_info|\\.symtab")
    message(FATAL_ERROR "/${binary} is not stripped")
  endif()
  deb_files("${${which}_dbg}" dbg_files)
  if(NOT dbg_files MATCHES "usr/lib/debug/\\.build-id/[0-9a-f][0-9a-f]/[0-9a-f]+\\.debug")
    message(FATAL_ERROR "the ${which} -dbgsym package holds no debug files: ${dbg_files}")
  endif()
endforeach()
file(SIZE "${client}" client_size)
message(STATUS "hotelhub-license: ${client_size} bytes; Depends: ${client_depends}")

find_program(LINTIAN lintian)
if(NOT LINTIAN)
  message(FATAL_ERROR "lintian is not installed (run.sh installs it)")
endif()
foreach(deb "${client}" "${server}")
  execute_process(COMMAND "${LINTIAN}" --fail-on error --tag-display-limit 0 "${deb}" RESULT_VARIABLE rc OUTPUT_VARIABLE out ERROR_VARIABLE err)
  message(STATUS "lintian ${deb}:\n${out}")
  if(NOT rc EQUAL 0)
    message(FATAL_ERROR "lintian found errors in ${deb}:\n${out}\n${err}")
  endif()
endforeach()

# The AppStream metainfo the client package ships (software centres read it).
find_program(APPSTREAMCLI appstreamcli)
if(NOT APPSTREAMCLI)
  message(FATAL_ERROR "appstreamcli is not installed (run.sh installs the appstream package)")
endif()
execute_process(COMMAND "${APPSTREAMCLI}" validate --no-net "${WORK}/x-client/usr/share/metainfo/id.hotelhub.License.metainfo.xml"
                RESULT_VARIABLE rc OUTPUT_VARIABLE out ERROR_VARIABLE err)
if(NOT rc EQUAL 0)
  message(FATAL_ERROR "appstreamcli validate:\n${out}\n${err}")
endif()
