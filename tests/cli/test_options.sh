#!/bin/sh
# Command-line conventions: "did you mean" for options, --max-warnings,
# --min-severity, --exclude, glob arguments, FORCE_COLOR.
. "$(dirname "$0")/../lib.sh"
RULES="--no-builtin-rules --no-config --rules $DATA/rules.yaml"

printf '(Written through Ana Lopes) The Solar Mail had a long day.\n' >warn.md   # warning + info
printf 'A push meeting here.\n' >err.md                                          # error

# a misspelt option names the one meant
run $RULES --fial-on error warn.md
expect_rc 2 "misspelt option"
expect_err "unknown option '--fial-on'; did you mean '--fail-on'\\?" "did you mean --fail-on"
run $RULES --max-warning=3 warn.md
expect_err "did you mean '--max-warnings'" "did you mean --max-warnings (with =value)"
run $RULES --zzzzzz warn.md
expect_rc 2 "unknown option"
! grep -q 'did you mean' "$WORK/.err" || fail "a far-off option gets no suggestion"

# One option parser for mtlint, mtlint lsp and mtlint merge: --opt=VALUE,
# --opt VALUE, -jN, "--", and each command's own messages
run $RULES -j0 warn.md
expect_rc 2 "-j0"
expect_err "^mtlint: -j takes a number of threads from 1 to 1024, not '0'$" "-jN: the value glued"
run $RULES --jobs=x warn.md
expect_err "^mtlint: --jobs takes a number of threads from 1 to 1024, not 'x'$" "--jobs=x"
run $RULES --enable= warn.md
expect_err "^mtlint: --enable= needs a rule id or pack$" "--enable= as written"
run $RULES warn.md --baseline
expect_rc 2 "--baseline without a file"
expect_err "^mtlint: --baseline needs a file$" "--baseline message"
run $RULES --quiet=1 warn.md
expect_err "unknown option '--quiet=1'; did you mean '--quiet'\\?" "a flag given a value"
run $RULES -- -q
expect_rc 4 "after --, -q is a path"
expect_err "^-q: error: " "after --, -q is a path (message)"
run lsp --bogus
expect_rc 2 "lsp: unknown option"
expect_err "^mtlint lsp: unknown option '--bogus'$" "lsp: unknown option message"
run lsp --config=
expect_rc 2 "lsp: --config= without a file"
run merge --bogus
expect_rc 2 "merge: unknown option"
expect_err "^mtlint merge: unknown option '--bogus'$" "merge: unknown option message"
run merge -- x.json --report x.html
expect_err "^mtlint merge: unknown option '--'$" "merge: -- is no option of merge"
run merge -jx
expect_err "^mtlint: -j takes a number of threads from 1 to 1024, not 'x'$" "merge: -jx"
run merge x.json --help
expect_rc 0 "merge --help after a path"
expect_out "^Usage: mtlint merge " "merge --help"

# --max-warnings N: more than N warnings exit 1, even under --fail-on error
run $RULES --fail-on error --max-warnings 0 warn.md
expect_rc 1 "--max-warnings 0 with one warning"
expect_err 'more than --max-warnings 0' "--max-warnings message"
run $RULES --fail-on error --max-warnings 1 warn.md
expect_rc 0 "--max-warnings 1 with one warning"
run $RULES --max-warnings x warn.md
expect_rc 2 "--max-warnings needs a number"

# --min-severity: findings below it are not shown and do not count
run $RULES -f jsonl --fail-on never --min-severity warning warn.md
expect_out '"rule":"cli.byline"' "--min-severity warning keeps warnings"
expect_no_out 'cli.sun-mail' "--min-severity warning drops info"
run $RULES -f jsonl --fail-on never --min-severity error warn.md err.md
expect_no_out 'cli.byline' "--min-severity error drops warnings"
expect_out '"rule":"cli.push-meeting"' "--min-severity error keeps errors"
run $RULES --min-severity loud warn.md
expect_rc 2 "--min-severity needs a level"

# glob arguments (quoted, as in CI files) and --exclude
mkdir -p g/sub
cp warn.md g/a.md
cp err.md g/sub/b.md
run $RULES -f jsonl --fail-on never 'g/*.md'
expect_out '"path":"g/a.md"' "glob argument expanded"
expect_no_out 'sub/b\.md' "glob argument does not recurse"
run $RULES -f jsonl --fail-on never 'g/*.nothing'
expect_rc 4 "a glob matching nothing is a missing input"
run $RULES -f jsonl --fail-on never --exclude 'g/sub/**' g
expect_out '"path":"g/a.md"' "--exclude keeps the rest"
expect_no_out 'sub/b\.md' "--exclude GLOB skips a folder"
run $RULES -f jsonl --fail-on never --exclude '*.md' g/a.md
expect_no_out '"type":"diagnostic"' "--exclude applies to a named file"
expect_err 'note: g/a\.md is ignored' "--exclude note"

# FORCE_COLOR colours output that is not a terminal; FORCE_COLOR=0 does not
FORCE_COLOR=1 "$MTLINT" $RULES warn.md >color.out 2>/dev/null
grep -q "$(printf '\033')\\[" color.out || fail "FORCE_COLOR=1: no colour"
FORCE_COLOR=0 "$MTLINT" $RULES warn.md >plain.out 2>/dev/null
! grep -q "$(printf '\033')\\[" plain.out || fail "FORCE_COLOR=0: colour"
"$MTLINT" $RULES warn.md >plain2.out 2>/dev/null
! grep -q "$(printf '\033')\\[" plain2.out || fail "colour off a terminal without FORCE_COLOR"

# -o FILE: findings to a file, nothing on stdout
run $RULES -f jsonl --fail-on never -o found.jsonl warn.md
expect_rc 0 "-o FILE"
[ -z "$out" ] || fail "-o FILE: stdout not empty: $out"
grep -q '"rule":"cli.byline"' found.jsonl || fail "-o FILE: findings not in the file"
run $RULES --output-file=found2.txt warn.md
grep -q 'cli.byline' found2.txt || fail "--output-file=FILE"

# --print-config FILE: the cascade of config files and the rules as they stand
mkdir -p pc/sub
printf 'builtin_rules: false\nrules: [%s]\ndisable: [cli.sun-mail]\n' "$DATA/rules.yaml" >pc/.mtlint.yaml
printf 'severity: {cli.byline: error}\n' >pc/sub/.mtlint.yml
printf 'x\n' >pc/sub/a.md
run --print-config pc/sub/a.md
expect_rc 0 "--print-config"
expect_out "^  .*/pc/\\.mtlint\\.yaml$" "--print-config lists the root config"
[ "$(grep -n 'pc/\.mtlint\.yaml' .out | cut -d: -f1)" -lt "$(grep -n 'pc/sub/\.mtlint\.yml' .out | cut -d: -f1)" ] ||
  fail "--print-config: the root config comes first"
expect_out "^cli\\.byline +error " "--print-config shows the severity override"
expect_out "^cli\\.sun-mail .* off " "--print-config shows the disabled rule"

# The built-in rules come from --datadir, else MTLINT_DATADIR, else the
# install or the source tree: never from the current folder.  A broken
# rules/ folder here changes nothing until it is named with --rules.
SRCDIR=$(cd "$DATA/../../.." && pwd)
mkdir -p rules
printf 'pack: cwd\nrules:\n  - id: cwd.broken\n    kind: nope\n' > rules/broken.yaml
printf 'The cat sat on the mat.\n' > plain.txt
run --no-config --datadir "$SRCDIR" -f jsonl plain.txt
expect_rc 0 "--datadir: ./rules is not read"
run --no-config --datadir "$SRCDIR" --list-rules
! grep -q 'cwd\.' "$WORK/.out" || fail "--datadir: a rule of ./rules listed"
MTLINT_DATADIR=$SRCDIR run --no-config -f jsonl plain.txt
expect_rc 0 "MTLINT_DATADIR: ./rules is not read"
run --no-config -f jsonl plain.txt
expect_rc 0 "default data folder: ./rules is not read"
run --no-config --datadir "$SRCDIR" --rules rules plain.txt
expect_rc 3 "--rules rules: the folder named is read"

done_testing
