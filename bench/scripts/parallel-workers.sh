#!/usr/bin/env bash
# Issue 20, point 2: trials of one study side by side. One `engram study worker` with two GEMM threads against two
# workers with one thread each, on the same study (TRIALS random-sampler trials, so every trial number gets the same ε
# in both), the DNN-like float32 cosine pair (n = 1000, data/synthetic/make_dnn_cosine.py) at ε ∈ [1e-3, 1e-2] log.
# Run from the repository root after `dotnet build -c Release src/Engram.Cli`. Prints both wall times, the best trials
# and whether every trial got the same ε and loss.
set -euo pipefail
root=$(pwd)
E=$root/src/Engram.Cli/bin/Release/net10.0/linux-x64/Engram.Cli
W=$(mktemp -d)
trap 'rm -rf "$W"' EXIT
/usr/bin/python3 data/synthetic/make_dnn_cosine.py "$W/pair" >/dev/null
X=$W/pair/dnn_cosine_a.npy; Y=$W/pair/dnn_cosine_b.npy
cd "$W"
for s in one two; do
  "$E" study create --storage "sqlite:$W/$s.db" --study p --objective gw-alignment --space 'eps=float[0.001,0.01] log' \
    --set "x=$X" --set "y=$Y" --set input=dissimilarity --trials "${TRIALS:-8}" --sampler random --seed 1 >/dev/null
done
echo "load average before: $(cat /proc/loadavg)"
t0=$(date +%s.%N); OPENBLAS_NUM_THREADS=2 "$E" study worker --storage "sqlite:$W/one.db" --study p >/dev/null 2>&1; t1=$(date +%s.%N)
echo "one worker, 2 threads: $(echo "$t1 - $t0" | bc) s"
t0=$(date +%s.%N)
OPENBLAS_NUM_THREADS=1 "$E" study worker --storage "sqlite:$W/two.db" --study p >/dev/null 2>&1 &
OPENBLAS_NUM_THREADS=1 "$E" study worker --storage "sqlite:$W/two.db" --study p >/dev/null 2>&1
wait; t1=$(date +%s.%N)
echo "two workers, 1 thread each: $(echo "$t1 - $t0" | bc) s"
for s in one two; do "$E" study status --storage "sqlite:$W/$s.db" --study p | grep -E "best"; done
"$E" study export --storage "sqlite:$W/one.db" --study p --out one >/dev/null
"$E" study export --storage "sqlite:$W/two.db" --study p --out two >/dev/null
/usr/bin/python3 - <<'PY'
import csv
a = {r['number']: (float(r['eps']), float(r['value'])) for r in csv.DictReader(open('one/trials.csv'))}
b = {r['number']: (float(r['eps']), float(r['value'])) for r in csv.DictReader(open('two/trials.csv'))}
same_eps = all(a[k][0] == b[k][0] for k in a)
worst = max(abs(a[k][1] - b[k][1]) / abs(a[k][1]) for k in a)
print(f"{len(a)} trials each; same eps per trial: {same_eps}; largest relative loss difference {worst:.1e} (GEMM summation order)")
PY
echo "load average after: $(cat /proc/loadavg)"
