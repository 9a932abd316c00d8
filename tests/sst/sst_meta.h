/*
 * sst_meta.h - per-directory SingleStepTests metadata: undefined-flag masks
 * from metadata.json and the revocation list (revocation_list.txt).
 *
 * metadata.json (upstream SingleStepTests 8086 / 80286 repositories) holds
 * opcodes["XX"] or, for group opcodes, opcodes["XX"]["reg"]["N"] (N = ModR/M
 * reg field), each with an optional "flags-mask" (AND both expected and
 * actual FLAGS with it) and a "status" ("prefix" marks prefix bytes).
 * ../shared/testdata/README.md section 1.3 step 4.
 */
#ifndef X86PC_SST_META_H
#define X86PC_SST_META_H

#include <stdbool.h>
#include <stdint.h>

struct moo_test;

/* Metadata of one test directory. */
struct sst_meta {
    char dir[1024];
    bool have_json;                /* metadata.json found and parsed */
    /* FLAGS masks: [opcode][reg] for one-byte opcodes and 0F xx. 0xFFFF when
     * the entry has no "flags-mask" (all flags defined). */
    uint16_t mask1[256][8];
    uint16_t mask2[256][8];
    bool prefix[256];              /* status "prefix" in metadata.json */
    /* Revoked test hashes (SHA-1, 20 bytes each), sorted for bsearch. */
    uint8_t (*revoked)[20];
    uint32_t nrevoked;
    bool have_revocation_list;
};

/* Load metadata.json and revocation_list.txt from `dir` (either may be
 * absent: have_json / have_revocation_list tell). Returns a cached object
 * for a directory already loaded. Never NULL except on out of memory.
 * Messages about malformed files go to stderr once. */
struct sst_meta *sst_meta_get(const char *dir);

/* Free every cached directory. */
void sst_meta_free_all(void);

/* FLAGS mask for the file `base` (e.g. "F6.6.MOO.gz" -> opcode F6, reg 6):
 * returns true and *mask when the name has that form. */
bool sst_meta_mask_for_name(const struct sst_meta *m, const char *base, uint16_t *mask);

/* FLAGS mask for one test from its instruction bytes (prefixes skipped
 * per metadata, 0F xx two-byte opcodes, ModR/M reg for groups). Used when
 * the file name does not name the opcode. */
uint16_t sst_meta_mask_for_bytes(const struct sst_meta *m, const uint8_t *bytes, uint32_t n);

/* True when the test's HASH is in the revocation list. */
bool sst_meta_revoked(const struct sst_meta *m, const struct moo_test *t);

#endif
