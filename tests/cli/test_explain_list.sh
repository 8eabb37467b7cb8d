#!/bin/sh
# --explain and --list-rules.
. "$(dirname "$0")/../lib.sh"
RULES="--no-builtin-rules --no-config --rules $DATA/rules.yaml"

run $RULES --explain cli.byline
expect_rc 0 "--explain"
expect_out "^cli\.byline" "--explain names the rule"
expect_out 'Credit lines that say "through"' "--explain shows the description"
expect_out "rules\.yaml:4" "--explain says where the rule is defined"
expect_out "Written through Ana Lopes" "--explain shows the bad example"

run --no-config --explain swap-function.degree-most
expect_rc 0 "--explain of a swap rule"
expect_out "'maximum' -> 'most': log10 P -[0-9.]* with it, -[0-9.]* as written \\(gain [0-9.]*\\)" \
  "--explain shows a swap rule's language-model scores"
expect_no_out "The utmost care was taken.*log10" "--explain shows no scores under a good example"

run $RULES --explain cli.nope
expect_rc 3 "--explain of an unknown rule"
expect_err "cli\.nope" "--explain names the unknown rule"
# unknown ids: one exit status (3) and a suggestion, wherever they are named
run $RULES --explain cli.bylin
expect_rc 3 "--explain of a misspelt rule"
expect_err "did you mean 'cli\.byline'" "--explain suggests the rule"
printf 'A push meeting here.\n' >x.md
run $RULES --disable cli.push-meting x.md
expect_rc 3 "--disable of a misspelt rule"
expect_err "no rule or pack named 'cli\.push-meting'; did you mean 'cli\.push-meeting'" "--disable suggests the rule"
run $RULES --enable clli x.md
expect_rc 3 "--enable of a misspelt pack"
expect_err "did you mean 'cli'" "--enable suggests the pack"
printf 'builtin_rules: false\nrules: [%s]\ndisable: [cli.sun-male]\n' "$DATA/rules.yaml" >bad.yaml
run --config bad.yaml x.md
expect_rc 3 "a config naming a misspelt rule"
expect_err "did you mean 'cli\.sun-mail'" "the config's unknown id gets a suggestion"

run $RULES --list-rules
expect_rc 0 "--list-rules"
for id in cli.byline cli.push-meeting cli.sun-mail input.encoding mtlint.rule-limit \
  mtlint.language-model; do
  expect_out "^$id " "--list-rules lists $id"
done
expect_no_out "^mt-garble\." "--no-builtin-rules leaves out the built-in packs"

run $RULES --disable cli.sun-mail --list-rules
expect_out "^cli\.sun-mail .*off" "--list-rules shows a disabled rule as off"

run --no-config --list-rules
expect_rc 0 "--list-rules with the built-in packs"
expect_out "^mt-garble\." "built-in packs are listed"

run --no-config --test-rules
expect_rc 0 "--test-rules of the built-in packs"
run $RULES --test-rules
expect_rc 0 "--test-rules of the CLI rules"
expect_out "passed, 0 failed" "--test-rules summary"

done_testing
