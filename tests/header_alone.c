/*
 * header_alone.c - the public header compiles on its own (no other include
 * before it) and its declarations link against the shared library.
 */
#include "mtlint.h"

int main(void) {
  mtl_options *o = NULL;
  mtl_position p = {0, 1, 1, 1};
  int ok = mtl_options_new(&o) == MTL_OK && p.line == 1;
  mtl_options_free(o);
  ok = ok && mtl_strerror(MTL_ENOMEM)[0] != '\0';
  ok = ok && mtl_severity_parse("error") == MTL_SEV_ERROR;
  ok = ok && mtl_writer_formats()[0] != (const char *)0;
  return ok ? 0 : 1;
}
