/*
 * main.c - the x86pc command line.
 *
 * Flags follow QEMU's names and syntax where the meaning is the same
 * (-bios, -m, -cpu, -display, -debugcon, -no-reboot); like QEMU, every flag
 * may also be written with two dashes. docs/usage.md is the reference.
 * Any command-line problem (unknown flag, missing value, bad value, missing
 * or unusable file) prints one line on stderr and exits with EXIT_USAGE (2).
 */
#include <errno.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include "../bios/bios_image.h"
#include "../bios/video/vgabios_image.h"
#include "../devices/board.h"
#include "chardev.h"
#include "frontend.h"
#include "png.h"
#include "screendump.h"
#include "sdl.h"

/* Everything the command line sets. */
struct options {
    const char *bios_path;
    uint32_t ram_mib;
    enum cpu_model model;
    const char *display;        /* "none", "sdl", or NULL: sdl when a display server is named */
    bool full_screen;           /* -full-screen */
    const char *debugcon;       /* "stdio", "file:PATH", "none"/"null" */
    const char *vga_bios_path;  /* -vga-bios: VGA BIOS (PCI ROM BAR, 0xC0000) */
    const char *fd_path[2];     /* -fda, -fdb */
    const char *hd_path[4];     /* -hda .. -hdd */
    const char *cdrom_path;     /* -cdrom */
    const char *boot_order;     /* -boot */
    bool snapshot;              /* -snapshot */
    const char *kernel_path;    /* -kernel: Linux bzImage (devices/linux_boot.h) */
    const char *initrd_path;    /* -initrd */
    const char *append;         /* -append: kernel command line */
    const char *screen_dump;    /* --screen-dump: final text screen (UTF-8) */
    const char *screenshot;     /* --screenshot: final frame (PNG) */
    uint32_t ns_per_insn;       /* --ns-per-insn; 0 = the board's default */
    struct run_options run;
    struct chardev_opts io;     /* -serial, -rtc (chardev.h) */
};

static const char usage_text[] =
"usage: x86pc [options]\n"
"  -bios FILE           raw BIOS image (size a multiple of 64 KiB, 64 KiB..16 MiB),\n"
"                       mapped at the top of the first MiB and below 4 GiB\n"
"                       (default: the built-in BIOS, see docs/bios.md)\n"
"  -vga-bios FILE       VGA BIOS (a multiple of 512 bytes, up to 128 KiB), e.g.\n"
"                       /usr/share/seabios/vgabios-stdvga.bin: served by the VGA's\n"
"                       PCI expansion ROM BAR and placed in RAM at 0xC0000\n"
"                       (default: the built-in VGA BIOS, bios/video/)\n"
"  -fda FILE, -fdb FILE floppy image for drive A:/B: (160K..2.88M raw; geometry from\n"
"                       the size); opened read-write when the file allows it\n"
"  -hda..-hdd FILE      ATA hard disk image (raw, a multiple of 512 bytes): primary\n"
"                       master/slave, secondary master/slave\n"
"  -cdrom FILE          ATAPI CD-ROM ISO image (secondary master, as QEMU)\n"
"  -boot ORDER          boot drive letters a (floppy), c (hard disk), d (CD-ROM), e.g.\n"
"                       -boot d or -boot order=dc (CMOS boot order for the BIOS)\n"
"  -snapshot            guest writes go to a temporary in-memory overlay, never to\n"
"                       the image files\n"
"  -kernel bzImage      boot this Linux kernel (x86 boot protocol 2.02+) after the\n"
"                       BIOS's POST, through an option ROM and fw_cfg as QEMU does\n"
"  -initrd FILE         initial ramdisk for -kernel (loaded high in RAM)\n"
"  -append CMDLINE      kernel command line for -kernel, e.g. \"console=ttyS0\"\n"
"  -m MiB               guest RAM in MiB, 1..3584 (suffix M or G allowed; default 32)\n"
"  -cpu MODEL           8086|186|286|386|486|pentium|p6 (default p6)\n"
"  -display sdl|none    sdl: a window (default when DISPLAY or WAYLAND_DISPLAY is\n"
"                       set); none: headless (default otherwise)\n"
"  -full-screen         start the window in full screen (F11 toggles)\n"
"  -debugcon CHARDEV    port 0xE9/0x402 output: stdio (default), file:PATH, none\n"
"  -serial CHARDEV      COM1, then COM2 if given twice: stdio (terminal in and out),\n"
"                       file:PATH, null (default for COM1), none (no serial ports)\n"
"  -rtc base=utc|localtime|YYYY-MM-DDTHH:MM:SS   RTC start time (default utc;\n"
"                       2000-01-01T00:00:00 with --deterministic)\n"
"  -no-reboot           exit (status 6) instead of resetting on triple fault or reset\n"
"  --until TEXT         exit with status 0 once TEXT has appeared in the guest's output\n"
"                       or on the VGA text screen\n"
"  --screen-dump PATH   at the end, write the VGA text screen to PATH as UTF-8\n"
"  --screenshot PATH    at the end, write the VGA frame to PATH as a PNG image\n"
"  --timeout SECONDS    exit with status 124 after SECONDS of host time\n"
"  --deterministic      never read the host clock for guest time: virtual time\n"
"                       follows executed instructions only (same input, same run)\n"
"  --ns-per-insn N      virtual nanoseconds per instruction, 1..1000000 (default 10,\n"
"                       a 100 MIPS virtual CPU)\n"
"  --stats              print instructions, host time and guest MIPS at exit\n"
"  -h, --help           this help\n"
"  --version            print the version\n"
"Exit status: the guest's (v << 1) | 1 after it writes v to port 0xF4; 0 for --until;\n"
"2 usage error; 4 guest halted for good; 6 reset with -no-reboot; 8 host error;\n"
"124 timeout.\n"
"See docs/usage.md.\n";

/* One-line command-line error and EXIT_USAGE. */
static _Noreturn void usage_error(const char *fmt, ...)
{
    va_list ap;

    fputs("x86pc: ", stderr);
    va_start(ap, fmt);
    vfprintf(stderr, fmt, ap);
    va_end(ap);
    fputs(" (try --help)\n", stderr);
    exit(EXIT_USAGE);
}

/* -m value: a number of MiB, optionally with an M or G suffix (QEMU). */
static uint32_t parse_ram(const char *s)
{
    char *end;
    char err[160];
    unsigned long long v;

    errno = 0;
    v = strtoull(s, &end, 10);
    if (end == s || errno || *s == '-')
        usage_error("-m %s: not a memory size in MiB", s);
    if (*end == 'G' || *end == 'g') {
        v = v > (1ull << 40) ? (1ull << 40) : v * 1024;
        end++;
    } else if (*end == 'M' || *end == 'm') {
        end++;
    }
    if (*end)
        usage_error("-m %s: not a memory size in MiB", s);
    if (board_check_ram_mib(v, err, sizeof(err)) < 0)
        usage_error("-m %s: %s", s, err);
    return (uint32_t)v;
}

/* -cpu value. */
static enum cpu_model parse_cpu(const char *s)
{
    static const struct { const char *name; enum cpu_model model; } models[] = {
        { "8086", CPU_8086 }, { "186", CPU_186 }, { "286", CPU_286 },
        { "386", CPU_386 }, { "486", CPU_486 }, { "pentium", CPU_PENTIUM },
        { "p6", CPU_P6 },
    };

    for (size_t k = 0; k < sizeof(models) / sizeof(models[0]); k++)
        if (strcmp(s, models[k].name) == 0)
            return models[k].model;
    usage_error("-cpu %s: unknown model (use 8086, 186, 286, 386, 486, pentium or p6)", s);
}

/* --ns-per-insn value: 1..BOARD_NS_PER_INSN_MAX. */
static uint32_t parse_ns_per_insn(const char *s)
{
    char *end;
    unsigned long long v;

    errno = 0;
    v = strtoull(s, &end, 10);
    if (end == s || *end || errno || *s == '-' || v < 1 || v > BOARD_NS_PER_INSN_MAX)
        usage_error("--ns-per-insn %s: not a whole number of nanoseconds from 1 to %u", s,
                    BOARD_NS_PER_INSN_MAX);
    return (uint32_t)v;
}

/* --timeout value: positive seconds (fractions allowed). */
static double parse_timeout(const char *s)
{
    char *end;
    double v;

    errno = 0;
    v = strtod(s, &end);
    if (end == s || *end || errno || !(v > 0) || v > 1e9)
        usage_error("--timeout %s: not a positive number of seconds", s);
    return v;
}

/* -boot value: drive letters ("d", "cad") or QEMU's "order=LETTERS" /
 * "once=LETTERS" among comma-separated options (others, such as
 * menu=on, are accepted and ignored). Letters: a, c, d, each at most once
 * (the CMOS boot-order bytes hold three). */
static const char *parse_boot(const char *s)
{
    static char order[4];
    const char *p = s;
    size_t n = 0;

    while (*p) {
        const char *end = strchr(p, ',');
        size_t len = end ? (size_t)(end - p) : strlen(p);
        const char *letters = NULL;
        size_t llen = 0;

        if (!memchr(p, '=', len)) {
            letters = p;
            llen = len;
        } else if (!strncmp(p, "order=", 6) || !strncmp(p, "once=", 5)) {
            letters = strchr(p, '=') + 1;
            llen = len - (size_t)(letters - p);
        }
        for (size_t k = 0; letters && k < llen; k++) {
            char c = letters[k];
            if ((c != 'a' && c != 'c' && c != 'd') || memchr(order, c, n) || n >= 3)
                usage_error("-boot %s: use up to three different drive letters among a "
                            "(floppy), c (hard disk), d (CD-ROM)", s);
            order[n++] = c;
        }
        p += len;
        if (*p == ',')
            p++;
    }
    if (n == 0)
        usage_error("-boot %s: no boot drive letters (e.g. -boot c or -boot order=dc)", s);
    order[n] = '\0';
    return order;
}

static void parse_args(int argc, char **argv, struct options *o)
{
    for (int i = 1; i < argc; i++) {
        const char *arg = argv[i];
        const char *opt = arg;
        const char *val = NULL;

        if (opt[0] != '-' || opt[1] == '\0')
            usage_error("unexpected argument '%s'", arg);
        if (opt[1] == '-')
            opt++; /* QEMU style: --flag is the same as -flag */

#define NEEDS_VALUE() do { \
        if (i + 1 >= argc) usage_error("option %s needs a value", arg); \
        val = argv[++i]; } while (0)

        if (!strcmp(opt, "-h") || !strcmp(opt, "-help")) {
            fputs(usage_text, stdout);
            exit(0);
        } else if (!strcmp(opt, "-version")) {
            printf("x86pc %s\n", X86PC_VERSION);
            exit(0);
        } else if (!strcmp(opt, "-bios")) {
            NEEDS_VALUE();
            o->bios_path = val;
        } else if (!strcmp(opt, "-vga-bios")) {
            NEEDS_VALUE();
            o->vga_bios_path = val;
        } else if (!strcmp(opt, "-fda") || !strcmp(opt, "-fdb")) {
            NEEDS_VALUE();
            o->fd_path[opt[3] - 'a'] = val;
        } else if (!strcmp(opt, "-hda") || !strcmp(opt, "-hdb") || !strcmp(opt, "-hdc") ||
                   !strcmp(opt, "-hdd")) {
            NEEDS_VALUE();
            o->hd_path[opt[3] - 'a'] = val;
        } else if (!strcmp(opt, "-cdrom")) {
            NEEDS_VALUE();
            o->cdrom_path = val;
        } else if (!strcmp(opt, "-boot")) {
            NEEDS_VALUE();
            o->boot_order = parse_boot(val);
        } else if (!strcmp(opt, "-kernel")) {
            NEEDS_VALUE();
            o->kernel_path = val;
        } else if (!strcmp(opt, "-initrd")) {
            NEEDS_VALUE();
            o->initrd_path = val;
        } else if (!strcmp(opt, "-append")) {
            NEEDS_VALUE();
            o->append = val;
        } else if (!strcmp(opt, "-snapshot")) {
            o->snapshot = true;
        } else if (!strcmp(opt, "-screen-dump")) {
            NEEDS_VALUE();
            o->screen_dump = val;
        } else if (!strcmp(opt, "-screenshot")) {
            NEEDS_VALUE();
            o->screenshot = val;
        } else if (!strcmp(opt, "-m")) {
            NEEDS_VALUE();
            o->ram_mib = parse_ram(val);
        } else if (!strcmp(opt, "-cpu")) {
            NEEDS_VALUE();
            o->model = parse_cpu(val);
        } else if (!strcmp(opt, "-display")) {
            NEEDS_VALUE();
            if (strcmp(val, "none") && strcmp(val, "sdl"))
                usage_error("-display %s: unknown display (use none or sdl)", val);
            o->display = val;
        } else if (!strcmp(opt, "-full-screen")) {
            o->full_screen = true;
        } else if (!strcmp(opt, "-debugcon")) {
            NEEDS_VALUE();
            if (strcmp(val, "stdio") && strcmp(val, "none") && strcmp(val, "null") &&
                (strncmp(val, "file:", 5) || val[5] == '\0'))
                usage_error("-debugcon %s: unknown character device (use stdio, "
                            "file:PATH or none)", val);
            o->debugcon = val;
        } else if (!strcmp(opt, "-serial") || !strcmp(opt, "-rtc")) {
            char err[200];
            NEEDS_VALUE();
            if (chardev_option(&o->io, opt, val, err, sizeof(err)) < 0)
                usage_error("%s", err);
        } else if (!strcmp(opt, "-no-reboot")) {
            o->run.no_reboot = true;
        } else if (!strcmp(opt, "-until")) {
            NEEDS_VALUE();
            if (!*val)
                usage_error("--until needs a non-empty text");
            o->run.until = val;
        } else if (!strcmp(opt, "-timeout")) {
            NEEDS_VALUE();
            o->run.timeout_s = parse_timeout(val);
        } else if (!strcmp(opt, "-deterministic")) {
            o->run.deterministic = true;
        } else if (!strcmp(opt, "-ns-per-insn")) {
            NEEDS_VALUE();
            o->ns_per_insn = parse_ns_per_insn(val);
        } else if (!strcmp(opt, "-stats")) {
            o->run.stats = true;
        } else {
            usage_error("unknown option '%s'", arg);
        }
#undef NEEDS_VALUE
    }
}

/* Read a whole ROM image for option `opt` (-bios, -vga-bios), checking its
 * size with `check` (board_check_bios_size, vga_check_rom_size) first.
 * Exits with EXIT_USAGE on any error. */
static uint8_t *load_rom(const char *opt, const char *path,
                         int (*check)(uint64_t size, char *err, size_t errlen), uint32_t *size)
{
    struct stat st;
    char err[200];
    uint8_t *buf;
    FILE *f = fopen(path, "rb");

    if (!f)
        usage_error("%s %s: %s", opt, path, strerror(errno));
    if (fstat(fileno(f), &st) < 0 || !S_ISREG(st.st_mode))
        usage_error("%s %s: not a regular file", opt, path);
    if (check((uint64_t)st.st_size, err, sizeof(err)) < 0)
        usage_error("%s %s: %s", opt, path, err);
    buf = malloc((size_t)st.st_size);
    if (!buf)
        usage_error("%s %s: out of host memory", opt, path);
    if (fread(buf, 1, (size_t)st.st_size, f) != (size_t)st.st_size)
        usage_error("%s %s: read error", opt, path);
    fclose(f);
    *size = (uint32_t)st.st_size;
    return buf;
}

/* --screen-dump / --screenshot at the end of a run. Returns false when a
 * file could not be written (reported on stderr). */
static bool write_screen_files(struct board *b, const struct options *o)
{
    bool ok = true;

    if (o->screen_dump && screen_dump_write(b->vga, o->screen_dump) < 0) {
        fprintf(stderr, "x86pc: --screen-dump %s: %s\n", o->screen_dump, strerror(errno));
        ok = false;
    }
    if (o->screenshot) {
        struct vga_frame fr;
        vga_render(b->vga, &fr);
        errno = 0;
        if (png_write(o->screenshot, fr.pixels, fr.width, fr.height) < 0) {
            fprintf(stderr, "x86pc: --screenshot %s: %s\n", o->screenshot,
                    errno ? strerror(errno) : "cannot encode the image");
            ok = false;
        }
    }
    return ok;
}

/* Open the -debugcon sink. *close_it is set when the caller must fclose. */
static FILE *open_debugcon(const char *spec, bool *close_it)
{
    FILE *f;

    *close_it = false;
    if (!strcmp(spec, "stdio"))
        return stdout;
    if (!strcmp(spec, "none") || !strcmp(spec, "null"))
        return NULL;
    f = fopen(spec + 5, "wb"); /* "file:PATH", truncated as QEMU does */
    if (!f)
        usage_error("-debugcon %s: %s", spec, strerror(errno));
    *close_it = true;
    return f;
}

int main(int argc, char **argv)
{
    struct options o = {
        .ram_mib = BOARD_RAM_MIB_DEFAULT,
        .model = CPU_P6,
        .debugcon = "stdio",
        .run = { .batch = 100000 },
    };
    struct board_config cfg;
    struct board *b;
    char err[200];
    bool close_sink;
    uint8_t *bios, *vga_bios = NULL;
    struct sdl_display *sdl = NULL;
    int status;

    parse_args(argc, argv, &o);

    memset(&cfg, 0, sizeof(cfg));
    cfg.ram_mib = o.ram_mib;
    cfg.model = o.model;
    if (o.bios_path) {
        bios = load_rom("-bios", o.bios_path, board_check_bios_size, &cfg.bios_size);
        cfg.bios = bios;
    } else {
        /* the built-in BIOS (bios/, docs/bios.md) */
        bios = NULL;
        cfg.bios = x86pc_bios_image;
        cfg.bios_size = x86pc_bios_image_size;
    }
    if (o.vga_bios_path) {
        vga_bios = load_rom("-vga-bios", o.vga_bios_path, vga_check_rom_size,
                            &cfg.vga_bios_size);
        cfg.vga_bios = vga_bios;
    } else {
        /* the built-in VGA BIOS (bios/video/, bios/video/README.md) */
        cfg.vga_bios = x86pc_vgabios_image;
        cfg.vga_bios_size = x86pc_vgabios_image_size;
    }
    cfg.debugcon_sink = open_debugcon(o.debugcon, &close_sink);
    cfg.log = stderr;
    cfg.ns_per_insn = o.ns_per_insn;
    for (int i = 0; i < 2; i++)
        cfg.fd_path[i] = o.fd_path[i];
    for (int i = 0; i < 4; i++)
        cfg.hd_path[i] = o.hd_path[i];
    cfg.cdrom_path = o.cdrom_path;
    cfg.boot_order = o.boot_order;
    cfg.snapshot = o.snapshot;
    if ((o.initrd_path || o.append) && !o.kernel_path)
        usage_error("%s needs -kernel", o.initrd_path ? "-initrd" : "-append");
    cfg.kernel_path = o.kernel_path;
    cfg.initrd_path = o.initrd_path;
    cfg.append = o.append;
    if (chardev_configure(&o.io, &cfg, o.run.deterministic, err, sizeof(err)) < 0)
        usage_error("%s", err);

    b = board_create(&cfg, err, sizeof(err));
    free(bios);
    free(vga_bios);
    if (!b) {
        fprintf(stderr, "x86pc: %s\n", err);
        return EXIT_USAGE;
    }
    chardev_start(&o.io, b);
    /* -display sdl, or by default when a display server is named: the
     * window shares the run loop through its poll hook. When it cannot
     * open, an explicit -display sdl is an error; the default falls back
     * to headless with a note. */
    if (o.display ? !strcmp(o.display, "sdl") : sdl_display_available()) {
        struct sdl_options so = { .full_screen = o.full_screen };
        sdl = sdl_open(b, &so, err, sizeof(err));
        if (!sdl && o.display) {
            fprintf(stderr, "x86pc: %s\n", err);
            chardev_finish(&o.io);
            board_destroy(b);
            return EXIT_USAGE;
        }
        if (!sdl)
            fprintf(stderr, "x86pc: %s; running without a window (-display none)\n", err);
        o.run.poll = sdl ? sdl_poll : NULL;
        o.run.poll_opaque = sdl;
    }
    status = headless_run(b, &o.run);
    sdl_close(sdl);
    if (chardev_finish(&o.io) < 0 && status == 0)
        status = EXIT_INTERNAL;
    if (!write_screen_files(b, &o) && status == 0)
        status = EXIT_INTERNAL;
    board_destroy(b);
    if (close_sink && fclose(cfg.debugcon_sink) != 0) {
        fprintf(stderr, "x86pc: -debugcon %s: write error\n", o.debugcon);
        if (status == 0)
            status = EXIT_INTERNAL;
    }
    fflush(stdout);
    return status;
}
