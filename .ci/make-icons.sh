#!/usr/bin/env bash
# Draws the installable site's icons (public/icons/*.png, committed) from public/favicon.svg, the one
# drawing of the mark. Run it again after changing the favicon:
#
#   bash .ci/make-icons.sh
#
# Needs rsvg-convert (Debian: librsvg2-bin) and a CJK font for 零 (Debian: fonts-noto-cjk).
#   icon-192.png, icon-512.png   the favicon as it is (rounded corners), for launchers that show it whole
#   maskable-512.png             full bleed, the mark inside the central 80 % circle that a launcher's
#                                mask (circle, squircle, …) always keeps
#   apple-touch-icon.png         180 × 180, full bleed: iOS rounds the corners itself and would fill
#                                transparent ones with black
set -euo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
source_svg="$root/public/favicon.svg"
out="$root/public/icons"
command -v rsvg-convert >/dev/null || { echo "rsvg-convert is missing: apt-get install librsvg2-bin" >&2; exit 1; }
mkdir -p "$out"
tmp="$(mktemp -d)"
trap 'rm -rf "$tmp"' EXIT

# Full bleed: the square without its rounded corners, the mark shrunk by `scale` about the centre.
full_bleed() {
    local scale=$1
    sed -e 's/ rx="[0-9.]*"//' \
        -e "s|<text|<g transform=\"translate(32 32) scale($scale) translate(-32 -32)\"><text|" \
        -e 's|</text>|</text></g>|' "$source_svg"
}
full_bleed 0.8 >"$tmp/maskable.svg"
full_bleed 0.9 >"$tmp/apple.svg"

rsvg-convert -w 192 -h 192 "$source_svg" -o "$out/icon-192.png"
rsvg-convert -w 512 -h 512 "$source_svg" -o "$out/icon-512.png"
rsvg-convert -w 512 -h 512 "$tmp/maskable.svg" -o "$out/maskable-512.png"
rsvg-convert -w 180 -h 180 "$tmp/apple.svg" -o "$out/apple-touch-icon.png"
ls -l "$out"
