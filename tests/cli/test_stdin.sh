#!/bin/sh
# Standard input: '-', piped input without a PATH, --stdin-filename.
. "$(dirname "$0")/lib.sh"

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

done_testing
