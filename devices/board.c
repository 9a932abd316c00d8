/*
 * board.c - the machine: memory, CPU, port I/O table, BIOS ROM, devices and
 * reset (see board.h).
 */
#include "board.h"

#include <stdarg.h>
#include <stdlib.h>
#include <string.h>

#include "../mmu/mem.h"
#include "linux_boot.h"

/* Print a one-line diagnostic to the board log, if any. */
static void board_log(struct board *b, const char *fmt, ...)
{
    va_list ap;

    if (!b->log)
        return;
    va_start(ap, fmt);
    fputs("x86pc: ", b->log);
    vfprintf(b->log, fmt, ap);
    fputc('\n', b->log);
    va_end(ap);
}

int board_check_bios_size(uint64_t size, char *err, size_t errlen)
{
    if (size == 0 || size % BOARD_BIOS_UNIT != 0 || size > BOARD_BIOS_MAX) {
        snprintf(err, errlen,
                 "BIOS image is %llu bytes: its size must be a multiple of 64 KiB "
                 "(65536 bytes), from 64 KiB to 16 MiB",
                 (unsigned long long)size);
        return -1;
    }
    return 0;
}

int board_check_ram_mib(uint64_t mib, char *err, size_t errlen)
{
    if (mib < BOARD_RAM_MIB_MIN || mib > BOARD_RAM_MIB_MAX) {
        snprintf(err, errlen, "memory size %llu MiB is out of range: use %u to %u MiB",
                 (unsigned long long)mib, BOARD_RAM_MIB_MIN, BOARD_RAM_MIB_MAX);
        return -1;
    }
    return 0;
}

int board_addr_bits(enum cpu_model model)
{
    if (model <= CPU_186)
        return 20;
    if (model == CPU_286)
        return 24;
    return 32;
}

int board_register_ports(struct board *b, uint16_t base, uint32_t count, int width,
                         port_read_fn rd, port_write_fn wr, void *opaque,
                         const char *name)
{
    struct port_handler *h;

    if (count == 0 || base + count > 0x10000u || (width != 1 && width != 2 && width != 4)) {
        board_log(b, "%s: bad port range 0x%04x+%u (width %d)", name, base, count, width);
        return -1;
    }
    for (uint32_t p = base; p < base + count; p++) {
        if (b->port_map[p]) {
            board_log(b, "%s: port 0x%04x already claimed by %s", name, p,
                      b->handlers[b->port_map[p] - 1].name);
            return -1;
        }
    }
    /* Reuse a released slot (count 0) before growing the table. */
    h = NULL;
    for (unsigned k = 0; k < b->nhandlers; k++)
        if (b->handlers[k].count == 0) {
            h = &b->handlers[k];
            break;
        }
    if (!h) {
        if (b->nhandlers >= BOARD_MAX_PORT_HANDLERS) {
            board_log(b, "%s: port table full", name);
            return -1;
        }
        h = &b->handlers[b->nhandlers++];
    }
    h->base = base;
    h->count = count;
    h->width = width;
    h->rd = rd;
    h->wr = wr;
    h->opaque = opaque;
    h->name = name;
    for (uint32_t p = base; p < base + count; p++)
        b->port_map[p] = (uint8_t)(h - b->handlers + 1);
    return 0;
}

int board_unregister_ports(struct board *b, uint16_t base, uint32_t count, void *opaque)
{
    for (unsigned k = 0; k < b->nhandlers; k++) {
        struct port_handler *h = &b->handlers[k];

        if (h->count && h->base == base && h->count == count && h->opaque == opaque) {
            for (uint32_t p = base; p < base + count; p++)
                b->port_map[p] = 0;
            h->count = 0;
            h->rd = NULL;
            h->wr = NULL;
            return 0;
        }
    }
    return -1;
}

/* Test-and-set the "already logged" bit of `port` in bitmap `bm`. */
static bool log_once(uint8_t *bm, uint16_t port)
{
    uint8_t bit = (uint8_t)(1u << (port & 7));

    if (bm[port >> 3] & bit)
        return false;
    bm[port >> 3] |= bit;
    return true;
}

/* The handler that can take a `size`-byte access at `port` whole: the one
 * claiming all of port..port+size-1 with a width of at least `size`. */
static struct port_handler *whole_handler(struct board *b, uint16_t port, int size)
{
    uint8_t idx = b->port_map[port];
    struct port_handler *h;

    if (!idx)
        return NULL;
    h = &b->handlers[idx - 1];
    if (size > h->width || (uint32_t)port + (uint32_t)size > (uint32_t)h->base + h->count)
        return NULL;
    return h;
}

/* True when any port of port..port+size-1 (within the I/O space) is claimed. */
static bool any_claimed(const struct board *b, uint16_t port, int size)
{
    for (uint32_t p = port; p < (uint32_t)port + (uint32_t)size && p <= 0xFFFF; p++)
        if (b->port_map[p])
            return true;
    return false;
}

/* One byte read, for split accesses. */
static uint8_t io_read_byte(struct board *b, uint32_t port)
{
    struct port_handler *h;

    if (port > 0xFFFF)
        return 0xFF;  /* beyond the 64 KiB I/O space: nothing answers */
    h = whole_handler(b, (uint16_t)port, 1);
    if (h && h->rd)
        return (uint8_t)h->rd(h->opaque, (uint16_t)port, 1);
    if (!h && log_once(b->logged_rd, (uint16_t)port))
        board_log(b, "read from unclaimed port 0x%04x (size 1, reads as all ones; "
                  "logged once)", port);
    return 0xFF;
}

/* One byte write, for split accesses. */
static void io_write_byte(struct board *b, uint32_t port, uint8_t v)
{
    struct port_handler *h;

    if (port > 0xFFFF)
        return;
    h = whole_handler(b, (uint16_t)port, 1);
    if (h && h->wr) {
        h->wr(h->opaque, (uint16_t)port, v, 1);
        return;
    }
    if (!h && log_once(b->logged_wr, (uint16_t)port))
        board_log(b, "write 0x%02x to unclaimed port 0x%04x ignored (size 1; logged once)",
                  v, port);
}

uint32_t board_io_read(void *opaque, uint16_t port, int size)
{
    struct board *b = opaque;
    struct port_handler *h = whole_handler(b, port, size);
    uint32_t v = 0;

    if (h && h->rd) {
        v = h->rd(h->opaque, port, size);
        return size == 4 ? v : v & ((1u << (size * 8)) - 1);
    }
    if (h) /* claimed, write-only device: the bus floats high */
        return size == 4 ? 0xFFFFFFFFu : (1u << (size * 8)) - 1;
    if (!any_claimed(b, port, size)) {
        /* Nothing answers: one log line for the access, not per byte. */
        if (log_once(b->logged_rd, port))
            board_log(b, "read from unclaimed port 0x%04x (size %d, reads as all ones; "
                      "logged once)", port, size);
        return size == 4 ? 0xFFFFFFFFu : (1u << (size * 8)) - 1;
    }
    for (int k = 0; k < size; k++)
        v |= (uint32_t)io_read_byte(b, (uint32_t)port + (uint32_t)k) << (8 * k);
    return v;
}

void board_io_write(void *opaque, uint16_t port, uint32_t value, int size)
{
    struct board *b = opaque;
    struct port_handler *h = whole_handler(b, port, size);

    if (size < 4)
        value &= (1u << (size * 8)) - 1;
    if (h) {
        if (h->wr)
            h->wr(h->opaque, port, value, size);
        return;
    }
    if (!any_claimed(b, port, size)) {
        if (log_once(b->logged_wr, port))
            board_log(b, "write 0x%0*x to unclaimed port 0x%04x ignored (size %d; "
                      "logged once)", size * 2, value, port, size);
        return;
    }
    for (int k = 0; k < size; k++)
        io_write_byte(b, (uint32_t)port + (uint32_t)k, (uint8_t)(value >> (8 * k)));
}

void board_request_exit(struct board *b, uint32_t status)
{
    b->req.exit = true;
    b->req.exit_status = status;
    b->cpu.stop_request = true;
}

void board_request_reset(struct board *b)
{
    b->req.reset = true;
    b->cpu.stop_request = true;
}

void board_set_a20(struct board *b, unsigned source, bool enable)
{
    bool on;

    if (enable)
        b->a20_sources |= (uint8_t)source;
    else
        b->a20_sources &= (uint8_t)~source;
    on = b->a20_sources != 0;
    if (on != mem_get_a20(b->mem))
        mem_set_a20(b->mem, on);
}

void board_console_output(struct board *b, uint8_t byte)
{
    if (b->console_tap)
        b->console_tap(b->console_tap_opaque, byte);
}

bool board_can_wake(const struct board *b)
{
    if (b->cpu.nmi_pending && !b->cpu.nmi_blocked)
        return true;
    if (!(b->cpu.eflags & EFLAGS_IF))
        return false;
    if (pic8259_int_pending(&b->pic))
        return true;
    /* A timer event may raise an IRQ, if the 8259A can pass one on. */
    return b->tl.next != TIMELINE_NEVER && pic8259_can_interrupt(&b->pic);
}

/* The 8259A's INT output drives the CPU's INTR pin. */
static void board_intr_out(void *opaque, int level)
{
    struct board *b = opaque;

    b->cpu.intr_line = level != 0;
}

/* Port 0x61 wiring to PIT counter 2. */
static void board_gate2(void *opaque, bool level)
{
    pit8254_set_gate(opaque, 2, level);
}

static bool board_out2(void *opaque)
{
    return pit8254_out(opaque, 2);
}

/* The i440FX PAM registers changed: switch the BIOS-area blocks between
 * ROM and shadow RAM. */
static void board_pam_changed(void *opaque)
{
    struct board *b = opaque;

    for (int k = 0; k < PAM_REGIONS; k++) {
        uint32_t base, size;
        pam_region(k, &base, &size);
        mem_set_shadow(b->mem, base, size, pam_attr(&b->pci_host.host, k));
    }
}

/* Time, interrupt controller, timer and buses (before the other chips,
 * which take &b->isa, &b->tl and &b->pci). Returns 0 or -1. */
static int board_timebus_init(struct board *b)
{
    timeline_init(&b->tl, &b->cpu.icount,
                  b->cfg.ns_per_insn ? b->cfg.ns_per_insn : BOARD_NS_PER_INSN_DEFAULT);
    b->tl.kick = &b->cpu.stop_request;
    pic8259_setup(&b->pic, board_intr_out, b);
    b->isa.irq_set = pic8259_set_irq;
    b->isa.irq_opaque = &b->pic;
    b->cpu.intr_ack = pic8259_intack;
    b->cpu.intr_opaque = &b->pic;
    pci_bus_init(&b->pci);
    b->pci.irq_set = pic8259_set_pci_irq;
    b->pci.irq_opaque = &b->pic;
    if (pic8259_register(&b->pic, b) < 0 ||
        pit8254_init(&b->pit, b, &b->isa, &b->tl) < 0 ||
        port61_init(&b->port61, b, &b->tl, board_gate2, board_out2, &b->pit) < 0 ||
        pci_bus_register_ports(&b->pci, b) < 0 ||
        pci_host_init(&b->pci_host, &b->pci) < 0)
        return -1;
    b->pci_host.pam_changed = board_pam_changed;
    b->pci_host.pam_opaque = b;
    return 0;
}

/* Map the BIOS image: whole at 4 GiB - size (the 386+ reset vector
 * 0xFFFFFFF0 is in its last 16 bytes); its last min(size, 128 KiB) bytes
 * at 1 MiB - that (the real-mode view at F000:FFF0, as QEMU's "isa-bios"
 * alias); and on a 286 (24 address lines) its last min(size, 1 MiB) bytes
 * just below 16 MiB, where the AT's reset vector 0xFFFFF0 lands. */
static int map_bios(struct board *b, const uint8_t *img, uint32_t size)
{
    uint32_t low = size < BOARD_BIOS_LOW_MAX ? size : BOARD_BIOS_LOW_MAX;

    if (mem_map_rom(b->mem, (uint32_t)(0x100000000ull - size), img, size) < 0)
        return -1;
    if (b->cfg.model == CPU_286) {
        uint32_t at = size < 0x100000u ? size : 0x100000u;
        if (mem_map_rom(b->mem, 0x1000000u - at, img + size - at, at) < 0)
            return -1;
    }
    return mem_map_rom(b->mem, 0x100000u - low, img + size - low, low);
}

int board_cmos_refresh(struct board *b)
{
    struct rtc_cmos_config c = {
        .ram_bytes = (uint64_t)b->cfg.ram_mib << 20,
        .floppy_type = { b->cmos_floppy[0], b->cmos_floppy[1] },
        .disk_present = { b->cmos_disk[0], b->cmos_disk[1] },
        .boot_order = b->cfg.boot_order,
        .fpu = b->cfg.model >= CPU_486,   /* on-chip x87 from the 486 on */
        .cpus = 1,
    };

    return rtc_cmos_setup(&b->rtc, &c);
}

/* Serial ports, RTC/CMOS, and the 8042 with its PS/2 keyboard and mouse. */
static int serialkbd_init(struct board *b, char *err, size_t errlen)
{
    static const uint16_t base[2] = { UART_COM1_BASE, UART_COM2_BASE };
    static const int irq[2] = { UART_COM1_IRQ, UART_COM2_IRQ };
    struct rtc_datetime start = b->cfg.rtc_base;

    for (int i = 0; i < 2; i++) {
        if (!b->cfg.com_present[i])
            continue;
        if (uart_init(&b->com[i], b, &b->isa, &b->tl, base[i], irq[i]) < 0) {
            snprintf(err, errlen, "cannot create COM%d (port conflict or timer table full)", i + 1);
            return -1;
        }
        uart_set_output(&b->com[i], b->cfg.com_out[i], b->cfg.com_out_tty[i]);
        b->com[i].instant_tx = true;   /* as QEMU: no virtual time per character sent */
    }
    if (start.year == 0)
        start = (struct rtc_datetime){ 2000, 1, 1, 0, 0, 0 };
    b->kbd_link = (struct ps2_link){ .dev_pending = ps2kbd_pending, .dev_read = ps2kbd_read,
                                     .dev_write = ps2kbd_write, .dev = &b->kbd };
    b->aux_link = (struct ps2_link){ .dev_pending = ps2mouse_pending, .dev_read = ps2mouse_read,
                                     .dev_write = ps2mouse_write, .dev = &b->mouse };
    ps2mouse_init(&b->mouse, &b->aux_link);
    if (rtc_init(&b->rtc, b, &b->isa, &b->tl, &start) < 0 ||
        ps2kbd_init(&b->kbd, &b->kbd_link, &b->tl) < 0 ||
        kbc_init(&b->kbc, b, &b->isa, &b->kbd_link, &b->aux_link) < 0) {
        snprintf(err, errlen, "cannot create the RTC or the keyboard controller "
                 "(port conflict or timer table full)");
        return -1;
    }
    if (board_cmos_refresh(b) < 0) {
        snprintf(err, errlen, "boot order '%s': use up to three of a, c, d",
                 b->cfg.boot_order ? b->cfg.boot_order : "");
        return -1;
    }
    return 0;
}

struct board *board_create(const struct board_config *cfg, char *err, size_t errlen)
{
    struct board *b;

    if (board_check_ram_mib(cfg->ram_mib, err, errlen) < 0)
        return NULL;
    if (cfg->model > CPU_MAX) {
        snprintf(err, errlen, "unknown CPU model %d", (int)cfg->model);
        return NULL;
    }
    if (!cfg->bios) {
        snprintf(err, errlen, "no BIOS image in the board configuration");
        return NULL;
    }
    if (board_check_bios_size(cfg->bios_size, err, errlen) < 0)
        return NULL;

    b = calloc(1, sizeof(*b));
    if (!b) {
        snprintf(err, errlen, "out of host memory for the board");
        return NULL;
    }
    b->cfg = *cfg;
    b->cfg.bios = NULL;
    b->log = cfg->log;
    b->mem = mem_create((uint64_t)cfg->ram_mib << 20);
    if (!b->mem) {
        snprintf(err, errlen, "cannot allocate %u MiB of guest RAM", cfg->ram_mib);
        free(b);
        return NULL;
    }
    mem_set_addr_bits(b->mem, board_addr_bits(cfg->model));
    if (map_bios(b, cfg->bios, cfg->bios_size) < 0) {
        snprintf(err, errlen, "cannot map the BIOS image: memory map full");
        board_destroy(b);
        return NULL;
    }

    cpu_init(&b->cpu, cfg->model, b->mem);
    b->cpu.io_read = board_io_read;
    b->cpu.io_write = board_io_write;
    b->cpu.io_opaque = b;

    if (board_timebus_init(b) < 0 ||
        debugcon_init(&b->debugcon, b, cfg->debugcon_sink) < 0 ||
        isa_exit_init(&b->isa_exit, b) < 0 ||
        port92_init(&b->port92, b) < 0 ||
        fpu_irq_init(&b->fpu_irq, b, &b->isa, &b->cpu) < 0) {
        snprintf(err, errlen, "device port conflict (see log)");
        board_destroy(b);
        return NULL;
    }
    /* VGA: PCI 00:02.0 as on QEMU's i440FX machine; its VGA BIOS is
     * served by the expansion ROM BAR (and shadowed at 0xC0000). */
    b->vga = vga_create(b, b->mem);
    if (!b->vga || (cfg->vga_bios && vga_map_rom(b->vga, cfg->vga_bios, cfg->vga_bios_size) < 0) ||
        vga_pci_register(b->vga, &b->pci, 2 << 3) < 0) {
        snprintf(err, errlen, b->vga ? "cannot set up the VGA BIOS or the VGA's PCI function" :
                 "cannot create the VGA (out of host memory or port conflict)");
        board_destroy(b);
        return NULL;
    }
    vga_set_timeline(b->vga, &b->tl);
    if (serialkbd_init(b, err, errlen) < 0 || board_storage_init(b, err, errlen) < 0) {
        board_destroy(b);
        return NULL;
    }
    if (cfg->kernel_path && linux_boot_setup(b, cfg->kernel_path, cfg->initrd_path,
                                             cfg->append, err, errlen) < 0) {
        board_destroy(b);
        return NULL;
    }
    board_reset(b);
    b->resets = 0;
    return b;
}

void board_destroy(struct board *b)
{
    if (!b)
        return;
    debugcon_flush(&b->debugcon);
    board_storage_destroy(b);
    if (b->fw_cfg) {
        fw_cfg_destroy(b->fw_cfg);
        free(b->fw_cfg);
    }
    vga_destroy(b->vga);
    if (b->mem)
        mem_destroy(b->mem);
    free(b);
}

void board_reset(struct board *b)
{
    port92_reset(&b->port92);
    if (b->vga)
        vga_reset(b->vga);
    b->a20_sources = BOARD_A20_KBC;  /* the 8042 output port resets with A20 high */
    mem_set_a20(b->mem, true);
    pic8259_reset(&b->pic);
    fpu_irq_reset(&b->fpu_irq);
    pit8254_reset(&b->pit);
    port61_reset(&b->port61);
    pci_bus_reset(&b->pci);
    pci_host_reset(&b->pci_host);
    for (int i = 0; i < 2; i++)
        if (b->cfg.com_present[i])
            uart_reset(&b->com[i]);
    rtc_reset(&b->rtc);
    ps2kbd_reset(&b->kbd);
    ps2mouse_reset(&b->mouse);
    kbc_reset(&b->kbc);   /* after its devices; drives the A20 gate high */
    board_storage_reset(b);
    if (b->fw_cfg)
        fw_cfg_reset(b->fw_cfg);
    /* cpu_reset zeroes icount: virtual time carries on from now. */
    timeline_advance_to(&b->tl, timeline_now(&b->tl));
    cpu_reset(&b->cpu);
    timeline_rebase(&b->tl);
    b->cpu.shutdown = false;
    b->cpu.stop_request = false;
    b->req.reset = false;
    b->resets++;
}
