#!/usr/bin/env bash
# Set up a development machine: the system packages of apt-packages.txt (when root, with apt-get and
# a network; skipped with a note otherwise), then the pinned Python packages of requirements-dev.txt.
set -euo pipefail
cd "$(dirname "$0")"

mapfile -t apt_packages < <(sed -e 's/#.*//' -e 's/[[:space:]]//g' -e '/^$/d' apt-packages.txt)
if ((${#apt_packages[@]})); then
  if [[ $(id -u) -ne 0 ]] || ! command -v apt-get >/dev/null; then
    echo "setup.sh: not root or no apt-get; install these yourself: ${apt_packages[*]}" >&2
  elif ! DEBIAN_FRONTEND=noninteractive apt-get update -qq ||
       ! DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends "${apt_packages[@]}"; then
    echo "setup.sh: apt-get failed (offline, or a name apt does not know); skipped: ${apt_packages[*]}" >&2
  fi
fi

python3 -m pip install -r requirements-dev.txt
