#!/bin/sh
# The built-in spun-vocab pack (rules/spun-vocab.yaml): inflected pairs, the
# suggestion's case, the language-model gate, and that the committed pack and
# evidence tables are what mine_swaps.py writes (where the page cache exists).
. "$(dirname "$0")/../lib.sh"
TOP=$SRC
PACK="--no-builtin-rules --no-config --rules $TOP/rules/spun-vocab.yaml"

printf 'The central financial institutions of Europe raised rates again.\n' >plural.txt
run $PACK -f jsonl plural.txt
if grep -q '"mtlint.language-model"' .out; then
  skip "no language model"
fi
expect_rc 1 "a spun plural is flagged"
expect_out '"rule":"spun-vocab.noun".*"match":"financial institutions","suggestions":\["banks"\]' \
  "plural pair"

printf 'Financial institution officials said the loans were safe.\n' >case.txt
run $PACK -f jsonl case.txt
expect_out '"match":"Financial institution","suggestions":\["Bank"\]' \
  "the suggestion takes the match's case"

printf 'He said the council would chew over the proposal next week.\n' >verb.txt
run $PACK -f jsonl verb.txt
expect_out '"rule":"spun-vocab.verb".*"suggestions":\["consider"\]' "phrasal verb swap"

# the gate: the same phrase where the model finds it natural
printf 'Regulators inspect every financial institution in the state once a year.\n' >gate.txt
run $PACK gate.txt
expect_rc 0 "a natural use passes the language-model gate"

# a pair pruned for firing on edited prose is not in the pack
if grep -q '^ *"authorities": ' "$TOP/rules/spun-vocab.yaml"; then
  fail "authorities/government was pruned (rules/sources/spun-vocab-prune.tsv)"
fi

# the evidence tables are what scripts/mine_swaps.py writes from the page
# cache, where a checkout has it (scripts/gen_spun_vocab.py --check does the
# same for the pack; it reads all of Brown, too slow for ctest)
if [ -d "$TOP/bench/.devset" ] && command -v python3 >/dev/null; then
  python3 "$TOP/scripts/mine_swaps.py" --check 2>.err ||
    fail "rules/sources/spinner-*.tsv differ from scripts/mine_swaps.py's output"
fi

done_testing
