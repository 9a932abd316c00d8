/*
 * mem.c - the guest's physical address space (see mem.h).
 *
 * Layout: one host allocation for RAM at physical 0. ROM copies and MMIO
 * windows live in a small region table. A page map with one byte per 4 KiB
 * page of the 4 GiB space (1 MiB of host memory) says what each page is:
 *   0            RAM if below ram_size, otherwise nothing (reads all ones);
 *   1..MAX       the whole page belongs to region (value - 1);
 *   PAGE_MIXED   several things share the page: search the region table.
 * So the common RAM case is a mask, a table load, a bounds check and a load.
 *
 * Physical addresses are masked first by the address width (20 bits on the
 * 8086/80186, 24 on the 286, 32 on the 386+) and by the A20 gate (bit 20
 * forced to 0 when the gate is closed). An access that straddles a page
 * (and so maybe a region boundary) is done byte by byte, each byte masked
 * again, as the hardware wraps each bus cycle's address.
 */
#include "mem.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define PAGE_SHIFT 12
#define PAGE_SIZE 4096u
#define NPAGES (1u << 20)         /* 4 GiB / 4 KiB */
#define MAX_REGIONS 64
#define PAGE_MIXED 0xFF
/* Shadow RAM pages of the BIOS area (mem_set_shadow): read from RAM with
 * writes going to what is mapped there, or the reverse. */
#define PAGE_RAM_RO 0xFE
#define PAGE_RAM_WO 0xFD
#define SHADOW_FIRST (0xC0000u >> PAGE_SHIFT)
#define SHADOW_PAGES ((0x100000u - 0xC0000u) >> PAGE_SHIFT)

enum region_kind { REG_ROM, REG_MMIO };

/* One overlay: a read-only copy of a ROM image, or an MMIO window. */
struct region {
    enum region_kind kind;
    uint32_t base;
    uint32_t size;      /* bytes, > 0 */
    uint8_t *data;      /* ROM: owned copy of the image */
    mmio_read_fn rd;
    mmio_write_fn wr;
    void *opaque;
};

struct mem {
    uint8_t *ram;
    uint64_t ram_size;
    uint32_t width_mask;  /* (1 << width) - 1 */
    uint32_t addr_mask;   /* width_mask, with bit 20 cleared when A20 is off */
    bool a20;
    bool warned_write;    /* "write outside memory" logged once */
    uint32_t generation;
    int nregions;
    struct region regions[MAX_REGIONS];
    uint8_t *pagemap;     /* NPAGES bytes, see the comment at the top */
    uint8_t shadow[SHADOW_PAGES]; /* MEM_SHADOW_* per page of 0xC0000-0xFFFFF */
    void (*hook)(void *opaque);
    void *hook_opaque;
};

static void update_mask(struct mem *m)
{
    m->addr_mask = m->a20 ? m->width_mask : (m->width_mask & ~(1u << 20));
}

static void changed(struct mem *m)
{
    m->generation++;
    if (m->hook)
        m->hook(m->hook_opaque);
}

struct mem *mem_create(uint64_t ram_bytes)
{
    if (ram_bytes % PAGE_SIZE || ram_bytes > 0xE0000000ull) {
        fprintf(stderr, "mem: RAM size %llu is not a multiple of 4 KiB up to 3.5 GiB\n",
                (unsigned long long)ram_bytes);
        return NULL;
    }
    struct mem *m = calloc(1, sizeof *m);
    if (!m) {
        fprintf(stderr, "mem: out of host memory\n");
        return NULL;
    }
    m->pagemap = calloc(NPAGES, 1);
    /* calloc of a large block is lazily zeroed by the host (mmap). */
    m->ram = calloc(ram_bytes ? ram_bytes : 1, 1);
    if (!m->pagemap || !m->ram) {
        fprintf(stderr, "mem: cannot allocate %llu bytes of guest RAM\n",
                (unsigned long long)ram_bytes);
        free(m->pagemap);
        free(m->ram);
        free(m);
        return NULL;
    }
    m->ram_size = ram_bytes;
    m->width_mask = 0xFFFFFFFFu;
    m->a20 = true;
    update_mask(m);
    return m;
}

void mem_destroy(struct mem *m)
{
    if (!m)
        return;
    for (int i = 0; i < m->nregions; i++)
        free(m->regions[i].data);
    free(m->pagemap);
    free(m->ram);
    free(m);
}

void mem_set_addr_bits(struct mem *m, int bits)
{
    m->width_mask = bits >= 32 ? 0xFFFFFFFFu : ((1u << bits) - 1);
    update_mask(m);
    changed(m);
}

void mem_set_a20(struct mem *m, bool enabled)
{
    if (m->a20 == enabled)
        return;
    m->a20 = enabled;
    update_mask(m);
    changed(m);
}

bool mem_get_a20(const struct mem *m) { return m->a20; }

uint32_t mem_generation(const struct mem *m) { return m->generation; }

uint64_t mem_ram_size(const struct mem *m) { return m->ram_size; }

uint8_t *mem_ram(struct mem *m) { return m->ram; }

void mem_set_change_hook(struct mem *m, void (*fn)(void *opaque), void *opaque)
{
    m->hook = fn;
    m->hook_opaque = opaque;
}

/* Record region `idx` in the page map: whole pages get its index, pages it
 * covers only in part become PAGE_MIXED. */
static void map_region(struct mem *m, int idx)
{
    const struct region *r = &m->regions[idx];
    uint64_t start = r->base, end = (uint64_t)r->base + r->size; /* exclusive */
    for (uint64_t p = start >> PAGE_SHIFT; p < (end + PAGE_SIZE - 1) >> PAGE_SHIFT && p < NPAGES; p++) {
        uint64_t ps = p << PAGE_SHIFT, pe = ps + PAGE_SIZE;
        m->pagemap[p] = (start <= ps && end >= pe) ? (uint8_t)(idx + 1) : PAGE_MIXED;
    }
}

/* Page-map entry of page p from the region table alone (what successive
 * map_region calls leave there). */
static uint8_t region_page(const struct mem *m, uint32_t p)
{
    uint64_t ps = (uint64_t)p << PAGE_SHIFT, pe = ps + PAGE_SIZE;
    uint8_t t = 0;
    for (int i = 0; i < m->nregions; i++) {
        const struct region *r = &m->regions[i];
        uint64_t start = r->base, end = (uint64_t)r->base + r->size;
        if (end <= ps || start >= pe)
            continue;
        t = (start <= ps && end >= pe) ? (uint8_t)(i + 1) : PAGE_MIXED;
    }
    return t;
}

/* Put the shadow attributes of the BIOS-area pages over the page map. */
static void apply_shadow(struct mem *m)
{
    for (uint32_t k = 0; k < SHADOW_PAGES; k++) {
        uint32_t p = SHADOW_FIRST + k;
        uint8_t t = region_page(m, p);
        if ((uint64_t)(p + 1) << PAGE_SHIFT <= m->ram_size) {
            if (m->shadow[k] == (MEM_SHADOW_READ | MEM_SHADOW_WRITE))
                t = 0;
            else if (m->shadow[k] == MEM_SHADOW_READ)
                t = PAGE_RAM_RO;
            else if (m->shadow[k] == MEM_SHADOW_WRITE)
                t = PAGE_RAM_WO;
        }
        m->pagemap[p] = t;
    }
}

static int add_region(struct mem *m, const struct region *r)
{
    if (m->nregions >= MAX_REGIONS || m->nregions + 1 >= PAGE_RAM_WO || r->size == 0)
        return -1;
    if ((uint64_t)r->base + r->size > 0x100000000ull)
        return -1;
    int idx = m->nregions++;
    m->regions[idx] = *r;
    map_region(m, idx);
    apply_shadow(m);
    changed(m);
    return 0;
}

void mem_set_shadow(struct mem *m, uint32_t phys, uint32_t size, unsigned attr)
{
    bool any = false;
    for (uint64_t a = phys; a < (uint64_t)phys + size; a += PAGE_SIZE) {
        uint32_t p = (uint32_t)(a >> PAGE_SHIFT);
        if (p < SHADOW_FIRST || p >= SHADOW_FIRST + SHADOW_PAGES)
            continue;
        uint8_t v = (uint8_t)(attr & (MEM_SHADOW_READ | MEM_SHADOW_WRITE));
        if (m->shadow[p - SHADOW_FIRST] != v) {
            m->shadow[p - SHADOW_FIRST] = v;
            any = true;
        }
    }
    if (any) {
        apply_shadow(m);
        changed(m);
    }
}

int mem_map_rom(struct mem *m, uint32_t phys, const uint8_t *data, uint32_t size)
{
    struct region r = { .kind = REG_ROM, .base = phys, .size = size };
    if (size == 0)
        return -1;
    r.data = malloc(size);
    if (!r.data)
        return -1;
    memcpy(r.data, data, size);
    if (add_region(m, &r) < 0) {
        free(r.data);
        return -1;
    }
    return 0;
}

int mem_map_mmio(struct mem *m, uint32_t phys, uint32_t size,
                 mmio_read_fn rd, mmio_write_fn wr, void *opaque)
{
    struct region r = { .kind = REG_MMIO, .base = phys, .size = size,
                        .rd = rd, .wr = wr, .opaque = opaque };
    return add_region(m, &r);
}

/* The region (or NULL for RAM/nothing) that owns masked address `a`. */
static const struct region *find_region(const struct mem *m, uint32_t a)
{
    uint8_t t = m->pagemap[a >> PAGE_SHIFT];
    if (t == 0)
        return NULL;
    if (t < PAGE_RAM_WO)
        return &m->regions[t - 1];
    for (int i = m->nregions - 1; i >= 0; i--) {
        const struct region *r = &m->regions[i];
        if (a - r->base < r->size)
            return r;
    }
    return NULL;
}

/* True when all `size` bytes at masked `a` lie in one page with a single
 * owner (so a multi-byte access can go to that owner at once). */
static inline bool one_page(uint32_t a, int size)
{
    return (a & (PAGE_SIZE - 1)) <= PAGE_SIZE - (uint32_t)size;
}

/* Read `size` (1, 2, 4) bytes at masked `a`, all in one page. */
static uint32_t read_page(struct mem *m, uint32_t a, int size)
{
    const struct region *r = m->pagemap[a >> PAGE_SHIFT] == PAGE_RAM_RO ? NULL
                                                                         : find_region(m, a);
    uint32_t v = 0;
    if (!r) {
        if (a < m->ram_size) {
            memcpy(&v, m->ram + a, (size_t)size);
            return v;
        }
        return size == 4 ? 0xFFFFFFFFu : (1u << (size * 8)) - 1;
    }
    /* A mixed page: the access may leave the region; then go byte-wise. */
    if (a - r->base > r->size - (uint32_t)size) {
        for (int i = 0; i < size; i++)
            v |= (uint32_t)read_page(m, a + (uint32_t)i, 1) << (8 * i);
        return v;
    }
    if (r->kind == REG_ROM) {
        memcpy(&v, r->data + (a - r->base), (size_t)size);
        return v;
    }
    v = r->rd ? r->rd(r->opaque, a - r->base, size) : 0xFFFFFFFFu;
    return size == 4 ? v : v & ((1u << (size * 8)) - 1);
}

static void write_page(struct mem *m, uint32_t a, int size, uint32_t v)
{
    const struct region *r = m->pagemap[a >> PAGE_SHIFT] == PAGE_RAM_WO ? NULL
                                                                          : find_region(m, a);
    if (!r) {
        if (a < m->ram_size) {
            memcpy(m->ram + a, &v, (size_t)size);
        } else if (!m->warned_write) {
            m->warned_write = true;
            fprintf(stderr, "mem: write to unmapped physical address 0x%08x dropped "
                    "(logged once)\n", a);
        }
        return;
    }
    if (a - r->base > r->size - (uint32_t)size) {
        for (int i = 0; i < size; i++)
            write_page(m, a + (uint32_t)i, 1, v >> (8 * i));
        return;
    }
    if (r->kind == REG_MMIO && r->wr)
        r->wr(r->opaque, a - r->base, size == 4 ? v : v & ((1u << (size * 8)) - 1), size);
    /* ROM: writes are ignored, as on a real ROM chip. */
}

/* Generic read: one page at once, or byte by byte with each byte masked. */
static uint32_t mem_read_n(struct mem *m, uint32_t phys, int size)
{
    uint32_t a = phys & m->addr_mask;
    if (one_page(a, size) && ((a + (uint32_t)size - 1) & m->addr_mask) == a + (uint32_t)size - 1)
        return read_page(m, a, size);
    uint32_t v = 0;
    for (int i = 0; i < size; i++)
        v |= read_page(m, (phys + (uint32_t)i) & m->addr_mask, 1) << (8 * i);
    return v;
}

static void mem_write_n(struct mem *m, uint32_t phys, int size, uint32_t v)
{
    uint32_t a = phys & m->addr_mask;
    if (one_page(a, size) && ((a + (uint32_t)size - 1) & m->addr_mask) == a + (uint32_t)size - 1) {
        write_page(m, a, size, v);
        return;
    }
    for (int i = 0; i < size; i++)
        write_page(m, (phys + (uint32_t)i) & m->addr_mask, 1, v >> (8 * i));
}

uint8_t mem_read8(struct mem *m, uint32_t phys)
{
    uint32_t a = phys & m->addr_mask;
    if (m->pagemap[a >> PAGE_SHIFT] == 0 && a < m->ram_size)
        return m->ram[a];
    return (uint8_t)read_page(m, a, 1);
}

uint16_t mem_read16(struct mem *m, uint32_t phys) { return (uint16_t)mem_read_n(m, phys, 2); }
uint32_t mem_read32(struct mem *m, uint32_t phys) { return mem_read_n(m, phys, 4); }

void mem_write8(struct mem *m, uint32_t phys, uint8_t v)
{
    uint32_t a = phys & m->addr_mask;
    if (m->pagemap[a >> PAGE_SHIFT] == 0 && a < m->ram_size) {
        m->ram[a] = v;
        return;
    }
    write_page(m, a, 1, v);
}

void mem_write16(struct mem *m, uint32_t phys, uint16_t v) { mem_write_n(m, phys, 2, v); }
void mem_write32(struct mem *m, uint32_t phys, uint32_t v) { mem_write_n(m, phys, 4, v); }

uint8_t *mem_host_page(struct mem *m, uint32_t phys, bool write)
{
    uint32_t a = (phys & m->addr_mask) & ~(PAGE_SIZE - 1);
    uint8_t t = m->pagemap[a >> PAGE_SHIFT];
    if (t == 0)
        return (uint64_t)a + PAGE_SIZE <= m->ram_size ? m->ram + a : NULL;
    if (t == PAGE_RAM_RO && !write)
        return m->ram + a;
    if (t >= PAGE_RAM_WO || write)
        return NULL;
    const struct region *r = &m->regions[t - 1];
    return r->kind == REG_ROM ? r->data + (a - r->base) : NULL;
}
