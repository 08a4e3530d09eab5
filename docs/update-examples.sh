#!/usr/bin/env bash
# Reruns every marked example in README.md and docs/*.md (docs/examples.md) and rewrites the shown output.
# Slow examples included. Review the diff (git diff) before committing: a changed number is a changed result.
set -euo pipefail
cd "$(dirname "$0")/.."
ENGRAM_UPDATE_EXAMPLES=1 dotnet test --project tests/Engram.Tests -c Release -p:IncludeSlow=true -- \
  --filter-class 'Engram.Tests.Docs.DocExampleTests' --filter-trait Category=Slow
