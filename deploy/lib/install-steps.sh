# shellcheck shell=bash
# install.sh's steps up to the units: Debian packages, the release, users, folders. Sourced by install.sh,
# which sets R (the --root, or empty), APP, DATA, ETC, APT, KIOSK, KIOSK_USER, REGISTRY, ARCHIVE, AS_ROOT, here
# and work. Paths written are always "$R$PATH"; paths written *into* files are the running system's.

node_ok() {
  command -v node >/dev/null &&
    node -e 'const [a, b] = process.versions.node.split(".").map(Number); process.exit(a > 20 || (a === 20 && b >= 19) ? 0 : 1)'
}

node_arch() {
  case $(uname -m) in
  x86_64) echo x64 ;;
  aarch64 | arm64) echo arm64 ;;
  *) die "this machine is $(uname -m): releases are built for linux-x64 and linux-arm64 (64-bit Raspberry Pi OS)" ;;
  esac
}

node_help() { # <version the system's packages have>
  local arch
  arch=$(node_arch)
  cat >&2 <<EOF
install.sh: Node.js 20.19 or newer is needed; this system's packages offer ${1:-none} (Debian 12 and Raspberry
Pi OS bookworm ship Node 18). Do one of these, then run install.sh again:
  - Debian 13 (trixie), Raspberry Pi OS trixie: their nodejs package is new enough (sudo apt-get install nodejs).
  - NodeSource's packages of Node 20 (https://github.com/nodesource/distributions):
      curl -fsSL https://deb.nodesource.com/setup_20.x | sudo bash - && sudo apt-get install -y nodejs
  - Where that site is slow or out of reach (in China): the official build from npmmirror's copy. Pick the
    newest v20 at https://npmmirror.com/mirrors/node/latest-v20.x/ (say v20.19.5), then:
      curl -fsSLO https://npmmirror.com/mirrors/node/v20.19.5/node-v20.19.5-linux-$arch.tar.xz
      sudo tar -C /usr/local --strip-components=1 -xJf node-v20.19.5-linux-$arch.tar.xz
EOF
  exit 1
}

debian_packages() {
  local -a want=()
  if ! node_ok; then
    if [[ $APT == 1 ]]; then
      apt-get update -q >/dev/null
      local candidate
      candidate=$(apt-cache policy nodejs | awk '/Candidate:/ { print $2 }')
      if [[ -n $candidate && $candidate != "(none)" ]] && dpkg --compare-versions "$candidate" ge 20.19; then
        want+=(nodejs)
      else
        node_help "$candidate"
      fi
    else
      node_help "$(node -v 2>/dev/null || echo none)"
    fi
  fi
  command -v systemd-notify >/dev/null || want+=(systemd)
  # An NTP client unless the system has one (chrony, ntpsec... all provide time-daemon).
  if ! dpkg-query -W -f='${Status}\n' systemd-timesyncd chrony ntpsec ntp openntpd 2>/dev/null | grep -q '^install ok installed'; then
    want+=(systemd-timesyncd)
  fi
  if [[ $KIOSK == 1 ]]; then
    command -v chromium >/dev/null || command -v chromium-browser >/dev/null || want+=(chromium)
    [[ -e /usr/share/fonts/opentype/noto/NotoSansCJK-Regular.ttc ]] || want+=(fonts-noto-cjk)
    command -v swayidle >/dev/null || want+=(swayidle)
    command -v xset >/dev/null || want+=(x11-xserver-utils)
    # wlopm: Raspberry Pi OS and Debian 13 have it; without it kiosk-screen.sh uses wlr-randr.
    command -v wlopm >/dev/null || command -v wlr-randr >/dev/null || want+=(wlopm)
  fi
  if ((${#want[@]} == 0)); then
    echo "   all there"
    return
  fi
  if [[ $APT == 0 ]]; then
    echo "   --no-apt: missing $(printf '%s ' "${want[@]}")(sudo apt-get install ${want[*]})"
    return
  fi
  [[ ${want[*]} == *nodejs* ]] || apt-get update -q >/dev/null
  local -a available=()
  local p
  for p in "${want[@]}"; do
    # Raspberry Pi OS named its Chromium chromium-browser until 2024; Debian 12 has no wlopm (wlr-randr then).
    if [[ $p == chromium ]] && ! apt-cache show chromium >/dev/null 2>&1; then p=chromium-browser; fi
    if [[ $p == wlopm ]] && ! apt-cache show wlopm >/dev/null 2>&1; then p=wlr-randr; fi
    available+=("$p")
  done
  echo "   apt-get install ${available[*]}"
  DEBIAN_FRONTEND=noninteractive apt-get install -y -q --no-install-recommends "${available[@]}" </dev/null
  node_ok || node_help "$(node -v 2>/dev/null || echo none)"
}

manifest_field() { # <release folder> <field>
  node -e 'const m = JSON.parse(require("fs").readFileSync(process.argv[1], "utf8")); console.log(m[process.argv[2]] ?? "")' \
    "$1/manifest.json" "$2"
}

unpack() { # <archive> -> prints the unpacked release folder (beside the releases, so it moves in at once)
  local archive=$1 into dir
  [[ -f $archive ]] || die "$archive: no such file"
  if [[ -f $archive.sha256 ]]; then
    (cd "$(dirname "$archive")" && sha256sum --check --quiet --strict "$(basename "$archive").sha256") >&2 ||
      die "$archive does not match its checksum ($archive.sha256): download it again"
  fi
  # Unpacked, a release is about 7 times its archive; and room to spare.
  check_disk $(($(du -k "$archive" | cut -f1) * 8 + 50 * 1024))
  into=$R$APP/releases/.incoming-$$
  install -d -m 0755 "$R$APP" "$R$APP/releases"
  rm -rf "$into"
  mkdir "$into"
  tar -xzf "$archive" -C "$into" --no-same-owner
  dir=$(find "$into" -mindepth 1 -maxdepth 1 -type d | head -n 1)
  [[ -n $dir && -f $dir/manifest.json ]] || die "$archive is not a Red Station Hub release (no manifest.json)"
  echo "$dir"
}

# Prints the folder of the release to install: the archive given, this unpacked release, or one built here.
locate_release() {
  local dir
  if [[ -n $ARCHIVE ]]; then
    dir=$(unpack "$ARCHIVE")
  elif [[ -f $here/manifest.json ]]; then
    dir=$here
    check_disk $(($(du -sk "$dir" | cut -f1) + 50 * 1024))
  elif [[ -f $here/package.json && -f $here/deploy/release.mjs ]]; then
    command -v npm >/dev/null || die "building a release here needs npm (sudo apt-get install npm); or give a release archive"
    echo "   no archive given: building a release from $here" >&2
    (
      cd "$here"
      if [[ ! -d node_modules ]]; then
        # The public registry is often slow from China: --registry https://registry.npmmirror.com
        npm ci --no-audit --no-fund ${REGISTRY:+--registry "$REGISTRY"}
      fi
      node deploy/release.mjs --arch "$(node_arch)" --out "$work/release"
    ) >&2
    dir=$(unpack "$(find "$work/release" -maxdepth 1 -name '*.tar.gz' | head -n 1)")
  else
    die "no release: give a release archive (npm run release makes one)"
  fi
  (cd "$dir" && sha256sum --check --quiet --strict SHA256SUMS) >&2 || die "$dir: files do not match SHA256SUMS"
  [[ $(manifest_field "$dir" version) =~ ^[0-9A-Za-z][0-9A-Za-z.+_-]*$ ]] || die "$dir: bad version in manifest.json"
  echo "$dir"
}

free_kb() { df -Pk "$1" | awk 'NR == 2 { print $4 }'; }

check_disk() { # <KB the release needs>
  local have
  install -d -m 0755 "$R$APP"
  have=$(free_kb "$R$APP")
  (($1 < have)) || die "only $((have / 1024)) MB free for $APP, $(($1 / 1024)) MB needed: free some space (df -h; sudo journalctl --vacuum-size=100M)"
  if [[ -d $R$DATA ]] && (($(free_kb "$R$DATA") < 500 * 1024)); then
    echo "   warning: less than 500 MB free for the data in $DATA (df -h)" >&2
  fi
}

place_release() { # <release folder> <version> -> prints its place under releases/
  local dest=$R$APP/releases/$2 tmp
  install -d -m 0755 "$R$APP/releases"
  if [[ -d $dest ]]; then
    (cd "$dest" && sha256sum --check --quiet --strict SHA256SUMS) >&2 ||
      die "$dest is damaged: move it away (sudo mv $APP/releases/$2 /root/) and run again"
    echo "   $2 is installed already: kept as it is" >&2
  else
    tmp=$1
    if [[ $1 != "$R$APP/releases/.incoming-$$/"* ]]; then # an unpacked release elsewhere: copied
      tmp=$R$APP/releases/.incoming-$$/$2
      mkdir -p "$(dirname "$tmp")"
      cp -a "$1" "$tmp"
    fi
    [[ $AS_ROOT == 0 ]] || chown -R 0:0 "$tmp"
    chmod -R u=rwX,go=rX "$tmp"
    mv -T "$tmp" "$dest"
  fi
  rm -rf "$R$APP/releases/.incoming-$$"
  echo "$dest"
}

has_user() { grep -q "^$1:" "$R/etc/passwd" 2>/dev/null; }
uid_of() { awk -F: -v u="$1" '$1 == u { print $3 }' "$R/etc/passwd"; }
gid_of() { awk -F: -v u="$1" '$1 == u { print $4 }' "$R/etc/passwd"; }
home_of() { awk -F: -v u="$1" '$1 == u { print $6 }' "$R/etc/passwd"; }
# Numeric owners, read from the root's own passwd: names would be looked up in this system's.
own() { # <user> <path>...
  [[ $AS_ROOT == 1 ]] && has_user "$1" || return 0
  chown "$(uid_of "$1"):$(gid_of "$1")" "${@:2}"
}
group_own() { # <user whose group> <path>...
  [[ $AS_ROOT == 1 ]] && has_user "$1" || return 0
  chown "0:$(gid_of "$1")" "${@:2}"
}
useradd_() { if [[ -n $R ]]; then useradd --prefix "$R" "$@"; else useradd "$@"; fi; }

make_users() {
  if [[ $AS_ROOT == 0 ]]; then
    echo "   not root: no users made"
    return
  fi
  if ! has_user redstation; then
    useradd_ --system --user-group --home-dir "$DATA" --no-create-home --shell /usr/sbin/nologin redstation
    echo "   user redstation (the hub)"
  fi
  [[ $KIOSK == 1 ]] || return 0
  if [[ -z $KIOSK_USER ]]; then
    KIOSK_USER=$(awk -F: '$3 == 1000 { print $1 }' "$R/etc/passwd")
    KIOSK_USER=${KIOSK_USER:-kiosk}
  fi
  if ! has_user "$KIOSK_USER"; then
    useradd_ --create-home --user-group --shell /bin/bash --comment "Red Station kiosk" "$KIOSK_USER"
    echo "   user $KIOSK_USER (the touchscreen's session)"
  fi
  local g
  for g in video render input; do
    if grep -q "^$g:" "$R/etc/group"; then
      if [[ -n $R ]]; then usermod --prefix "$R" -aG "$g" "$KIOSK_USER"; else usermod -aG "$g" "$KIOSK_USER"; fi
    fi
  done
}

make_folders() {
  install -d -m 0750 "$R$DATA"
  own redstation "$R$DATA"
  install -d -m 0750 "$R$ETC"
  group_own redstation "$R$ETC"
  if [[ ! -e $R$ETC/station.yaml ]]; then
    # It holds MQTT passwords: readable by the service's group only.
    install -m 0640 "$new/deploy/station.example.yaml" "$R$ETC/station.yaml"
    group_own redstation "$R$ETC/station.yaml"
    echo "   wrote $ETC/station.yaml from the example: set station.id, station.name and the devices"
  fi
  # Kept if it exists, but never readable by all: it holds MQTT passwords.
  chmod 0640 "$R$ETC/station.yaml"
  group_own redstation "$R$ETC/station.yaml"
  if [[ $KIOSK == 1 && ! -e $R$ETC/kiosk.env ]]; then
    install -m 0644 "$new/deploy/kiosk.example.env" "$R$ETC/kiosk.env"
    echo "   wrote $ETC/kiosk.env (the kiosk's address, screen hours, browser restart)"
  fi
}
