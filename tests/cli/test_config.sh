#!/bin/sh
# .mtlint.yaml found upward from each input: disable, severity, ignore.
. "$(dirname "$0")/../lib.sh"

mkdir -p proj/articles/drafts proj/articles/final
cat >proj/.mtlint.yaml <<YAML
builtin_rules: false
rules: [$DATA/rules.yaml]
disable: [cli.sun-mail]
severity: {cli.byline: error}
ignore: ["articles/drafts/**", "*.tmp.md"]
YAML
text='(Written through Ana Lopes) The Solar Mail had a push meeting.'
printf '%s\n' "$text" >proj/articles/final/story.md
printf '%s\n' "$text" >proj/articles/drafts/draft.md
printf '%s\n' "$text" >proj/articles/final/notes.tmp.md

cd proj/articles/final
run -f jsonl story.md
expect_rc 1 "config found two folders up"
expect_out '"rule":"cli.byline","severity":"error"' "severity override"
expect_out '"rule":"cli.push-meeting"' "rule from the config's rules list"
expect_no_out 'cli.sun-mail' "disabled rule"

cd "$WORK/proj"
run -f jsonl articles
expect_out '"path":"articles/final/story.md"' "walk finds the story"
expect_no_out 'drafts/draft\.md' "ignore glob drafts/**"
expect_no_out 'notes\.tmp\.md' "ignore glob *.tmp.md"

# files named on the command line (as pre-commit names staged files) are
# ignored too, with a note; --no-ignore lints them
run -f jsonl articles/drafts/draft.md articles/final/notes.tmp.md
expect_rc 0 "named files that are ignored"
expect_no_out '"type":"diagnostic"' "named ignored files are not linted"
expect_err 'note: articles/drafts/draft\.md is ignored.*--no-ignore' "note for an ignored file"
expect_err 'note: articles/final/notes\.tmp\.md is ignored' "note for a *.tmp.md file"
run -f jsonl ./articles/drafts/draft.md articles/final/story.md
expect_rc 1 "an ignored file beside a linted one"
expect_no_out 'drafts/draft\.md' "./-prefixed ignored path"
expect_out '"path":"articles/final/story.md"' "the other file is linted"
run -f jsonl --no-ignore articles/drafts/draft.md
expect_rc 1 "--no-ignore"
expect_out '"path":"articles/drafts/draft.md"' "--no-ignore lints the named file"
run -f jsonl --no-ignore articles
expect_out 'drafts/draft\.md' "--no-ignore walks ignored folders"

# a sub-folder's config adds to the root's (cascade) unless it says root: true
mkdir -p "$WORK/casc/sub"
printf 'builtin_rules: false\nrules: [%s]\ndisable: [cli.sun-mail]\n' "$DATA/rules.yaml" >"$WORK/casc/.mtlint.yaml"
printf 'severity: {cli.byline: error}\n' >"$WORK/casc/sub/.mtlint.yaml"
printf '%s\n' "$text" >"$WORK/casc/sub/s.md"
run -f jsonl "$WORK/casc/sub/s.md"
expect_out '"rule":"cli.byline","severity":"error"' "cascade: the sub-folder's severity"
expect_no_out 'cli.sun-mail' "cascade: the root's disable kept"
expect_out '"rule":"cli.push-meeting"' "cascade: the root's rules kept"
printf 'root: true\nbuiltin_rules: false\nrules: [%s]\n' "$DATA/rules.yaml" >"$WORK/casc/sub/.mtlint.yaml"
run -f jsonl "$WORK/casc/sub/s.md"
expect_out 'cli.sun-mail' "root: true stops the cascade"
# other names: .mtlint.yml, mtlint.yaml
for name in .mtlint.yml mtlint.yaml; do
  rm -rf "$WORK/alt" && mkdir -p "$WORK/alt"
  printf 'builtin_rules: false\nrules: [%s]\ndisable: [cli.sun-mail]\n' "$DATA/rules.yaml" >"$WORK/alt/$name"
  printf '%s\n' "$text" >"$WORK/alt/s.md"
  run -f jsonl "$WORK/alt/s.md"
  expect_out '"rule":"cli.byline"' "$name: its rules"
  expect_no_out 'cli.sun-mail' "$name is read"
done

# --no-config: the config is not used
run --no-config --no-builtin-rules --rules "$DATA/rules.yaml" -f jsonl articles/final/story.md
expect_out 'cli.sun-mail' "--no-config ignores .mtlint.yaml"
expect_out '"rule":"cli.byline","severity":"warning"' "--no-config: no severity override"

# --config FILE instead of the lookup
printf 'builtin_rules: false\nrules: [%s]\ndisable: [cli.byline]\n' "$DATA/rules.yaml" >"$WORK/other.yaml"
run --config "$WORK/other.yaml" -f jsonl articles/final/story.md
expect_no_out 'cli.byline' "--config FILE disables cli.byline"
expect_out 'cli.sun-mail' "--config FILE replaces the found config"

# a broken config is a config error (3) with its location
printf 'disable: [cli.byline\n' >"$WORK/bad.yaml"
run --config "$WORK/bad.yaml" articles/final/story.md
expect_rc 3 "malformed config"
expect_err "bad\.yaml:[0-9]+:[0-9]+: error: " "config error location"
printf 'colour: blue\n' >"$WORK/bad2.yaml"
run --config "$WORK/bad2.yaml" articles/final/story.md
expect_rc 3 "unknown config key"
expect_err "bad2\.yaml:1:1: error: .*colour" "unknown config key named"

done_testing
