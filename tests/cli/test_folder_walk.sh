#!/bin/sh
# Folders are walked recursively for articles (*.txt, *.md), feeds and pages
# (*.rss, *.atom, *.xml, *.jsonl, *.ndjson, *.html, *.htm), or for --include
# globs; a run that finds nothing to lint exits 2 unless --allow-empty.
. "$(dirname "$0")/../lib.sh"
RULES="--no-builtin-rules --no-config --rules $DATA/rules.yaml"

mkdir -p site/a/b site/c
printf 'A push meeting here.\n' >site/a/one.txt
printf 'A push meeting here.\n' >site/a/b/two.md
printf 'A push meeting here.\n' >site/c/three.html
printf 'A push meeting here.\n' >site/c/four.rst

run $RULES -f jsonl --fail-on never site
expect_rc 0 "folder walk"
expect_out '"path":"site/a/one\.txt"' "*.txt found"
expect_out '"path":"site/a/b/two\.md"' "*.md found in a subfolder"
expect_out 'site/c/three\.html' "*.html taken by default"
expect_no_out 'four\.rst' "*.rst skipped by default"
expect_out '"type":"summary".*"files":3' "three files linted"

run $RULES -f jsonl --fail-on never --include '*.html' --include '*.rst' site
expect_out 'site/c/three\.html' "--include *.html"
expect_out 'site/c/four\.rst' "--include is repeatable"
expect_no_out 'one\.txt' "--include replaces the default globs"

# files named on the command line are linted whatever their name
run $RULES -f jsonl --fail-on never site/c/four.rst
expect_out 'site/c/four\.rst' "explicit file"

# feeds and pages in a folder are found without batch options
mkdir -p feeds
printf '<?xml version="1.0"?><rss version="2.0"><channel><title>T</title><item><title>One</title><description>A push meeting here.</description></item></channel></rss>\n' >feeds/wire.rss
printf '<?xml version="1.0"?><rss version="2.0"><channel><title>T</title><item><title>Two</title><description>A push meeting here.</description></item></channel></rss>\n' >feeds/wire.xml
printf '{"id":"1","text":"A push meeting here."}\n' >feeds/dump.jsonl
run $RULES -f jsonl --fail-on never feeds
expect_rc 0 "feed folder"
expect_out 'feeds/wire\.rss' "*.rss found"
expect_out 'feeds/wire\.xml' "*.xml found"
expect_out 'feeds/dump\.jsonl' "*.jsonl found"
# the README's batch example lints something
SAMPLES=$(cd "$DATA/../../../samples" && pwd)
run $RULES -f jsonl --fail-on never "$SAMPLES/feeds/"
expect_rc 0 "samples/feeds/"
[ "$(count_out '"type":"diagnostic"')" -gt 0 ] || fail "samples/feeds/ lints nothing"

# nothing to lint: exit 2 with a message, unless --allow-empty
mkdir -p empty
run $RULES empty
expect_rc 2 "empty folder"
expect_err 'no input to lint.*empty.*--allow-empty' "empty folder: message"
[ -z "$out" ] || fail "empty folder: output on stdout: $out"
run $RULES --include '*.nothing' site
expect_rc 2 "--include matching nothing"
expect_err "no input to lint.*\*\.nothing" "--include matching nothing: message"
run $RULES -f jsonl --allow-empty empty
expect_rc 0 "--allow-empty"
expect_out '"type":"summary".*"files":0' "--allow-empty: a summary of nothing"
mkdir -p onlyrst
printf 'x\n' >onlyrst/a.rst
run $RULES onlyrst
expect_rc 2 "folder of other files"
# a missing file is an input error (4), not an empty run
run $RULES no-such-file.txt
expect_rc 4 "missing file"
# Symbolic links to folders: a loop ends and every folder is walked once
# (by device and inode), with one error per skipped link; before, two links
# to "." never ended and one linted every file 41 times.
mkdir -p loop/sub
printf 'A push meeting here.\n' >loop/a.txt
printf 'A push meeting here.\n' >loop/sub/b.txt
ln -s . loop/l1
ln -s . loop/l2
ln -s ../sub loop/sub/back
ln -s sub loop/twin
"$MTLINT" $RULES -f jsonl --fail-on never loop >"$WORK/.out" 2>"$WORK/.err" &
pid=$!
i=0
while kill -0 $pid 2>/dev/null && [ $i -lt 300 ]; do sleep 0.1; i=$((i + 1)); done
if kill -0 $pid 2>/dev/null; then
  kill $pid
  fail "symbolic link loop: the walk did not end in 30 s"
fi
wait $pid
rc=$?
expect_rc 4 "symbolic link loops are input errors"
expect_out '"type":"summary".*"files":2' "each file linted once"
[ "$(count_out '"path":"loop/a\.txt"')" -eq 1 ] || fail "loop/a.txt linted more than once"
[ "$(count_out '"type":"error","path":"loop/l1".*"symbolic link loop back to loop; skipped"')" -eq 1 ] ||
  fail "one error for loop/l1"
expect_out '"path":"loop/l2".*"symbolic link loop back to loop; skipped"' "second link"
expect_out '"path":"loop/sub/back".*"symbolic link loop back to loop/sub; skipped"' "link to a parent"
expect_out '"path":"loop/twin".*"folder already walked as loop/sub; skipped"' "a folder reached twice"
[ "$(count_out '"type":"error"')" -eq 4 ] || fail "four errors, got $(count_out '"type":"error"')"
run $RULES --no-color --fail-on never loop
expect_err '^loop/l1: error: symbolic link loop back to loop; skipped' "text form on stderr"

done_testing
