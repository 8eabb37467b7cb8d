#!/bin/sh
# Standard input: '-', piped input without a PATH, --stdin-filename.
. "$(dirname "$0")/../lib.sh"
RULES="--no-builtin-rules --no-config --rules $DATA/rules.yaml"

printf 'She gave a push meeting.\n' >in.txt
"$MTLINT" $RULES -f jsonl --stdin-filename news/today.md - <in.txt >.out 2>.err
rc=$?
expect_rc 1 "stdin with findings"
expect_out '"path":"news/today.md","rule":"cli.push-meeting"' "--stdin-filename names the input"
expect_out '"start":\{"offset":11,"line":1,"column":12,"column_utf16":12\}' "stdin offsets"

"$MTLINT" $RULES -f jsonl <in.txt >.out 2>.err
rc=$?
expect_rc 1 "piped input without a PATH"
expect_out '"rule":"cli.push-meeting"' "piped input is linted"

printf 'Nothing wrong here.\n' | "$MTLINT" $RULES - >.out 2>.err
rc=$?
expect_rc 0 "clean stdin"

# a config next to the --stdin-filename path applies to stdin
mkdir -p proj/news
printf 'disable: [cli.push-meeting]\n' >proj/.mtlint.yaml
(cd proj && "$MTLINT" --no-builtin-rules --rules "$DATA/rules.yaml" -f jsonl \
  --stdin-filename news/x.md - <../in.txt >../.out 2>../.err)
rc=$?
expect_rc 0 "config found upward from --stdin-filename"
expect_no_out 'cli.push-meeting' "rule disabled by the config"

# --stdin-filename picks the reader as a file name does: x.html is HTML
printf '<html><body><nav>A push meeting menu</nav><p>She gave a push meeting.</p><script>var s = "push meeting";</script></body></html>\n' >page.in
"$MTLINT" $RULES -f jsonl --stdin-filename site/x.html - <page.in >.out 2>.err
rc=$?
expect_rc 1 "HTML on stdin"
[ "$(count_out '"rule":"cli.push-meeting"')" -eq 1 ] || fail "--stdin-filename x.html: HTML reader (script and nav dropped): $(cat .out)"
expect_out '"type":"article","path":"site/x.html"' "--stdin-filename x.html: an article record"

done_testing
