#!/usr/bin/env bash
# Installs (or upgrades) Red Station Hub on this machine from the checkout this script is in:
#   sudo ./deploy/install.sh
# - a `redstation` system user;
# - the app in /opt/red-station-hub (built here: npm ci, npm run build, then dev packages removed);
# - data in /var/lib/red-station-hub, config in /etc/red-station-hub/station.yaml (kept if it exists);
# - the systemd unit red-station-hub.service, enabled and (re)started;
# - the kiosk browser unit in /etc/systemd/user/ (enable it for the kiosk's user: see deploy/README.md).
# Safe to run again: an upgrade builds beside the running copy and swaps it in.
set -euo pipefail

APP=/opt/red-station-hub
DATA=/var/lib/red-station-hub
ETC=/etc/red-station-hub
USER_NAME=redstation
UNIT=red-station-hub.service

if [[ $(id -u) -ne 0 ]]; then
  echo "install.sh must run as root: sudo $0" >&2
  exit 1
fi
src=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
[[ -f $src/package.json && -f $src/deploy/$UNIT ]] || {
  echo "run install.sh from a checkout of red-station-hub (no package.json in $src)" >&2
  exit 1
}

# Node 20.19 or newer, and npm (Debian packages npm apart from nodejs).
for cmd in node npm systemctl; do
  command -v "$cmd" >/dev/null || {
    echo "$cmd not found. Node.js 20.19+: sudo apt-get install -y nodejs npm (Debian 13), or NodeSource" >&2
    exit 1
  }
done
if ! node -e 'const [a, b] = process.versions.node.split(".").map(Number); process.exit(a > 20 || (a === 20 && b >= 19) ? 0 : 1)'; then
  echo "Node.js $(node -v) is too old: 20.19 or newer is needed (NodeSource: https://github.com/nodesource/distributions)" >&2
  exit 1
fi
case $(command -v node) in
/usr/bin/node | /usr/local/bin/node) ;;
*) echo "warning: node is at $(command -v node); the service looks only in /usr/local/bin and /usr/bin" >&2 ;;
esac

echo "== user $USER_NAME"
if ! id "$USER_NAME" >/dev/null 2>&1; then
  useradd --system --user-group --home-dir "$DATA" --no-create-home --shell /usr/sbin/nologin "$USER_NAME"
fi

echo "== building in a staging folder beside $APP"
stage=$(mktemp -d "$APP.new.XXXXXX")
trap 'rm -rf "$stage"' EXIT
tar -C "$src" -cf - \
  --exclude=./.git --exclude=./node_modules --exclude=./dist --exclude=./data \
  --exclude=./test-results --exclude=./tests/artifacts . | tar -C "$stage" -xf -
(
  cd "$stage"
  # The build needs the dev packages (TypeScript, Vite); they go once it is done.
  npm ci --no-audit --no-fund
  npm run build
  npm prune --omit=dev --no-audit --no-fund
)
chown -R root:root "$stage"
chmod -R u=rwX,go=rX "$stage"

echo "== data $DATA, config $ETC"
install -d -o "$USER_NAME" -g "$USER_NAME" -m 0750 "$DATA"
install -d -o root -g "$USER_NAME" -m 0750 "$ETC"
if [[ ! -e $ETC/station.yaml ]]; then
  # It holds MQTT passwords: readable by the service's group only.
  install -o root -g "$USER_NAME" -m 0640 "$src/deploy/station.example.yaml" "$ETC/station.yaml"
  echo "   wrote $ETC/station.yaml from the example: set station.id, station.name and the devices"
else
  echo "   kept $ETC/station.yaml"
fi

echo "== systemd units"
install -m 0644 "$src/deploy/$UNIT" /etc/systemd/system/$UNIT
install -d -m 0755 /etc/systemd/user
install -m 0644 "$src/deploy/kiosk-browser.service" /etc/systemd/user/kiosk-browser.service
systemctl daemon-reload
systemctl enable "$UNIT"

echo "== swapping in the new build and (re)starting"
systemctl stop "$UNIT" || true
if [[ -d $APP ]]; then
  rm -rf "$APP.old"
  mv "$APP" "$APP.old"
fi
mv "$stage" "$APP"
trap - EXIT
systemctl start "$UNIT"
rm -rf "$APP.old"

port=$(node -e 'const y = require(process.argv[1]); const c = y.parse(require("fs").readFileSync(process.argv[2], "utf8")) ?? {}; console.log(c.http?.port ?? 8080)' "$APP/node_modules/yaml" "$ETC/station.yaml" 2>/dev/null || echo 8080)
for _ in $(seq 60); do
  if node -e 'fetch(process.argv[1], { signal: AbortSignal.timeout(2000) }).then((r) => process.exit(r.ok ? 0 : 1), () => process.exit(1))' "http://127.0.0.1:$port/api/health"; then
    echo "ok: the hub answers on http://127.0.0.1:$port/ (logs: journalctl -u $UNIT -f)"
    exit 0
  fi
  sleep 1
done
echo "the hub did not answer on port $port within 60 s; see: journalctl -u $UNIT -n 50" >&2
exit 1
