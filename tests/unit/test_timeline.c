/*
 * test_timeline.c - unit tests of virtual time (devices/timeline.c) and of
 * the state-record format (devices/state.c).
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <string.h>

#include <cmocka.h>

#include "../../devices/state.h"
#include "../../devices/timeline.h"

/* A log of fired timers. */
struct firelog {
    char order[16];
    int n;
    uint64_t at[16];
    struct timeline *tl;
    struct timer *rearm;      /* timer to re-arm from the callback */
    uint64_t rearm_at;
};

struct tagged {
    struct firelog *log;
    char tag;
};

static void fire(void *opaque)
{
    struct tagged *t = opaque;
    struct firelog *l = t->log;

    if (l->n < 15) {
        l->at[l->n] = timeline_now(l->tl);
        l->order[l->n++] = t->tag;
        l->order[l->n] = '\0';
    }
    if (l->rearm && t->tag == 'a') {
        timer_arm(l->rearm, l->rearm_at);
        l->rearm = NULL;
    }
}

static void test_now_and_rate(void **state)
{
    struct timeline tl;
    uint64_t icount = 1000;

    (void)state;
    timeline_init(&tl, &icount, 10);
    assert_int_equal(timeline_now(&tl), 0);
    icount += 7;
    assert_int_equal(timeline_now(&tl), 70);
    timeline_advance_to(&tl, 500);
    assert_int_equal(timeline_now(&tl), 500);
    timeline_advance_to(&tl, 100); /* never backwards */
    assert_int_equal(timeline_now(&tl), 500);
    icount += 3;
    assert_int_equal(timeline_now(&tl), 530);
    timeline_set_rate(&tl, 2);
    icount += 5;
    assert_int_equal(timeline_now(&tl), 540);
}

static void test_rebase_after_counter_reset(void **state)
{
    struct timeline tl;
    uint64_t icount = 0;

    (void)state;
    timeline_init(&tl, &icount, 10);
    icount = 100;                        /* 1000 ns */
    timeline_advance_to(&tl, timeline_now(&tl));
    icount = 0;                          /* cpu_reset */
    timeline_rebase(&tl);
    assert_int_equal(timeline_now(&tl), 1000);
    icount = 5;
    assert_int_equal(timeline_now(&tl), 1050);
}

static void test_order_and_insns_to_next(void **state)
{
    struct timeline tl;
    struct firelog log = { .n = 0 };
    struct timer ta, tb, tc;
    struct tagged a = { &log, 'a' }, b = { &log, 'b' }, c = { &log, 'c' };
    uint64_t icount = 0;

    (void)state;
    timeline_init(&tl, &icount, 10);
    log.tl = &tl;
    assert_int_equal(timer_init(&tl, &ta, "a", fire, &a), 0);
    assert_int_equal(timer_init(&tl, &tb, "b", fire, &b), 0);
    assert_int_equal(timer_init(&tl, &tc, "c", fire, &c), 0);
    assert_true(timeline_insns_to_next(&tl) > 1000000000u);   /* nothing armed */
    timer_arm(&tb, 300);
    timer_arm(&ta, 105);
    timer_arm(&tc, 300);
    assert_int_equal(tl.next, 105);
    assert_true(timer_armed(&ta));
    /* 105 ns at 10 ns/insn: 11 instructions reach it. */
    assert_int_equal(timeline_insns_to_next(&tl), 11);
    icount = 5;
    timeline_run_due(&tl);
    assert_int_equal(log.n, 0);
    icount = 40;                          /* 400 ns: all due */
    timeline_run_due(&tl);
    /* Deadline order, ties in registration order. */
    assert_string_equal(log.order, "abc");
    assert_false(timer_armed(&ta));
    assert_int_equal(tl.next, TIMELINE_NEVER);
    /* A deadline in the past runs at the next call; insns_to_next >= 1. */
    timer_arm(&tc, 10);
    assert_int_equal(timeline_insns_to_next(&tl), 1);
    timer_cancel(&tc);
    assert_int_equal(tl.next, TIMELINE_NEVER);
}

static void test_rearm_from_callback(void **state)
{
    struct timeline tl;
    struct firelog log = { .n = 0 };
    struct timer ta, tb;
    struct tagged a = { &log, 'a' }, b = { &log, 'b' };
    uint64_t icount = 0;

    (void)state;
    timeline_init(&tl, &icount, 1);
    log.tl = &tl;
    timer_init(&tl, &ta, "a", fire, &a);
    timer_init(&tl, &tb, "b", fire, &b);
    timer_arm(&ta, 50);
    /* a's callback arms b for 60 (already due at 100): same pass. */
    log.rearm = &tb;
    log.rearm_at = 60;
    icount = 100;
    timeline_run_due(&tl);
    assert_string_equal(log.order, "ab");
    /* Re-arming for the future stays armed. */
    log.rearm = &tb;
    log.rearm_at = 500;
    timer_arm(&ta, 150);
    icount = 200;
    timeline_run_due(&tl);
    assert_string_equal(log.order, "aba");
    assert_int_equal(tl.next, 500);
    assert_int_equal(tb.deadline, 500);
}

static void test_batch_kick(void **state)
{
    struct timeline tl;
    struct firelog log = { .n = 0 };
    struct timer ta;
    struct tagged a = { &log, 'a' };
    uint64_t icount = 0;
    bool kick = false;

    (void)state;
    timeline_init(&tl, &icount, 10);
    tl.kick = &kick;
    timer_init(&tl, &ta, "a", fire, &a);
    timer_arm(&ta, 100000);
    assert_false(kick);                   /* outside a batch: no kick */
    assert_int_equal(timeline_begin_batch(&tl, 1000000), 10000);
    assert_int_equal(timeline_begin_batch(&tl, 50), 50);
    /* Mid-batch, a device arms a timer before the batch end (500 ns). */
    icount = 10;
    timer_arm(&ta, 300);
    assert_true(kick);
    kick = false;
    timer_arm(&ta, 900);                  /* after the batch end: no kick */
    assert_false(kick);
    timeline_end_batch(&tl);
    timer_arm(&ta, 200);
    assert_false(kick);
}

static void test_table_full(void **state)
{
    static struct timer t[TIMELINE_MAX_TIMERS + 1];
    struct timeline tl;
    uint64_t icount = 0;

    (void)state;
    timeline_init(&tl, &icount, 1);
    for (int k = 0; k < TIMELINE_MAX_TIMERS; k++)
        assert_int_equal(timer_init(&tl, &t[k], "t", NULL, NULL), 0);
    assert_int_equal(timer_init(&tl, &t[TIMELINE_MAX_TIMERS], "t", NULL, NULL), -1);
}

static void test_timeline_record(void **state)
{
    struct timeline tl, tl2;
    struct state_writer w;
    uint64_t icount = 50, icount2 = 7;

    (void)state;
    timeline_init(&tl, &icount, 10);
    icount = 150;                          /* 1000 ns */
    state_writer_init(&w);
    timeline_save(&tl, &w);
    timeline_init(&tl2, &icount2, 3);
    assert_int_equal(timeline_load(&tl2, w.buf, w.len), 0);
    assert_int_equal(timeline_now(&tl2), 1000);
    icount2 += 2;
    assert_int_equal(timeline_now(&tl2), 1020);
    assert_int_equal(timeline_load(&tl2, w.buf, 4), -1);
    state_writer_free(&w);
}

/* --- state records --- */

static void test_state_roundtrip(void **state)
{
    struct state_writer w;
    struct state_reader r;
    uint8_t u8 = 0;
    uint16_t u16 = 0;
    uint32_t u32 = 0;
    uint64_t u64 = 0;
    bool bo = false;
    uint8_t bytes[5] = { 0 };

    (void)state;
    state_writer_init(&w);
    state_begin(&w, "alpha", 3);
    state_put_u8(&w, "a", 0x12);
    state_put_u16(&w, "b", 0x3456);
    state_put_u32(&w, "c", 0x789ABCDEu);
    state_put_u64(&w, "d", 0x0123456789ABCDEFull);
    state_put_bool(&w, "e", true);
    state_put_bytes(&w, "f", "hello", 5);
    assert_int_equal(state_end(&w), 0);
    state_begin(&w, "beta", 1);
    state_put_u8(&w, "a", 0x99);
    assert_int_equal(state_end(&w), 0);
    assert_false(w.error);

    assert_int_equal(state_open(&r, w.buf, w.len, "alpha"), 0);
    assert_int_equal(r.version, 3);
    assert_true(state_get_u8(&r, "a", &u8));
    assert_int_equal(u8, 0x12);
    assert_true(state_get_u16(&r, "b", &u16));
    assert_int_equal(u16, 0x3456);
    assert_true(state_get_u32(&r, "c", &u32));
    assert_int_equal(u32, 0x789ABCDEu);
    assert_true(state_get_u64(&r, "d", &u64));
    assert_true(u64 == 0x0123456789ABCDEFull);
    assert_true(state_get_bool(&r, "e", &bo));
    assert_true(bo);
    assert_true(state_get_bytes(&r, "f", bytes, 5));
    assert_memory_equal(bytes, "hello", 5);
    /* Wider getters accept narrower fields, not the reverse. */
    assert_true(state_get_u32(&r, "a", &u32));
    assert_int_equal(u32, 0x12);
    assert_false(state_get_u8(&r, "b", &u8));
    /* Missing field, wrong byte length: false, output untouched. */
    u8 = 7;
    assert_false(state_get_u8(&r, "zz", &u8));
    assert_int_equal(u8, 7);
    assert_false(state_get_bytes(&r, "f", bytes, 4));
    /* Fields are per record. */
    assert_int_equal(state_open(&r, w.buf, w.len, "beta"), 0);
    assert_true(state_get_u8(&r, "a", &u8));
    assert_int_equal(u8, 0x99);
    assert_int_equal(state_open(&r, w.buf, w.len, "gamma"), -1);
    state_writer_free(&w);
}

static void test_state_malformed(void **state)
{
    struct state_writer w;
    struct state_reader r;
    uint32_t v;

    (void)state;
    state_writer_init(&w);
    state_put_u8(&w, "outside", 1);       /* no open record */
    assert_true(w.error);
    state_writer_free(&w);

    state_writer_init(&w);
    state_begin(&w, "rec", 1);
    state_put_u32(&w, "x", 5);
    state_end(&w);
    /* Every truncation is rejected or yields no field, never a crash. */
    for (size_t len = 0; len < w.len; len++) {
        if (state_open(&r, w.buf, len, "rec") == 0)
            assert_false(state_get_u32(&r, "x", &v));
    }
    /* A corrupted field length is caught. */
    w.buf[w.len - 5] = 0xFF;
    if (state_open(&r, w.buf, w.len, "rec") == 0)
        assert_false(state_get_u32(&r, "x", &v));
    state_writer_free(&w);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_now_and_rate),
        cmocka_unit_test(test_rebase_after_counter_reset),
        cmocka_unit_test(test_order_and_insns_to_next),
        cmocka_unit_test(test_rearm_from_callback),
        cmocka_unit_test(test_batch_kick),
        cmocka_unit_test(test_table_full),
        cmocka_unit_test(test_timeline_record),
        cmocka_unit_test(test_state_roundtrip),
        cmocka_unit_test(test_state_malformed),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
