#!/bin/sh
# A 100 MB single-line file finishes under `timeout 60`; generated here.
. "$(dirname "$0")/../lib.sh"
RULES="--no-builtin-rules --no-config --rules $DATA/rules.yaml"

command -v timeout >/dev/null 2>&1 || skip "no timeout(1)"
# 100 MiB of words on one line, with one garble near the end (20 MiB in a
# sanitizer build, which is 3-5 times slower: there the test is about memory
# safety on a huge line; the release build checks the time)
blocks=1600
[ -n "${MTL_SANITIZED:-}" ] && blocks=320
awk -v blocks="$blocks" 'BEGIN {
  s = "the ministry said that talks on grain exports would resume soon and ";
  while (length(b) < 65536) b = b s;
  for (i = 0; i < blocks; i++) printf "%s", b;
  printf "she gave a push meeting.\n";
}' >big.txt
size=$(wc -c <big.txt)
[ "$size" -gt $((blocks * 65536)) ] || fail "big.txt is only $size bytes"
start=$(date +%s)
timeout 60 "$MTLINT" $RULES -f jsonl big.txt >.out 2>.err
rc=$?
end=$(date +%s)
echo "$size bytes on one line: $((end - start)) s, exit $rc"
[ "$rc" -eq 124 ] && fail "timed out after 60 s"
expect_rc 1 "big file"
expect_out '"rule":"cli.push-meeting"' "garble at the end of the big line found"
expect_out '"type":"summary".*"files":1' "summary"

# the built-in packs on 5 MB of one line, also bounded (they run at about
# 1 MB/s on such a line, mostly mt-garble.lowercase-after-stop)
mid=5000000
[ -n "${MTL_SANITIZED:-}" ] && mid=2000000
head -c $mid big.txt >mid.txt
start=$(date +%s)
timeout 60 "$MTLINT" --no-config -f jsonl --fail-on never mid.txt >.out 2>.err
rc=$?
end=$(date +%s)
echo "$mid bytes on one line, built-in rules: $((end - start)) s, exit $rc"
[ "$rc" -eq 124 ] && fail "built-in rules timed out on 5 MB"
expect_rc 0 "built-in rules on 5 MB"
rm -f big.txt mid.txt

done_testing
