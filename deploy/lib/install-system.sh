# shellcheck shell=bash
# install.sh's steps from the units on: systemd and kiosk files, the switch to the new release, the health
# check, the first account. Sourced by install.sh (see install-steps.sh for the variables it sets).

sc() { if [[ -n $R ]]; then systemctl --root="$R" "$@"; else systemctl "$@"; fi; }

install_system_files() { # <release folder>
  local from=$1/deploy/systemd etc=$R/etc/systemd
  install -D -m 0644 "$from/red-station-hub.service" "$etc/system/$UNIT"
  install -D -m 0644 "$from/time-wait-sync.conf" "$etc/system/systemd-time-wait-sync.service.d/red-station.conf"
  install -D -m 0644 "$from/timesyncd.conf" "$etc/timesyncd.conf.d/red-station.conf"
  install -D -m 0644 "$from/journald.conf" "$etc/journald.conf.d/red-station.conf"
  install -d -m 0755 "$R/usr/local/bin"
  ln -sfn "$APP/current/deploy/bin/red-station-hub" "$R/usr/local/bin/red-station-hub"
  echo "   $UNIT (watchdog), clock sync (China's NTP servers), journald capped at 200 MB, red-station-hub command"
}

kiosk_setting() { # <name> <default>: a value of kiosk.env, read in a subshell
  (
    set -a
    # shellcheck disable=SC1091
    [[ -f $R$ETC/kiosk.env ]] && . "$R$ETC/kiosk.env"
    eval "printf '%s' \"\${$1-$2}\""
  )
}

timer_at() { # <timer> <HH:MM>: the timer's time, as a drop-in beside it
  [[ $2 =~ ^([01]?[0-9]|2[0-3]):[0-5][0-9]$ ]] || die "$ETC/kiosk.env: '$2' is not a time HH:MM"
  install -d -m 0755 "$R/etc/systemd/user/$1.d"
  printf '# Written by install.sh from %s/kiosk.env\n[Timer]\nOnCalendar=\nOnCalendar=*-*-* %s:00\n' "$ETC" "$2" \
    >"$R/etc/systemd/user/$1.d/schedule.conf"
}

install_kiosk_files() { # <release folder>
  local from=$1/deploy/systemd f url off restart home autostart line
  for f in kiosk-browser.service kiosk-browser-restart.service kiosk-browser-restart.timer kiosk-screen.service \
    kiosk-screen.timer; do
    install -D -m 0644 "$from/$f" "$R/etc/systemd/user/$f"
  done
  off=$(kiosk_setting SCREEN_OFF 23:00)
  [[ -z $off ]] || timer_at kiosk-screen.timer "$off"
  restart=$(kiosk_setting BROWSER_RESTART 04:30)
  timer_at kiosk-browser-restart.timer "$restart"

  url=$(kiosk_setting KIOSK_URL http://localhost:8080/)
  install -d -m 0755 "$R/etc/chromium/policies/managed"
  node "$1/deploy/kiosk/chromium-policy.mjs" "$url" >"$work/policy.json"
  install -m 0644 "$work/policy.json" "$R/etc/chromium/policies/managed/red-station.json"
  echo "   kiosk: $url only (Chromium policy), screen off ${off:-never}, browser restart $restart"

  # The session: the kiosk user logs in by itself, and its desktop starts the browser.
  if [[ -d $R/etc/lightdm ]]; then
    install -d -m 0755 "$R/etc/lightdm/lightdm.conf.d"
    printf '# Written by install.sh: the touchscreen logs in as the kiosk user\n[Seat:*]\nautologin-user=%s\nautologin-user-timeout=0\n' \
      "$KIOSK_USER" >"$R/etc/lightdm/lightdm.conf.d/60-red-station-kiosk.conf"
    echo "   autologin: $KIOSK_USER (lightdm)"
  else
    echo "   no lightdm here: log in as $KIOSK_USER on the touchscreen by hand, or use Raspberry Pi OS with desktop" >&2
  fi
  home=$(home_of "$KIOSK_USER")
  if [[ -n $home && -d $R$home ]]; then
    # Raspberry Pi OS's labwc starts no graphical-session.target: its autostart starts the user units.
    autostart=$R$home/.config/labwc/autostart
    line='systemctl --user import-environment WAYLAND_DISPLAY DISPLAY XDG_RUNTIME_DIR && systemctl --user start kiosk-browser.service kiosk-screen.service &'
    install -d -m 0755 "$(dirname "$autostart")"
    grep -qxF "$line" "$autostart" 2>/dev/null || echo "$line" >>"$autostart"
    own "$KIOSK_USER" "$R$home/.config" "$R$home/.config/labwc" "$autostart"
  fi
}

enable_units() {
  if ! command -v systemctl >/dev/null; then
    echo "   no systemctl here: units written, not enabled" >&2
    return
  fi
  sc enable --quiet "$UNIT"
  if [[ -e $R/lib/systemd/system/systemd-time-wait-sync.service || -e $R/usr/lib/systemd/system/systemd-time-wait-sync.service ]]; then
    sc enable --quiet systemd-time-wait-sync.service
  fi
  if [[ $KIOSK == 1 ]]; then
    sc --global enable --quiet kiosk-browser.service kiosk-screen.service kiosk-browser-restart.timer kiosk-screen.timer
  fi
  echo "   enabled"
}

as_hub() { # runs a command as the hub's user, so the files it makes are the hub's
  # From /: the folder install.sh was started in may be closed to that user (/root).
  if [[ $AS_ROOT == 1 && -z $R ]]; then (cd / && runuser -u redstation -- "$@"); else "$@"; fi
}

# Data and config format versions: a release that can check them ships dist/server/cli/check-data.js, which
# exits non-zero, saying why, when the data or the config is newer than it understands, and changes nothing.
# The upgrade then stops here, before the switch, with nothing touched. (--root: the station file's dataDir
# is read under the install folder.)
check_data() { # <release folder>
  local check=$1/dist/server/cli/check-data.js
  [[ -f $check ]] || return 0
  local root=()
  [[ -z $R ]] || root=(--root "$R")
  as_hub node "$check" --config "$R$ETC/station.yaml" "${root[@]}" ||
    die "$(basename "$1") cannot run on this station's data or config (see above): nothing was changed"
}

switch_to() { # <version> [keep-previous]: points current at it; prints the release it replaced
  local cur
  cur=$(readlink "$R$APP/current" 2>/dev/null || true)
  if [[ $cur != "releases/$1" ]]; then
    ln -sfn "releases/$1" "$R$APP/current.new"
    mv -T "$R$APP/current.new" "$R$APP/current"
    if [[ -n $cur && -z ${2:-} ]]; then
      ln -sfn "$cur" "$R$APP/previous.new"
      mv -T "$R$APP/previous.new" "$R$APP/previous"
    fi
  fi
  echo "${cur#releases/}"
}

restart_services() {
  "$SERVICE_CMD" daemon-reload || true
  if [[ -z $R && $SERVICE_CMD == systemctl ]]; then
    systemctl try-restart systemd-journald.service systemd-timesyncd.service || true
    timedatectl set-ntp true 2>/dev/null || true
  fi
  # --no-block: a Type=notify restart would wait for READY=1 itself; the health check below waits instead.
  "$SERVICE_CMD" restart --no-block "$UNIT" || echo "   the restart reported an error; waiting for the health check" >&2
}

hub_address() { # host:port of the hub, from station.yaml
  node -e '
    const yaml = require(process.argv[1])
    let c = {}
    try { c = yaml.parse(require("fs").readFileSync(process.argv[2], "utf8")) ?? {} } catch {}
    const host = !c.http?.host || c.http.host === "0.0.0.0" ? "127.0.0.1" : c.http.host === "::" ? "[::1]" : c.http.host
    console.log(`${host}:${c.http?.port ?? 8080}`)
  ' "$R$APP/current/node_modules/yaml" "$R$ETC/station.yaml"
}

healthy_now() { # the service is active and /api/health answers with the store ok
  "$SERVICE_CMD" is-active --quiet "$UNIT" &&
    node -e 'fetch(process.argv[1], { signal: AbortSignal.timeout(3000) })
      .then((r) => r.ok ? r.json() : null).then((h) => process.exit(h?.store?.ok ? 0 : 1), () => process.exit(1))' \
      "http://$(hub_address)/api/health" 2>/dev/null
}

wait_healthy() {
  local deadline=$((SECONDS + HEALTH_TIMEOUT))
  while ((SECONDS < deadline)); do
    healthy_now && return 0
    sleep 1
  done
  return 1
}

# Old releases go only once the new one is healthy: the current, the previous and the newest KEEP others stay.
prune_releases() {
  local cur prev d name n=0
  cur=$(readlink "$R$APP/current" || true)
  prev=$(readlink "$R$APP/previous" 2>/dev/null || true)
  rm -rf "$R$APP"/releases/.incoming-*
  while IFS= read -r d; do
    name=releases/$(basename "$d")
    [[ $name == "$cur" || $name == "$prev" ]] && continue
    n=$((n + 1))
    if ((n > KEEP)); then
      rm -rf "$d"
      echo "   removed the old release $(basename "$d")"
    fi
  done < <(ls -1dt "$R$APP"/releases/*/ 2>/dev/null)
}

first_account() {
  local cli=$R$APP/current/dist/server/cli/user.js list name password
  list=$(as_hub node "$cli" list --config "$R$ETC/station.yaml" 2>&1) || {
    echo "   could not read the accounts: $list" >&2
    return 0
  }
  if grep -q $'\tmanager\t' <<<"$list"; then
    echo "   manager accounts: $(awk -F'\t' '$2 == "manager" { printf "%s ", $1 }' <<<"$list")"
    return 0
  fi
  name=$ADMIN
  if [[ -t 0 && -z $name ]]; then read -rp "Name of the first manager account [manager]: " name; fi
  name=${name:-manager}
  if [[ -t 0 ]]; then
    as_hub node "$cli" add "$name" --role manager --config "$R$ETC/station.yaml"
  else
    password=$(LC_ALL=C tr -dc 'abcdefghjkmnpqrstuvwxyz23456789' </dev/urandom | head -c 12 || true)
    printf '%s\n' "$password" | as_hub node "$cli" add "$name" --role manager --config "$R$ETC/station.yaml" >/dev/null
    echo "   first manager account: $name / $password"
    echo "   write it down; to change it: sudo red-station-hub user add $name --role manager --force"
  fi
  [[ -z $R ]] || own redstation "$R$DATA"/users.json
}

summary() {
  local address
  address=$(hostname -I 2>/dev/null | awk '{ print $1 }')
  echo "Red Station Hub $version runs: http://${address:-<this box>}:${port:-8080}/ (kiosk), /manage.html (managers)"
  [[ -z $previous || $previous == "$version" ]] || echo "  previous release: $previous (to go back: sudo red-station-hub rollback)"
  echo "  settings: $ETC/station.yaml and $ETC/kiosk.env, then run install.sh again; logs: journalctl -u $UNIT -f"
}
