#!/usr/bin/env bash
# Writes the PhiToolbox fixtures (system_N*.json, Gaussian; discrete_N*.json, binary) that tests/Engram.Tests/Phi/*Fixture* tests read.
# Usage: make_phi_fixtures.sh /path/to/PhiToolbox      (github.com/oizumi-lab/PhiToolbox, not part of this repository)
# Needs GNU Octave with octave-statistics (Debian: apt-get install -y octave octave-statistics).
# PhiToolbox's L-BFGS (minFunc 2012, used by Φ*) calls MEX files that are not built under Octave; the script
# works on a temporary copy in which minFunc's default useMex = 1 is turned to 0 (its pure-Octave code path).
set -euo pipefail
toolbox=${1:?usage: make_phi_fixtures.sh /path/to/PhiToolbox}
here=$(cd "$(dirname "$0")" && pwd)
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
cp -r "$toolbox"/. "$work/PhiToolbox"
sed -i "s/useMex = getOpt(o,'USEMEX',1);/useMex = getOpt(o,'USEMEX',0);/" "$work/PhiToolbox/tools/minFunc_2012/minFunc/minFunc_processInputOptions.m"
cd "$work"
octave-cli --norc -q --eval "addpath('$here'); make_phi_fixtures_octave('$work/PhiToolbox', '$here')" < /dev/null
octave-cli --norc -q --eval "addpath('$here'); make_phi_dis_fixtures_octave('$work/PhiToolbox', '$here')" < /dev/null
