#!/usr/bin/env bash
# The real parts the tests run, from Debian's packages: a registry (distribution 2.8), the tools that
# build and copy images, and htpasswd for the registry's Basic auth. Installed when missing.
set -euo pipefail
packages=(docker-registry skopeo umoci apache2-utils)
missing=()
for pkg in "${packages[@]}"; do
  dpkg -s "$pkg" >/dev/null 2>&1 || missing+=("$pkg")
done
[ ${#missing[@]} -eq 0 ] && exit 0
if [ "$(id -u)" -ne 0 ]; then
  echo "The tests need these Debian packages: ${missing[*]}. Install them (apt-get install ${missing[*]}) and run again." >&2
  exit 1
fi
echo "Installing ${missing[*]} for the tests"
apt-get update -qq
DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
