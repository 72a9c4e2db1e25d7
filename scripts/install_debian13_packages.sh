#!/usr/bin/env bash
# Install scripts/debian-packages.txt on a Debian 13 host (or inside the Debian 13 environment).
# qgis-3.44 (default) takes QGIS from trixie-backports; qgis-3.40 from trixie main.
set -euo pipefail
flavour=${1:-qgis-3.44}
cd "$(dirname "$0")/.."
SUDO=$([ "$(id -u)" = 0 ] || echo sudo)
packages=$(grep -v '^#' scripts/debian-packages.txt | xargs)
if [ "$flavour" = qgis-3.44 ]; then
    if ! grep -rqs "trixie-backports" /etc/apt/sources.list /etc/apt/sources.list.d/; then
        echo "deb http://deb.debian.org/debian trixie-backports main" \
            | $SUDO tee /etc/apt/sources.list.d/phso-trixie-backports.list >/dev/null
    fi
    printf 'Package: qgis* libqgis* python3-qgis* qgis-*\nPin: release n=trixie-backports\nPin-Priority: 990\n' \
        | $SUDO tee /etc/apt/preferences.d/phso-qgis-backports >/dev/null
fi
echo "Installing Debian packages for $flavour: $packages"
$SUDO apt-get update -qq
DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y -qq $packages
