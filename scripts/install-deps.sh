#!/usr/bin/env bash
# Installs feedwatch's build, test and benchmark dependencies from Debian 12
# packages. Idempotent: packages already present are skipped, and apt is not
# touched at all when nothing is missing.
set -euo pipefail

packages=(
  # toolchain
  build-essential cmake ninja-build pkg-config clang libclang-rt-14-dev
  # libraries
  libcurl4-openssl-dev libpugixml-dev libboost-dev libspdlog-dev libyaml-cpp-dev
  libsqlite3-dev libvectorscan-dev libutf8proc-dev libssl-dev nlohmann-json3-dev
  libcli11-dev libsystemd-dev catch2 libhowardhinnant-date-dev
  # digest schedules read time zones from the system zoneinfo
  tzdata
  # tests and benchmarks: the conformance checker, the feedparser baseline,
  # the loopback feed server and newsboat baseline of the polling benchmark,
  # the SMTP server of the email notifier's tests, openssl for its certificate
  python3 python3-feedparser nginx-light newsboat python3-aiosmtpd openssl
)

missing=()
for package in "${packages[@]}"; do
  if ! dpkg-query -W -f='${Status}' "$package" 2>/dev/null | grep -q "install ok installed"; then
    missing+=("$package")
  fi
done

if [ ${#missing[@]} -eq 0 ]; then
  echo "install-deps: all ${#packages[@]} packages present"
  exit 0
fi

echo "install-deps: installing ${missing[*]}"
if [ "$(id -u)" -ne 0 ]; then
  echo "install-deps: run as root (or with sudo) to install packages" >&2
  exit 1
fi
export DEBIAN_FRONTEND=noninteractive
apt-get update -q
apt-get install -y -q --no-install-recommends "${missing[@]}"
