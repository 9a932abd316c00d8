/*
 * moo.c - reader for SingleStepTests MOO files (see moo.h).
 *
 * Source of the format: github.com/dbalsom/moo doc/moo_format_v1.md and
 * ../shared/testdata/README.md section 1.2. All integers little-endian.
 */
#include "moo.h"

#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <zlib.h>

const char *const moo_reg_names[MOO_NREGS] = {
    "ax", "bx", "cx", "dx", "cs", "ss", "ds", "es",
    "sp", "bp", "si", "di", "ip", "flags"
};

static uint16_t rd16(const uint8_t *p) { return (uint16_t)(p[0] | p[1] << 8); }
static uint32_t rd32(const uint8_t *p)
{
    return (uint32_t)p[0] | (uint32_t)p[1] << 8 | (uint32_t)p[2] << 16 | (uint32_t)p[3] << 24;
}

/* zlib's gzerror() text starts with "path: "; drop it (set_err adds it). */
static const char *gz_msg(const char *path, const char *msg)
{
    size_t l = strlen(path);
    if (msg && !strncmp(msg, path, l) && msg[l] == ':' && msg[l + 1] == ' ') return msg + l + 2;
    return msg ? msg : "unknown zlib error";
}

/* printf into err, prefixed with the file name. */
static void set_err(const struct moo_file *f, char *err, size_t errlen, const char *fmt, ...)
{
    if (!err || !errlen) return;
    int n = snprintf(err, errlen, "%s: ", f->path[0] ? f->path : "(buffer)");
    if (n < 0 || (size_t)n >= errlen) return;
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(err + n, errlen - (size_t)n, fmt, ap);
    va_end(ap);
}

/* A byte range [p, p+len) walked chunk by chunk. */
struct span {
    const uint8_t *p;
    size_t len, pos;
};

/* Next chunk of `s`: returns 1 with *id (4 bytes), *payload and *len set;
 * 0 at the end; -1 when a header or payload would run past the span. */
static int next_chunk(struct span *s, const uint8_t **id, const uint8_t **payload, uint32_t *len)
{
    if (s->pos == s->len) return 0;
    if (s->len - s->pos < 8) return -1;
    const uint8_t *h = s->p + s->pos;
    uint32_t l = rd32(h + 4);
    if ((size_t)l > s->len - s->pos - 8) return -1;
    *id = h;
    *payload = h + 8;
    *len = l;
    s->pos += 8 + (size_t)l;
    return 1;
}

static bool is_id(const uint8_t *id, const char *name) { return memcmp(id, name, 4) == 0; }

/* REGS chunk: u16 mask, then a u16 per set bit (bits 0-13 only). */
static int parse_regs(const uint8_t *p, uint32_t len, struct moo_regs *r)
{
    if (len < 2) return -1;
    uint16_t mask = rd16(p);
    if (mask & ~MOO_REGS_ALL) return -1;
    size_t need = 2;
    for (int i = 0; i < MOO_NREGS; i++)
        if (mask & (1u << i)) need += 2;
    if (need > len) return -1;
    r->mask = mask;
    size_t o = 2;
    for (int i = 0; i < MOO_NREGS; i++) {
        if (mask & (1u << i)) {
            r->v[i] = rd16(p + o);
            o += 2;
        } else {
            r->v[i] = 0;
        }
    }
    return 0;
}

/* u32 n followed by n records of `size` bytes, within len. */
static int parse_counted(const uint8_t *p, uint32_t len, size_t size, uint32_t *n, const uint8_t **items)
{
    if (len < 4) return -1;
    uint32_t cnt = rd32(p);
    if ((uint64_t)cnt * size > (uint64_t)len - 4) return -1;
    *n = cnt;
    *items = p + 4;
    return 0;
}

/* INIT/FINA container. Returns 0 or -1 with *what naming the bad chunk. */
static int parse_state(const uint8_t *p, uint32_t len, struct moo_state *st, const char **what)
{
    struct span s = { p, len, 0 };
    const uint8_t *id, *pl;
    uint32_t l;
    int r;
    memset(st, 0, sizeof *st);
    while ((r = next_chunk(&s, &id, &pl, &l)) > 0) {
        if (is_id(id, "REGS")) {
            if (parse_regs(pl, l, &st->regs)) { *what = "REGS"; return -1; }
        } else if (is_id(id, "RAM ")) {
            if (parse_counted(pl, l, 5, &st->ram.n, &st->ram.p)) { *what = "RAM"; return -1; }
        }
        /* QUEU, RMSK, RG32, EA32 and unknown chunks: skipped */
    }
    if (r < 0) { *what = "subchunk header"; return -1; }
    return 0;
}

int moo_parse_header(struct moo_file *f, const uint8_t *data, size_t len, char *err, size_t errlen)
{
    f->data = data;
    f->len = len;
    f->pos = 0;
    f->failed = false;
    f->tests_read = 0;
    f->has_meta = false;
    f->meta_opcode = 0xFFFFFFFFu;
    f->mnemonic[0] = 0;
    f->cpu_mode = 0;

    struct span s = { data, len, 0 };
    const uint8_t *id, *pl;
    uint32_t l;
    int r = next_chunk(&s, &id, &pl, &l);
    if (r <= 0 || !is_id(id, "MOO ")) {
        set_err(f, err, errlen, "not a MOO file (no 'MOO ' header chunk)");
        f->failed = true;
        return -1;
    }
    if (l < 12) {
        set_err(f, err, errlen, "'MOO ' header chunk too short (%u bytes)", l);
        f->failed = true;
        return -1;
    }
    f->major = pl[0];
    f->minor = pl[1];
    f->test_count = rd32(pl + 4);
    memcpy(f->cpu, pl + 8, 4);
    f->cpu[4] = 0;
    for (int i = 0; i < 4; i++)
        if (f->cpu[i] < 0x20 || f->cpu[i] > 0x7E) f->cpu[i] = '?';
    if (f->major != 1) {
        set_err(f, err, errlen, "unsupported MOO major version %u", f->major);
        f->failed = true;
        return -1;
    }
    f->pos = s.pos;

    /* Top-level chunks before the first TEST: META (and RMSK, skipped). */
    for (;;) {
        size_t here = s.pos;
        r = next_chunk(&s, &id, &pl, &l);
        if (r <= 0 || is_id(id, "TEST")) { f->pos = here; break; }
        if (is_id(id, "META") && l >= 31) {
            f->has_meta = true;
            f->meta_opcode = rd32(pl + 3);
            memcpy(f->mnemonic, pl + 7, 8);
            f->mnemonic[8] = 0;
            for (int i = 7; i >= 0 && (f->mnemonic[i] == ' ' || f->mnemonic[i] == 0); i--)
                f->mnemonic[i] = 0;
            for (int i = 0; i < 8 && f->mnemonic[i]; i++)
                if (f->mnemonic[i] < 0x20 || f->mnemonic[i] > 0x7E) f->mnemonic[i] = '?';
            f->cpu_mode = pl[27];
        }
        f->pos = s.pos;
    }
    return 0;
}

/* Parse the payload of one TEST chunk. */
static int parse_test(struct moo_file *f, const uint8_t *p, uint32_t len, struct moo_test *t,
                      char *err, size_t errlen)
{
    memset(t, 0, sizeof *t);
    if (len < 4) {
        set_err(f, err, errlen, "TEST chunk at test #%u too short", f->tests_read);
        return -1;
    }
    t->idx = rd32(p);
    t->name = "";
    struct span s = { p + 4, len - 4, 0 };
    const uint8_t *id, *pl;
    uint32_t l;
    int r;
    bool have_init = false, have_fina = false;
    const char *what = NULL;
    while ((r = next_chunk(&s, &id, &pl, &l)) > 0) {
        if (is_id(id, "NAME")) {
            const uint8_t *np;
            if (parse_counted(pl, l, 1, &t->name_len, &np)) { what = "NAME"; break; }
            t->name = (const char *)np;
        } else if (is_id(id, "BYTS")) {
            if (parse_counted(pl, l, 1, &t->nbytes, &t->bytes)) { what = "BYTS"; break; }
        } else if (is_id(id, "INIT")) {
            if (parse_state(pl, l, &t->init, &what)) break;
            have_init = true;
        } else if (is_id(id, "FINA")) {
            if (parse_state(pl, l, &t->fina, &what)) break;
            have_fina = true;
        } else if (is_id(id, "CYCL")) {
            if (parse_counted(pl, l, MOO_CYCLE_SIZE, &t->ncycles, &t->cycles)) { what = "CYCL"; break; }
        } else if (is_id(id, "EXCP")) {
            if (l < 5) { what = "EXCP"; break; }
            t->has_excp = true;
            t->excp_vec = pl[0];
            t->excp_flags_addr = rd32(pl + 1);
        } else if (is_id(id, "HASH")) {
            if (l < 20) { what = "HASH"; break; }
            t->has_hash = true;
            memcpy(t->hash, pl, 20);
        }
        /* GMET, IDX and unknown chunks: skipped by length */
    }
    if (what || r < 0) {
        set_err(f, err, errlen, "test #%u (idx %u): malformed %s chunk", f->tests_read, t->idx, what ? what : "subchunk header");
        return -1;
    }
    if (!have_init || t->init.regs.mask != MOO_REGS_ALL) {
        set_err(f, err, errlen, "test #%u (idx %u): INIT lacks a full REGS chunk", f->tests_read, t->idx);
        return -1;
    }
    if (!have_fina) {
        set_err(f, err, errlen, "test #%u (idx %u): no FINA chunk", f->tests_read, t->idx);
        return -1;
    }
    return 0;
}

int moo_next(struct moo_file *f, struct moo_test *t, char *err, size_t errlen)
{
    if (f->failed) {
        set_err(f, err, errlen, "read after an earlier error");
        return -1;
    }
    struct span s = { f->data, f->len, f->pos };
    const uint8_t *id, *pl;
    uint32_t l;
    int r;
    while ((r = next_chunk(&s, &id, &pl, &l)) > 0) {
        f->pos = s.pos;
        if (!is_id(id, "TEST")) continue; /* unknown top-level chunk: skip */
        if (parse_test(f, pl, l, t, err, errlen)) {
            f->failed = true;
            return -1;
        }
        t->pos = f->tests_read++;
        return 1;
    }
    if (r < 0) {
        set_err(f, err, errlen, "truncated chunk at byte offset %zu (after %u tests)", s.pos, f->tests_read);
        f->failed = true;
        return -1;
    }
    if (f->tests_read != f->test_count) {
        set_err(f, err, errlen, "header says %u tests but the file holds %u", f->test_count, f->tests_read);
        f->failed = true;
        return -1;
    }
    return 0;
}

int moo_open(struct moo_file *f, const char *path, char *err, size_t errlen)
{
    snprintf(f->path, sizeof f->path, "%s", path);
    f->data = NULL;
    f->len = 0;
    f->failed = true;
    gzFile gz = gzopen(path, "rb");
    if (!gz) {
        set_err(f, err, errlen, "cannot open: %m");
        return -1;
    }
    gzbuffer(gz, 256 * 1024);
    size_t n = 0;
    for (;;) {
        if (f->cap - n < 64 * 1024) {
            size_t ncap = f->cap ? f->cap * 2 : 4u * 1024 * 1024;
            if (ncap > (size_t)MOO_MAX_FILE_BYTES + 64 * 1024) ncap = (size_t)MOO_MAX_FILE_BYTES + 64 * 1024;
            if (ncap <= f->cap) {
                set_err(f, err, errlen, "larger than %u bytes uncompressed; refusing", MOO_MAX_FILE_BYTES);
                gzclose(gz);
                return -1;
            }
            uint8_t *nb = realloc(f->buf, ncap);
            if (!nb) {
                set_err(f, err, errlen, "out of memory reading the file");
                gzclose(gz);
                return -1;
            }
            f->buf = nb;
            f->cap = ncap;
        }
        size_t want = f->cap - n;
        if (want > 1u << 30) want = 1u << 30;
        int got = gzread(gz, f->buf + n, (unsigned)want);
        if (got < 0) {
            int errnum;
            const char *msg = gzerror(gz, &errnum);
            set_err(f, err, errlen, "read error: %s", errnum == Z_ERRNO ? "I/O error" : gz_msg(path, msg));
            gzclose(gz);
            return -1;
        }
        if (got == 0) break;
        n += (size_t)got;
        if (n > MOO_MAX_FILE_BYTES) {
            set_err(f, err, errlen, "larger than %u bytes uncompressed; refusing", MOO_MAX_FILE_BYTES);
            gzclose(gz);
            return -1;
        }
    }
    /* A truncated gzip stream reads as EOF with an error recorded. */
    int errnum = Z_OK;
    const char *msg = gzerror(gz, &errnum);
    if (errnum != Z_OK && errnum != Z_STREAM_END) {
        set_err(f, err, errlen, "corrupt or truncated gzip data: %s", gz_msg(path, msg));
        gzclose(gz);
        return -1;
    }
    int cr = gzclose(gz);
    if (cr != Z_OK) {
        set_err(f, err, errlen, "corrupt or truncated gzip data (gzclose %d)", cr);
        return -1;
    }
    return moo_parse_header(f, f->buf, n, err, errlen);
}

void moo_close(struct moo_file *f)
{
    free(f->buf);
    f->buf = NULL;
    f->cap = 0;
    f->data = NULL;
    f->len = 0;
}

void moo_cycle(const struct moo_test *t, uint32_t i, struct moo_cycle *cy)
{
    const uint8_t *c = t->cycles + (size_t)i * MOO_CYCLE_SIZE;
    cy->pins0 = c[0];
    cy->addr = rd32(c + 1);
    /* c[5] segment status */
    cy->mem_status = c[6];
    cy->io_status = c[7];
    /* c[8] pins1 */
    cy->data = rd16(c + 9);
    cy->bus_status = c[11];
    cy->t_state = c[12];
    /* c[13] queue op, c[14] queue byte */
}
