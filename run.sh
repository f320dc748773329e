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
  qt6-base-dev qt6-base-dev-tools libgl-dev libqt6sql6-sqlite libqt6sql6-psql
  qt6-l10n-tools qt6-tools-dev qt6-tools-dev-tools qt6-svg-dev libqt6svg6
  libssl-dev qtkeychain-qt6-dev libqrencode-dev libcrypt-dev libboost-dev
  xvfb xauth openssl postgresql
)
BENCH_PACKAGES=(wrk hyperfine)

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
  if [[ ! -f "$BUILD_DIR/build.ninja" ]]; then
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

cmd_test() {
  build
  log "Running the test suite"
  export QT_QPA_PLATFORM=offscreen
  ctest --test-dir "$BUILD_DIR" --output-on-failure -j"$JOBS" --timeout 600 "$@"
}

cmd_bench() {
  ensure_packages "${BENCH_PACKAGES[@]}"
  BUILD_TYPE=Release BUILD_DIR=${BENCH_BUILD_DIR:-build-release}
  build
  log "Benchmarks (ratios against a baseline measured in the same run)"
  "$BUILD_DIR/bench/bench_local_check"
  "$BUILD_DIR/bench/bench_status_process" "$BUILD_DIR/src/cli/hotelhub-license" "$BUILD_DIR/bench/bench_minimal_app"
}

cmd_demo() {
  build
  local data="$PWD/demo-data"
  mkdir -p "$data"
  export HOTELHUB_DATA_DIR="$data"
  log "Demo data folder: $data"
  "$BUILD_DIR/src/cli/hotelhub-license" bootstrap
  "$BUILD_DIR/src/cli/hotelhub-license" diagnostic || true
  cat >&2 <<'MSG'

The reference vendor server, the setup wizard and the tray are not built yet (issues 3, 5 and 6).
Until they land, `./run.sh demo` shows the offline half: bootstrap, status and diagnostic above.
MSG
}

cmd_translations() {
  ensure_packages "${PACKAGES[@]}"
  log "Updating translations/*.ts from src/ (lupdate)"
  /usr/lib/qt6/bin/lupdate -locations none -no-obsolete -silent src -ts translations/hotelhub_id.ts translations/hotelhub_en.ts
}

usage() {
  cat <<'EOF2'
Usage: ./run.sh <verb>
  demo          install, build, and run the product end to end on this machine
  test          install, build, and run the whole ctest suite headless
  build         install missing packages and build into build/
  bench         build a Release into build-release/ and run the benchmarks
  translations  refresh translations/*.ts from the sources (lupdate)
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
  translations) cmd_translations ;;
  help|-h|--help) usage ;;
  *) usage >&2; exit 2 ;;
esac
