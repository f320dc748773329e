#!/usr/bin/env bash
# One entry point for people and CI: installs missing Debian packages, builds, tests, runs.
set -euo pipefail
cd "$(dirname "$(readlink -f "$0")")"

BUILD_DIR=${BUILD_DIR:-build}
BUILD_TYPE=${BUILD_TYPE:-RelWithDebInfo}
JOBS=${JOBS:-2}

# Debian 12 packages (../shared/design/DEPENDENCIES.md). Build + run + test.
PACKAGES=(
  cmake ninja-build g++ pkgconf
  qt6-base-dev qt6-base-dev-tools libgl-dev libqt6sql6-sqlite libqt6sql6-psql libsqlite3-dev
  qt6-l10n-tools qt6-tools-dev qt6-tools-dev-tools qt6-svg-dev libqt6svg6
  libssl-dev qtkeychain-qt6-dev libqrencode-dev libcrypt-dev libboost-dev libbotan-2-dev libzxcvbn-dev
  xvfb xauth openssl postgresql redis-server curl desktop-file-utils strace libglib2.0-bin trayer
  dpkg-dev lintian binutils appstream
  zbar-tools
)
BENCH_PACKAGES=(wrk hyperfine curl python3)
# libFuzzer (tests/fuzz): clang and its runtime, installed when this machine allows it.
FUZZ_PACKAGES=(clang libclang-rt-14-dev)
FUZZ_BUILD_DIR=${FUZZ_BUILD_DIR:-build-fuzz}
FUZZ_TARGETS=(fuzz_jws fuzz_envfile fuzz_licensekey fuzz_sheets fuzz_vendor_reply fuzz_localapi
              fuzz_vendor_service fuzz_setup_validators fuzz_bcrypt)

log() { printf '\033[1m==> %s\033[0m\n' "$*" >&2; }

missing_packages() {
  local p missing=()
  for p in "$@"; do
    dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q 'install ok installed' || missing+=("$p")
  done
  echo "${missing[@]:-}"
}

ensure_packages() {
  local missing
  missing=$(missing_packages "$@")
  [[ -z "$missing" ]] && return 0
  if [[ $(id -u) -eq 0 ]]; then
    log "Installing Debian packages: $missing"
    export DEBIAN_FRONTEND=noninteractive
    apt-get update -qq
    # shellcheck disable=SC2086
    apt-get install -y -qq --no-install-recommends $missing >/dev/null
  elif command -v sudo >/dev/null && sudo -n true 2>/dev/null; then
    log "Installing Debian packages with sudo: $missing"
    sudo DEBIAN_FRONTEND=noninteractive apt-get update -qq
    # shellcheck disable=SC2086
    sudo DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends $missing >/dev/null
  else
    echo "These Debian packages are missing. Install them, then run this again:" >&2
    echo "  sudo apt-get install -y --no-install-recommends $missing" >&2
    exit 1
  fi
}

configure() {
  local werror=OFF
  [[ "${CI:-}" == "true" ]] && werror=ON
  # A folder configured before with Makefiles (by an older run.sh) is built as it is.
  if [[ ! -f "$BUILD_DIR/build.ninja" && ! -f "$BUILD_DIR/Makefile" ]]; then
    log "Configuring ($BUILD_TYPE) in $BUILD_DIR/"
    cmake -S . -B "$BUILD_DIR" -G Ninja -DCMAKE_BUILD_TYPE="$BUILD_TYPE" -DHOTELHUB_WERROR="$werror" \
      ${HOTELHUB_SANITIZE:+-DHOTELHUB_SANITIZE="$HOTELHUB_SANITIZE"} >/dev/null
  fi
}

build() {
  ensure_packages "${PACKAGES[@]}"
  configure
  log "Building"
  cmake --build "$BUILD_DIR" -j"$JOBS"
}

can_install() { [[ $(id -u) -eq 0 ]] || { command -v sudo >/dev/null && sudo -n true 2>/dev/null; }; }

# Builds the fuzz targets with clang into $FUZZ_BUILD_DIR; false when clang cannot be had here.
fuzz_build() {
  if [[ -n $(missing_packages "${FUZZ_PACKAGES[@]}") ]]; then
    can_install || return 1
    ensure_packages "${FUZZ_PACKAGES[@]}"
  fi
  ensure_packages "${PACKAGES[@]}"
  if [[ ! -f "$FUZZ_BUILD_DIR/build.ninja" ]]; then
    log "Configuring the fuzz targets (clang, ASan, UBSan) in $FUZZ_BUILD_DIR/"
    cmake -S . -B "$FUZZ_BUILD_DIR" -G Ninja -DCMAKE_BUILD_TYPE=RelWithDebInfo -DCMAKE_CXX_COMPILER=clang++ -DHOTELHUB_FUZZ=ON >/dev/null || return 2
  fi
  log "Building the fuzz targets"
  cmake --build "$FUZZ_BUILD_DIR" -j"$JOBS" || return 2
}

# Runs every target for $1 seconds from its seed corpus (new finds go to $FUZZ_BUILD_DIR/corpus/).
fuzz_run() {
  local seconds=$1 target failed=()
  for target in "${FUZZ_TARGETS[@]}"; do
    mkdir -p "$FUZZ_BUILD_DIR/corpus/$target"
    if "$FUZZ_BUILD_DIR/tests/fuzz/$target" -max_total_time="$seconds" -timeout=10 -rss_limit_mb=2048 -print_final_stats=1 \
        -artifact_prefix="$FUZZ_BUILD_DIR/$target-" \
        "$FUZZ_BUILD_DIR/corpus/$target" "tests/fuzz/corpus/$target" >"$FUZZ_BUILD_DIR/$target.log" 2>&1; then
      printf '  %-24s %s\n' "$target" "$(grep -E '^stat::number_of_executed_units' "$FUZZ_BUILD_DIR/$target.log" | awk '{print $2 " runs, no finding"}')"
    else
      printf '  %-24s FINDING (see %s)\n' "$target" "$FUZZ_BUILD_DIR/$target.log"
      grep -E 'fuzz finding|ERROR: |SUMMARY' "$FUZZ_BUILD_DIR/$target.log" | head -3 | sed 's/^/      /'
      failed+=("$target")
    fi
  done
  [[ ${#failed[@]} -eq 0 ]]
}

cmd_fuzz() {
  local built=0
  fuzz_build || built=$?
  [[ $built -eq 1 ]] && { echo "clang is not installed and cannot be installed here: sudo apt-get install ${FUZZ_PACKAGES[*]}" >&2; exit 1; }
  [[ $built -eq 0 ]] || exit 1
  log "Fuzzing each target for ${FUZZ_SECONDS:-60} s"
  fuzz_run "${FUZZ_SECONDS:-60}"
}

cmd_package() {
  BUILD_DIR=${PACKAGE_BUILD_DIR:-build-package}
  BUILD_TYPE=RelWithDebInfo
  build
  log "Packaging (CPack: hotelhub-license, hotelhub-license-server and their -dbgsym)"
  (cd "$BUILD_DIR" && cpack -G DEB -B "$PWD/packages" >/dev/null)
  ls -1 "$BUILD_DIR"/packages/*.deb "$BUILD_DIR"/packages/*.ddeb
  lintian --fail-on error "$BUILD_DIR"/packages/*.deb
}

cmd_test() {
  build
  log "Running the test suite"
  export QT_QPA_PLATFORM=offscreen
  local status=0
  ctest --test-dir "$BUILD_DIR" --output-on-failure -j"$JOBS" --timeout 600 "$@" || status=$?
  # Each fuzz target for 10 s when clang is here or can be installed (issue 11).
  if [[ $# -eq 0 ]]; then
    local built=0
    fuzz_build || built=$?
    if [[ $built -eq 0 ]]; then
      log "Fuzzing each target for 10 s"
      fuzz_run 10 || status=1
    elif [[ $built -eq 1 ]]; then
      log "Fuzzing skipped: clang is not installed and cannot be installed here (${FUZZ_PACKAGES[*]})"
    else
      log "The fuzz targets did not build"
      status=1
    fi
  fi
  return $status
}

cmd_bench() {
  ensure_packages "${BENCH_PACKAGES[@]}" curl
  BUILD_TYPE=Release BUILD_DIR=${BENCH_BUILD_DIR:-build-release}
  build
  log "Benchmarks (ratios against a baseline measured in the same run)"
  "$BUILD_DIR/bench/bench_local_check"
  "$BUILD_DIR/bench/bench_sheet_parse"
  "$BUILD_DIR/bench/bench_status_process" "$BUILD_DIR/src/cli/hotelhub-license" "$BUILD_DIR/bench/bench_minimal_app" "$BUILD_DIR/bench/bench_minimal_linked"
  BENCH_BREAKDOWN=1 "$BUILD_DIR/bench/bench_heartbeat" "$BUILD_DIR/src/server/hotelhub-license-server"
  "$BUILD_DIR/bench/bench_setup_start" "$BUILD_DIR/src/setup/hotelhub-setup" "$BUILD_DIR/bench/bench_bare_wizard"
  bench/tray_bench.sh "$BUILD_DIR"
  "$BUILD_DIR/bench/bench_tray_idle" "$BUILD_DIR/src/tray/hotelhub-tray" "$BUILD_DIR/bench/bench_bare_tray"
  bench/tray_docked.sh "$BUILD_DIR"
  log "Server benchmarks (BENCH_LICENCES=${BENCH_LICENCES:-10000}, BENCH_SOAK_SECONDS=${BENCH_SOAK_SECONDS:-0})"
  bench/server_bench.sh "$BUILD_DIR"
}

# Starts the reference vendor server on loopback with its own keys and a demo licence, in $1.
start_demo_server() {
  local dir=$1 port=$2
  local srv="$BUILD_DIR/src/server/hotelhub-license-server"
  mkdir -p "$dir"
  [[ -f "$dir/keys/vendor-private.pem" ]] || "$srv" keys init --dir "$dir/keys" >/dev/null
  if [[ ! -f "$dir/demo-key.txt" ]]; then
    "$srv" license create --db "sqlite:$dir/vendor.sqlite" --plan standalone-pro --max-rooms 100 --max-users 30 \
      --valid-until "$(date -d '+1 year' +%F)" --owner-email owner@hotel.example \
      --features channel_manager=true,ai_demand_forecast=false,marketplace_addons=false | tail -1 > "$dir/demo-key.txt"
  fi
  head -c 32 /dev/urandom | base64 > "$dir/admin.secret"; chmod 600 "$dir/admin.secret"
  "$srv" serve --db "sqlite:$dir/vendor.sqlite" --keys "$dir/keys" --listen "127.0.0.1:$port" \
    --admin-secret-file "$dir/admin.secret" --support-phone "+62 812 0000 0000" --support-email support@vendor.example &
  SERVER_PID=$!
  for _ in $(seq 100); do curl -sf "http://127.0.0.1:$port/api/license/health" >/dev/null 2>&1 && return 0; sleep 0.1; done
  echo "The reference server did not start; see the lines above." >&2
  return 1
}

cmd_server() {
  ensure_packages curl
  build
  local dir="$PWD/demo-data/vendor" port=${PORT:-8080}
  start_demo_server "$dir" "$port"
  trap 'kill -TERM $SERVER_PID 2>/dev/null; wait $SERVER_PID' INT TERM
  log "Reference vendor server on http://127.0.0.1:$port — demo licence key: $(cat "$dir/demo-key.txt")"
  log "Admin: $BUILD_DIR/src/server/hotelhub-license-server license list --db sqlite:$dir/vendor.sqlite   (Ctrl-C stops)"
  wait "$SERVER_PID"
}

cmd_demo() {
  ensure_packages curl
  build
  local vendor="$PWD/demo-data/vendor" client="$PWD/demo-data/client" port=${PORT:-8080}
  start_demo_server "$vendor" "$port"
  trap 'kill -TERM $SERVER_PID 2>/dev/null; wait $SERVER_PID' INT TERM EXIT
  mkdir -p "$client"
  cp "$vendor/keys/vendor-public.pem" "$client/vendor-public.pem"
  local hash
  hash=$(sha256sum "$client/vendor-public.pem" | cut -d' ' -f1)
  cat > "$client/hotelhub.env" <<ENV
# Demo install, paired against the reference vendor server on this machine.
APP_URL=http://127.0.0.1:8000
DB_CONNECTION=sqlite
LICENSE_VENDOR_BASE_URL=http://127.0.0.1:$port
LICENSE_PUBLIC_KEY_PATH=vendor-public.pem
LICENSE_PUBLIC_KEY_HASH=$hash
SUPPORT_EMAIL=support@vendor.example
SUPPORT_PHONE="+62 812 0000 0000"
ENV
  export HOTELHUB_DATA_DIR="$client"
  local cli="$BUILD_DIR/src/cli/hotelhub-license" key
  key=$(cat "$vendor/demo-key.txt")
  "$cli" bootstrap >/dev/null 2>&1 || true
  log "Reference vendor server: http://127.0.0.1:$port   demo licence key: $key"
  log "Client data folder: $client (its .env pins the server's key)"
  if [[ -n "${DISPLAY:-}${WAYLAND_DISPLAY:-}" && -x "$BUILD_DIR/src/setup/hotelhub-setup" ]]; then
    log "Opening the setup wizard — paste the demo licence key above on its licence-key page."
    "$BUILD_DIR/src/setup/hotelhub-setup" --data-dir "$client" || true
    log "The wizard closed; the server keeps running (Ctrl-C stops it). Run it again: $BUILD_DIR/src/setup/hotelhub-setup --data-dir $client"
  else
    log "No display here: the wizard cannot open, so the demo pairs headless (see ./run.sh screenshots for the wizard's pages)."
    # Until the wizard lands (issue 5) the demo pairs headless, as a support engineer would.
    log "Pairing with the CLI: hotelhub-license pair --key $key"
    printf '%s\n' "$key" | "$cli" pair || true
    "$cli" heartbeat || true
    "$cli" status || true
    "$cli" diagnostic || true
    cat >&2 <<MSG
Try, with HOTELHUB_DATA_DIR=$client:
  $cli status --json
  $BUILD_DIR/src/server/hotelhub-license-server license suspend $key --db sqlite:$vendor/vendor.sqlite
  $cli heartbeat        (now refused: suspended → locked; 'license resume' and heartbeat again unlock it)
Ctrl-C stops the server.
MSG
  fi
  wait "$SERVER_PID"
}

cmd_screenshots() {
  ensure_packages "${PACKAGES[@]}" fonts-noto-color-emoji
  build
  log "Rendering every wizard page in both languages into docs/screenshots/ (offscreen)"
  QT_QPA_PLATFORM=offscreen HOTELHUB_KEYSTORE=file "$BUILD_DIR/tools/setup_screenshots" \
    "$BUILD_DIR/src/server/hotelhub-license-server" docs/screenshots
}

# Windows (issue 18): cross-built with MinGW against the dependencies that
# tools/windows/build-deps.sh built from Debian's sources (README "Windows").
WIN_CACHE=${HOTELHUB_WIN_CACHE:-$HOME/.cache/hotelhub-windows}
WIN_BUILD_DIR=${WIN_BUILD_DIR:-build-windows}
WIN_PARTS=(sqlite openssl qtbase qrencode botan boost)

cmd_windows() {
  local part missing=()
  for part in "${WIN_PARTS[@]}"; do [[ -f "$WIN_CACHE/stamps/$part" ]] || missing+=("$part"); done
  if [[ ${#missing[@]} -gt 0 ]]; then
    echo "The Windows dependencies are not built yet (missing: ${missing[*]}). Run, once (about 45 minutes on 2 cores):" >&2
    echo "  tools/windows/build-deps.sh" >&2
    exit 1
  fi
  local prefix=$WIN_CACHE/prefix
  if [[ ! -f "$WIN_BUILD_DIR/build.ninja" ]]; then
    log "Configuring the Windows cross-build in $WIN_BUILD_DIR/"
    PKG_CONFIG_LIBDIR=$prefix/lib/pkgconfig cmake -S . -B "$WIN_BUILD_DIR" -G Ninja -DCMAKE_BUILD_TYPE=Release \
      -DCMAKE_TOOLCHAIN_FILE="$PWD/tools/windows/mingw-toolchain.cmake" -DHOTELHUB_WIN_PREFIX="$prefix" \
      -DCMAKE_PREFIX_PATH="$prefix" -DQT_HOST_PATH=/usr -DQT_HOST_PATH_CMAKE_DIR=/usr/lib/x86_64-linux-gnu/cmake \
      -DHOTELHUB_WERROR="$([[ "${CI:-}" == "true" ]] && echo ON || echo OFF)" >/dev/null
  fi
  log "Cross-compiling for Windows"
  PKG_CONFIG_LIBDIR=$prefix/lib/pkgconfig cmake --build "$WIN_BUILD_DIR" -j"$JOBS"
  log "Building the installer (CPack, NSIS)"
  (cd "$WIN_BUILD_DIR" && cpack -G NSIS -B "$PWD/packages" >/dev/null)
  ls -1 "$WIN_BUILD_DIR"/packages/*.exe
}

cmd_windows_test() {
  cmd_windows
  build # the Linux reference server serves the installer test's pairing
  log "Running the Windows suites under Wine (headless)"
  tools/windows/run-tests.sh "$PWD/$WIN_BUILD_DIR" "$@"
}

cmd_translations() {
  ensure_packages "${PACKAGES[@]}"
  log "Updating translations/*.ts from src/ and ui/ (lupdate)"
  /usr/lib/qt6/bin/lupdate -locations none -no-obsolete -silent src ui -ts translations/hotelhub_id.ts translations/hotelhub_en.ts
}

usage() {
  cat <<'EOF2'
Usage: ./run.sh <verb>
  demo          install, build, start the reference vendor server with a demo licence, open the setup wizard
  test          install, build, and run the whole ctest suite headless
  build         install missing packages and build into build/
  server        start the reference vendor server on 127.0.0.1:${PORT:-8080} with a demo licence
  bench         build a Release into build-release/ and run the benchmarks (BENCH_SOAK_SECONDS=600 adds the soak)
  package       build the Debian packages into build-package/packages/ and check them with lintian
  fuzz          build the libFuzzer targets with clang into build-fuzz/ and run each for FUZZ_SECONDS (60)
  screenshots   render every wizard page in Indonesian and English into docs/screenshots/
  translations  refresh translations/*.ts from the sources (lupdate)
  windows       cross-compile for Windows into build-windows/ and build the installer (after tools/windows/build-deps.sh)
  windows-test  the above, then the Windows suites and the installer under Wine (README "Windows")
Environment: BUILD_TYPE (RelWithDebInfo), BUILD_DIR (build), JOBS (2), HOTELHUB_SANITIZE (e.g. "address;undefined").
EOF2
}

verb=${1:-help}
shift || true
case "$verb" in
  demo) cmd_demo "$@" ;;
  test) cmd_test "$@" ;;
  build) build ;;
  bench) cmd_bench "$@" ;;
  server) cmd_server ;;
  screenshots) cmd_screenshots ;;
  fuzz) cmd_fuzz ;;
  package) cmd_package ;;
  translations) cmd_translations ;;
  windows) cmd_windows ;;
  windows-test) cmd_windows_test "$@" ;;
  help|-h|--help) usage ;;
  *) usage >&2; exit 2 ;;
esac
