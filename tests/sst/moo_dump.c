/*
 * moo_dump.c - print the contents of a MOO file as text (x86pc-sst --dump).
 * Uses only the parser, so it works without the CPU.
 */
#include "moo_dump.h"

#include <stdio.h>

#include "moo.h"

static void dump_regs(FILE *out, const char *what, const struct moo_regs *r)
{
    fprintf(out, "  %s regs:", what);
    for (int i = 0; i < MOO_NREGS; i++)
        if (r->mask & (1u << i)) fprintf(out, " %s=%04x", moo_reg_names[i], r->v[i]);
    fputc('\n', out);
}

static void dump_ram(FILE *out, const char *what, const struct moo_ram *ram, int max)
{
    fprintf(out, "  %s ram (%u):", what, ram->n);
    for (uint32_t i = 0; i < ram->n; i++) {
        if (max >= 0 && i >= (uint32_t)max) {
            fprintf(out, " ...");
            break;
        }
        fprintf(out, " %06x=%02x", moo_ram_addr(ram, i), moo_ram_val(ram, i));
    }
    fputc('\n', out);
}

/* Print a test name with non-printable bytes escaped. */
void moo_print_name(FILE *out, const struct moo_test *t)
{
    for (uint32_t i = 0; i < t->name_len; i++) {
        unsigned char ch = (unsigned char)t->name[i];
        if (ch >= 0x20 && ch < 0x7F && ch != '"' && ch != '\\') fputc(ch, out);
        else fprintf(out, "\\x%02x", ch);
    }
}

int moo_dump_file(const char *path, FILE *out, int verbose)
{
    struct moo_file f = { 0 };
    char err[1400];
    if (moo_open(&f, path, err, sizeof err)) {
        fprintf(out, "ERROR %s\n", err);
        moo_close(&f);
        return -1;
    }
    fprintf(out, "%s: MOO %u.%u cpu \"%s\" tests %u", path, f.major, f.minor, f.cpu, f.test_count);
    if (f.has_meta)
        fprintf(out, " meta opcode %08x mnemonic \"%s\" mode %u", f.meta_opcode, f.mnemonic, f.cpu_mode);
    fputc('\n', out);
    struct moo_test t;
    int r;
    while ((r = moo_next(&f, &t, err, sizeof err)) > 0) {
        fprintf(out, "test #%u idx %u \"", t.pos, t.idx);
        moo_print_name(out, &t);
        fprintf(out, "\" bytes");
        for (uint32_t i = 0; i < t.nbytes; i++) fprintf(out, " %02x", t.bytes[i]);
        fprintf(out, " cycles %u", t.ncycles);
        if (t.has_excp) fprintf(out, " excp %u flags@%06x", t.excp_vec, t.excp_flags_addr);
        if (t.has_hash) {
            fprintf(out, " hash ");
            for (int i = 0; i < 20; i++) fprintf(out, "%02x", t.hash[i]);
        }
        fputc('\n', out);
        if (verbose) {
            dump_regs(out, "init", &t.init.regs);
            dump_ram(out, "init", &t.init.ram, 64);
            dump_regs(out, "final", &t.fina.regs);
            dump_ram(out, "final", &t.fina.ram, 64);
        }
    }
    if (r < 0) fprintf(out, "ERROR %s\n", err);
    moo_close(&f);
    return r < 0 ? -1 : 0;
}
