/*
 * test_kbc.c - 8042 keyboard controller with PS/2 keyboard and mouse
 * (devices/kbc8042.c, ps2kbd.c, ps2mouse.c): self tests, command byte,
 * set-2 -> set-1 translation (including E0 keys, Print Screen, Pause),
 * keyboard commands, output port A20/reset, IRQ1/IRQ12, mouse packets.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <string.h>
#include <cmocka.h>

#include "../../devices/isa.h"
#include "../../devices/kbc8042.h"
#include "../../devices/ps2kbd.h"
#include "../../devices/ps2mouse.h"
#include "../../devices/state.h"
#include "../../devices/timeline.h"

static uint64_t icount;
static struct timeline tl;
static struct isa_bus bus;
static int irq_level[16];
static struct kbc8042 kbc;
static struct ps2kbd kbd;
static struct ps2mouse mouse;
static struct ps2_link kbd_link, aux_link;

static void irq_set(void *opaque, int irq, int level)
{
    (void)opaque;
    irq_level[irq] = level;
}

static int setup(void **state)
{
    (void)state;
    icount = 0;
    timeline_init(&tl, &icount, 1);
    memset(&bus, 0, sizeof(bus));
    bus.irq_set = irq_set;
    memset(irq_level, 0, sizeof(irq_level));
    kbd_link = (struct ps2_link){ .dev_pending = ps2kbd_pending, .dev_read = ps2kbd_read,
                                  .dev_write = ps2kbd_write, .dev = &kbd };
    aux_link = (struct ps2_link){ .dev_pending = ps2mouse_pending, .dev_read = ps2mouse_read,
                                  .dev_write = ps2mouse_write, .dev = &mouse };
    assert_int_equal(ps2kbd_init(&kbd, &kbd_link, &tl), 0);
    ps2mouse_init(&mouse, &aux_link);
    assert_int_equal(kbc_init(&kbc, NULL, &bus, &kbd_link, &aux_link), 0);
    return 0;
}

/* Read everything the controller has, into out[]; returns the count. */
static unsigned drain(uint8_t *out, unsigned max)
{
    unsigned n = 0;

    while ((kbc_read_status(&kbc) & KBC_STAT_OBF) && n < max)
        out[n++] = kbc_read_data(&kbc);
    return n;
}

#define EXPECT(...) do { \
        static const uint8_t want[] = { __VA_ARGS__ }; \
        uint8_t got[64]; \
        unsigned n = drain(got, 64); \
        assert_int_equal(n, sizeof(want)); \
        assert_memory_equal(got, want, sizeof(want)); \
    } while (0)

static void test_self_tests_and_command_byte(void **state)
{
    (void)state;
    assert_int_equal(kbc_read_status(&kbc) & (KBC_STAT_OBF | KBC_STAT_UNLOCKED), KBC_STAT_UNLOCKED);
    kbc_write_command(&kbc, 0xAA);
    assert_int_equal(kbc_read_status(&kbc) & (KBC_STAT_OBF | KBC_STAT_SYS | KBC_STAT_A2),
                     KBC_STAT_OBF | KBC_STAT_SYS | KBC_STAT_A2);
    EXPECT(0x55);
    kbc_write_command(&kbc, 0xAB);
    EXPECT(0x00);
    kbc_write_command(&kbc, 0xA9);
    EXPECT(0x00);
    kbc_write_command(&kbc, 0x20);
    EXPECT(0x43);                             /* power-on: INT, INT2, XLAT */
    kbc_write_command(&kbc, 0x60);
    kbc_write_data(&kbc, 0x65);               /* INT, SYS, DIS_AUX, XLAT */
    assert_int_equal(kbc_read_status(&kbc) & KBC_STAT_A2, 0);
    kbc_write_command(&kbc, 0x20);
    EXPECT(0x65);
    kbc_write_command(&kbc, 0xA8);            /* enable aux */
    kbc_write_command(&kbc, 0xAD);            /* disable kbd */
    kbc_write_command(&kbc, 0x20);
    EXPECT(0x55);
    kbc_write_command(&kbc, 0x7F);            /* controller RAM byte 0x1F */
    kbc_write_data(&kbc, 0x99);
    kbc_write_command(&kbc, 0x3F);
    EXPECT(0x99);
    kbc_write_command(&kbc, 0xA4);
    EXPECT(0xF1);
}

static void test_translation(void **state)
{
    (void)state;
    ps2kbd_key(&kbd, PS2KBD_KEY_A, true);
    assert_int_equal(irq_level[1], 1);
    EXPECT(0x1E);
    assert_int_equal(irq_level[1], 0);
    ps2kbd_key(&kbd, PS2KBD_KEY_A, false);
    EXPECT(0x9E);
    ps2kbd_key(&kbd, PS2KBD_KEY_RCTRL, true);
    ps2kbd_key(&kbd, PS2KBD_KEY_RCTRL, false);
    EXPECT(0xE0, 0x1D, 0xE0, 0x9D);
    ps2kbd_key(&kbd, 0x49, true);             /* Insert */
    ps2kbd_key(&kbd, 0x49, false);
    EXPECT(0xE0, 0x52, 0xE0, 0xD2);
    ps2kbd_key(&kbd, 0x54, true);             /* keypad / */
    EXPECT(0xE0, 0x35);
    ps2kbd_key(&kbd, 0x54, false);
    ps2kbd_key(&kbd, 0x40, true);             /* F7: set 2 0x83 */
    ps2kbd_key(&kbd, 0x40, false);
    EXPECT(0xE0, 0xB5, 0x41, 0xC1);
    ps2kbd_key(&kbd, PS2KBD_KEY_PRINTSCREEN, true);
    ps2kbd_key(&kbd, PS2KBD_KEY_PRINTSCREEN, false);
    EXPECT(0xE0, 0x2A, 0xE0, 0x37, 0xE0, 0xB7, 0xE0, 0xAA);
    ps2kbd_key(&kbd, PS2KBD_KEY_PAUSE, true);
    ps2kbd_key(&kbd, PS2KBD_KEY_PAUSE, false);
    EXPECT(0xE1, 0x1D, 0x45, 0xE1, 0x9D, 0xC5);
    /* Ctrl+Pause = Break, Alt+PrintScreen = SysRq */
    ps2kbd_key(&kbd, PS2KBD_KEY_LCTRL, true);
    ps2kbd_key(&kbd, PS2KBD_KEY_PAUSE, true);
    ps2kbd_key(&kbd, PS2KBD_KEY_LCTRL, false);
    EXPECT(0x1D, 0xE0, 0x46, 0xE0, 0xC6, 0x9D);
    ps2kbd_key(&kbd, PS2KBD_KEY_LALT, true);
    ps2kbd_key(&kbd, PS2KBD_KEY_PRINTSCREEN, true);
    ps2kbd_key(&kbd, PS2KBD_KEY_PRINTSCREEN, false);
    ps2kbd_key(&kbd, PS2KBD_KEY_LALT, false);
    EXPECT(0x38, 0x54, 0xD4, 0xB8);

    /* translation off: the keyboard's native set 2 */
    kbc_write_command(&kbc, 0x60);
    kbc_write_data(&kbc, 0x03);
    ps2kbd_key(&kbd, PS2KBD_KEY_A, true);
    ps2kbd_key(&kbd, PS2KBD_KEY_A, false);
    ps2kbd_key(&kbd, PS2KBD_KEY_RALT, true);
    ps2kbd_key(&kbd, PS2KBD_KEY_RALT, false);
    EXPECT(0x1C, 0xF0, 0x1C, 0xE0, 0x11, 0xE0, 0xF0, 0x11);
    ps2kbd_key(&kbd, PS2KBD_KEY_PAUSE, true);
    EXPECT(0xE1, 0x14, 0x77, 0xE1, 0xF0, 0x14, 0xF0, 0x77);
    /* keyboard in set 1 (F0 01) without translation */
    kbc_write_data(&kbc, 0xF0);
    kbc_write_data(&kbc, 0x01);
    EXPECT(0xFA, 0xFA);
    ps2kbd_key(&kbd, PS2KBD_KEY_ENTER, true);
    ps2kbd_key(&kbd, PS2KBD_KEY_ENTER, false);
    EXPECT(0x1C, 0x9C);
    kbc_write_data(&kbc, 0xF0);
    kbc_write_data(&kbc, 0x00);
    EXPECT(0xFA, 0xFA, 0x01);
}

static void test_keyboard_commands(void **state)
{
    (void)state;
    kbc_write_data(&kbc, 0xF2);
    EXPECT(0xFA, 0xAB, 0x41);               /* 83 translated, as real AT controllers give */
    kbc_write_command(&kbc, 0x60);
    kbc_write_data(&kbc, 0x03);
    kbc_write_data(&kbc, 0xF2);
    EXPECT(0xFA, 0xAB, 0x83);
    kbc_write_data(&kbc, 0xFF);
    EXPECT(0xFA, 0xAA);
    kbc_write_data(&kbc, 0xED);
    kbc_write_data(&kbc, 0x07);
    EXPECT(0xFA, 0xFA);
    assert_int_equal(kbd.s.leds, 7);
    kbc_write_data(&kbc, 0xEE);
    EXPECT(0xEE);
    kbc_write_data(&kbc, 0xF0);
    kbc_write_data(&kbc, 0x00);
    EXPECT(0xFA, 0xFA, 0x02);
    kbc_write_data(&kbc, 0xF0);
    kbc_write_data(&kbc, 0x03);
    EXPECT(0xFA, 0xFE);                     /* set 3 not offered */
    kbc_write_data(&kbc, 0xF5);             /* disable scanning */
    EXPECT(0xFA);
    ps2kbd_key(&kbd, PS2KBD_KEY_A, true);
    EXPECT();
    kbc_write_data(&kbc, 0xF4);
    EXPECT(0xFA);
    kbc_write_data(&kbc, 0xFE);             /* resend */
    EXPECT(0xFA);
    kbc_write_data(&kbc, 0x12);             /* not a command */
    EXPECT(0xFE);
    /* the controller's keyboard interface disabled: data waits in the keyboard */
    kbc_write_command(&kbc, 0xAD);
    ps2kbd_key(&kbd, PS2KBD_KEY_A, true);
    assert_int_equal(kbc_read_status(&kbc) & KBC_STAT_OBF, 0);
    kbc_write_command(&kbc, 0xAE);
    EXPECT(0x1C);
    /* D2: write the keyboard output buffer */
    kbc_write_command(&kbc, 0xD2);
    kbc_write_data(&kbc, 0x5A);
    assert_int_equal(kbc_read_status(&kbc) & KBC_STAT_AOBF, 0);
    EXPECT(0x5A);
}

static void test_typematic(void **state)
{
    (void)state;
    ps2kbd_key(&kbd, PS2KBD_KEY_A, true);
    EXPECT(0x1E);
    icount = 499999999;
    timeline_run_due(&tl);
    EXPECT();
    icount = 500000000;                        /* default delay 500 ms */
    timeline_run_due(&tl);
    EXPECT(0x1E);
    icount += 8 * 11 * 2 * 4166667ull / 8;     /* period 91.7 ms (10.9 cps) */
    timeline_run_due(&tl);
    EXPECT(0x1E);
    ps2kbd_key(&kbd, PS2KBD_KEY_A, false);
    icount += 1000000000;
    timeline_run_due(&tl);
    EXPECT(0x9E);
}

static void test_output_port_a20_reset(void **state)
{
    (void)state;
    kbc_write_command(&kbc, 0xD0);
    EXPECT(0xCF);
    kbc_write_command(&kbc, 0xD1);
    kbc_write_data(&kbc, 0xCD);             /* A20 off */
    assert_int_equal(kbc.s.outport & KBC_OUT_A20, 0);
    kbc_write_command(&kbc, 0xD0);
    EXPECT(0xCD);
    kbc_write_command(&kbc, 0xDF);          /* A20 on (VIA/HP command) */
    assert_int_equal(kbc.s.outport & KBC_OUT_A20, KBC_OUT_A20);
    assert_int_equal(kbc.resets, 0);
    kbc_write_command(&kbc, 0xFF);          /* pulse nothing */
    assert_int_equal(kbc.resets, 0);
    kbc_write_command(&kbc, 0xFE);          /* pulse reset */
    assert_int_equal(kbc.resets, 1);
    kbc_write_command(&kbc, 0xD1);
    kbc_write_data(&kbc, 0xCE);             /* reset line low */
    assert_int_equal(kbc.resets, 2);
}

static void test_mouse_packets(void **state)
{
    (void)state;
    kbc_write_command(&kbc, 0xD4);
    kbc_write_data(&kbc, 0xF2);
    assert_int_equal(kbc_read_status(&kbc) & KBC_STAT_AOBF, KBC_STAT_AOBF);
    assert_int_equal(irq_level[12], 1);
    assert_int_equal(irq_level[1], 0);
    EXPECT(0xFA, 0x00);
    assert_int_equal(irq_level[12], 0);
    kbc_write_command(&kbc, 0xD4);
    kbc_write_data(&kbc, 0xF4);
    EXPECT(0xFA);
    ps2mouse_move(&mouse, 5, -3, 0, PS2MOUSE_LEFT);
    EXPECT(0x09, 0x05, 0x03);
    ps2mouse_move(&mouse, -2, 4, 0, 0);
    EXPECT(0x38, 0xFE, 0xFC);
    ps2mouse_move(&mouse, -300, 0, 0, 0);  /* split: -256, then -44 */
    EXPECT(0x18, 0x00, 0x00, 0x18, 0xD4, 0x00);
    /* IntelliMouse: 200, 100, 80 -> ID 3 with a 4th byte */
    static const uint8_t seq[] = { 0xF3, 200, 0xF3, 100, 0xF3, 80, 0xF2 };
    for (unsigned i = 0; i < sizeof(seq); i++) {
        kbc_write_command(&kbc, 0xD4);
        kbc_write_data(&kbc, seq[i]);
    }
    EXPECT(0xFA, 0xFA, 0xFA, 0xFA, 0xFA, 0xFA, 0xFA, 0x03);
    ps2mouse_move(&mouse, 1, 0, -1, PS2MOUSE_RIGHT);
    EXPECT(0x0A, 0x01, 0x00, 0xFF);
    /* status request */
    kbc_write_command(&kbc, 0xD4);
    kbc_write_data(&kbc, 0xE9);
    EXPECT(0xFA, 0x21, 0x02, 80);           /* enabled, right button held */
    /* remote mode: movement accumulates until EB; overflow bits */
    kbc_write_command(&kbc, 0xD4);
    kbc_write_data(&kbc, 0xF0);
    EXPECT(0xFA);
    ps2mouse_move(&mouse, 400, -10, 0, 0);
    EXPECT();
    kbc_write_command(&kbc, 0xD4);
    kbc_write_data(&kbc, 0xEB);
    EXPECT(0xFA, 0x48, 0xFF, 0x0A, 0x00);
    /* aux interface disabled: data waits */
    kbc_write_command(&kbc, 0xD4);
    kbc_write_data(&kbc, 0xFF);
    kbc_write_command(&kbc, 0xA7);
    assert_int_equal(drain((uint8_t[4]){ 0 }, 4), 1);    /* ACK already in the buffer */
    assert_int_equal(kbc_read_status(&kbc) & KBC_STAT_OBF, 0);
    kbc_write_command(&kbc, 0xA8);
    EXPECT(0xAA, 0x00);
    /* D3: write the aux output buffer */
    kbc_write_command(&kbc, 0xD3);
    kbc_write_data(&kbc, 0x77);
    assert_int_equal(irq_level[12], 1);
    EXPECT(0x77);
}

/* The probe sequence of Linux's i8042 driver (i8042_controller_check /
 * selftest / check_aux): CTR read twice equal, self test 0x55, AUX loopback
 * through D3 with the AUX bit set, A7/A8 toggling CTR bit 5, and an IRQ12
 * delivered for a D3 byte once AUXINT is enabled. */
static void test_linux_i8042_probe(void **state)
{
    uint8_t ctr = 0, v;

    (void)state;
    assert_int_not_equal(kbc_read_status(&kbc), 0xFF);
    kbc_write_command(&kbc, 0x20);
    EXPECT(0x43);
    kbc_write_command(&kbc, 0x20);
    EXPECT(0x43);
    kbc_write_command(&kbc, 0x60);
    kbc_write_data(&kbc, 0x43 & (uint8_t)~(KBC_CCB_INT | KBC_CCB_INT2));
    kbc_write_command(&kbc, 0xAA);
    EXPECT(0x55);
    /* AUX loopback */
    kbc_write_command(&kbc, 0xD3);
    kbc_write_data(&kbc, 0x5A);
    assert_int_equal(kbc_read_status(&kbc) & (KBC_STAT_OBF | KBC_STAT_AOBF),
                     KBC_STAT_OBF | KBC_STAT_AOBF);
    assert_int_equal(irq_level[12], 0);      /* AUXINT off */
    EXPECT(0x5A);
    /* bit assignment: A7 sets CTR bit 5, A8 clears it */
    kbc_write_command(&kbc, 0xA7);
    kbc_write_command(&kbc, 0x20);
    drain(&ctr, 1);
    assert_int_equal(ctr & KBC_CCB_DIS_AUX, KBC_CCB_DIS_AUX);
    kbc_write_command(&kbc, 0xA8);
    kbc_write_command(&kbc, 0x20);
    drain(&ctr, 1);
    assert_int_equal(ctr & KBC_CCB_DIS_AUX, 0);
    /* IRQ delivery test */
    kbc_write_command(&kbc, 0x60);
    kbc_write_data(&kbc, ctr | KBC_CCB_INT2);
    kbc_write_command(&kbc, 0xD3);
    kbc_write_data(&kbc, 0xA5);
    assert_int_equal(irq_level[12], 1);
    assert_int_equal(kbc_read_status(&kbc) & KBC_STAT_AOBF, KBC_STAT_AOBF);
    v = kbc_read_data(&kbc);
    assert_int_equal(v, 0xA5);
    assert_int_equal(irq_level[12], 0);
    /* atkbd: GETID in translated mode */
    kbc_write_data(&kbc, 0xF2);
    EXPECT(0xFA, 0xAB, 0x41);
    /* psmouse: reset, then IntelliMouse Explorer (ID 4) detection */
    kbc_write_command(&kbc, 0xD4);
    kbc_write_data(&kbc, 0xFF);
    EXPECT(0xFA, 0xAA, 0x00);
    static const uint8_t imps[] = { 0xF3, 200, 0xF3, 100, 0xF3, 80, 0xF3, 200, 0xF3, 200,
                                    0xF3, 80, 0xF2 };
    for (unsigned i = 0; i < sizeof(imps); i++) {
        kbc_write_command(&kbc, 0xD4);
        kbc_write_data(&kbc, imps[i]);
    }
    EXPECT(0xFA, 0xFA, 0xFA, 0xFA, 0xFA, 0xFA, 0xFA, 0xFA, 0xFA, 0xFA, 0xFA, 0xFA, 0xFA, 0x04);
    kbc_write_command(&kbc, 0xD4);
    kbc_write_data(&kbc, 0xF4);
    EXPECT(0xFA);
    ps2mouse_move(&mouse, 0, 0, 2, PS2MOUSE_BUTTON4 | PS2MOUSE_LEFT);
    EXPECT(0x09, 0x00, 0x00, 0x12);
    /* Synaptics/ALPS/Elantech "knocks" see a plain mouse's status bytes */
    static const uint8_t knock[] = { 0xE6, 0xE6, 0xE6, 0xE9 };
    for (unsigned i = 0; i < sizeof(knock); i++) {
        kbc_write_command(&kbc, 0xD4);
        kbc_write_data(&kbc, knock[i]);
    }
    EXPECT(0xFA, 0xFA, 0xFA, 0xFA, 0x24, 0x02, 80);
}

/* Deterministic random port traffic and host input: never crashes, the
 * buffers stay within bounds, and OBF always has a matching IRQ level. */
static void test_random_robustness(void **state)
{
    uint32_t x = 12345;

    (void)state;
    for (int i = 0; i < 300000; i++) {
        x = x * 1103515245u + 12345u;
        uint8_t v = (uint8_t)(x >> 16);
        switch ((x >> 24) % 9) {
        case 0: kbc_write_data(&kbc, v); break;
        case 1: kbc_write_command(&kbc, (uint8_t)(v | ((x & 0x100) ? 0 : 0x01))); break;
        case 2: kbc_read_data(&kbc); break;
        case 3: ps2kbd_key(&kbd, v, x & 0x200); break;
        case 4: ps2mouse_move(&mouse, (int)(x % 2001) - 1000, (int)((x >> 8) % 2001) - 1000,
                              (int)(x % 21) - 10, v); break;
        case 5: icount += x % 3000000; timeline_run_due(&tl); break;
        case 6: kbc_read_status(&kbc); break;
        case 7: ps2kbd_set_auto_repeat(&kbd, x & 0x400); break;
        default:
            if (v == 0) { ps2kbd_reset(&kbd); ps2mouse_reset(&mouse); kbc_reset(&kbc); }
            break;
        }
        assert_true(kbd.s.q_count <= PS2KBD_QUEUE);
        assert_true(mouse.s.q_count <= PS2MOUSE_QUEUE);
        assert_true(kbc.s.cq_count <= KBC_CQ);
        if (!(kbc.s.status & KBC_STAT_OBF))
            assert_true(!irq_level[1] && !irq_level[12]);
    }
}

static void test_save_load(void **state)
{
    struct state_writer w;
    struct kbc8042 k2;

    (void)state;
    kbc_write_command(&kbc, 0x60);
    kbc_write_data(&kbc, 0x25);
    state_writer_init(&w);
    assert_int_equal(kbc_save(&kbc, &w, "kbc"), 0);
    assert_int_equal(ps2kbd_save(&kbd, &w, "kbd"), 0);
    assert_int_equal(ps2mouse_save(&mouse, &w, "mouse"), 0);
    assert_int_equal(kbc_init(&k2, NULL, NULL, NULL, NULL), 0);
    assert_int_equal(kbc_load(&k2, w.buf, w.len, "kbc"), 0);
    assert_int_equal(k2.s.ccb, 0x25);
    assert_int_equal(ps2kbd_load(&kbd, w.buf, w.len, "kbd"), 0);
    assert_int_equal(ps2mouse_load(&mouse, w.buf, w.len, "mouse"), 0);
    state_writer_free(&w);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test_setup(test_self_tests_and_command_byte, setup),
        cmocka_unit_test_setup(test_translation, setup),
        cmocka_unit_test_setup(test_keyboard_commands, setup),
        cmocka_unit_test_setup(test_typematic, setup),
        cmocka_unit_test_setup(test_output_port_a20_reset, setup),
        cmocka_unit_test_setup(test_mouse_packets, setup),
        cmocka_unit_test_setup(test_linux_i8042_probe, setup),
        cmocka_unit_test_setup(test_random_robustness, setup),
        cmocka_unit_test_setup(test_save_load, setup),
    };

    return cmocka_run_group_tests(tests, NULL, NULL);
}
