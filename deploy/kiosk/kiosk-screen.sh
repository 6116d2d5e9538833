#!/usr/bin/env bash
# The kiosk screen's night (kiosk-screen.service): from SCREEN_OFF to SCREEN_ON (HH:MM, local time) the screen
# goes dark after SCREEN_IDLE_SEC without a touch and lights up at a touch; by day it is on. Run at the
# session's start and at SCREEN_OFF (kiosk-screen.timer); during the night it runs until SCREEN_ON, then exits.
#   kiosk-screen.sh --plan   prints "night <seconds left>" or "day" and exits (KIOSK_NOW=HH:MM to try a time)
#
# How the screen is switched (chosen for Raspberry Pi OS bookworm, Wayland/labwc, and X11 sessions):
# - Wayland: wlopm (wlr-output-power-management: the output is powered down but stays in the layout, so the
#   touchscreen keeps its mapping) driven by swayidle, whose `resume` runs at the first input after the
#   timeout, a touch included. Without wlopm, wlr-randr --off/--on (the output leaves the layout meanwhile).
# - X11: DPMS (xset): the X server itself lights the screen at any input, a touch included.
# - Not vcgencmd display_power: it does not work under the KMS driver Raspberry Pi OS uses since bookworm, and
#   no input wakes it.
set -euo pipefail

off=${SCREEN_OFF-23:00}
on=${SCREEN_ON-06:00}
idle=${SCREEN_IDLE_SEC:-60}

TIME='^([01]?[0-9]|2[0-3]):([0-5][0-9])$'
for t in "$off" "$on" "${KIOSK_NOW:-}"; do
  if [[ -n $t && ! $t =~ $TIME ]]; then
    echo "kiosk-screen: '$t' is not a time HH:MM (SCREEN_OFF / SCREEN_ON in /etc/red-station-hub/kiosk.env)" >&2
    exit 2
  fi
done

minutes() { # HH:MM -> minutes after midnight
  [[ $1 =~ $TIME ]]
  echo $((10#${BASH_REMATCH[1]} * 60 + 10#${BASH_REMATCH[2]}))
}

# Seconds left of the night now, or 0 by day.
night_left() {
  local now_s off_s on_s
  if [[ -n ${KIOSK_NOW:-} ]]; then
    now_s=$(($(minutes "$KIOSK_NOW") * 60))
  else
    now_s=$((10#$(date +%H) * 3600 + 10#$(date +%M) * 60 + 10#$(date +%S)))
  fi
  off_s=$(($(minutes "$off") * 60))
  on_s=$(($(minutes "$on") * 60))
  if ((off_s > on_s)); then # across midnight, e.g. 23:00-06:00
    if ((now_s >= off_s)); then echo $((86400 - now_s + on_s)); elif ((now_s < on_s)); then echo $((on_s - now_s)); else echo 0; fi
  elif ((now_s >= off_s && now_s < on_s)); then
    echo $((on_s - now_s))
  else
    echo 0
  fi
}

if [[ -z $off || -z $on ]]; then
  left=0
else
  left=$(night_left)
fi
if [[ ${1:-} == --plan ]]; then
  if ((left > 0)); then echo "night $left"; else echo day; fi
  exit 0
fi

if [[ -n ${WAYLAND_DISPLAY:-} ]]; then
  if command -v wlopm >/dev/null; then
    screen_off="wlopm --off '*'"
    screen_on="wlopm --on '*'"
  elif command -v wlr-randr >/dev/null; then
    outputs=$(wlr-randr | awk '/^[^ ]/ { print $1 }')
    screen_off=$(for o in $outputs; do printf 'wlr-randr --output %s --off; ' "$o"; done)
    screen_on=$(for o in $outputs; do printf 'wlr-randr --output %s --on; ' "$o"; done)
  else
    echo "kiosk-screen: neither wlopm nor wlr-randr is installed: the screen stays on" >&2
    exit 0
  fi
  eval "$screen_on" || true
  if ((left == 0)); then exit 0; fi
  command -v swayidle >/dev/null || {
    echo "kiosk-screen: swayidle is not installed (sudo apt-get install swayidle): the screen stays on" >&2
    exit 0
  }
  echo "kiosk-screen: night for ${left}s: dark after ${idle}s without a touch"
  timeout "$left" swayidle -w timeout "$idle" "$screen_off" resume "$screen_on" || true
  eval "$screen_on" || true
elif [[ -n ${DISPLAY:-} ]]; then
  command -v xset >/dev/null || {
    echo "kiosk-screen: xset is not installed (sudo apt-get install x11-xserver-utils): the screen stays on" >&2
    exit 0
  }
  xset s off
  if ((left == 0)); then
    xset -dpms
    xset dpms force on
    exit 0
  fi
  echo "kiosk-screen: night for ${left}s: dark after ${idle}s without a touch"
  xset +dpms
  xset dpms 0 0 "$idle"
  sleep "$left"
  xset -dpms
  xset dpms force on
else
  echo "kiosk-screen: no graphical session (neither WAYLAND_DISPLAY nor DISPLAY is set)" >&2
  exit 0
fi
