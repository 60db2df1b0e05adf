#!/usr/bin/env bash
# Install the Debian packages Passerelle needs, if some are missing.
#   scripts/system-deps.sh run    WeasyPrint's libraries (PDF rendering at run time)
#   scripts/system-deps.sh test   the above, plus PostgreSQL, Redis, Chromium, poppler and gettext
#   scripts/system-deps.sh media  ffmpeg, only to rebuild the demo video (demo/content/video/)
set -euo pipefail

run_packages=(libpango-1.0-0 libpangoft2-1.0-0 libharfbuzz-subset0 fontconfig fonts-dejavu-core)
test_packages=(postgresql redis-server chromium poppler-utils gettext)
# The demo's video files are committed, so neither running nor testing needs ffmpeg.
media_packages=(ffmpeg)

case "${1:-run}" in
  run) wanted=("${run_packages[@]}") ;;
  test) wanted=("${run_packages[@]}" "${test_packages[@]}") ;;
  media) wanted=("${media_packages[@]}") ;;
  *) echo "usage: $0 run|test|media" >&2; exit 2 ;;
esac

if ! command -v dpkg-query >/dev/null 2>&1; then
  echo "system-deps: not a Debian system; install these yourself: ${wanted[*]}" >&2
  exit 0
fi

missing=()
for package in "${wanted[@]}"; do
  status=$(dpkg-query -W -f='${Status}' "$package" 2>/dev/null || true)
  [[ "$status" == "install ok installed" ]] || missing+=("$package")
done
[ ${#missing[@]} -eq 0 ] && exit 0

echo "system-deps: installing ${missing[*]}"
sudo=""
if [ "$(id -u)" -ne 0 ]; then
  if command -v sudo >/dev/null 2>&1; then sudo="sudo"; else
    echo "system-deps: run as root, or install: apt-get install ${missing[*]}" >&2
    exit 1
  fi
fi
export DEBIAN_FRONTEND=noninteractive
$sudo apt-get update -q
$sudo apt-get install -y -q --no-install-recommends "${missing[@]}"
