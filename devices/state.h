/*
 * state.h - versioned, named-field state records (DESIGN.md "State").
 *
 * Every device (and the CPU) saves all of its state as one record: a
 * record name (e.g. "pic"), a version number, and a list of named fields.
 * A machine snapshot is the concatenation of the records (compressed with
 * zlib by whoever writes it to a file). Because fields are found by name,
 * a newer device version can still load an older record: it keeps its
 * reset value for a field the record lacks, and it checks `version` for
 * fields whose meaning changed.
 *
 * Wire format (all integers little-endian, independent of the host):
 *   record: u8 name_len, name bytes, u32 version, u32 body_len, body
 *   field:  u8 name_len, name bytes, u8 type (enum state_type),
 *           u32 data_len, data (integers in 1/2/4/8 bytes little-endian)
 *
 * Usage (save):
 *     struct state_writer w;  state_writer_init(&w);
 *     state_begin(&w, "pic", 1);
 *     state_put_u8(&w, "master.imr", p->imr); ...
 *     state_end(&w);
 *     ... w.buf / w.len hold the records; state_writer_free(&w).
 * Usage (load):
 *     struct state_reader r;
 *     if (state_open(&r, buf, len, "pic") < 0) -> no such record
 *     if (r.version > 1) -> too new, refuse
 *     state_get_u8(&r, "master.imr", &p->imr);   (false: field absent)
 *
 * Chips keep their state in a plain-data struct (no pointers) so the whole
 * of it can be written field by field. Readers never trust the buffer:
 * every length is bounds-checked, malformed input gives an error, never a
 * crash.
 */
#ifndef X86PC_STATE_H
#define X86PC_STATE_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

/* Field types. Integers may be read back into a wider getter (a u8 field
 * by state_get_u32, ...), never into a narrower one. */
enum state_type {
    STATE_U8 = 1,
    STATE_U16 = 2,
    STATE_U32 = 3,
    STATE_U64 = 4,
    STATE_BYTES = 5
};

/* Maximum name length of a record or field, in bytes. */
#define STATE_NAME_MAX 255

/* A growable output buffer holding zero or more complete records.
 * `error` is set on allocation failure or misuse (put outside a record,
 * name too long); the buffer is then not usable. */
struct state_writer {
    uint8_t *buf;
    size_t len, cap;
    size_t body_at;      /* offset of the open record's body_len field, 0 if none */
    bool open;
    bool error;
};

/* One record opened for reading: a view into the caller's buffer. */
struct state_reader {
    const uint8_t *body;
    size_t len;
    uint32_t version;    /* the version the record was saved with */
};

/* Empty writer. */
void state_writer_init(struct state_writer *w);
/* Free the buffer (the writer is empty again afterwards). */
void state_writer_free(struct state_writer *w);

/* Open record `name` with `version` (device-defined, starting at 1). */
void state_begin(struct state_writer *w, const char *name, uint32_t version);
/* Close the open record. Returns 0, or -1 if the writer is in error. */
int state_end(struct state_writer *w);

/* Append one field to the open record. */
void state_put_u8(struct state_writer *w, const char *name, uint8_t v);
void state_put_u16(struct state_writer *w, const char *name, uint16_t v);
void state_put_u32(struct state_writer *w, const char *name, uint32_t v);
void state_put_u64(struct state_writer *w, const char *name, uint64_t v);
static inline void state_put_bool(struct state_writer *w, const char *name, bool v)
{
    state_put_u8(w, name, v ? 1 : 0);
}
void state_put_bytes(struct state_writer *w, const char *name, const void *data, uint32_t len);

/* Find record `name` in buf[0..len) (a sequence of records). Returns 0 and
 * fills r, or -1 when it is absent or the buffer is malformed. */
int state_open(struct state_reader *r, const void *buf, size_t len, const char *name);

/* Read field `name` of the record into *out. Return true when the field
 * exists with a compatible type (integer no wider than the getter; for
 * bytes exactly `len` bytes); false otherwise, leaving *out unchanged. */
bool state_get_u8(const struct state_reader *r, const char *name, uint8_t *out);
bool state_get_u16(const struct state_reader *r, const char *name, uint16_t *out);
bool state_get_u32(const struct state_reader *r, const char *name, uint32_t *out);
bool state_get_u64(const struct state_reader *r, const char *name, uint64_t *out);
bool state_get_bool(const struct state_reader *r, const char *name, bool *out);
bool state_get_bytes(const struct state_reader *r, const char *name, void *out, uint32_t len);

#endif
