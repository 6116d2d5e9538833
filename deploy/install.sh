#!/usr/bin/env bash
# Installs or upgrades Red Station Hub on Debian 12/13 or Raspberry Pi OS (arm64), in one command:
#   sudo ./install.sh red-station-hub-<version>-linux-arm64.tar.gz   from a release archive (npm run release)
#   sudo ./deploy/install.sh                                         from a checkout or an unpacked release
# It installs what the station needs from Debian, the `redstation` user, /var/lib/red-station-hub (data),
# /etc/red-station-hub (station.yaml, kiosk.env), the systemd units, the kiosk session (autologin user,
# browser, screen schedule, nightly browser restart), Chromium's managed policy, then starts the hub and
# checks it is healthy. Releases live side by side in /opt/red-station-hub/releases/<version>; `current`
# links to the running one. Running it again with a newer release upgrades: the link is switched and the hub
# restarted, and if it does not report healthy within --health-timeout seconds the link is switched back and
# the previous release restarted. The data folder is never touched; the previous release is kept.
# Run with --help for the options (a throwaway --root for tests, no apt, no systemctl).
# Variables set here are used by the steps in lib/, which this script sources.
# shellcheck disable=SC2034
set -euo pipefail

usage() {
  cat <<'EOF'
usage: install.sh [ARCHIVE.tar.gz] [options]
  ARCHIVE            a release archive; none: this unpacked release, or a release built from this checkout
  --admin NAME       name of the first manager account (asked on a terminal; default "manager")
  --kiosk-user NAME  the desktop user logged in on the touchscreen (default: the first user, uid 1000,
                     else a new user "kiosk")
  --no-kiosk         a hub without a touchscreen: no browser, no autologin, no Chromium
  --registry URL     npm registry mirror, when a release is built here (e.g. https://registry.npmmirror.com)
  --health-timeout S seconds the new release has to report healthy before it is rolled back (default 120)
  --keep N           old releases kept besides the current and the previous one (default 2)
  --root DIR         install into DIR instead of / (tests; systemd is not started there)
  --no-apt           install no Debian package (say what is missing)
  --service-cmd CMD  the program used as systemctl to restart and check the hub (tests: a stand-in)
  --no-start         write everything but start nothing (no restart, no health check, no account)
EOF
}

die() {
  echo "install.sh: $*" >&2
  exit 1
}
say() { echo "== $*"; }

ROOT=
APT=1
SERVICE_CMD=systemctl
START=1
HEALTH_TIMEOUT=120
KEEP=2
KIOSK=1
KIOSK_USER=
ADMIN=
REGISTRY=
ARCHIVE=
while (($# > 0)); do
  case $1 in
  -h | --help) usage && exit 0 ;;
  --root) ROOT=${2:?--root needs a folder} && shift ;;
  --no-apt) APT=0 ;;
  --service-cmd) SERVICE_CMD=${2:?--service-cmd needs a program} && shift ;;
  --no-start) START=0 ;;
  --health-timeout) HEALTH_TIMEOUT=${2:?} && shift ;;
  --keep) KEEP=${2:?} && shift ;;
  --no-kiosk) KIOSK=0 ;;
  --kiosk-user) KIOSK_USER=${2:?} && shift ;;
  --admin) ADMIN=${2:?} && shift ;;
  --registry) REGISTRY=${2:?} && shift ;;
  -*) usage >&2 && die "unknown option $1" ;;
  *) ARCHIVE=$1 ;;
  esac
  shift
done
[[ $HEALTH_TIMEOUT =~ ^[0-9]+$ && $KEEP =~ ^[0-9]+$ ]] || die "--health-timeout and --keep take whole numbers"

# Paths as the running system sees them, and where this run writes them ($R: the --root, or nothing).
R=${ROOT%/}
APP=/opt/red-station-hub
DATA=/var/lib/red-station-hub
ETC=/etc/red-station-hub
UNIT=red-station-hub.service
if [[ -n $R ]]; then
  [[ -d $R ]] || die "--root $R: no such folder"
  R=$(cd "$R" && pwd)
fi
AS_ROOT=1
if [[ $(id -u) -ne 0 ]]; then
  [[ -n $R ]] || die "must run as root: sudo $0 $*"
  AS_ROOT=0
  echo "   (not root: no users are made and no owners set in $R)"
fi
here=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT

# shellcheck source=lib/install-steps.sh
source "$here/deploy/lib/install-steps.sh"
# shellcheck source=lib/install-system.sh
source "$here/deploy/lib/install-system.sh"

say "Debian packages"
debian_packages

say "the release"
release_dir=$(locate_release)
version=$(manifest_field "$release_dir" version)
arch=$(manifest_field "$release_dir" arch)
[[ $arch == $(node_arch) ]] || die "this is a linux-$arch release; this machine needs linux-$(node_arch)"
new=$(place_release "$release_dir" "$version")
echo "   $version in $APP/releases/$version"

say "users and folders"
make_users
make_folders

say "systemd units and settings"
install_system_files "$new"
[[ $KIOSK == 0 ]] || install_kiosk_files "$new"
enable_units

say "switching to $version"
check_data "$new"
previous=$(switch_to "$version")
if [[ $START == 0 ]]; then
  echo "   --no-start: not starting the hub"
  exit 0
fi
restart_services
if wait_healthy; then
  echo "   healthy: $version"
  prune_releases
else
  if [[ -z $previous || $previous == "$version" ]]; then
    die "the hub did not report healthy within ${HEALTH_TIMEOUT}s; see: journalctl -u $UNIT -n 50"
  fi
  echo "the hub did not report healthy within ${HEALTH_TIMEOUT}s: rolling back to $previous" >&2
  switch_to "$previous" keep-previous >/dev/null
  restart_services
  if wait_healthy; then
    echo "rolled back: $previous runs again; $version stays in $APP/releases/ (journalctl -u $UNIT -n 100)" >&2
  else
    echo "rolled back to $previous, but it does not report healthy either (journalctl -u $UNIT -n 100)" >&2
  fi
  exit 1
fi

say "manager account"
first_account
say "done"
port=$(hub_address)
port=${port##*:}
summary
