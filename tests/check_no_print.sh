#!/bin/sh
# The library never prints, exits or aborts (docs: "No stage prints").
# Usage: check_no_print.sh path/to/libmtlint.so
# Fails if the shared library imports any of the forbidden functions.
set -eu
lib=${1:?usage: check_no_print.sh LIB}
command -v nm >/dev/null 2>&1 || { echo "nm not found"; exit 77; }
[ -f "$lib" ] || { echo "no such library: $lib"; exit 1; }
undef=$(nm -D --undefined-only "$lib" | awk '{print $NF}' | sed 's/@.*//')
[ -n "$undef" ] || { echo "nm listed no imports of $lib: cannot check"; exit 1; }
bad=""
for sym in printf fprintf vprintf vfprintf puts fputs fputc putc fwrite putchar perror \
           exit _exit _Exit abort __printf_chk __fprintf_chk __vfprintf_chk __vprintf_chk \
           __fwrite_chk quick_exit; do
  if printf '%s\n' "$undef" | grep -qx "$sym"; then
    bad="$bad $sym"
  fi
done
if [ -n "$bad" ]; then
  echo "FAIL: $lib imports:$bad"
  exit 1
fi
echo "ok: $lib imports no print/exit/abort function"
