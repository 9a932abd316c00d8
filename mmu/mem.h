/*
 * mem.h - the guest's physical address space.
 *
 * One host allocation holds guest RAM (from physical address 0). ROM images
 * (system BIOS, VGA BIOS) and MMIO windows overlay it. The address width
 * follows the CPU model (20 bits on the 8086/80186, 24 on the 286, 32 on the
 * 386 and later) and A20 gating (port 0x92 / 8042) masks bit 20 on the 286+.
 * Every access is bounds-checked: reads outside RAM/ROM/MMIO return all ones,
 * writes there are dropped (logged once), so the guest can never reach host
 * memory outside its own RAM.
 */
#ifndef X86PC_MEM_H
#define X86PC_MEM_H

#include <stdbool.h>
#include <stdint.h>

struct mem;

/* MMIO callbacks: size 1, 2 or 4 bytes; `offset` is relative to the window. */
typedef uint32_t (*mmio_read_fn)(void *opaque, uint32_t offset, int size);
typedef void (*mmio_write_fn)(void *opaque, uint32_t offset, uint32_t value, int size);

/* Create the physical address space with `ram_bytes` of RAM (a multiple of
 * 4 KiB, at most 3.5 GiB). Returns NULL (and prints why) when the host
 * cannot allocate it. RAM starts zeroed. */
struct mem *mem_create(uint64_t ram_bytes);
void mem_destroy(struct mem *m);

/* Physical address width in bits: 20, 24 or 32. */
void mem_set_addr_bits(struct mem *m, int bits);
/* A20 gate: false forces physical address bit 20 to 0 (286+; on the 8086
 * the 20-bit width already wraps at 1 MiB). Bumps mem_generation(). */
void mem_set_a20(struct mem *m, bool enabled);
bool mem_get_a20(const struct mem *m);

/* Map a copy of `data` (`size` bytes, a multiple of 4 KiB unless it fits in
 * one page) read-only at physical address `phys`. Later maps win over earlier
 * ones where they overlap. Returns 0, or -1 if the table is full. */
int mem_map_rom(struct mem *m, uint32_t phys, const uint8_t *data, uint32_t size);
/* Map an MMIO window [phys, phys+size). Returns 0, or -1 if the table is full. */
int mem_map_mmio(struct mem *m, uint32_t phys, uint32_t size,
                 mmio_read_fn rd, mmio_write_fn wr, void *opaque);

/* Shadow RAM of the PC BIOS area (the i440FX PAM registers, 82441FX
 * datasheet 3.2.17): for the 4 KiB pages of [phys, phys+size) inside
 * 0xC0000-0xFFFFF, MEM_SHADOW_READ sends reads to RAM and MEM_SHADOW_WRITE
 * sends writes to RAM; a direction without its bit goes to whatever is
 * mapped there (ROM, MMIO) as usual. attr 0 restores the plain map. Pages
 * outside that range are ignored. Bumps mem_generation(). (ADDITIVE.) */
#define MEM_SHADOW_READ 1u
#define MEM_SHADOW_WRITE 2u
void mem_set_shadow(struct mem *m, uint32_t phys, uint32_t size, unsigned attr);

/* Physical accesses (little-endian; may cross page and region boundaries). */
uint8_t mem_read8(struct mem *m, uint32_t phys);
uint16_t mem_read16(struct mem *m, uint32_t phys);
uint32_t mem_read32(struct mem *m, uint32_t phys);
void mem_write8(struct mem *m, uint32_t phys, uint8_t v);
void mem_write16(struct mem *m, uint32_t phys, uint16_t v);
void mem_write32(struct mem *m, uint32_t phys, uint32_t v);

/* Host pointer to the 4 KiB page containing `phys` (after width/A20 masking)
 * when that whole page is plain RAM (or ROM and !write); NULL otherwise. */
uint8_t *mem_host_page(struct mem *m, uint32_t phys, bool write);

/* Changes whenever a mapping or A20 changes: TLBs compare it to flush. */
uint32_t mem_generation(const struct mem *m);

/* Register the one function called (with `opaque`) right after every
 * generation change, so a CPU can drop its cached host pointers at once
 * (the TLB hit path never compares generations). NULL removes it.
 * cpu/access_lin.c registers the CPU's TLB on its first TLB fill (and again
 * if the struct cpu moved or got another struct mem): a struct cpu that is
 * freed while its struct mem lives on and still changes must first call
 * mem_set_change_hook(mem, NULL, NULL). */
void mem_set_change_hook(struct mem *m, void (*fn)(void *opaque), void *opaque);

/* RAM size in bytes and direct pointer (for loaders, snapshots, tests). */
uint64_t mem_ram_size(const struct mem *m);
uint8_t *mem_ram(struct mem *m);

#endif
