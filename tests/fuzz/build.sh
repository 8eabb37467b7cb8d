#!/bin/sh
# build.sh OUTDIR [TARGET...] - builds the fuzz targets with clang and
# libFuzzer (-fsanitize=fuzzer,address,undefined) into OUTDIR; the library
# is compiled once, with MTL_FUZZ_NO_SUGGEST (no spelling suggestions:
# Hunspell's suggest would take most of every run).  Run from the source
# tree's root.  Default targets: all of tests/fuzz/fuzz_*.c.
set -eu
out=${1:?usage: build.sh OUTDIR [TARGET...]}
shift
CC=${CC:-clang}
SAN="-fsanitize=address,undefined -fno-sanitize-recover=undefined"
CFLAGS="-std=c11 -g -O1 $SAN -DMTL_LIBFUZZER -DMTL_FUZZ_NO_SUGGEST -D_POSIX_C_SOURCE=200809L \
 -DMTL_TEST_SRCDIR=\"$PWD\" -Iinclude -Isrc/lib -Isrc/cli $(pkg-config --cflags hunspell libxml-2.0 jansson sphinxbase)"
LIBS="$(pkg-config --libs libpcre2-8 yaml-0.1 hunspell libutf8proc jansson libxml-2.0 sphinxbase) -lpthread -lstdc++ -lm"
mkdir -p "$out/obj"
for o in "$out"/obj/*.o; do # a source file gone (renamed, split): its object too
  [ ! -f "$o" ] || [ -f "src/lib/$(basename "$o" .o).c" ] || rm -f "$o"
done
hdr=$(ls -t src/lib/*.h | head -n 1) # the newest header: objects older are rebuilt
for f in src/lib/*.c; do
  o="$out/obj/$(basename "$f" .c).o"
  if [ ! -f "$o" ] || [ "$f" -nt "$o" ] || [ "$hdr" -nt "$o" ]; then
    $CC $CFLAGS -fsanitize=fuzzer-no-link -DMTL_BUILDING_LIBRARY -c "$f" -o "$o"
  fi
done
[ $# -gt 0 ] || set -- $(cd tests/fuzz && ls fuzz_*.c | sed 's/^fuzz_//; s/\.c$//')
for t in "$@"; do
  extra=
  [ "$t" = baseline ] && extra=src/cli/baseline.c
  $CC $CFLAGS -fsanitize=fuzzer tests/fuzz/fuzz_$t.c $extra "$out"/obj/*.o $LIBS -o "$out/fuzz_$t"
  echo "built $out/fuzz_$t"
done
