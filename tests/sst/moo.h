/*
 * moo.h - reader for SingleStepTests MOO files (CPU test vectors).
 *
 * Format: github.com/dbalsom/moo, doc/moo_format_v1.md (MOO 1.x), summed up
 * in ../shared/testdata/README.md section 1.2. A file is a sequence of
 * chunks `char id[4]; u32 len; u8 payload[len]` (little-endian); TEST, INIT
 * and FINA nest further chunks. Unknown chunk ids are skipped by length.
 *
 * The whole (gzip or plain) file is read into one buffer with zlib's
 * gzopen/gzread; tests are then returned one by one as views into that
 * buffer (no per-test allocation). Every length read from the file is
 * checked against the enclosing chunk, so a corrupt or malicious file gives
 * an error message, never an access outside the buffer.
 */
#ifndef X86PC_SST_MOO_H
#define X86PC_SST_MOO_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

/* Register numbers in the order of the REGS bitmask (bit n = register n). */
enum {
    MOO_AX, MOO_BX, MOO_CX, MOO_DX, MOO_CS, MOO_SS, MOO_DS, MOO_ES,
    MOO_SP, MOO_BP, MOO_SI, MOO_DI, MOO_IP, MOO_FLAGS, MOO_NREGS
};
#define MOO_REGS_ALL 0x3FFFu /* all 14 registers present */

/* Lower-case register names, indexed by MOO_*. */
extern const char *const moo_reg_names[MOO_NREGS];

/* A REGS chunk: `mask` bit n set means v[n] is valid. */
struct moo_regs {
    uint16_t mask;
    uint16_t v[MOO_NREGS];
};

/* A RAM chunk: n entries of 5 bytes (u32 physical address, u8 value) at p.
 * Read entries with moo_ram_addr()/moo_ram_val(). */
struct moo_ram {
    uint32_t n;
    const uint8_t *p;
};

/* INIT or FINA state. */
struct moo_state {
    struct moo_regs regs;
    struct moo_ram ram;
};

/* Size of one CYCL record in bytes, and the fields used by the runner. */
#define MOO_CYCLE_SIZE 15
struct moo_cycle {
    uint8_t pins0;        /* bit 0: ALE (address latch valid, T1) */
    uint32_t addr;        /* address latch */
    uint8_t mem_status;   /* bit 0 write, bit 1 advanced write, bit 2 read */
    uint8_t io_status;
    uint16_t data;        /* data bus */
    uint8_t bus_status;   /* 8086: 3 MEMR, 4 MEMW; 286: 5 MEMR, 6 MEMW */
    uint8_t t_state;
};

/* One test, as views into the file buffer (valid until moo_close()). */
struct moo_test {
    uint32_t idx;              /* upstream test index (0 for every test of
                                * the 8086 v1 files) */
    uint32_t pos;              /* 0-based position of the test in the file */
    const char *name;          /* disassembly text, NOT NUL-terminated */
    uint32_t name_len;
    const uint8_t *bytes;      /* instruction bytes (286: with trailing F4) */
    uint32_t nbytes;
    struct moo_state init, fina;
    const uint8_t *cycles;     /* ncycles records of MOO_CYCLE_SIZE bytes */
    uint32_t ncycles;
    bool has_excp;             /* EXCP chunk present (286) */
    uint8_t excp_vec;          /* exception number */
    uint32_t excp_flags_addr;  /* physical address of the pushed FLAGS */
    bool has_hash;
    uint8_t hash[20];          /* SHA-1 identifying the test (286) */
};

/* An open MOO file. */
struct moo_file {
    char path[1024];
    uint8_t major, minor;      /* MOO format version */
    uint32_t test_count;       /* from the MOO header */
    char cpu[5];               /* "8086", "C286", ... NUL-terminated */
    bool has_meta;             /* META chunk seen (286 files) */
    uint32_t meta_opcode;      /* META opcode, 0xFFFFFFFF = several */
    char mnemonic[9];          /* META mnemonic, trailing spaces removed */
    uint8_t cpu_mode;          /* META cpu_mode, 0 = real mode */
    uint32_t tests_read;       /* tests returned so far by moo_next() */
    /* the whole decompressed file being parsed */
    const uint8_t *data;
    size_t len;
    size_t pos;                /* offset of the next top-level chunk */
    bool failed;               /* a malformed chunk was met */
    /* buffer owned by moo_open, reused from file to file */
    uint8_t *buf;
    size_t cap;
};

/* Largest decompressed file accepted (guards against gzip bombs). */
#define MOO_MAX_FILE_BYTES (1024u * 1024u * 1024u)

/* Read `path` (gzip-compressed or plain) and parse its header chunks.
 * `f` must be zero-initialised before first use; its buffer is reused by
 * later calls. Returns 0, or -1 with a message naming the file in err. */
int moo_open(struct moo_file *f, const char *path, char *err, size_t errlen);

/* Parse the next TEST chunk into *t. Returns 1 for a test, 0 at the end of
 * the file (after checking the test count against the header), -1 on a
 * malformed chunk (message in err; later calls return -1 again). */
int moo_next(struct moo_file *f, struct moo_test *t, char *err, size_t errlen);

/* Free the buffer of `f` (safe on a zeroed or already closed file). */
void moo_close(struct moo_file *f);

/* Parse the header chunks of a whole file already in memory (used by
 * moo_open and by the unit test). Takes no ownership of `data`, which must
 * stay valid while tests are read. Returns 0, or -1 with a message. */
int moo_parse_header(struct moo_file *f, const uint8_t *data, size_t len,
                     char *err, size_t errlen);

/* Entry i (< r->n) of a RAM chunk. */
static inline uint32_t moo_ram_addr(const struct moo_ram *r, uint32_t i)
{
    const uint8_t *e = r->p + (size_t)i * 5;
    return (uint32_t)e[0] | (uint32_t)e[1] << 8 | (uint32_t)e[2] << 16 | (uint32_t)e[3] << 24;
}
static inline uint8_t moo_ram_val(const struct moo_ram *r, uint32_t i)
{
    return r->p[(size_t)i * 5 + 4];
}

/* Decode CYCL record i (< t->ncycles). */
void moo_cycle(const struct moo_test *t, uint32_t i, struct moo_cycle *cy);

#endif
