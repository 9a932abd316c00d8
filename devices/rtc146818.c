/*
 * rtc146818.c - MC146818A RTC and CMOS NVRAM (see rtc146818.h for the model
 * and sources).
 */
#include "rtc146818.h"

#include <stdio.h>
#include <string.h>

#include "board.h"
#include "isa.h"
#include "state.h"

#define NS_PER_S 1000000000ull

static uint8_t to_bcd(unsigned v) { return (uint8_t)(((v / 10) << 4) | (v % 10)); }
static unsigned from_bcd(uint8_t v) { return (unsigned)((v >> 4) * 10 + (v & 15)); }

static bool binary(const struct rtc *r) { return r->s.cmos[RTC_REG_B] & RTC_B_DM; }
static uint8_t enc(const struct rtc *r, unsigned v) { return binary(r) ? (uint8_t)v : to_bcd(v); }
static unsigned dec(const struct rtc *r, uint8_t v) { return binary(r) ? v : from_bcd(v); }

/* Divider chain state from register A DV2-0: only 010 runs the clock
 * (11x holds the chain in reset; other values are other crystals or test
 * modes, which this 32.768 kHz board does not have). */
static bool dv_running(uint8_t a) { return (a & 0x70u) == 0x20u; }

static uint64_t now_ns(const struct rtc *r) { return r->tl ? timeline_now(r->tl) : 0; }

/* Periodic interrupt period in 32.768 kHz cycles (datasheet Table 5);
 * 0 = none. RS 1 and 2 give 256 and 128 Hz; RS n >= 3 gives 65536 >> n Hz. */
static uint32_t period_cycles(uint8_t a)
{
    unsigned rs = a & 15u;

    if (rs == 0)
        return 0;
    if (rs <= 2)
        return 1u << (rs + 6);
    return 1u << (rs - 1);
}

/* Periodic ticks from the divider origin up to time t. */
static uint64_t ticks_at(const struct rtc *r, uint64_t t, uint32_t p)
{
    unsigned __int128 cyc;

    if (t <= r->s.div_origin)
        return 0;
    cyc = (unsigned __int128)(t - r->s.div_origin) * 32768u / NS_PER_S;
    return (uint64_t)(cyc / p);
}

/* Virtual ns of periodic tick number k. */
static uint64_t tick_time(const struct rtc *r, uint64_t k, uint32_t p)
{
    unsigned __int128 ns = ((unsigned __int128)k * p * NS_PER_S + 32767u) / 32768u;

    return r->s.div_origin + (uint64_t)ns;
}

static void update_irq(struct rtc *r)
{
    uint8_t *c = &r->s.cmos[RTC_REG_C], b = r->s.cmos[RTC_REG_B];
    bool irqf = ((*c & RTC_C_PF) && (b & RTC_B_PIE)) || ((*c & RTC_C_AF) && (b & RTC_B_AIE)) ||
                ((*c & RTC_C_UF) && (b & RTC_B_UIE));

    if (irqf)
        *c |= RTC_C_IRQF;
    else
        *c &= (uint8_t)~RTC_C_IRQF;
    if (irqf != r->irq_level) {
        r->irq_level = irqf;
        if (r->bus)
            isa_irq_set(r->bus, RTC_IRQ, irqf);
    }
}

static bool leap(unsigned year2) { return year2 % 4 == 0; }  /* the chip's rule: year % 4 */

static unsigned days_in_month(unsigned mon, unsigned year2)
{
    static const uint8_t d[13] = { 31, 31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31 };

    if (mon == 2 && leap(year2))
        return 29;
    return d[mon <= 12 ? mon : 0];
}

/* Hours register <-> 0-23. */
static unsigned hour_get(const struct rtc *r, uint8_t raw)
{
    unsigned h;

    if (r->s.cmos[RTC_REG_B] & RTC_B_24H)
        return dec(r, raw);
    h = dec(r, raw & 0x7F) % 12;
    return (raw & 0x80) ? h + 12 : h;
}

static uint8_t hour_put(const struct rtc *r, unsigned h)
{
    unsigned h12;

    if (r->s.cmos[RTC_REG_B] & RTC_B_24H)
        return enc(r, h);
    h12 = h % 12 ? h % 12 : 12;
    return (uint8_t)(enc(r, h12) | (h >= 12 ? 0x80 : 0));
}

/* One update cycle: advance the time by one second (with the DSE rule),
 * set UF and, on an alarm match, AF. */
static void update_cycle(struct rtc *r)
{
    uint8_t *m = r->s.cmos;
    unsigned sec = dec(r, m[RTC_SEC]), min = dec(r, m[RTC_MIN]), hour = hour_get(r, m[RTC_HOUR]);
    unsigned dow = dec(r, m[RTC_DOW]), day = dec(r, m[RTC_DAY]);
    unsigned mon = dec(r, m[RTC_MONTH]), year = dec(r, m[RTC_YEAR]);
    bool dse = m[RTC_REG_B] & RTC_B_DSE;

    if (++sec >= 60) {
        sec = 0;
        if (++min >= 60) {
            min = 0;
            hour++;
            if (dse && dow == 1 && mon == 4 && day >= 24 && hour == 2)
                hour = 3;   /* last Sunday in April: 1:59:59 -> 3:00:00 */
            if (dse && dow == 1 && mon == 10 && day >= 25 && hour == 2 && !r->s.dse_fall_done) {
                hour = 1;   /* last Sunday in October: 1:59:59 -> 1:00:00, once */
                r->s.dse_fall_done = true;
            }
            if (hour >= 24) {
                hour = 0;
                r->s.dse_fall_done = false;
                dow = dow >= 7 ? 1 : dow + 1;
                if (++day > days_in_month(mon, year)) {
                    day = 1;
                    if (++mon > 12) {
                        mon = 1;
                        if (++year > 99) {
                            year = 0;
                            m[CMOS_CENTURY] = enc(r, (dec(r, m[CMOS_CENTURY]) + 1) % 100);
                        }
                    }
                }
            }
        }
    }
    m[RTC_SEC] = enc(r, sec);
    m[RTC_MIN] = enc(r, min);
    m[RTC_HOUR] = hour_put(r, hour);
    m[RTC_DOW] = enc(r, dow);
    m[RTC_DAY] = enc(r, day);
    m[RTC_MONTH] = enc(r, mon);
    m[RTC_YEAR] = enc(r, year);

    m[RTC_REG_C] |= RTC_C_UF;
    if ((m[RTC_SEC_ALARM] >= 0xC0 || m[RTC_SEC_ALARM] == m[RTC_SEC]) &&
        (m[RTC_MIN_ALARM] >= 0xC0 || m[RTC_MIN_ALARM] == m[RTC_MIN]) &&
        (m[RTC_HOUR_ALARM] >= 0xC0 || m[RTC_HOUR_ALARM] == m[RTC_HOUR]))
        m[RTC_REG_C] |= RTC_C_AF;
}

/* Bring the chip up to virtual time `now`: every update cycle and periodic
 * tick that happened since the last call. */
static void sync(struct rtc *r, uint64_t now)
{
    uint8_t a = r->s.cmos[RTC_REG_A];
    uint32_t p = period_cycles(a);

    if (!dv_running(a)) {
        r->s.pf_scanned = now;
        return;
    }
    while (r->s.next_update <= now) {
        if (!(r->s.cmos[RTC_REG_B] & RTC_B_SET))
            update_cycle(r);
        r->s.next_update += NS_PER_S;
    }
    if (p && now > r->s.pf_scanned && ticks_at(r, now, p) > ticks_at(r, r->s.pf_scanned, p))
        r->s.cmos[RTC_REG_C] |= RTC_C_PF;
    if (now > r->s.pf_scanned)
        r->s.pf_scanned = now;
}

/* Arm the timers for the next event the guest can observe by interrupt. */
static void arm_timers(struct rtc *r)
{
    uint8_t a = r->s.cmos[RTC_REG_A];
    uint32_t p = period_cycles(a);

    if (!r->tl)
        return;
    if (dv_running(a))
        timer_arm(&r->update_timer, r->s.next_update);
    else
        timer_cancel(&r->update_timer);
    if (dv_running(a) && p && (r->s.cmos[RTC_REG_B] & RTC_B_PIE))
        timer_arm(&r->periodic_timer, tick_time(r, ticks_at(r, r->s.pf_scanned, p) + 1, p));
    else
        timer_cancel(&r->periodic_timer);
}

static void timer_cb(void *opaque)
{
    struct rtc *r = opaque;

    sync(r, now_ns(r));
    update_irq(r);
    arm_timers(r);
}

uint8_t rtc_read(struct rtc *r, unsigned index)
{
    uint64_t now = now_ns(r);
    uint8_t v;

    index &= 0x7F;
    if (index > RTC_REG_D)
        return r->s.cmos[index];
    sync(r, now);
    switch (index) {
    case RTC_REG_A:
        v = r->s.cmos[RTC_REG_A] & 0x7F;
        if (dv_running(v) && !(r->s.cmos[RTC_REG_B] & RTC_B_SET) &&
            now + RTC_UIP_NS >= r->s.next_update)
            v |= RTC_A_UIP;
        return v;
    case RTC_REG_C:
        update_irq(r);
        v = r->s.cmos[RTC_REG_C];
        r->s.cmos[RTC_REG_C] = 0;
        update_irq(r);
        arm_timers(r);
        return v;
    case RTC_REG_D:
        return 0x80;   /* VRT: the battery is good */
    default:
        return r->s.cmos[index];
    }
}

void rtc_write(struct rtc *r, unsigned index, uint8_t value)
{
    uint64_t now = now_ns(r);
    uint8_t old;

    index &= 0x7F;
    if (index > RTC_REG_D) {
        r->s.cmos[index] = value;
        return;
    }
    sync(r, now);
    switch (index) {
    case RTC_REG_A:
        old = r->s.cmos[RTC_REG_A];
        r->s.cmos[RTC_REG_A] = value & 0x7F;
        if (dv_running(value) && !dv_running(old)) {
            /* leaving divider reset: the first update comes 500 ms later */
            r->s.div_origin = now;
            r->s.pf_scanned = now;
            r->s.next_update = now + NS_PER_S / 2;
        }
        break;
    case RTC_REG_B:
        if (value & RTC_B_SET)
            value &= (uint8_t)~RTC_B_UIE;
        r->s.cmos[RTC_REG_B] = value;
        break;
    case RTC_REG_C:
    case RTC_REG_D:
        return;     /* read-only */
    default:
        r->s.cmos[index] = value;
        return;
    }
    update_irq(r);
    arm_timers(r);
}

static uint32_t rtc_port_read(void *opaque, uint16_t port, int size)
{
    struct rtc *r = opaque;

    (void)size;
    switch (port) {
    case RTC_PORT_DATA:
        return rtc_read(r, r->s.index);
    case RTC_PORT_EXT_INDEX:
        return r->s.ext_index;
    case RTC_PORT_EXT_DATA:
        return r->s.ext[r->s.ext_index];
    default:
        return 0xFF;   /* the index register is write-only (as QEMU) */
    }
}

static void rtc_port_write(void *opaque, uint16_t port, uint32_t value, int size)
{
    struct rtc *r = opaque;

    (void)size;
    switch (port) {
    case RTC_PORT_INDEX:
        r->s.index = value & 0x7F;
        r->s.nmi_masked = value & 0x80;
        break;
    case RTC_PORT_DATA:
        rtc_write(r, r->s.index, (uint8_t)value);
        break;
    case RTC_PORT_EXT_INDEX:
        r->s.ext_index = value & 0x7F;
        break;
    default:
        r->s.ext[r->s.ext_index] = (uint8_t)value;
        break;
    }
}

/* Day of week, 1 = Sunday (Zeller / Sakamoto). */
static int weekday(int y, int m, int d)
{
    static const int t[12] = { 0, 3, 2, 5, 0, 3, 5, 1, 4, 6, 2, 4 };

    if (m < 3)
        y--;
    return (y + y / 4 - y / 100 + y / 400 + t[(m - 1) % 12] + d) % 7 + 1;
}

void rtc_set_time(struct rtc *r, const struct rtc_datetime *t)
{
    uint8_t *m = r->s.cmos;

    m[RTC_SEC] = enc(r, (unsigned)t->sec);
    m[RTC_MIN] = enc(r, (unsigned)t->min);
    m[RTC_HOUR] = hour_put(r, (unsigned)t->hour);
    m[RTC_DOW] = enc(r, (unsigned)weekday(t->year, t->month, t->day));
    m[RTC_DAY] = enc(r, (unsigned)t->day);
    m[RTC_MONTH] = enc(r, (unsigned)t->month);
    m[RTC_YEAR] = enc(r, (unsigned)(t->year % 100));
    m[CMOS_CENTURY] = enc(r, (unsigned)(t->year / 100));
}

void rtc_get_time(struct rtc *r, struct rtc_datetime *t)
{
    uint8_t *m = r->s.cmos;

    sync(r, now_ns(r));
    t->sec = (int)dec(r, m[RTC_SEC]);
    t->min = (int)dec(r, m[RTC_MIN]);
    t->hour = (int)hour_get(r, m[RTC_HOUR]);
    t->day = (int)dec(r, m[RTC_DAY]);
    t->month = (int)dec(r, m[RTC_MONTH]);
    t->year = (int)(dec(r, m[CMOS_CENTURY]) * 100 + dec(r, m[RTC_YEAR]));
}

void rtc_cmos_checksum(struct rtc *r)
{
    unsigned sum = 0;

    for (unsigned i = 0x10; i <= 0x2D; i++)
        sum += r->s.cmos[i];
    r->s.cmos[CMOS_CHECKSUM_HI] = (uint8_t)(sum >> 8);
    r->s.cmos[CMOS_CHECKSUM_LO] = (uint8_t)sum;
}

int rtc_cmos_setup(struct rtc *r, const struct rtc_cmos_config *c)
{
    uint8_t *m = r->s.cmos;
    uint64_t kib = c->ram_bytes >> 10;
    uint64_t ext = kib > 1024 ? kib - 1024 : 0;                     /* KiB above 1 MiB */
    uint64_t above16 = c->ram_bytes > (16u << 20) ? (c->ram_bytes - (16u << 20)) >> 16 : 0;
    uint64_t above4g = c->ram_above_4g >> 16;
    const char *order = c->boot_order ? c->boot_order : "cad";
    uint8_t dev[3] = { 0, 0, 0 };
    unsigned nfloppy = (c->floppy_type[0] != 0) + (c->floppy_type[1] != 0);

    if (ext > 0xFFFF) ext = 0xFFFF;
    if (above16 > 0xFFFF) above16 = 0xFFFF;
    if (strlen(order) > 3)
        return -1;
    for (unsigned i = 0; order[i]; i++) {
        switch (order[i]) {
        case 'a': dev[i] = CMOS_BOOT_FLOPPY; break;
        case 'c': dev[i] = CMOS_BOOT_DISK; break;
        case 'd': dev[i] = CMOS_BOOT_CDROM; break;
        default: return -1;
        }
    }
    m[CMOS_FLOPPY] = (uint8_t)((c->floppy_type[0] & 15) << 4 | (c->floppy_type[1] & 15));
    m[CMOS_DISK] = (uint8_t)((c->disk_present[0] ? 0xF0 : 0) | (c->disk_present[1] ? 0x0F : 0));
    m[CMOS_DISK_C_TYPE] = c->disk_present[0] ? 47 : 0;   /* 47: user-defined type */
    m[CMOS_DISK_D_TYPE] = c->disk_present[1] ? 47 : 0;
    /* Equipment byte (IBM AT BIOS INT 11h layout): bit 0 floppy drives,
     * bit 1 maths coprocessor, bit 2 PS/2 mouse, bits 5-4 00 = EGA/VGA,
     * bits 7-6 floppy drives - 1. */
    m[CMOS_EQUIPMENT] = (uint8_t)((nfloppy ? 0x01 | (nfloppy - 1) << 6 : 0) | (c->fpu ? 0x02 : 0) | 0x04);
    m[CMOS_BASEMEM_LO] = 640 & 0xFF;
    m[CMOS_BASEMEM_HI] = 640 >> 8;
    m[CMOS_EXTMEM_LO] = m[CMOS_EXTMEM2_LO] = (uint8_t)ext;
    m[CMOS_EXTMEM_HI] = m[CMOS_EXTMEM2_HI] = (uint8_t)(ext >> 8);
    m[CMOS_MEM16M_LO] = (uint8_t)above16;
    m[CMOS_MEM16M_HI] = (uint8_t)(above16 >> 8);
    m[CMOS_MEM4G_LO] = (uint8_t)above4g;
    m[CMOS_MEM4G_MID] = (uint8_t)(above4g >> 8);
    m[CMOS_MEM4G_HI] = (uint8_t)(above4g >> 16);
    m[CMOS_CPU_COUNT] = (uint8_t)(c->cpus ? c->cpus - 1 : 0);
    m[CMOS_BOOTFLAG2] = (uint8_t)(dev[0] | dev[1] << 4);
    m[CMOS_BOOTFLAG1] = (uint8_t)((m[CMOS_BOOTFLAG1] & 0x0F) | dev[2] << 4);
    rtc_cmos_checksum(r);
    return 0;
}

int rtc_parse_datetime(const char *s, struct rtc_datetime *t)
{
    int n = 0;

    memset(t, 0, sizeof(*t));
    if (sscanf(s, "%4d-%2d-%2dT%2d:%2d:%2d%n", &t->year, &t->month, &t->day, &t->hour,
               &t->min, &t->sec, &n) == 6 && s[n] == '\0') {
    } else {
        memset(t, 0, sizeof(*t));
        n = 0;
        if (sscanf(s, "%4d-%2d-%2d%n", &t->year, &t->month, &t->day, &n) != 3 || s[n] != '\0')
            return -1;
    }
    if (t->year < 1900 || t->year > 2099 || t->month < 1 || t->month > 12 || t->day < 1 ||
        t->day > (int)days_in_month((unsigned)t->month, (unsigned)t->year) ||
        t->hour > 23 || t->min > 59 || t->sec > 59 || t->hour < 0 || t->min < 0 || t->sec < 0)
        return -1;
    return 0;
}

void rtc_reset(struct rtc *r)
{
    sync(r, now_ns(r));
    r->s.cmos[RTC_REG_B] &= (uint8_t)~(RTC_B_PIE | RTC_B_AIE | RTC_B_UIE | RTC_B_SQWE);
    r->s.cmos[RTC_REG_C] = 0;
    r->irq_level = false;
    if (r->bus)
        isa_irq_set(r->bus, RTC_IRQ, 0);
    arm_timers(r);
}

int rtc_init(struct rtc *r, struct board *b, struct isa_bus *bus, struct timeline *tl,
             const struct rtc_datetime *start)
{
    memset(r, 0, sizeof(*r));
    r->board = b;
    r->bus = bus;
    r->tl = tl;
    r->s.cmos[RTC_REG_A] = 0x26;
    r->s.cmos[RTC_REG_B] = RTC_B_24H;
    r->s.cmos[RTC_REG_D] = 0x80;
    r->s.div_origin = now_ns(r);
    r->s.pf_scanned = r->s.div_origin;
    r->s.next_update = r->s.div_origin + NS_PER_S;
    rtc_set_time(r, start);
    if (tl && (timer_init(tl, &r->update_timer, "rtc-update", timer_cb, r) < 0 ||
               timer_init(tl, &r->periodic_timer, "rtc-periodic", timer_cb, r) < 0))
        return -1;
    arm_timers(r);
    if (b)
        return board_register_ports(b, RTC_PORT_INDEX, 4, 1, rtc_port_read, rtc_port_write,
                                    r, "rtc");
    return 0;
}

int rtc_save(const struct rtc *r, struct state_writer *w, const char *name)
{
    state_begin(w, name, 1);
    state_put_bytes(w, "cmos", r->s.cmos, RTC_NVRAM_SIZE);
    state_put_bytes(w, "ext", r->s.ext, RTC_NVRAM_SIZE);
    state_put_u8(w, "index", r->s.index);
    state_put_u8(w, "ext_index", r->s.ext_index);
    state_put_bool(w, "nmi_masked", r->s.nmi_masked);
    state_put_bool(w, "dse_fall_done", r->s.dse_fall_done);
    state_put_u64(w, "next_update", r->s.next_update);
    state_put_u64(w, "div_origin", r->s.div_origin);
    state_put_u64(w, "pf_scanned", r->s.pf_scanned);
    return state_end(w);
}

int rtc_load(struct rtc *r, const void *buf, size_t len, const char *name)
{
    struct state_reader rd;

    if (state_open(&rd, buf, len, name) < 0 || rd.version > 1)
        return -1;
    state_get_bytes(&rd, "cmos", r->s.cmos, RTC_NVRAM_SIZE);
    state_get_bytes(&rd, "ext", r->s.ext, RTC_NVRAM_SIZE);
    state_get_u8(&rd, "index", &r->s.index);
    state_get_u8(&rd, "ext_index", &r->s.ext_index);
    state_get_bool(&rd, "nmi_masked", &r->s.nmi_masked);
    state_get_bool(&rd, "dse_fall_done", &r->s.dse_fall_done);
    state_get_u64(&rd, "next_update", &r->s.next_update);
    state_get_u64(&rd, "div_origin", &r->s.div_origin);
    state_get_u64(&rd, "pf_scanned", &r->s.pf_scanned);
    r->s.index &= 0x7F;
    r->s.ext_index &= 0x7F;
    update_irq(r);
    arm_timers(r);
    return 0;
}
