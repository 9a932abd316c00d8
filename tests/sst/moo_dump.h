/*
 * moo_dump.h - text dump of MOO files (x86pc-sst --dump); parser only.
 */
#ifndef X86PC_SST_MOO_DUMP_H
#define X86PC_SST_MOO_DUMP_H

#include <stdio.h>

struct moo_test;

/* Print every test of `path` (one line each; with `verbose` also INIT/FINA
 * registers and RAM). Returns 0, or -1 after printing "ERROR file: why". */
int moo_dump_file(const char *path, FILE *out, int verbose);

/* Print the test's NAME text, escaping non-printable bytes as \xNN. */
void moo_print_name(FILE *out, const struct moo_test *t);

#endif
