#!/usr/bin/env bash
# Cross-builds the Windows dependencies from Debian source packages (issue 18, README "Windows").
#
#   tools/windows/build-deps.sh            # everything, into ~/.cache/hotelhub-windows
#   HOTELHUB_WIN_CACHE=/some/dir tools/windows/build-deps.sh
#   tools/windows/build-deps.sh qtbase     # one part again (its stamp is removed first)
#
# Parts: SQLite, OpenSSL 3, qtbase (Core, Gui, Widgets, Network, Sql with SQLite, Test), libqrencode,
# Botan 2 (bcrypt) and Boost's headers. Three that the issue lists are not built, because the Debian
# archive these machines reach does not serve their sources (apt-get source answers 404 for
# qt6-svg, qtkeychain and zxcvbn-c, checked 2026-12-01); the Windows build does without them:
# PNG renditions of the icons instead of the SVG plugin, Windows' Credential Manager called
# directly instead of QtKeychain, and no zxcvbn (README "Windows" names what that changes).
#
# qtbase gets one patch of ours (tools/windows/patches): its regular expressions' per-thread JIT
# stack is kept without a C++ thread_local, which MinGW's emulated TLS destroys after freeing it
# (any thread that had matched a pattern could crash when it ended; README "Windows").
#
# Idempotent and resumable: each part leaves a stamp in $CACHE/stamps when it is installed into
# $CACHE/prefix, and is skipped while its stamp is there. An interrupted CMake part (qtbase takes
# an hour or more on two cores) goes on where its build folder stopped; a part named on the command
# line starts over from an empty folder. Host tools (moc, uic, rcc, lrelease) are Debian's own, through QT_HOST_PATH.
set -euo pipefail
HERE=$(cd "$(dirname "$(readlink -f "$0")")" && pwd)
CACHE=${HOTELHUB_WIN_CACHE:-$HOME/.cache/hotelhub-windows}
PREFIX=$CACHE/prefix
SRC=$CACHE/src
BLD=$CACHE/build
STAMPS=$CACHE/stamps
JOBS=${JOBS:-2}
TOOLCHAIN=$HERE/mingw-toolchain.cmake
TRIPLE=x86_64-w64-mingw32
CC=$TRIPLE-gcc-posix
CXX=$TRIPLE-g++-posix

PACKAGES=(g++-mingw-w64-x86-64-posix gcc-mingw-w64-x86-64-posix mingw-w64-tools wine64 nsis dpkg-dev
          cmake ninja-build perl python3 tcl qt6-base-dev qt6-base-dev-tools qt6-l10n-tools
          qt6-tools-dev-tools libboost-dev zbar-tools)

log() { printf '\033[1m==> %s\033[0m\n' "$*" >&2; }

ensure_host() {
  local p missing=()
  for p in "${PACKAGES[@]}"; do
    dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q 'install ok installed' || missing+=("$p")
  done
  local need_src=0
  grep -rqs '^Types:.*deb-src' /etc/apt/sources.list.d/ /etc/apt/sources.list || need_src=1
  [[ ${#missing[@]} -eq 0 && $need_src -eq 0 ]] && return 0
  local sudo=()
  [[ $(id -u) -eq 0 ]] || sudo=(sudo)
  if [[ $need_src -eq 1 ]]; then
    log "Adding Debian's source packages (deb-src) to apt"
    sed 's/^Types: deb$/Types: deb-src/' /etc/apt/sources.list.d/debian.sources |
      "${sudo[@]}" tee /etc/apt/sources.list.d/debian-src.sources >/dev/null
  fi
  log "Installing Debian packages: ${missing[*]:-none}"
  "${sudo[@]}" env DEBIAN_FRONTEND=noninteractive apt-get update -qq
  [[ ${#missing[@]} -eq 0 ]] ||
    "${sudo[@]}" env DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
}

# Fetches and unpacks a Debian source package once; prints its folder.
source_of() {
  local pkg=$1
  mkdir -p "$SRC/$pkg"
  if ! ls -d "$SRC/$pkg"/*/ >/dev/null 2>&1; then
    # The newest version first; the security archive may list a version whose source it does
    # not serve (seen with openssl), so older versions of the same release are tried next.
    local v ok=0
    for v in "" $(apt-cache showsrc "$pkg" 2>/dev/null | awk '/^Version:/ {print $2}' | sort -rV); do
      rm -rf "${SRC:?}/$pkg"/*
      if (cd "$SRC/$pkg" && apt-get source -qq "$pkg${v:+=$v}" >/dev/null 2>&1); then ok=1; break; fi
      # The upstream tarball came, Debian's packaging did not (seen with qrencode): build from
      # the upstream source as released.
      local orig
      orig=$(ls "$SRC/$pkg"/*.orig.tar.* 2>/dev/null | grep -v '\.asc$' | head -1)
      if [[ -n $orig ]] && (cd "$SRC/$pkg" && tar xf "$orig"); then ok=1; break; fi
    done
    [[ $ok -eq 1 ]] || { echo "apt-get source $pkg failed: is a deb-src line in apt's sources?" >&2; exit 1; }
  fi
  ls -d "$SRC/$pkg"/*/ | head -1 | sed 's:/$::'
}

# Runs part $1 (function build_$1) unless its stamp exists, and prints how long it took.
part() {
  local name=$1 start
  if [[ -f "$STAMPS/$name" ]]; then
    log "$name: already built ($(cat "$STAMPS/$name"))"
    return 0
  fi
  start=$(date +%s)
  log "$name: building"
  "build_$name"
  local took=$(( $(date +%s) - start ))
  mkdir -p "$STAMPS"
  echo "$(date -u +%FT%TZ), took ${took} s" > "$STAMPS/$name"
  log "$name: done in $((took / 60)) min $((took % 60)) s"
}

# Empties a CMake part's build folder unless an interrupted build of it can go on (its Ninja file
# is there and the part was not named on the command line).
fresh_cmake_dir() {
  [[ -z ${START_OVER:-} && -f $1/build.ninja ]] && { log "going on in $1"; return 0; }
  rm -rf "$1"
}

cmake_cross() { # source build [args...]
  local s=$1 b=$2; shift 2
  cmake -G Ninja -S "$s" -B "$b" -DCMAKE_TOOLCHAIN_FILE="$TOOLCHAIN" -DHOTELHUB_WIN_PREFIX="$PREFIX" \
    -DCMAKE_BUILD_TYPE=Release -DCMAKE_INSTALL_PREFIX="$PREFIX" -DCMAKE_PREFIX_PATH="$PREFIX" "$@" >/dev/null
  cmake --build "$b" -j"$JOBS" >/dev/null
  cmake --install "$b" >/dev/null
}

build_sqlite() {
  local s b=$BLD/sqlite
  s=$(source_of sqlite3)
  rm -rf "$b"; mkdir -p "$b"
  # The amalgamation is generated on the host (tclsh), then compiled with MinGW.
  (cd "$b" && "$s/configure" --disable-tcl >/dev/null && make -j"$JOBS" sqlite3.c >/dev/null)
  mkdir -p "$PREFIX/bin" "$PREFIX/lib" "$PREFIX/include"
  $CC -O2 -shared -DSQLITE_THREADSAFE=1 -DSQLITE_ENABLE_COLUMN_METADATA -DSQLITE_ENABLE_FTS5 \
    -DSQLITE_ENABLE_JSON1 -DSQLITE_API='__declspec(dllexport)' \
    -o "$PREFIX/bin/libsqlite3-0.dll" "$b/sqlite3.c" -Wl,--out-implib,"$PREFIX/lib/libsqlite3.dll.a"
  cp "$b/sqlite3.h" "$b/sqlite3ext.h" "$PREFIX/include/"
}

build_openssl() {
  local s b=$BLD/openssl
  s=$(source_of openssl)
  rm -rf "$b"; mkdir -p "$b"
  (cd "$b" && "$s/Configure" mingw64 --cross-compile-prefix=$TRIPLE- --prefix="$PREFIX" --libdir=lib \
      no-tests shared >/dev/null && make -j"$JOBS" build_libs >/dev/null && make install_dev install_runtime_libs >/dev/null)
}

# Our patches to a part's source (tools/windows/patches/PART-*.patch), each applied once: one
# already in the source is recognised by a reverse dry run and left as it is.
apply_patches() { # part source
  local p
  for p in "$HERE"/patches/"$1"-*.patch; do
    [[ -f $p ]] || continue
    if patch -d "$2" -p1 -R --dry-run -s -f <"$p" >/dev/null 2>&1; then continue; fi
    log "patching $1: $(basename "$p")"
    patch -d "$2" -p1 -s -f <"$p"
  done
}

build_qtbase() {
  local s
  s=$(source_of qt6-base)
  apply_patches qtbase "$s"
  fresh_cmake_dir "$BLD/qtbase"
  cmake_cross "$s" "$BLD/qtbase" -DQT_HOST_PATH=/usr -DQT_HOST_PATH_CMAKE_DIR=/usr/lib/x86_64-linux-gnu/cmake \
    -DQT_BUILD_EXAMPLES=OFF -DQT_BUILD_TESTS=OFF -DBUILD_WITH_PCH=OFF \
    -DFEATURE_system_sqlite=ON -DSQLite3_INCLUDE_DIR="$PREFIX/include" -DSQLite3_LIBRARY="$PREFIX/lib/libsqlite3.dll.a" \
    -DFEATURE_tabletevent=OFF -DFEATURE_sql_psql=OFF -DFEATURE_sql_mysql=OFF -DFEATURE_sql_odbc=OFF \
    -DFEATURE_dbus=OFF -DINPUT_openssl=no -DFEATURE_schannel=ON
}

build_qtsvg() {
  local s
  s=$(source_of qt6-svg)
  fresh_cmake_dir "$BLD/qtsvg"
  cmake_cross "$s" "$BLD/qtsvg" -DQT_HOST_PATH=/usr -DQT_HOST_PATH_CMAKE_DIR=/usr/lib/x86_64-linux-gnu/cmake \
    -DQT_BUILD_EXAMPLES=OFF -DQT_BUILD_TESTS=OFF
}

build_qtkeychain() {
  local s
  s=$(source_of qtkeychain)
  fresh_cmake_dir "$BLD/qtkeychain"
  cmake_cross "$s" "$BLD/qtkeychain" -DBUILD_WITH_QT6=ON -DBUILD_TRANSLATIONS=OFF -DBUILD_TEST_APPLICATION=OFF \
    -DQT_HOST_PATH=/usr -DQT_HOST_PATH_CMAKE_DIR=/usr/lib/x86_64-linux-gnu/cmake
}

build_qrencode() {
  local s
  s=$(source_of qrencode)
  fresh_cmake_dir "$BLD/qrencode"
  cmake_cross "$s" "$BLD/qrencode" -DWITH_TOOLS=NO -DWITHOUT_PNG=ON -DBUILD_SHARED_LIBS=ON
}

build_botan() {
  local s b=$BLD/botan
  s=$(source_of botan)
  rm -rf "$b"; cp -a "$s" "$b"
  # Only what the product uses (bcrypt and its random generator), as a static library.
  (cd "$b" && python3 configure.py --os=mingw --cpu=x86_64 --cc=gcc --cc-bin=$CXX --ar-command=$TRIPLE-ar \
      --prefix="$PREFIX" --minimized-build --enable-modules=bcrypt,auto_rng,system_rng,hmac_drbg,sha2_32,sha2_64 \
      --without-documentation --build-targets=static >/dev/null &&
    make -j"$JOBS" libs >/dev/null && make install >/dev/null)
}

build_zxcvbn() {
  local s b=$BLD/zxcvbn
  s=$(source_of zxcvbn-c)
  rm -rf "$b"; cp -a "$s" "$b"
  # The dictionary tables are generated by a host tool, then the library is compiled with MinGW.
  (cd "$b" && make dict-src.h dict-crc.h >/dev/null)
  (cd "$b" && $CC -O2 -c zxcvbn.c -o zxcvbn.o && $TRIPLE-ar rcs libzxcvbn.a zxcvbn.o)
  cp "$b/zxcvbn.h" "$PREFIX/include/"
  cp "$b/libzxcvbn.a" "$PREFIX/lib/"
}

build_boost() {
  # Boost.Beast and Asio are header-only: Debian's headers serve as they are.
  mkdir -p "$PREFIX/include"
  ln -sfn /usr/include/boost "$PREFIX/include/boost"
}

ALL=(sqlite openssl qtbase qrencode botan boost)

main() {
  ensure_host
  mkdir -p "$PREFIX" "$SRC" "$BLD" "$STAMPS"
  export PKG_CONFIG_LIBDIR=$PREFIX/lib/pkgconfig
  local parts=("${ALL[@]}")
  if [[ $# -gt 0 ]]; then
    parts=("$@")
    START_OVER=1
    for p in "${parts[@]}"; do rm -f "$STAMPS/$p"; done
  fi
  local total_start
  total_start=$(date +%s)
  for p in "${parts[@]}"; do part "$p"; done
  local t=$(( $(date +%s) - total_start ))
  log "All parts are in $PREFIX ($((t / 60)) min $((t % 60)) s this run)"
}

main "$@"
