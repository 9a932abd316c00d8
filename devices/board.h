/*
 * board.h - the machine: CPU, physical memory, port I/O table, BIOS ROM and
 * the devices wired to them, plus the run-control requests (exit, reset)
 * that devices raise and the frontend acts on.
 *
 * Port I/O (IN/OUT/INS/OUTS, SDM Vol. 1, 18.2 "I/O port addressing") goes
 * through a registration table: each device claims a range of ports with
 * read/write callbacks. The CPU reaches it only through cpu->io_read and
 * cpu->io_write, which the board points at board_io_read/board_io_write.
 * Ports nobody claimed read as all ones (the floating ISA data bus is pulled
 * up) and ignore writes; each such port is logged once.
 *
 * Devices include this header (to register ports and raise requests); the
 * board includes the device headers (to create them). A device never
 * includes another device's header.
 */
#ifndef X86PC_BOARD_H
#define X86PC_BOARD_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>

#include "../cpu/cpu.h"
#include "debugcon.h"
#include "disk.h"
#include "dma8237.h"
#include "fdc82077.h"
#include "fw_cfg.h"
#include "isa.h"
#include "isa_exit.h"
#include "kbc8042.h"
#include "pci.h"
#include "pci_host.h"
#include "piix_ide.h"
#include "pic8259.h"
#include "pit8254.h"
#include "port61.h"
#include "port92.h"
#include "fpu_irq.h"
#include "ps2kbd.h"
#include "ps2mouse.h"
#include "rtc146818.h"
#include "timeline.h"
#include "uart16550.h"
#include "vga.h"

struct mem;

/* Port callbacks. `port` is the absolute port number (not relative to the
 * range) and `size` is 1, 2 or 4 bytes, never more than the handler's
 * `width`. A read returns the value in the low `size` bytes. */
typedef uint32_t (*port_read_fn)(void *opaque, uint16_t port, int size);
typedef void (*port_write_fn)(void *opaque, uint16_t port, uint32_t value, int size);

/* One claimed port range [base, base+count). width (1, 2 or 4) is the
 * widest access the device implements itself; a wider access, or one that
 * runs past the range, is split into single-byte accesses (little-endian),
 * as an ISA bus does with an 8-bit device. A NULL callback behaves as an
 * unclaimed port for that direction (without logging). */
struct port_handler {
    uint16_t base;
    uint32_t count;          /* 1..65536 */
    int width;
    port_read_fn rd;
    port_write_fn wr;
    void *opaque;
    const char *name;        /* for logs, e.g. "debugcon" */
};

#define BOARD_MAX_PORT_HANDLERS 128

/* Memory size limits for -m, in MiB (mmu/mem.h: RAM at most 3.5 GiB). */
#define BOARD_RAM_MIB_MIN 1u
#define BOARD_RAM_MIB_MAX 3584u
#define BOARD_RAM_MIB_DEFAULT 32u

/* BIOS image size limits (bytes): a multiple of 64 KiB, as QEMU's -bios
 * requires (hw/i386/x86.c rejects other sizes), from 64 KiB to 16 MiB. */
#define BOARD_BIOS_UNIT (64u * 1024u)
#define BOARD_BIOS_MAX (16u * 1024u * 1024u)
/* At most this much of the image's end is also mapped below 1 MiB. */
#define BOARD_BIOS_LOW_MAX (128u * 1024u)

/* What to build. */
struct board_config {
    uint32_t ram_mib;          /* BOARD_RAM_MIB_MIN..BOARD_RAM_MIB_MAX */
    enum cpu_model model;
    const uint8_t *bios;       /* BIOS image (copied by the board) */
    uint32_t bios_size;        /* must pass board_check_bios_size() */
    FILE *debugcon_sink;       /* where port 0xE9 output goes; NULL drops it */
    FILE *log;                 /* board diagnostics (unclaimed ports...); NULL = silent */
    const uint8_t *vga_bios;   /* VGA option ROM for 0xC0000 (copied), or NULL */
    uint32_t vga_bios_size;    /* must pass vga_check_rom_size() */
    uint32_t ns_per_insn;      /* virtual ns per instruction; 0 = BOARD_NS_PER_INSN_DEFAULT */
    /* Serial ports (serialkbd): com_present[i] creates COM1 (0x3F8, IRQ4) /
     * COM2 (0x2F8, IRQ3); com_out[i] receives what the guest transmits
     * (NULL drops it; the console tap always sees it); com_out_tty[i]
     * flushes after every byte. */
    bool com_present[2];
    FILE *com_out[2];
    bool com_out_tty[2];
    /* RTC start date and time; year 0 means 2000-01-01 00:00:00. */
    struct rtc_datetime rtc_base;
    /* Boot order for CMOS 0x3D/0x38: up to 3 of 'a', 'c', 'd' (QEMU -boot
     * order=); NULL = "cad". */
    const char *boot_order;
    /* Storage (storage helper): image paths or NULL. hd_path[] are -hda..-hdd
     * (primary master, primary slave, secondary master, secondary slave);
     * cdrom_path (-cdrom) is the secondary master as in QEMU; snapshot
     * (-snapshot) sends every guest write to an in-memory overlay. */
    const char *fd_path[2];
    const char *hd_path[4];
    const char *cdrom_path;
    bool snapshot;
    /* Direct Linux boot (devices/linux_boot.h): -kernel bzImage, -initrd
     * FILE, -append CMDLINE; kernel_path NULL = none. */
    const char *kernel_path;
    const char *initrd_path;
    const char *append;
};

/* Virtual time rate (DESIGN.md "Time and devices"): 10 ns per instruction,
 * a 100 MIPS virtual CPU, about what the interpreter runs on a current
 * host, so guest timing loops and wall time roughly agree. */
#define BOARD_NS_PER_INSN_DEFAULT 10u
#define BOARD_NS_PER_INSN_MAX 1000000u

/* Why the frontend should stop running the CPU (set by devices). */
struct board_requests {
    bool exit;                 /* the guest asked to end the run */
    uint32_t exit_status;      /* status for exit (isa-debug-exit: (v << 1) | 1) */
    bool reset;                /* the guest asked for a system reset (0x92, 0xCF9, 8042) */
};

/* The machine. Allocate with board_create(). */
struct board {
    struct cpu cpu;
    struct mem *mem;
    struct board_config cfg;   /* copy of the configuration (bios pointer not kept) */
    FILE *log;

    /* Port table: handlers[] in registration order; port_map[p] is the
     * index + 1 of the handler claiming port p, or 0. */
    struct port_handler handlers[BOARD_MAX_PORT_HANDLERS];
    unsigned nhandlers;
    uint8_t port_map[65536];
    uint8_t logged_rd[65536 / 8];  /* unclaimed ports already logged (bitmaps) */
    uint8_t logged_wr[65536 / 8];

    struct board_requests req;
    uint64_t resets;           /* system resets since creation */

    /* A20 gate requests per source (BOARD_A20_*); the gate is their OR. */
    uint8_t a20_sources;

    /* Guest text output (debug console, serial ports) is also passed here,
     * byte by byte, e.g. for the frontend's --until matcher. */
    void (*console_tap)(void *opaque, uint8_t byte);
    void *console_tap_opaque;

    /* The chips (one file each in devices/). */
    struct debugcon debugcon;
    struct isa_exit isa_exit;
    struct port92 port92;
    struct fpu_irq fpu_irq;    /* FERR# -> IRQ13 latch, port F0h (fpu_irq.h) */
    struct vga *vga;           /* VGA + Bochs VBE (devices/vga.h) */

    /* Time, interrupt and bus wiring (timebus). tl counts b->cpu.icount
     * (board_reset re-anchors it around cpu_reset, so virtual time never
     * goes back); isa routes ISA IRQs to the 8259A pair and DMA to the
     * 8237A pair; pci is bus 0 (devices attach with
     * pci_register_function(&b->pci, ...)). */
    struct timeline tl;
    struct isa_bus isa;
    struct pci_bus pci;
    struct pci_host pci_host;  /* i440FX 00.0 + PIIX3 ISA bridge 01.0 */
    struct pic8259 pic;
    struct pit8254 pit;
    struct port61 port61;

    /* Serial ports, RTC/CMOS, 8042 with PS/2 keyboard and mouse (serialkbd).
     * cmos_floppy[]/cmos_disk[] are the drive facts written to the CMOS
     * NVRAM: the storage code sets them when it attaches drives (CMOS_FLOPPY_*
     * types of drives A/B; ATA hard disks C/D) and calls board_cmos_refresh(). */
    struct uart com[2];
    struct rtc rtc;
    struct kbc8042 kbc;
    struct ps2kbd kbd;
    struct ps2mouse mouse;
    struct ps2_link kbd_link, aux_link;
    uint8_t cmos_floppy[2];
    bool cmos_disk[2];

    /* Storage (storage helper, board_storage.c): the 8237A pair, the
     * 82077AA FDC (drives A/B), the PIIX3 IDE function 01.1 and the images. */
    struct dma8237 dma;
    struct fdc82077 fdc;
    struct piix_ide ide;
    struct disk floppy[2], hd[4], cdrom;

    /* QEMU fw_cfg (0x510-0x51B), created only for -kernel: it carries the
     * kernel and the linuxboot option ROM (devices/linux_boot.h). */
    struct fw_cfg *fw_cfg;
};

/* Check a BIOS image size (bytes). Returns 0 when usable, else -1 with a
 * one-line reason (no trailing newline) in err[errlen]. */
int board_check_bios_size(uint64_t size, char *err, size_t errlen);

/* Check -m: returns 0 when mib is within BOARD_RAM_MIB_MIN..MAX, else -1
 * with a reason in err[errlen]. */
int board_check_ram_mib(uint64_t mib, char *err, size_t errlen);

/* Build the machine: memory (cfg->ram_mib MiB of RAM), the CPU (cfg->model,
 * physical address width 20/24/32 bits by model), the port table with the
 * devices, the BIOS ROM mapped at the top of the first MiB and below 4 GiB
 * (and below 16 MiB on a 286, whose 24 address lines see the ROM there),
 * then a reset so the CPU starts at the reset vector. Returns NULL with a
 * one-line reason in err[errlen] on bad configuration or allocation failure. */
struct board *board_create(const struct board_config *cfg, char *err, size_t errlen);
void board_destroy(struct board *b);

/* System reset (RESET pin, SDM Vol. 3A, 9.1): the CPU restarts at the reset
 * vector, the A20 gate is enabled again (as QEMU's reset does), device
 * registers return to their power-on values. RAM is kept, as on a PC. Clears
 * the pending reset request and the CPU's shutdown state. */
void board_reset(struct board *b);

/* Claim ports [base, base+count) for a device. Returns 0, or -1 (and logs
 * why) when the table is full, count is 0 or too large, width is not 1, 2
 * or 4, or a port in the range is already claimed. */
int board_register_ports(struct board *b, uint16_t base, uint32_t count, int width,
                         port_read_fn rd, port_write_fn wr, void *opaque,
                         const char *name);

/* Release ports [base, base+count) claimed by `opaque` with exactly that
 * range (a relocatable window such as a PCI I/O BAR, which registers again
 * at its new base). Returns 0, or -1 when no such registration exists. */
int board_unregister_ports(struct board *b, uint16_t base, uint32_t count, void *opaque);

/* Port I/O as the CPU performs it (the cpu->io_read/io_write callbacks;
 * opaque is the struct board). size 1, 2 or 4. Unclaimed bytes read 0xFF. */
uint32_t board_io_read(void *opaque, uint16_t port, int size);
void board_io_write(void *opaque, uint16_t port, uint32_t value, int size);

/* Device requests: end the run with `status`, or reset the system. Both set
 * cpu->stop_request so cpu_run() returns after the current instruction. */
void board_request_exit(struct board *b, uint32_t status);
void board_request_reset(struct board *b);

/* A20 gate sources: the 8042 output port bit 1 and port 0x92 bit 1. On
 * PC chipsets (PIIX3/PIIX4: the A20GATE input is ORed with port 92h
 * ALT_A20_GATE to form A20M#) the gate is open when either requests it.
 * (QEMU differs: there the last of the two writes wins.) */
#define BOARD_A20_PORT92 0x01u
#define BOARD_A20_KBC 0x02u
/* Set or clear one source's A20 request; the gate follows their OR
 * (mem_set_a20). */
void board_set_a20(struct board *b, unsigned source, bool enable);

/* Rewrite the CMOS NVRAM board bytes (memory size, drives, equipment, boot
 * order, CPU count, checksum) from the configuration and cmos_floppy[] /
 * cmos_disk[]. Returns 0, or -1 when cfg.boot_order holds an unknown letter. */
int board_cmos_refresh(struct board *b);

/* Storage wiring (board_storage.c): create the DMA pair, FDC and PIIX3 IDE
 * and open/attach the configured images, then fill cmos_floppy/cmos_disk
 * and refresh the CMOS (0, or -1 with a one-line reason, e.g. a missing or
 * wrongly sized image); reset them; flush and close the images. */
int board_storage_init(struct board *b, char *err, size_t errlen);
void board_storage_reset(struct board *b);
void board_storage_destroy(struct board *b);

/* A byte of guest text output (debug console, serial): passed to the
 * console tap if one is set. */
void board_console_output(struct board *b, uint8_t byte);

/* True when something on the board could still wake a CPU halted by HLT:
 * a latched NMI (not blocked by a running NMI handler), or EFLAGS.IF=1 with
 * the 8259A's INT output high, or a timer armed on the timeline (whose
 * event may raise an IRQ) while the 8259A is initialised with an unmasked
 * input (pic8259_can_interrupt). */
bool board_can_wake(const struct board *b);

/* Physical address width in bits for a CPU model: 20 (8086/80186: 20
 * address pins), 24 (80286), 32 (80386 and later). */
int board_addr_bits(enum cpu_model model);

#endif
