#!/bin/sh
# A catastrophic regex gives one mtlint.rule-limit finding per input and the
# run goes on normally (other rules still report, exit status is 0 or 1).
. "$(dirname "$0")/../lib.sh"
RULES="--no-builtin-rules --no-config --rules $DATA/rules.yaml"

awk 'BEGIN { for (i = 0; i < 50; i++) { for (j = 0; j < 60; j++) printf "a"; printf "b\n" }
             print "She gave a push meeting." }' >slow.txt
printf 'aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaab\n' >slow2.txt
start=$(date +%s)
timeout 60 "$MTLINT" $RULES --rules "$DATA/catastrophic.yaml" -f jsonl slow.txt slow2.txt >.out 2>.err
rc=$?
end=$(date +%s)
echo "catastrophic rule: $((end - start)) s"
[ "$rc" -eq 124 ] && fail "timed out"
expect_rc 1 "catastrophic rule"
[ "$(count_out '"path":"slow.txt","rule":"mtlint.rule-limit"')" -eq 1 ] ||
  fail "want exactly one mtlint.rule-limit finding for slow.txt"
[ "$(count_out '"path":"slow2.txt","rule":"mtlint.rule-limit"')" -eq 1 ] ||
  fail "want exactly one mtlint.rule-limit finding for slow2.txt"
expect_out '"rule":"mtlint.rule-limit".*slow\.nested' "the limit finding names the rule"
expect_out '"path":"slow.txt","rule":"cli.push-meeting"' "other rules still run"
[ $((end - start)) -le 30 ] || fail "took $((end - start)) s"

run $RULES --rules "$DATA/catastrophic.yaml" --disable mtlint.rule-limit -f jsonl slow2.txt
expect_no_out 'mtlint.rule-limit' "the limit finding can be disabled"
[ "$rc" -le 1 ] || fail "exit $rc with the limit finding disabled"

done_testing
