#!/bin/sh
# --stdin lints the unsaved buffer (as plugins call it), --stdin-filename
# names it, --column-unit picks the column of the text format.
# Usage: test_stdin.sh MTLINT WORKDIR
. "$(dirname "$0")/../lib.sh"
bin=$MTLINT src=$SRC
rules="--no-config --no-builtin-rules --rules $src/rules/mt-garble.yaml"
# "Zoë 🚀 " is 6 code points, 7 UTF-16 units, 10 bytes before the phrase.
text='Zoë 🚀 special army operation.'
expect() { # name, got, want
  if [ "$2" != "$3" ]; then fail "$1: got '$2', want '$3'"; else echo "ok: $1"; fi
}
col() { printf '%s\n' "$text" | "$bin" $rules -q "$@" | head -n 1 | cut -d: -f1-3; }
expect "default is bytes" "$(col --stdin --stdin-filename a.md)" "a.md:1:11"
expect "byte" "$(col --stdin --stdin-filename a.md --column-unit byte)" "a.md:1:11"
expect "char" "$(col --stdin --stdin-filename a.md --column-unit char)" "a.md:1:7"
expect "utf16" "$(col --stdin --stdin-filename a.md --column-unit=utf16)" "a.md:1:8"
expect "no name" "$(col --stdin)" "<stdin>:1:11"
# a BOM does not count as a column in any unit
bom=$(printf '\357\273\277%s\n' "$text" | "$bin" $rules -q --stdin --column-unit char | cut -d: -f2-3)
expect "char after a BOM" "$bom" "1:7"
# JSONL keeps both columns whatever the unit
j=$(printf '%s\n' "$text" | "$bin" $rules --stdin --stdin-filename x.md -f jsonl --column-unit char | head -n 1)
case $j in
  *'"path":"x.md"'*'"column":11,"column_utf16":8'*) echo "ok: jsonl" ;;
  *) fail "jsonl: $j" ;;
esac
"$bin" --column-unit furlongs --stdin </dev/null >/dev/null 2>&1
expect "bad unit is a usage error" "$?" "2"
done_testing
