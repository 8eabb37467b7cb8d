#!/bin/sh
# Elements with thousands of attributes: libxml2 compares each attribute with
# all before it, so mtlint blanks the ones past 1,000 per tag before parsing
# (lines and columns kept).  The text around them is linted as before.
. "$(dirname "$0")/../lib.sh"
RULES="--no-builtin-rules --no-config --rules $TESTS/cli/data/rules.yaml"

attrs=$(awk 'BEGIN { for (i = 0; i < 3000; i++) printf " data-a%d=\"v%d\"", i, i }')
printf '<html><body><p%s>\nShe gave a push meeting.</p>\n<p>And a push meeting.</p></body></html>\n' \
  "$attrs" >page.html
run $RULES -f jsonl --fail-on never page.html
expect_rc 0 "page with 3,000 attributes"
[ "$(count_out '"rule":"cli.push-meeting"')" -eq 2 ] || fail "both paragraphs linted: $out"

printf '<?xml version="1.0"?>\n<rss version="2.0"><channel><title>T</title><item%s><title>One</title><description><![CDATA[<p>A push meeting.</p>]]></description></item>\n<item><title%s>Two</title><description>Another push meeting.</description></item></channel></rss>\n' \
  "$attrs" "$attrs" >wire.rss
run $RULES -f jsonl --fail-on never wire.rss
expect_rc 0 "feed with 3,000 attributes"
[ "$(count_out '"rule":"cli.push-meeting"')" -eq 2 ] || fail "both items linted: $(head -c 600 "$WORK/.out")"
expect_out '"item":"item-2".*"source":\{"line":3' "the second item's line"
done_testing
