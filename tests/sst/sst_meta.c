/*
 * sst_meta.c - metadata.json flag masks and the revocation list (sst_meta.h).
 */
#include "sst_meta.h"

#include <ctype.h>
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cjson/cJSON.h>

#include "moo.h"

#define META_MAX_JSON (64u * 1024 * 1024) /* refuse larger metadata files */

static struct sst_meta **cache;
static size_t ncache;

/* Read a whole text file (NUL-terminated). NULL when absent (errno ENOENT)
 * or unreadable/too large (message on stderr). */
static char *read_text(const char *path)
{
    FILE *fp = fopen(path, "rb");
    if (!fp) {
        if (errno != ENOENT) fprintf(stderr, "x86pc-sst: %s: %s\n", path, strerror(errno));
        return NULL;
    }
    size_t cap = 64 * 1024, n = 0;
    char *buf = malloc(cap);
    while (buf) {
        if (cap - n < 2) {
            if (cap >= META_MAX_JSON) {
                fprintf(stderr, "x86pc-sst: %s: larger than %u bytes, ignored\n", path, META_MAX_JSON);
                free(buf);
                buf = NULL;
                break;
            }
            char *nb = realloc(buf, cap * 2);
            if (!nb) { free(buf); buf = NULL; break; }
            buf = nb;
            cap *= 2;
        }
        size_t got = fread(buf + n, 1, cap - n - 1, fp);
        n += got;
        if (got == 0) {
            if (ferror(fp)) {
                fprintf(stderr, "x86pc-sst: %s: read error\n", path);
                free(buf);
                buf = NULL;
            }
            break;
        }
    }
    fclose(fp);
    if (buf) buf[n] = 0;
    return buf;
}

static int hexval(int ch)
{
    if (ch >= '0' && ch <= '9') return ch - '0';
    if (ch >= 'a' && ch <= 'f') return ch - 'a' + 10;
    if (ch >= 'A' && ch <= 'F') return ch - 'A' + 10;
    return -1;
}

/* Parse exactly `n` hex digits of s into *v. */
static bool parse_hex(const char *s, int n, unsigned *v)
{
    unsigned x = 0;
    for (int i = 0; i < n; i++) {
        int d = hexval((unsigned char)s[i]);
        if (d < 0) return false;
        x = x << 4 | (unsigned)d;
    }
    *v = x;
    return true;
}

/* "flags-mask" of one metadata entry, 0xFFFF when absent. */
static uint16_t entry_mask(const cJSON *e)
{
    const cJSON *fm = cJSON_GetObjectItemCaseSensitive(e, "flags-mask");
    if (cJSON_IsNumber(fm) && fm->valuedouble >= 0 && fm->valuedouble <= 65535)
        return (uint16_t)fm->valuedouble;
    return 0xFFFF;
}

static void load_json(struct sst_meta *m, const char *path)
{
    char *txt = read_text(path);
    if (!txt) return;
    cJSON *root = cJSON_Parse(txt);
    free(txt);
    if (!root) {
        fprintf(stderr, "x86pc-sst: %s: not valid JSON, flag masks not used\n", path);
        return;
    }
    const cJSON *ops = cJSON_GetObjectItemCaseSensitive(root, "opcodes");
    if (!cJSON_IsObject(ops)) {
        fprintf(stderr, "x86pc-sst: %s: no \"opcodes\" object, flag masks not used\n", path);
        cJSON_Delete(root);
        return;
    }
    const cJSON *e;
    cJSON_ArrayForEach(e, ops) {
        const char *key = e->string;
        unsigned op;
        uint16_t (*tab)[8];
        if (!key || !cJSON_IsObject(e)) continue;
        size_t kl = strlen(key);
        if (kl == 2 && parse_hex(key, 2, &op)) {
            tab = m->mask1;
        } else if (kl == 4 && (key[0] == '0') && (key[1] == 'F' || key[1] == 'f') && parse_hex(key + 2, 2, &op)) {
            tab = m->mask2;
        } else {
            continue;
        }
        const cJSON *regs = cJSON_GetObjectItemCaseSensitive(e, "reg");
        if (cJSON_IsObject(regs)) {
            const cJSON *r;
            cJSON_ArrayForEach(r, regs) {
                if (r->string && r->string[0] >= '0' && r->string[0] <= '7' && !r->string[1])
                    tab[op][r->string[0] - '0'] = entry_mask(r);
            }
        } else {
            uint16_t mk = entry_mask(e);
            for (int i = 0; i < 8; i++) tab[op][i] = mk;
            const cJSON *st = cJSON_GetObjectItemCaseSensitive(e, "status");
            if (tab == m->mask1 && cJSON_IsString(st) && strcmp(st->valuestring, "prefix") == 0)
                m->prefix[op] = true;
        }
    }
    cJSON_Delete(root);
    m->have_json = true;
}

static int cmp_hash(const void *a, const void *b) { return memcmp(a, b, 20); }

static void load_revocations(struct sst_meta *m, const char *path)
{
    char *txt = read_text(path);
    if (!txt) return;
    m->have_revocation_list = true;
    size_t cap = 0;
    char *save = NULL;
    for (char *line = strtok_r(txt, "\n", &save); line; line = strtok_r(NULL, "\n", &save)) {
        while (isspace((unsigned char)*line)) line++;
        size_t l = strlen(line);
        while (l && isspace((unsigned char)line[l - 1])) line[--l] = 0;
        if (!l || line[0] == '#') continue;
        uint8_t h[20];
        bool ok = l == 40;
        for (int i = 0; ok && i < 20; i++) {
            unsigned v;
            ok = parse_hex(line + 2 * i, 2, &v);
            h[i] = (uint8_t)v;
        }
        if (!ok) {
            fprintf(stderr, "x86pc-sst: %s: ignoring line that is not a 40-digit SHA-1: %.60s\n", path, line);
            continue;
        }
        if (m->nrevoked == cap) {
            size_t ncap = cap ? cap * 2 : 16;
            void *nr = realloc(m->revoked, ncap * 20);
            if (!nr) break;
            m->revoked = nr;
            cap = ncap;
        }
        memcpy(m->revoked[m->nrevoked++], h, 20);
    }
    free(txt);
    if (m->nrevoked) qsort(m->revoked, m->nrevoked, 20, cmp_hash);
}

struct sst_meta *sst_meta_get(const char *dir)
{
    for (size_t i = 0; i < ncache; i++)
        if (strcmp(cache[i]->dir, dir) == 0) return cache[i];
    struct sst_meta *m = calloc(1, sizeof *m);
    struct sst_meta **nc = realloc(cache, (ncache + 1) * sizeof *cache);
    if (!m || !nc) {
        free(m);
        if (nc) cache = nc;
        return NULL;
    }
    cache = nc;
    cache[ncache++] = m;
    snprintf(m->dir, sizeof m->dir, "%s", dir);
    for (int o = 0; o < 256; o++)
        for (int r = 0; r < 8; r++) m->mask1[o][r] = m->mask2[o][r] = 0xFFFF;
    char path[1200];
    snprintf(path, sizeof path, "%s/metadata.json", dir);
    load_json(m, path);
    snprintf(path, sizeof path, "%s/revocation_list.txt", dir);
    load_revocations(m, path);
    return m;
}

void sst_meta_free_all(void)
{
    for (size_t i = 0; i < ncache; i++) {
        free(cache[i]->revoked);
        free(cache[i]);
    }
    free(cache);
    cache = NULL;
    ncache = 0;
}

bool sst_meta_mask_for_name(const struct sst_meta *m, const char *base, uint16_t *mask)
{
    unsigned op, reg = 0;
    const char *p = base;
    const uint16_t (*tab)[8] = m->mask1;
    if ((p[0] == '0') && (p[1] == 'F' || p[1] == 'f') && parse_hex(p + 2, 2, &op) && p[4] == '.') {
        tab = m->mask2;
        p += 4;
    } else if (parse_hex(p, 2, &op) && p[2] == '.') {
        p += 2;
    } else {
        return false;
    }
    /* p at '.': optional ".N" group reg, then ".MOO" / ".moo" */
    bool has_reg = p[1] >= '0' && p[1] <= '7' && p[2] == '.';
    if (has_reg) {
        reg = (unsigned)(p[1] - '0');
        p += 2;
    }
    if (strncmp(p, ".MOO", 4) != 0 && strncmp(p, ".moo", 4) != 0) return false;
    if (!has_reg) {
        /* a group opcode file without the reg in its name: not decidable */
        for (int r = 1; r < 8; r++)
            if (tab[op][r] != tab[op][0]) return false;
    }
    *mask = tab[op][reg];
    return true;
}

uint16_t sst_meta_mask_for_bytes(const struct sst_meta *m, const uint8_t *bytes, uint32_t n)
{
    uint32_t i = 0;
    while (i < n && m->prefix[bytes[i]]) i++;
    if (i >= n) return 0xFFFF;
    if (bytes[i] == 0x0F && i + 1 < n) {
        unsigned op = bytes[i + 1];
        unsigned reg = i + 2 < n ? (bytes[i + 2] >> 3) & 7 : 0;
        /* only a 386+ metadata has 0F entries; an 8086 "0F" is POP CS */
        bool any = false;
        for (int r = 0; r < 8 && !any; r++) any = m->mask2[op][r] != 0xFFFF;
        if (any) return m->mask2[op][reg];
    }
    unsigned op = bytes[i];
    unsigned reg = i + 1 < n ? (bytes[i + 1] >> 3) & 7 : 0;
    return m->mask1[op][reg];
}

bool sst_meta_revoked(const struct sst_meta *m, const struct moo_test *t)
{
    if (!t->has_hash || !m->nrevoked) return false;
    return bsearch(t->hash, m->revoked, m->nrevoked, 20, cmp_hash) != NULL;
}
