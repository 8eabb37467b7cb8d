#!/bin/sh
# Exit codes: 0 clean, 1 findings at/above --fail-on, 2 usage, 3 rule or
# config error (with path:line:col: error:), 4 unreadable input.
. "$(dirname "$0")/../lib.sh"
RULES="--no-builtin-rules --no-config --rules $DATA/rules.yaml"

printf 'The minister spoke to reporters on Monday.\n' >clean.txt
printf '(Written through Ana Lopes) She gave a push meeting.\n' >garbled.txt
printf 'The Solar Mail ran the story.\n' >info-only.txt

run $RULES clean.txt
expect_rc 0 "clean input"
run $RULES garbled.txt
expect_rc 1 "findings"
run $RULES --fail-on never garbled.txt
expect_rc 0 "--fail-on never"
run $RULES --fail-on error garbled.txt
expect_rc 1 "--fail-on error with an error finding"
run $RULES info-only.txt
expect_rc 0 "info finding below the default --fail-on warning"
run $RULES --fail-on info info-only.txt
expect_rc 1 "--fail-on info"
run $RULES --fail-on sometimes garbled.txt
expect_rc 2 "bad --fail-on value"

run --no-such-option garbled.txt
expect_rc 2 "unknown option"
expect_err "no-such-option" "unknown option named"
run $RULES --format xml garbled.txt
expect_rc 2 "unknown format"
run --version
expect_rc 0 "--version"
expect_out "[0-9]+\.[0-9]+\.[0-9]+" "--version prints a version"
run --help
expect_rc 0 "--help"
expect_out "Usage" "--help prints usage"

run --no-builtin-rules --no-config --rules "$DATA/malformed.yaml" garbled.txt
expect_rc 3 "malformed rule YAML"
expect_err "malformed\.yaml:[0-9]+:[0-9]+: error: " "rule error location"
run --no-builtin-rules --no-config --rules "$WORK/nowhere.yaml" garbled.txt
expect_rc 3 "missing rule file"
run $RULES --disable no.such-rule garbled.txt
expect_rc 3 "--disable of an unknown rule"
# a rule id given twice, in one file and across two files: the second one's line:col
cat >dup.yaml <<'EOF2'
pack: cli
rules:
  - id: cli.twice
    kind: phrase
    severity: info
    description: A test rule.
    message: "'{match}'"
    phrases:
      push meeting: press conference
    examples: {bad: ["a push meeting"], good: ["a press conference"]}
  - id: cli.twice
    kind: phrase
    severity: info
    description: A test rule.
    message: "'{match}'"
    phrases:
      sun mail: Sunday Mail
    examples: {bad: ["the sun mail"], good: ["the Sunday Mail"]}
EOF2
run --no-builtin-rules --no-config --rules dup.yaml garbled.txt
expect_rc 3 "duplicate rule id in one file"
expect_err "dup\.yaml:11:9: error: .*duplicate rule id 'cli\.twice'" "duplicate id located"
run $RULES --rules "$DATA/rules.yaml" garbled.txt
expect_rc 3 "duplicate rule ids across two files"
expect_err "duplicate rule id 'cli\.byline'" "duplicate id across files named"

# an unreadable input among readable ones: 4, and the good one is linted
mkdir -p sub && printf 'x\n' >sub/locked.txt && chmod 000 sub/locked.txt
if [ -r sub/locked.txt ]; then missing=sub/locked-missing.txt; else missing=sub/locked.txt; fi
run $RULES -f jsonl garbled.txt "$missing" nonexistent.txt
expect_rc 4 "unreadable inputs"
expect_out '"type":"diagnostic","path":"garbled.txt","rule":"cli.push-meeting"' "good input still linted"
expect_out '"type":"error","path":"nonexistent.txt".*"code":"io"' "error record for the missing file"
[ "$(count_out '"type":"error"')" -eq 2 ] || fail "want two error records"
run $RULES garbled.txt nonexistent.txt
expect_rc 4 "unreadable input (text)"
expect_out "^garbled\.txt:1:2: warning: " "text finding of the good input"
chmod 644 sub/locked.txt
run $RULES --fail-on never nonexistent.txt
expect_rc 4 "an unreadable input wins over --fail-on never"

done_testing
