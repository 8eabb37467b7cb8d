#!/bin/sh
# The library never prints, exits or aborts (docs: "No stage prints").
# Usage: check_no_print.sh MTLINT WORKDIR path/to/libmtlint.so
# Fails if the shared library imports any of the forbidden functions.
. "$(dirname "$0")/lib.sh"
set -e
lib=${1:?usage: check_no_print.sh MTLINT WORKDIR LIB}
command -v nm >/dev/null 2>&1 || skip "nm not found"
[ -f "$lib" ] || { fail "no such library: $lib"; done_testing; }
undef=$(nm -D --undefined-only "$lib" | awk '{print $NF}' | sed 's/@.*//')
[ -n "$undef" ] || { fail "nm listed no imports of $lib: cannot check"; done_testing; }
bad=""
for sym in printf fprintf vprintf vfprintf puts fputs fputc putc fwrite putchar perror \
           exit _exit _Exit abort __printf_chk __fprintf_chk __vfprintf_chk __vprintf_chk \
           __fwrite_chk quick_exit; do
  if printf '%s\n' "$undef" | grep -qx "$sym"; then
    bad="$bad $sym"
  fi
done
[ -z "$bad" ] || { fail "$lib imports:$bad"; done_testing; }
echo "ok: $lib imports no print/exit/abort function"
done_testing
