/*
 * state.c - versioned, named-field state records (see state.h for the
 * format and usage).
 */
#include "state.h"

#include <stdlib.h>
#include <string.h>

void state_writer_init(struct state_writer *w)
{
    memset(w, 0, sizeof(*w));
}

void state_writer_free(struct state_writer *w)
{
    free(w->buf);
    state_writer_init(w);
}

/* Make room for n more bytes; false (and error) when out of memory. */
static bool reserve(struct state_writer *w, size_t n)
{
    if (w->error)
        return false;
    if (w->len + n > w->cap) {
        size_t cap = w->cap ? w->cap : 256;
        while (cap < w->len + n)
            cap *= 2;
        uint8_t *nb = realloc(w->buf, cap);
        if (!nb) {
            w->error = true;
            return false;
        }
        w->buf = nb;
        w->cap = cap;
    }
    return true;
}

/* Append n bytes. */
static void put_raw(struct state_writer *w, const void *data, size_t n)
{
    if (!reserve(w, n))
        return;
    memcpy(w->buf + w->len, data, n);
    w->len += n;
}

static void put_le(struct state_writer *w, uint64_t v, int n)
{
    uint8_t b[8];
    for (int k = 0; k < n; k++)
        b[k] = (uint8_t)(v >> (8 * k));
    put_raw(w, b, (size_t)n);
}

static uint64_t get_le(const uint8_t *p, int n)
{
    uint64_t v = 0;
    for (int k = 0; k < n; k++)
        v |= (uint64_t)p[k] << (8 * k);
    return v;
}

/* A name: u8 length, bytes. */
static void put_name(struct state_writer *w, const char *name)
{
    size_t n = strlen(name);
    if (n > STATE_NAME_MAX) {
        w->error = true;
        return;
    }
    put_le(w, n, 1);
    put_raw(w, name, n);
}

void state_begin(struct state_writer *w, const char *name, uint32_t version)
{
    if (w->open) {
        w->error = true;
        return;
    }
    put_name(w, name);
    put_le(w, version, 4);
    w->body_at = w->len;
    put_le(w, 0, 4); /* body_len, patched by state_end */
    w->open = true;
}

int state_end(struct state_writer *w)
{
    if (!w->open)
        w->error = true;
    if (w->error)
        return -1;
    size_t body = w->len - w->body_at - 4;
    if (body > UINT32_MAX) {
        w->error = true;
        return -1;
    }
    for (int k = 0; k < 4; k++)
        w->buf[w->body_at + k] = (uint8_t)(body >> (8 * k));
    w->open = false;
    return 0;
}

/* Field header: name, type, data length. */
static void put_field(struct state_writer *w, const char *name, enum state_type t, uint32_t len)
{
    if (!w->open) {
        w->error = true;
        return;
    }
    put_name(w, name);
    put_le(w, (uint64_t)t, 1);
    put_le(w, len, 4);
}

void state_put_u8(struct state_writer *w, const char *name, uint8_t v)
{
    put_field(w, name, STATE_U8, 1);
    put_le(w, v, 1);
}

void state_put_u16(struct state_writer *w, const char *name, uint16_t v)
{
    put_field(w, name, STATE_U16, 2);
    put_le(w, v, 2);
}

void state_put_u32(struct state_writer *w, const char *name, uint32_t v)
{
    put_field(w, name, STATE_U32, 4);
    put_le(w, v, 4);
}

void state_put_u64(struct state_writer *w, const char *name, uint64_t v)
{
    put_field(w, name, STATE_U64, 8);
    put_le(w, v, 8);
}

void state_put_bytes(struct state_writer *w, const char *name, const void *data, uint32_t len)
{
    put_field(w, name, STATE_BYTES, len);
    if (len)
        put_raw(w, data, len);
}

/* Parse a name at p[0..avail); returns its total size (1 + n), or 0 if it
 * runs past the end. */
static size_t name_at(const uint8_t *p, size_t avail)
{
    if (avail < 1 || avail < 1u + p[0])
        return 0;
    return 1u + p[0];
}

static bool name_is(const uint8_t *p, const char *name)
{
    size_t n = strlen(name);
    return n == p[0] && memcmp(p + 1, name, n) == 0;
}

int state_open(struct state_reader *r, const void *buf, size_t len, const char *name)
{
    const uint8_t *p = buf;
    size_t at = 0;

    while (at < len) {
        size_t nl = name_at(p + at, len - at);
        if (!nl || len - at - nl < 8)
            return -1;
        uint32_t version = (uint32_t)get_le(p + at + nl, 4);
        uint32_t body = (uint32_t)get_le(p + at + nl + 4, 4);
        if (len - at - nl - 8 < body)
            return -1;
        if (name_is(p + at, name)) {
            r->body = p + at + nl + 8;
            r->len = body;
            r->version = version;
            return 0;
        }
        at += nl + 8 + body;
    }
    return -1;
}

/* Find field `name`: its type, data pointer and length. */
static bool find_field(const struct state_reader *r, const char *name, enum state_type *t,
                       const uint8_t **data, uint32_t *dlen)
{
    size_t at = 0;

    while (at < r->len) {
        const uint8_t *p = r->body + at;
        size_t nl = name_at(p, r->len - at);
        if (!nl || r->len - at - nl < 5)
            return false;
        uint8_t type = p[nl];
        uint32_t l = (uint32_t)get_le(p + nl + 1, 4);
        if (r->len - at - nl - 5 < l)
            return false;
        if (name_is(p, name)) {
            *t = (enum state_type)type;
            *data = p + nl + 5;
            *dlen = l;
            return true;
        }
        at += nl + 5 + l;
    }
    return false;
}

/* An integer field no wider than `width` bytes. */
static bool get_int(const struct state_reader *r, const char *name, int width, uint64_t *v)
{
    enum state_type t;
    const uint8_t *d;
    uint32_t l;

    if (!find_field(r, name, &t, &d, &l))
        return false;
    if (t < STATE_U8 || t > STATE_U64)
        return false;
    if (l != (1u << (t - STATE_U8)) || l > (uint32_t)width)
        return false;
    *v = get_le(d, (int)l);
    return true;
}

bool state_get_u8(const struct state_reader *r, const char *name, uint8_t *out)
{
    uint64_t v;
    if (!get_int(r, name, 1, &v))
        return false;
    *out = (uint8_t)v;
    return true;
}

bool state_get_u16(const struct state_reader *r, const char *name, uint16_t *out)
{
    uint64_t v;
    if (!get_int(r, name, 2, &v))
        return false;
    *out = (uint16_t)v;
    return true;
}

bool state_get_u32(const struct state_reader *r, const char *name, uint32_t *out)
{
    uint64_t v;
    if (!get_int(r, name, 4, &v))
        return false;
    *out = (uint32_t)v;
    return true;
}

bool state_get_u64(const struct state_reader *r, const char *name, uint64_t *out)
{
    return get_int(r, name, 8, out);
}

bool state_get_bool(const struct state_reader *r, const char *name, bool *out)
{
    uint64_t v;
    if (!get_int(r, name, 1, &v))
        return false;
    *out = v != 0;
    return true;
}

bool state_get_bytes(const struct state_reader *r, const char *name, void *out, uint32_t len)
{
    enum state_type t;
    const uint8_t *d;
    uint32_t l;

    if (!find_field(r, name, &t, &d, &l) || t != STATE_BYTES || l != len)
        return false;
    if (len)
        memcpy(out, d, len);
    return true;
}
