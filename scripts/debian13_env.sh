#!/usr/bin/env bash
# A Debian 13 (trixie) environment with QGIS for a Debian 12 host: built once with debootstrap,
# reused afterwards, entered through a private mount namespace so that every mount it needs
# (proc, sys, dev, the repository) disappears with the last process on every exit path —
# success, failure, Ctrl-C or kill — and never leaks onto the host.
#
#   scripts/debian13_env.sh ensure FLAVOUR           create or update the environment
#   scripts/debian13_env.sh run FLAVOUR CMD [ARG..]   run CMD inside it, in this repository
#   scripts/debian13_env.sh version FLAVOUR           print the QGIS version installed there
#
# FLAVOUR: qgis-3.44 (trixie + trixie-backports, the primary platform) or qgis-3.40 (trixie main).
# Environment: PHSO_ENV_DIR (default /var/tmp/phso-insight-env) holds one folder per flavour;
# PHSO_DEB_PACKAGES the Debian packages to install (the Makefile passes scripts/debian-packages.txt).
set -euo pipefail

MIRROR=${PHSO_DEBIAN_MIRROR:-http://deb.debian.org/debian}
ENV_DIR=${PHSO_ENV_DIR:-/var/tmp/phso-insight-env}
REPO=$(cd "$(dirname "$0")/.." && pwd)
SUDO=$([ "$(id -u)" = 0 ] || echo sudo)

die() { echo "debian13_env: $*" >&2; exit 2; }
say() { echo "[debian13 env] $*" >&2; }

flavour_root() {
    case "$1" in
        qgis-3.44|qgis-3.40) echo "$ENV_DIR/$1" ;;
        *) die "unknown flavour '$1' (use qgis-3.44 or qgis-3.40)" ;;
    esac
}

packages() {
    [ -n "${PHSO_DEB_PACKAGES:-}" ] || PHSO_DEB_PACKAGES=$(grep -v '^#' "$REPO/scripts/debian-packages.txt" | xargs)
    echo "$PHSO_DEB_PACKAGES"
}

# The stamp records what the environment was built with; any change triggers an update.
wanted_stamp() { printf '%s\n%s\n' "$1" "$(packages)" | sha256sum | cut -d' ' -f1; }

bootstrap() {
    local root=$1
    command -v debootstrap >/dev/null || {
        say "installing debootstrap on the host"
        $SUDO apt-get update -qq && DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y -qq debootstrap
    }
    say "debootstrap trixie into $root (about 1 minute, 214 MB)"
    $SUDO rm -rf "$root.partial"
    $SUDO mkdir -p "$(dirname "$root")"
    $SUDO debootstrap --variant=minbase --include=ca-certificates trixie "$root.partial" "$MIRROR" \
        > "$(dirname "$root")/debootstrap-$(basename "$root").log" 2>&1 \
        || { tail -20 "$(dirname "$root")/debootstrap-$(basename "$root").log" >&2; die "debootstrap failed"; }
    $SUDO mv "$root.partial" "$root"
}

configure_apt() {
    local flavour=$1 root=$2
    local components="main"
    {
        echo "deb $MIRROR trixie $components"
        echo "deb $MIRROR trixie-updates $components"
        echo "deb http://deb.debian.org/debian-security trixie-security $components"
        if [ "$flavour" = qgis-3.44 ]; then echo "deb $MIRROR trixie-backports $components"; fi
    } | $SUDO tee "$root/etc/apt/sources.list" >/dev/null
    $SUDO rm -f "$root/etc/apt/sources.list.d/debian.sources"
    if [ "$flavour" = qgis-3.44 ]; then
        # QGIS and everything it pulls from backports come from backports; the rest from trixie.
        printf 'Package: qgis* libqgis* python3-qgis* qgis-*\nPin: release n=trixie-backports\nPin-Priority: 990\n' \
            | $SUDO tee "$root/etc/apt/preferences.d/qgis-backports" >/dev/null
    fi
    # The host's trust store (this machine's egress CA) and apt settings reach the environment.
    $SUDO cp -f /etc/resolv.conf "$root/etc/resolv.conf"
    $SUDO mkdir -p "$root/usr/local/share/ca-certificates"
    if compgen -G "/usr/local/share/ca-certificates/*.crt" >/dev/null; then
        $SUDO cp -f /usr/local/share/ca-certificates/*.crt "$root/usr/local/share/ca-certificates/"
    fi
    if [ -f /etc/pip.conf ]; then $SUDO cp -f /etc/pip.conf "$root/etc/pip.conf"; fi
}

# Run a command inside the environment, in a private mount namespace (see the header).
enter() {
    local root=$1; shift
    local pass=()
    local name
    for name in $(compgen -e); do
        case "$name" in
            PIP_*|PHSO_*|PYTEST_ARGS|BENCH_ARGS|MAKEFLAGS|DISPLAY|TERM|QT_QPA_PLATFORM|CI)
                pass+=("$name=${!name}") ;;
        esac
    done
    local script='
        set -e
        mount -t proc proc "$ROOT/proc"
        mount -t sysfs sys "$ROOT/sys"
        mount --rbind /dev "$ROOT/dev"
        mkdir -p "$ROOT$REPO"
        mount --bind "$REPO" "$ROOT$REPO"
        if [ -n "$GITDIR" ] && [ "${GITDIR#$REPO}" = "$GITDIR" ]; then  # a worktree: its git data lives elsewhere
            mkdir -p "$ROOT$GITDIR"; mount --bind "$GITDIR" "$ROOT$GITDIR"; fi
        if [ -d /opt/wheels ]; then mkdir -p "$ROOT/opt/wheels"; mount --bind /opt/wheels "$ROOT/opt/wheels"; fi
        exec chroot "$ROOT" "$@"'
    local gitdir
    gitdir=$(git -C "$REPO" rev-parse --path-format=absolute --git-common-dir 2>/dev/null || true)
    $SUDO env ROOT="$root" REPO="$REPO" GITDIR="$gitdir" unshare --mount --propagation private \
        sh -c "$script" enter /usr/bin/env -i HOME=/root LANG=C.UTF-8 LC_ALL=C.UTF-8 \
        PATH=/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin \
        PHSO_IN_DEBIAN13_ENV=1 "${pass[@]}" \
        /bin/bash -c 'cd "$0" && exec "$@"' "$REPO" "$@"
}

ensure() {
    local flavour=$1 root
    root=$(flavour_root "$flavour")
    local stamp
    stamp=$(wanted_stamp "$flavour")
    if [ -f "$root/.phso-stamp" ] && [ "$(cat "$root/.phso-stamp")" = "$stamp" ]; then
        return 0
    fi
    [ -f "$root/etc/debian_version" ] || bootstrap "$root"
    configure_apt "$flavour" "$root"
    say "installing $(packages | wc -w) packages for $flavour (about 4 minutes and 5 GB the first time)"
    local start=$SECONDS
    enter "$root" /bin/bash -c '
        set -e
        update-ca-certificates >/dev/null 2>&1 || true
        export DEBIAN_FRONTEND=noninteractive
        apt-get update -qq
        apt-get install -y -qq -o Dpkg::Progress-Fancy=0 $0 > /var/log/phso-apt.log 2>&1 \
            || { tail -30 /var/log/phso-apt.log; exit 1; }
        apt-get clean' "$(packages)"
    echo "$stamp" | $SUDO tee "$root/.phso-stamp" >/dev/null
    say "$flavour ready in $((SECONDS - start)) s: QGIS $(version "$flavour")"
}

version() {
    local root
    root=$(flavour_root "$1")
    $SUDO chroot "$root" dpkg-query -W -f '${Version}' qgis 2>/dev/null | sed 's/[+-].*//'
}

cmd=${1:-}; [ $# -ge 2 ] || die "usage: $0 ensure|run|version FLAVOUR [CMD...]"
flavour=$2; shift 2
case "$cmd" in
    ensure) ensure "$flavour" ;;
    run) ensure "$flavour"; enter "$(flavour_root "$flavour")" "$@" ;;
    version) version "$flavour" ;;
    *) die "unknown command '$cmd'" ;;
esac
