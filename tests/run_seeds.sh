#!/bin/sh
# Runs tests/seeds/check.sh (written with the rule packs) on the seed
# articles, which live outside the repository; skips (77) without them.
# Usage: run_seeds.sh MTLINT SEEDS_DIR
set -u
mtlint=${1:?usage: run_seeds.sh MTLINT SEEDS_DIR}
seeds=${2:?usage: run_seeds.sh MTLINT SEEDS_DIR}
if [ ! -d "$seeds" ]; then
  echo "seeds: $seeds is missing: skipped"
  exit 77
fi
exec sh "$(dirname "$0")/seeds/check.sh" "$mtlint" "$seeds"
