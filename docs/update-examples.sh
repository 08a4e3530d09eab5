#!/usr/bin/env bash
# Reruns the marked examples in README.md and docs/*.md (docs/examples.md) and rewrites the shown output.
# Slow examples included. Without arguments every file; with arguments only those files, e.g.
#   docs/update-examples.sh docs/hopfield.md docs/vae.md
# Review the diff (git diff) before committing: a changed number is a changed result.
set -euo pipefail
root="$(cd "$(dirname "$0")/.." && pwd)"
files=()
for f in "$@"; do
  [[ -f "$f" ]] || { echo "update-examples: no such file: $f" >&2; exit 1; }
  files+=("$(realpath --relative-to="$root" "$f")")
done
cd "$root"
ENGRAM_UPDATE_EXAMPLES=1 ENGRAM_UPDATE_EXAMPLES_FILES="${files[*]:-}" \
  dotnet test --project tests/Engram.Tests -c Release -p:IncludeSlow=true -- \
  --filter-class 'Engram.Tests.Docs.DocExampleTests' --filter-trait Category=Slow
