#!/usr/bin/env bash
# ProFTPD and Pure-FTPd conflict with vsftpd as Debian packages: the lab runs all three side by side
# by unpacking the other two (apt-get download + dpkg -x) into a folder of its own. dpkg -x installs
# no libraries: their libraries are installed with apt-get (they conflict with nothing).
set -euo pipefail
dir="${1:-$(cd "$(dirname "$0")/../.." && pwd)/.lab-servers}"
if [ -x "$dir/usr/sbin/proftpd" ] && [ -x "$dir/usr/sbin/pure-ftpd" ]; then exit 0; fi
export DEBIAN_FRONTEND=noninteractive
apt-get install -y -qq --no-install-recommends libhiredis0.14 libmemcached11 libmemcachedutil2 libpcre2-posix3 libsodium23 libidn2-0 libcap2 >/dev/null
work="$(mktemp -d)"
trap 'rm -rf "$work"' EXIT
chmod 755 "$work"
(cd "$work" && apt-get download proftpd-core pure-ftpd >/dev/null 2>&1)
mkdir -p "$dir"
for deb in "$work"/*.deb; do dpkg -x "$deb" "$dir"; done
"$dir/usr/sbin/proftpd" -v >/dev/null
