#!/usr/bin/env bash
# Redraws the gallery docs/figures.md: reruns its <!-- gallery --> blocks (slow ones included), rewrites the output
# shown under each command and copies every figure the page shows (PNG and SVG) into docs/figures/gallery/.
# Look at the figures and review `git diff` before committing.
set -euo pipefail
root="$(cd "$(dirname "$0")/.." && pwd)"
cd "$root"
ENGRAM_UPDATE_FIGURES=1 dotnet test --project tests/Engram.Tests -c Release -p:IncludeSlow=true -- \
  --filter-class 'Engram.Tests.Docs.GalleryTests' --filter-trait Category=Slow
