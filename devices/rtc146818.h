/*
 * rtc146818.h - Motorola MC146818A real-time clock with its CMOS NVRAM, at
 * ports 0x70 (index; bit 7 = NMI mask) / 0x71 (data), IRQ8, plus the
 * 128-byte extended NVRAM bank at 0x72/0x73 (as QEMU's and Bochs's
 * chipset RTCs).
 *
 * Source: Motorola MC146818A datasheet ("Real-Time Clock Plus RAM (RTC)"),
 * sections "Address map", "Time, calendar and alarm locations", "Update
 * cycle", "Register A".."Register D", "Interrupts", "Square-wave output".
 * The NVRAM layout (0x0E-0x7F) is the IBM PC/AT one as extended by Bochs
 * and QEMU, which SeaBIOS reads (src/hw/rtc.h, src/fw/paravirt.c
 * qemu_preinit/qemu_cfg_e820, src/boot.c boot order, src/hw/floppy.c).
 *
 * Registers 0-9: seconds, seconds alarm, minutes, minutes alarm, hours,
 * hours alarm, day of week (1 = Sunday), day of month, month, year (0-99),
 * in BCD or binary (register B DM) and 12/24-hour form (B 24/12; in 12-hour
 * form hours are 1-12 with bit 7 = PM). An alarm byte of 0xC0-0xFF is
 * "don't care". The chip does not convert when DM or 24/12 changes.
 * A: UIP (read-only), DV2-0 (010 = 32.768 kHz time base running; 11x =
 *    divider chain held in reset; the first update comes 500 ms after
 *    leaving reset; other values stop the clock), RS3-0 periodic rate.
 * B: SET (inhibits updates; setting it clears UIE), PIE, AIE, UIE, SQWE,
 *    DM, 24/12, DSE (US daylight-saving rule of the datasheet).
 * C: IRQF PF AF UF, read-only, cleared by reading; IRQ8 follows IRQF
 *    (IRQF = PF&PIE | AF&AIE | UF&UIE), so the line stays high until C is read.
 * D: VRT (battery good), always 0x80.
 *
 * Time runs in virtual time (timeline.h): an update cycle every second of
 * virtual time, UIP high for 244 us (8 cycles of 32.768 kHz) before it; the
 * update itself is instantaneous. PF is set at the RS rate whether or not
 * PIE is set. The century byte 0x32 is incremented when the year wraps
 * from 99 to 0 (as Bochs and QEMU do; the MC146818A itself has no century).
 */
#ifndef X86PC_RTC146818_H
#define X86PC_RTC146818_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "timeline.h"

struct board;
struct isa_bus;
struct state_writer;

#define RTC_PORT_INDEX 0x70
#define RTC_PORT_DATA 0x71
#define RTC_PORT_EXT_INDEX 0x72
#define RTC_PORT_EXT_DATA 0x73
#define RTC_IRQ 8
#define RTC_NVRAM_SIZE 128

/* Register / NVRAM indexes. */
enum {
    RTC_SEC = 0, RTC_SEC_ALARM = 1, RTC_MIN = 2, RTC_MIN_ALARM = 3,
    RTC_HOUR = 4, RTC_HOUR_ALARM = 5, RTC_DOW = 6, RTC_DAY = 7,
    RTC_MONTH = 8, RTC_YEAR = 9,
    RTC_REG_A = 0x0A, RTC_REG_B = 0x0B, RTC_REG_C = 0x0C, RTC_REG_D = 0x0D,
    /* PC/AT, Bochs and QEMU NVRAM bytes */
    CMOS_SHUTDOWN = 0x0F,
    CMOS_FLOPPY = 0x10,          /* high nibble drive A, low drive B */
    CMOS_DISK = 0x12,            /* 0xF0: drive C type in 0x19, 0x0F: drive D in 0x1A */
    CMOS_EQUIPMENT = 0x14,
    CMOS_BASEMEM_LO = 0x15, CMOS_BASEMEM_HI = 0x16,     /* KiB, 640 */
    CMOS_EXTMEM_LO = 0x17, CMOS_EXTMEM_HI = 0x18,       /* KiB above 1 MiB, max 0xFFFF */
    CMOS_DISK_C_TYPE = 0x19, CMOS_DISK_D_TYPE = 0x1A,
    CMOS_CHECKSUM_HI = 0x2E, CMOS_CHECKSUM_LO = 0x2F,   /* sum of 0x10-0x2D */
    CMOS_EXTMEM2_LO = 0x30, CMOS_EXTMEM2_HI = 0x31,     /* same as 0x17/0x18 */
    CMOS_CENTURY = 0x32,
    CMOS_MEM16M_LO = 0x34, CMOS_MEM16M_HI = 0x35,       /* 64 KiB units above 16 MiB */
    CMOS_BOOTFLAG1 = 0x38,       /* bits 7-4: third boot device; bit 0: skip floppy signature check */
    CMOS_DISK_TRANSLATION = 0x39,
    CMOS_BOOTFLAG2 = 0x3D,       /* bits 3-0 first, 7-4 second boot device */
    CMOS_MEM4G_LO = 0x5B, CMOS_MEM4G_MID = 0x5C, CMOS_MEM4G_HI = 0x5D, /* 64 KiB units above 4 GiB */
    CMOS_CPU_COUNT = 0x5F        /* CPUs - 1 */
};

/* Register A/B/C bits. */
#define RTC_A_UIP 0x80u
#define RTC_B_SET 0x80u
#define RTC_B_PIE 0x40u
#define RTC_B_AIE 0x20u
#define RTC_B_UIE 0x10u
#define RTC_B_SQWE 0x08u
#define RTC_B_DM 0x04u       /* 1 = binary, 0 = BCD */
#define RTC_B_24H 0x02u
#define RTC_B_DSE 0x01u
#define RTC_C_IRQF 0x80u
#define RTC_C_PF 0x40u
#define RTC_C_AF 0x20u
#define RTC_C_UF 0x10u

/* Boot device codes in CMOS_BOOTFLAG1/2 (Bochs/SeaBIOS). */
#define CMOS_BOOT_FLOPPY 1
#define CMOS_BOOT_DISK 2
#define CMOS_BOOT_CDROM 3

/* Floppy drive type codes in CMOS_FLOPPY (IBM PC/AT BIOS). */
#define CMOS_FLOPPY_NONE 0
#define CMOS_FLOPPY_360K 1
#define CMOS_FLOPPY_1200K 2
#define CMOS_FLOPPY_720K 3
#define CMOS_FLOPPY_1440K 4
#define CMOS_FLOPPY_2880K 5

/* UIP lead time before an update: 8 cycles of 32.768 kHz, in ns. */
#define RTC_UIP_NS 244141u

/* A calendar date and time (binary). */
struct rtc_datetime {
    int year;        /* 1900..2099 (century kept in CMOS 0x32) */
    int month;       /* 1-12 */
    int day;         /* 1-31 */
    int hour, min, sec;
};

/* The board facts the NVRAM reports to the BIOS. */
struct rtc_cmos_config {
    uint64_t ram_bytes;          /* RAM below 4 GiB */
    uint64_t ram_above_4g;       /* bytes above 4 GiB (0 on this board) */
    uint8_t floppy_type[2];      /* CMOS_FLOPPY_* for drives A and B */
    bool disk_present[2];        /* ATA primary master/slave hard disks (C, D) */
    const char *boot_order;      /* QEMU -boot letters, e.g. "cad"; NULL = "cad" */
    bool fpu;                    /* x87 present (equipment byte bit 1) */
    unsigned cpus;               /* >= 1 */
};

/* All chip state (plain data for save/restore). */
struct rtc_state {
    uint8_t cmos[RTC_NVRAM_SIZE];    /* registers 0-0x0D and NVRAM */
    uint8_t ext[RTC_NVRAM_SIZE];     /* extended bank (0x72/0x73) */
    uint8_t index, ext_index;
    bool nmi_masked;                 /* port 0x70 bit 7 */
    bool dse_fall_done;              /* October 1:59:59 -> 1:00:00 already applied */
    uint64_t next_update;            /* virtual ns of the next update cycle (when running) */
    uint64_t div_origin;             /* virtual ns when the divider chain left reset */
    uint64_t pf_scanned;             /* periodic flags accounted up to this time */
};

/* The chip and its wiring (board ports, IRQ8 via the ISA bus, timers). */
struct rtc {
    struct rtc_state s;
    struct board *board;
    struct isa_bus *bus;
    struct timeline *tl;
    struct timer update_timer, periodic_timer;
    bool irq_level;
};

/* Set up the chip at power-on (A = 0x26, B = 0x02: 24-hour BCD, D = 0x80),
 * with the clock at `start` and NVRAM zero, and register ports 0x70-0x73 on
 * board b (when not NULL). bus/tl may be NULL (tests). Returns 0 or -1. */
int rtc_init(struct rtc *r, struct board *b, struct isa_bus *bus, struct timeline *tl,
             const struct rtc_datetime *start);
/* System reset (the RESET pin, datasheet "RESET"): clears PIE, AIE, UIE,
 * SQWE and the C flags, lowers IRQ8; time and NVRAM are kept. */
void rtc_reset(struct rtc *r);
/* Set the clock registers (in the current B format) and the century byte.
 * Day of week is computed. */
void rtc_set_time(struct rtc *r, const struct rtc_datetime *t);
/* Read the clock registers back as a date (for tests and the debugger). */
void rtc_get_time(struct rtc *r, struct rtc_datetime *t);
/* Fill the NVRAM board bytes (memory sizes, drives, equipment, boot order,
 * CPU count, checksum). Returns 0, or -1 with an unknown boot letter. */
int rtc_cmos_setup(struct rtc *r, const struct rtc_cmos_config *c);
/* Recompute the checksum 0x2E/0x2F over 0x10-0x2D. */
void rtc_cmos_checksum(struct rtc *r);

/* Register/NVRAM access by index (what ports 0x71 do), 0-127. */
uint8_t rtc_read(struct rtc *r, unsigned index);
void rtc_write(struct rtc *r, unsigned index, uint8_t value);

/* Save/load the record `name` (version 1). Return 0 or -1. */
int rtc_save(const struct rtc *r, struct state_writer *w, const char *name);
int rtc_load(struct rtc *r, const void *buf, size_t len, const char *name);

/* Parse a date "YYYY-MM-DD", "YYYY-MM-DDTHH:MM:SS" (QEMU -rtc base=). */
int rtc_parse_datetime(const char *s, struct rtc_datetime *t);

#endif
