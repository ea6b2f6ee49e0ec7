#!/usr/bin/env bash
# Installs the system packages Switchboard builds against (Debian/Ubuntu):
#   libcurl4-openssl-dev  the HTTP transport (libcurl multi interface)
#   libsqlite3-dev        the outcome log (GRDB)
#   pkg-config            locating them
#   openssl               the transport tests' local TLS endpoint (openssl s_server)
# Safe to run again: it installs only what is missing.
set -euo pipefail
need=()
for pkg in libcurl4-openssl-dev libsqlite3-dev pkg-config openssl; do
  dpkg -s "$pkg" >/dev/null 2>&1 || need+=("$pkg")
done
if [ ${#need[@]} -gt 0 ]; then
  SUDO=""
  [ "$(id -u)" -ne 0 ] && SUDO="sudo"
  $SUDO apt-get update -qq
  DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y -qq "${need[@]}"
fi
