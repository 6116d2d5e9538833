#!/usr/bin/env bash
# The station's touchscreen: Chromium in kiosk mode on the hub's page, started once the hub answers.
# Run in the kiosk user's graphical session (kiosk-browser.service, started by the session or by labwc's
# autostart). The lockdown is Chromium's managed policy that install.sh writes
# (/etc/chromium/policies/managed/red-station.json, docs/kiosk-lockdown.md); these flags add the kiosk mode.
#   KIOSK_URL   page to show (default http://localhost:8080/; /etc/red-station-hub/kiosk.env)
set -euo pipefail

url=${KIOSK_URL:-http://localhost:8080/}
health="${url%/}/api/health"
profile=${XDG_STATE_HOME:-$HOME/.local/state}/red-station-kiosk

browser=
for b in chromium chromium-browser; do
  if command -v "$b" >/dev/null; then
    browser=$(command -v "$b")
    break
  fi
done
[[ -n $browser ]] || {
  echo "kiosk-browser: no chromium found (sudo apt-get install -y chromium)" >&2
  exit 1
}

# Wait for the hub: a kiosk showing "this site can't be reached" at boot would stay that way.
waited=0
until node -e 'fetch(process.argv[1], { signal: AbortSignal.timeout(2000) }).then((r) => process.exit(r.ok ? 0 : 1), () => process.exit(1))' "$health" 2>/dev/null; do
  if ((waited % 30 == 0)); then echo "kiosk-browser: waiting for $health"; fi
  sleep 2
  waited=$((waited + 2))
done

# After a power cut Chromium would offer to "restore pages" over the kiosk; tell it the last exit was clean.
prefs=$profile/Default/Preferences
if [[ -f $prefs ]]; then
  sed -i -e 's/"exited_cleanly":false/"exited_cleanly":true/' -e 's/"exit_type":"[^"]*"/"exit_type":"Normal"/' "$prefs"
fi

# --kiosk: full screen, no UI; --noerrdialogs, --disable-pinch (no zooming with gloves),
# --overscroll-history-navigation=0 (no swipe back), --check-for-update-interval=31536000 and
# --disable-background-networking (no update nags or traffic on a metered link); --no-first-run,
# --password-store=basic (no keyring prompt), Translate off (the page is meant to be in Chinese).
exec "$browser" \
  --kiosk \
  --noerrdialogs \
  --disable-pinch \
  --overscroll-history-navigation=0 \
  --check-for-update-interval=31536000 \
  --disable-background-networking \
  --no-first-run \
  --password-store=basic \
  --disable-features=Translate \
  --user-data-dir="$profile" \
  "$url"
