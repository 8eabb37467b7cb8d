#!/bin/sh
# Folders are walked recursively for *.txt and *.md, or for --include globs.
. "$(dirname "$0")/lib.sh"

mkdir -p site/a/b site/c
printf 'A push meeting here.\n' >site/a/one.txt
printf 'A push meeting here.\n' >site/a/b/two.md
printf 'A push meeting here.\n' >site/c/three.html
printf 'A push meeting here.\n' >site/c/four.rst

run $RULES -f jsonl --fail-on never site
expect_rc 0 "folder walk"
expect_out '"path":"site/a/one\.txt"' "*.txt found"
expect_out '"path":"site/a/b/two\.md"' "*.md found in a subfolder"
expect_no_out 'three\.html' "*.html skipped by default"
expect_no_out 'four\.rst' "*.rst skipped by default"
expect_out '"type":"summary".*"files":2' "two files linted"

run $RULES -f jsonl --fail-on never --include '*.html' --include '*.rst' site
expect_out 'site/c/three\.html' "--include *.html"
expect_out 'site/c/four\.rst' "--include is repeatable"
expect_no_out 'one\.txt' "--include replaces the default globs"

# files named on the command line are linted whatever their name
run $RULES -f jsonl --fail-on never site/c/four.rst
expect_out 'site/c/four\.rst' "explicit file"

done_testing
