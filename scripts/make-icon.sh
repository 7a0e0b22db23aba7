#!/usr/bin/env bash
# Draws icons/source.png (a person with a check mark: "user provisioned") with ImageMagick and
# derives the bundler's icon set from it with the Tauri CLI. Rerun after changing the drawing.
set -euo pipefail
cd "$(dirname "$0")/.."
/usr/bin/convert -size 1024x1024 xc:none \
  -fill '#1d4f91' -draw "roundrectangle 64,64 960,960 190,190" \
  -fill white -draw "circle 470,380 470,250" \
  -fill white -draw "path 'M 240,770 A 230,190 0 0 1 700,770 Z'" \
  -fill '#2f9e62' -stroke white -strokewidth 28 -draw "circle 730,700 730,520" \
  -fill none -stroke white -strokewidth 56 \
  -draw "stroke-linejoin round stroke-linecap round polyline 645,705 705,765 815,645" \
  icons/source.png
ui/node_modules/.bin/tauri icon icons/source.png --output icons
# Mobile icon sets are not used by this desktop app.
rm -rf icons/android icons/ios
