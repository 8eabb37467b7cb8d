#!/bin/sh
# check.sh MTLINT WORKDIR [SEEDS_DIR]
# Lints the seed articles (SEEDS_DIR, default ../shared/seeds beside the
# source tree, outside the repository; skipped when missing) with the
# built-in packs and checks
#   expected.txt: FILE<TAB>RULE<TAB>MATCH lines that must each appear as a
#                 JSONL diagnostic (MATCH "*" accepts any match of RULE);
#   clean.txt:    files that must give no warning or error.
# Fails naming every missing assertion.
. "$(dirname "$0")/../lib.sh"
seeds=${1:-$SRC/../shared/seeds}
[ -d "$seeds" ] || skip "seeds: $seeds is missing"
tmp=$WORK
tab=$(printf '\t')

lint() { # FILE -> $tmp/FILE.jsonl (once)
  if [ ! -f "$tmp/$1.jsonl" ]; then
    if [ ! -f "$seeds/$1" ]; then
      echo "check.sh: seed '$1' not found in $seeds" >&2
      return 1
    fi
    "$MTLINT" --no-config --format jsonl --fail-on never "$seeds/$1" >"$tmp/$1.jsonl"
    rc=$?
    if [ $rc -ne 0 ]; then
      echo "check.sh: mtlint exited $rc on $1" >&2
      return 1
    fi
  fi
  return 0
}

n=0
while IFS="$tab" read -r file rule match; do
  case $file in ''|'#'*) continue ;; esac
  n=$((n + 1))
  if ! lint "$file"; then fail "$file: not linted"; continue; fi
  if [ "$match" = "*" ]; then
    grep -F "\"rule\":\"$rule\"," "$tmp/$file.jsonl" >/dev/null
  else
    grep -F "\"rule\":\"$rule\"," "$tmp/$file.jsonl" |
      grep -F "\"match\":\"$match\",\"suggestions\"" >/dev/null
  fi
  if [ $? -ne 0 ]; then
    fail "MISSING: $file: $rule did not report '$match'"
  fi
done <"$HERE/expected.txt"

while IFS= read -r file; do
  case $file in ''|'#'*) continue ;; esac
  if ! lint "$file"; then fail "$file: not linted"; continue; fi
  if grep -E '"severity":"(warning|error)"' "$tmp/$file.jsonl" >"$tmp/noisy"; then
    fail "NOT CLEAN: $file has warnings or errors:"
    sed 's/^/  /' "$tmp/noisy"
  fi
done <"$HERE/clean.txt"

[ "$FAILED" -ne 0 ] || echo "seeds: $n assertions and clean files hold"
done_testing
