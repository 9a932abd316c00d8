/*
 * ps2kbd.c - PS/2 MF II keyboard (see ps2kbd.h for the model and sources).
 */
#include "ps2kbd.h"

#include <string.h>

#include "state.h"

#define E0 0x100u   /* extended key: the code is preceded by E0 */

/* HID usage (page 7) -> set-2 make code; 0 = not mapped. */
static const uint16_t hid_to_set2[256] = {
    [0x04] = 0x1C, [0x05] = 0x32, [0x06] = 0x21, [0x07] = 0x23, [0x08] = 0x24, [0x09] = 0x2B,
    [0x0A] = 0x34, [0x0B] = 0x33, [0x0C] = 0x43, [0x0D] = 0x3B, [0x0E] = 0x42, [0x0F] = 0x4B,
    [0x10] = 0x3A, [0x11] = 0x31, [0x12] = 0x44, [0x13] = 0x4D, [0x14] = 0x15, [0x15] = 0x2D,
    [0x16] = 0x1B, [0x17] = 0x2C, [0x18] = 0x3C, [0x19] = 0x2A, [0x1A] = 0x1D, [0x1B] = 0x22,
    [0x1C] = 0x35, [0x1D] = 0x1A,
    [0x1E] = 0x16, [0x1F] = 0x1E, [0x20] = 0x26, [0x21] = 0x25, [0x22] = 0x2E, [0x23] = 0x36,
    [0x24] = 0x3D, [0x25] = 0x3E, [0x26] = 0x46, [0x27] = 0x45,
    [0x28] = 0x5A, [0x29] = 0x76, [0x2A] = 0x66, [0x2B] = 0x0D, [0x2C] = 0x29, [0x2D] = 0x4E,
    [0x2E] = 0x55, [0x2F] = 0x54, [0x30] = 0x5B, [0x31] = 0x5D, [0x32] = 0x5D, [0x33] = 0x4C,
    [0x34] = 0x52, [0x35] = 0x0E, [0x36] = 0x41, [0x37] = 0x49, [0x38] = 0x4A, [0x39] = 0x58,
    [0x3A] = 0x05, [0x3B] = 0x06, [0x3C] = 0x04, [0x3D] = 0x0C, [0x3E] = 0x03, [0x3F] = 0x0B,
    [0x40] = 0x83, [0x41] = 0x0A, [0x42] = 0x01, [0x43] = 0x09, [0x44] = 0x78, [0x45] = 0x07,
    [0x47] = 0x7E,
    [0x49] = E0 | 0x70, [0x4A] = E0 | 0x6C, [0x4B] = E0 | 0x7D, [0x4C] = E0 | 0x71,
    [0x4D] = E0 | 0x69, [0x4E] = E0 | 0x7A, [0x4F] = E0 | 0x74, [0x50] = E0 | 0x6B,
    [0x51] = E0 | 0x72, [0x52] = E0 | 0x75,
    [0x53] = 0x77, [0x54] = E0 | 0x4A, [0x55] = 0x7C, [0x56] = 0x7B, [0x57] = 0x79,
    [0x58] = E0 | 0x5A, [0x59] = 0x69, [0x5A] = 0x72, [0x5B] = 0x7A, [0x5C] = 0x6B,
    [0x5D] = 0x73, [0x5E] = 0x74, [0x5F] = 0x6C, [0x60] = 0x75, [0x61] = 0x7D, [0x62] = 0x70,
    [0x63] = 0x71, [0x64] = 0x61, [0x65] = E0 | 0x2F,
    [0x87] = 0x51, [0x88] = 0x13, [0x89] = 0x6A, [0x8A] = 0x64, [0x8B] = 0x67,
    [0xE0] = 0x14, [0xE1] = 0x12, [0xE2] = 0x11, [0xE3] = E0 | 0x1F,
    [0xE4] = E0 | 0x14, [0xE5] = 0x59, [0xE6] = E0 | 0x11, [0xE7] = E0 | 0x27,
};

/* Modifier bits for the Print Screen / Pause variants. */
#define MOD_SHIFT 0x03u
#define MOD_CTRL 0x0Cu
#define MOD_ALT 0x30u

static uint8_t mod_bit(unsigned usage)
{
    switch (usage) {
    case 0xE1: return 0x01;
    case 0xE5: return 0x02;
    case 0xE0: return 0x04;
    case 0xE4: return 0x08;
    case 0xE2: return 0x10;
    case 0xE6: return 0x20;
    default: return 0;
    }
}

static void notify(struct ps2kbd *k)
{
    if (k->link && k->link->notify)
        k->link->notify(k->link->ctrl);
}

/* Queue one byte (always, for command responses; drops the oldest only
 * if the whole buffer is full, which a well-behaved host never causes). */
static void put(struct ps2kbd *k, uint8_t b)
{
    struct ps2kbd_state *s = &k->s;

    if (s->q_count == PS2KBD_QUEUE) {
        s->q_head = (uint8_t)((s->q_head + 1) % PS2KBD_QUEUE);
        s->q_count--;
    }
    s->q[(s->q_head + s->q_count) % PS2KBD_QUEUE] = b;
    s->q_count++;
}

unsigned ps2kbd_room(const struct ps2kbd *k)
{
    return k->s.q_count >= PS2KBD_KEY_BYTES ? 0 : PS2KBD_KEY_BYTES - k->s.q_count;
}

/* Queue a key's bytes (set-2 sequence `seq`, converted to set 1 when that
 * set is selected) atomically, or the overrun code when it does not fit. */
static void put_key_seq(struct ps2kbd *k, const uint8_t *seq, unsigned n)
{
    uint8_t out[8];
    unsigned m = 0;
    bool brk = false;

    if (k->s.scan_set == 1) {
        for (unsigned i = 0; i < n; i++) {
            if (seq[i] == 0xF0) {
                brk = true;
                continue;
            }
            out[m++] = (uint8_t)(ps2_translate(seq[i]) | (brk ? 0x80 : 0));
            brk = false;
        }
    } else {
        memcpy(out, seq, n);
        m = n;
    }
    if (ps2kbd_room(k) < m) {
        if (ps2kbd_room(k) >= 1 && (k->s.q_count == 0 ||
            k->s.q[(k->s.q_head + k->s.q_count - 1) % PS2KBD_QUEUE] != (k->s.scan_set == 1 ? 0xFF : 0x00)))
            put(k, k->s.scan_set == 1 ? 0xFF : 0x00);   /* overrun code */
    } else {
        for (unsigned i = 0; i < m; i++)
            put(k, out[i]);
    }
    notify(k);
}

/* Build the set-2 sequence of `usage` into seq; returns its length, 0 if
 * the key has none (unmapped, or Pause released). */
static unsigned key_seq(const struct ps2kbd *k, unsigned usage, bool down, uint8_t *seq)
{
    unsigned n = 0;
    uint16_t code;

    if (usage == PS2KBD_KEY_PRINTSCREEN) {
        if (k->s.mods & MOD_ALT) {          /* SysRq */
            if (!down) seq[n++] = 0xF0;
            seq[n++] = 0x84;
            return n;
        }
        if (k->s.mods & (MOD_SHIFT | MOD_CTRL)) {
            seq[n++] = 0xE0;
            if (!down) seq[n++] = 0xF0;
            seq[n++] = 0x7C;
            return n;
        }
        if (down) {
            static const uint8_t mk[] = { 0xE0, 0x12, 0xE0, 0x7C };
            memcpy(seq, mk, sizeof(mk));
            return sizeof(mk);
        } else {
            static const uint8_t br[] = { 0xE0, 0xF0, 0x7C, 0xE0, 0xF0, 0x12 };
            memcpy(seq, br, sizeof(br));
            return sizeof(br);
        }
    }
    if (usage == PS2KBD_KEY_PAUSE) {
        if (!down)
            return 0;                        /* Pause has no break code */
        if (k->s.mods & MOD_CTRL) {          /* Break */
            static const uint8_t brk[] = { 0xE0, 0x7E, 0xE0, 0xF0, 0x7E };
            memcpy(seq, brk, sizeof(brk));
            return sizeof(brk);
        } else {
            static const uint8_t p[] = { 0xE1, 0x14, 0x77, 0xE1, 0xF0, 0x14, 0xF0, 0x77 };
            memcpy(seq, p, sizeof(p));
            return sizeof(p);
        }
    }
    code = usage < 256 ? hid_to_set2[usage] : 0;
    if (!code)
        return 0;
    if (code & E0)
        seq[n++] = 0xE0;
    if (!down)
        seq[n++] = 0xF0;
    seq[n++] = (uint8_t)code;
    return n;
}

/* Typematic delay and period (IBM: delay (1 + bits 6-5) * 250 ms; period
 * (8 + bits 2-0) * 2^(bits 4-3) * 4.17 ms). */
static uint64_t typematic_delay_ns(const struct ps2kbd *k)
{
    return (uint64_t)(1 + ((k->s.typematic >> 5) & 3)) * 250000000ull;
}

static uint64_t typematic_period_ns(const struct ps2kbd *k)
{
    return (uint64_t)(8 + (k->s.typematic & 7)) * (1u << ((k->s.typematic >> 3) & 3)) * 4166667ull;
}

static void repeat_cb(void *opaque)
{
    struct ps2kbd *k = opaque;
    uint8_t seq[8];
    unsigned n;

    if (!k->s.repeat_key || !k->s.enabled)
        return;
    n = key_seq(k, k->s.repeat_key, true, seq);
    if (n && ps2kbd_room(k) >= n)   /* a full buffer skips repeats, no overrun */
        put_key_seq(k, seq, n);
    k->s.repeat_at = timeline_now(k->tl) + typematic_period_ns(k);
    timer_arm(&k->repeat_timer, k->s.repeat_at);
}

static void stop_repeat(struct ps2kbd *k)
{
    k->s.repeat_key = 0;
    if (k->tl)
        timer_cancel(&k->repeat_timer);
}

void ps2kbd_key(struct ps2kbd *k, unsigned usage, bool down)
{
    uint8_t seq[8];
    unsigned n;
    uint8_t mb = mod_bit(usage);

    /* key_seq looks at the modifiers before this key changes them */
    if (!k->s.enabled) {
        if (mb) k->s.mods = down ? (uint8_t)(k->s.mods | mb) : (uint8_t)(k->s.mods & ~mb);
        return;
    }
    n = key_seq(k, usage, down, seq);
    if (mb)
        k->s.mods = down ? (uint8_t)(k->s.mods | mb) : (uint8_t)(k->s.mods & ~mb);
    if (!n)
        return;
    put_key_seq(k, seq, n);
    if (down && usage != PS2KBD_KEY_PAUSE && k->auto_repeat) {
        k->s.repeat_key = (uint8_t)usage;
        if (k->tl) {
            k->s.repeat_at = timeline_now(k->tl) + typematic_delay_ns(k);
            timer_arm(&k->repeat_timer, k->s.repeat_at);
        }
    } else if (!down && usage == k->s.repeat_key) {
        stop_repeat(k);
    }
}

/* F6 / F5 / FF defaults: typematic 10.9 cps after 500 ms, set 2 kept
 * (FF selects set 2), LEDs kept (FF clears them). */
static void set_defaults(struct ps2kbd *k)
{
    k->s.typematic = 0x2B;
    stop_repeat(k);
}

static void clear_queue(struct ps2kbd *k)
{
    k->s.q_head = k->s.q_count = 0;
}

static void reply(struct ps2kbd *k, uint8_t b)
{
    put(k, b);
    k->s.last_sent = b;
}

void ps2kbd_write(void *opaque, uint8_t b)
{
    struct ps2kbd *k = opaque;
    struct ps2kbd_state *s = &k->s;
    uint8_t cmd = s->pending_cmd;

    s->pending_cmd = 0;
    if (cmd && b < 0xED) {          /* parameter of ED, F0 or F3 */
        switch (cmd) {
        case 0xED:
            s->leds = b & 7;
            reply(k, PS2_ACK);
            break;
        case 0xF3:
            s->typematic = b & 0x7F;
            reply(k, PS2_ACK);
            break;
        case 0xF0:
            if (b == 0) {
                reply(k, PS2_ACK);
                reply(k, s->scan_set);
            } else if (b == 1 || b == 2) {
                s->scan_set = b;
                clear_queue(k);
                reply(k, PS2_ACK);
            } else {
                reply(k, PS2_RESEND);   /* set 3 is not implemented */
            }
            break;
        }
        notify(k);
        return;
    }
    switch (b) {
    case 0xED: case 0xF0: case 0xF3:
        s->pending_cmd = b;
        reply(k, PS2_ACK);
        break;
    case 0xEE:
        reply(k, 0xEE);
        break;
    case 0xF2:
        reply(k, PS2_ACK);
        put(k, 0xAB);
        put(k, 0x83);
        s->last_sent = 0x83;
        break;
    case 0xF4:
        clear_queue(k);
        s->enabled = true;
        reply(k, PS2_ACK);
        break;
    case 0xF5:
        clear_queue(k);
        set_defaults(k);
        s->enabled = false;
        reply(k, PS2_ACK);
        break;
    case 0xF6:
        clear_queue(k);
        set_defaults(k);
        s->enabled = true;
        reply(k, PS2_ACK);
        break;
    case 0xF7: case 0xF8: case 0xF9: case 0xFA: case 0xFB: case 0xFC: case 0xFD:
        reply(k, PS2_ACK);  /* set-3 key type commands: no effect in sets 1/2 */
        break;
    case 0xFE:
        put(k, s->last_sent);
        break;
    case 0xFF:
        clear_queue(k);
        set_defaults(k);
        s->scan_set = 2;
        s->leds = 0;
        s->enabled = true;
        reply(k, PS2_ACK);
        reply(k, PS2_BAT_OK);   /* basic assurance test passed */
        break;
    default:
        reply(k, PS2_RESEND);   /* invalid command */
        break;
    }
    notify(k);
}

bool ps2kbd_pending(void *opaque)
{
    struct ps2kbd *k = opaque;

    return k->s.q_count > 0;
}

uint8_t ps2kbd_read(void *opaque)
{
    struct ps2kbd *k = opaque;
    uint8_t b;

    if (!k->s.q_count)
        return k->s.last_sent;
    b = k->s.q[k->s.q_head];
    k->s.q_head = (uint8_t)((k->s.q_head + 1) % PS2KBD_QUEUE);
    k->s.q_count--;
    return b;
}

void ps2kbd_set_auto_repeat(struct ps2kbd *k, bool on)
{
    k->auto_repeat = on;
    if (!on)
        stop_repeat(k);
}

void ps2kbd_reset(struct ps2kbd *k)
{
    memset(&k->s, 0, sizeof(k->s));
    k->s.scan_set = 2;
    k->s.enabled = true;
    set_defaults(k);
}

int ps2kbd_init(struct ps2kbd *k, struct ps2_link *link, struct timeline *tl)
{
    memset(k, 0, sizeof(*k));
    k->link = link;
    k->tl = tl;
    k->auto_repeat = true;
    if (tl && timer_init(tl, &k->repeat_timer, "kbd-typematic", repeat_cb, k) < 0)
        return -1;
    ps2kbd_reset(k);
    return 0;
}

int ps2kbd_save(const struct ps2kbd *k, struct state_writer *w, const char *name)
{
    const struct ps2kbd_state *s = &k->s;

    state_begin(w, name, 1);
    state_put_bytes(w, "q", s->q, PS2KBD_QUEUE);
    state_put_u8(w, "q_head", s->q_head);
    state_put_u8(w, "q_count", s->q_count);
    state_put_u8(w, "pending_cmd", s->pending_cmd);
    state_put_u8(w, "scan_set", s->scan_set);
    state_put_u8(w, "leds", s->leds);
    state_put_u8(w, "typematic", s->typematic);
    state_put_u8(w, "last_sent", s->last_sent);
    state_put_bool(w, "enabled", s->enabled);
    state_put_u8(w, "mods", s->mods);
    state_put_u8(w, "repeat_key", s->repeat_key);
    state_put_u64(w, "repeat_at", s->repeat_at);
    return state_end(w);
}

int ps2kbd_load(struct ps2kbd *k, const void *buf, size_t len, const char *name)
{
    struct ps2kbd_state *s = &k->s;
    struct state_reader r;

    if (state_open(&r, buf, len, name) < 0 || r.version > 1)
        return -1;
    state_get_bytes(&r, "q", s->q, PS2KBD_QUEUE);
    state_get_u8(&r, "q_head", &s->q_head);
    state_get_u8(&r, "q_count", &s->q_count);
    state_get_u8(&r, "pending_cmd", &s->pending_cmd);
    state_get_u8(&r, "scan_set", &s->scan_set);
    state_get_u8(&r, "leds", &s->leds);
    state_get_u8(&r, "typematic", &s->typematic);
    state_get_u8(&r, "last_sent", &s->last_sent);
    state_get_bool(&r, "enabled", &s->enabled);
    state_get_u8(&r, "mods", &s->mods);
    state_get_u8(&r, "repeat_key", &s->repeat_key);
    state_get_u64(&r, "repeat_at", &s->repeat_at);
    s->q_head %= PS2KBD_QUEUE;
    if (s->q_count > PS2KBD_QUEUE) s->q_count = PS2KBD_QUEUE;
    if (s->scan_set != 1) s->scan_set = 2;
    if (k->tl) {
        if (s->repeat_key)
            timer_arm(&k->repeat_timer, s->repeat_at);
        else
            timer_cancel(&k->repeat_timer);
    }
    return 0;
}
