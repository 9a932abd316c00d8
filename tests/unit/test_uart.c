/*
 * test_uart.c - 16550A UART (devices/uart16550.c) against the PC16550D
 * datasheet: interrupt identification order, LSR bits, FIFO trigger level,
 * character timeout, loopback, OUT2 IRQ gating, character timing, save/load.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <string.h>
#include <cmocka.h>

#include "../../devices/isa.h"
#include "../../devices/state.h"
#include "../../devices/timeline.h"
#include "test_util.h"
#include "../../devices/uart16550.h"

/* Virtual time: 1 ns per "instruction", driven by the test. */
static uint64_t icount;
static struct timeline tl;
static struct isa_bus bus;
static int irq_level[16];
static int irq_edges[16];
static struct uart u;

static void irq_set(void *opaque, int irq, int level)
{
    (void)opaque;
    if (level && !irq_level[irq])
        irq_edges[irq]++;
    irq_level[irq] = level;
}

/* Advance virtual time to `ns`, running due timers on the way. */
static void run_to(uint64_t ns)
{
    timeline_run_to(&tl, &icount, ns);
}

static int setup(void **state)
{
    (void)state;
    icount = 0;
    timeline_init(&tl, &icount, 1);
    memset(&bus, 0, sizeof(bus));
    bus.irq_set = irq_set;
    memset(irq_level, 0, sizeof(irq_level));
    memset(irq_edges, 0, sizeof(irq_edges));
    assert_int_equal(uart_init(&u, NULL, &bus, &tl, UART_COM1_BASE, UART_COM1_IRQ), 0);
    /* 115200 8N1 */
    uart_write(&u, UART_LCR, 0x80);
    uart_write(&u, UART_DLL, 1);
    uart_write(&u, UART_DLM, 0);
    uart_write(&u, UART_LCR, 0x03);
    return 0;
}

static void test_reset_values(void **state)
{
    (void)state;
    assert_int_equal(uart_read(&u, UART_IER), 0);
    assert_int_equal(uart_read(&u, UART_IIR), 0x01);
    assert_int_equal(uart_read(&u, UART_LSR), 0x60);
    assert_int_equal(uart_read(&u, UART_MCR), 0);
    /* null-modem inputs: CTS, DSR, DCD */
    assert_int_equal(uart_read(&u, UART_MSR) & 0xF0, 0xB0);
    uart_write(&u, UART_SCR, 0x5A);
    assert_int_equal(uart_read(&u, UART_SCR), 0x5A);
    /* 8N1 at divisor 1: 10 bits of 16/1.8432 MHz = 86805 ns */
    assert_int_equal(uart_char_ns(&u), 86805);
    uart_write(&u, UART_LCR, 0x80);
    assert_int_equal(uart_read(&u, UART_DLL), 1);
    assert_int_equal(uart_read(&u, UART_DLM), 0);
    uart_write(&u, UART_LCR, 0x03);
}

static void test_tx_timing_thre_temt(void **state)
{
    (void)state;
    uart_write(&u, UART_THR, 'A');
    /* the byte moved at once into the shift register: THRE set, TEMT clear */
    assert_int_equal(uart_read(&u, UART_LSR) & 0x60, 0x20);
    uart_write(&u, UART_THR, 'B');   /* non-FIFO: holding register now full */
    assert_int_equal(uart_read(&u, UART_LSR) & 0x60, 0x00);
    run_to(86804);
    assert_int_equal(u.tx_bytes, 0);
    run_to(86805);
    assert_int_equal(u.tx_bytes, 1);
    assert_int_equal(uart_read(&u, UART_LSR) & 0x60, 0x20);
    run_to(2 * 86805);
    assert_int_equal(u.tx_bytes, 2);
    assert_int_equal(uart_read(&u, UART_LSR) & 0x60, 0x60);
}

static void test_iir_priorities(void **state)
{
    uint8_t b = 'x';

    (void)state;
    uart_write(&u, UART_MCR, UART_MCR_OUT2 | UART_MCR_DTR | UART_MCR_RTS);
    /* enabling ETBEI with THR empty raises the THRE interrupt */
    uart_write(&u, UART_IER, UART_IER_THRI);
    assert_int_equal(irq_level[4], 1);
    assert_int_equal(uart_read(&u, UART_IIR), 0x02);
    /* reading IIR cleared THRE as the source */
    assert_int_equal(uart_read(&u, UART_IIR), 0x01);
    assert_int_equal(irq_level[4], 0);

    /* modem status (lowest): a delta bit in MSR */
    uart_write(&u, UART_IER, UART_IER_MSI | UART_IER_THRI | UART_IER_RDI | UART_IER_RLSI);
    /* THRE again from enabling? No: ETBEI was already set. Make a modem delta. */
    u.s.msr_inputs = UART_MSR_DSR | UART_MSR_DCD;   /* CTS drops */
    uart_write(&u, UART_MCR, UART_MCR_OUT2 | UART_MCR_DTR | UART_MCR_RTS);
    assert_int_equal(uart_read(&u, UART_IIR), 0x00);
    /* received data beats modem status */
    uart_host_input(&u, &b, 1);
    assert_int_equal(uart_read(&u, UART_IIR), 0x04);
    /* a transmitted byte: THRE after it is loaded beats modem status but not RX */
    uart_write(&u, UART_THR, 'y');
    assert_int_equal(uart_read(&u, UART_IIR), 0x04);
    /* line status beats everything: force an overrun via the holding register */
    u.s.lsr |= UART_LSR_OE;
    assert_int_equal(uart_read(&u, UART_IIR), 0x06);
    assert_int_equal(uart_read(&u, UART_LSR) & 0x03, 0x03);  /* OE + DR, OE cleared by read */
    assert_int_equal(uart_read(&u, UART_IIR), 0x04);
    assert_int_equal(uart_read(&u, UART_RBR), 'x');
    assert_int_equal(uart_read(&u, UART_IIR), 0x02);          /* THRE */
    assert_int_equal(uart_read(&u, UART_IIR), 0x00);          /* then modem status */
    assert_int_equal(uart_read(&u, UART_MSR) & 0x0F, UART_MSR_DCTS);
    assert_int_equal(uart_read(&u, UART_IIR), 0x01);
    assert_int_equal(irq_level[4], 0);
}

static void test_out2_gates_irq(void **state)
{
    (void)state;
    uart_write(&u, UART_IER, UART_IER_THRI);
    assert_int_equal(uart_read(&u, UART_IIR) & 0x0F, 0x02 & 0x0F);
    uart_write(&u, UART_IER, 0);
    uart_write(&u, UART_IER, UART_IER_THRI);
    assert_int_equal(irq_level[4], 0);                         /* OUT2 = 0 */
    uart_write(&u, UART_MCR, UART_MCR_OUT2);
    assert_int_equal(irq_level[4], 1);
    uart_write(&u, UART_MCR, 0);
    assert_int_equal(irq_level[4], 0);
}

static void test_fifo_trigger_and_timeout(void **state)
{
    uint8_t data[20];

    (void)state;
    for (int i = 0; i < 20; i++)
        data[i] = (uint8_t)('a' + i);
    uart_write(&u, UART_FCR, 0x81 | 0x06);   /* enable, clear, trigger 8 */
    assert_int_equal(uart_read(&u, UART_IIR) & 0xC0, 0xC0);
    uart_write(&u, UART_MCR, UART_MCR_OUT2);
    uart_write(&u, UART_IER, UART_IER_RDI);
    assert_int_equal(uart_host_input(&u, data, 20), 20);
    /* the first byte enters at once, then one per character time */
    run_to(6 * 86805);
    assert_int_equal(u.s.rx_count, 7);
    assert_int_equal(uart_read(&u, UART_IIR) & 0x0F, 0x01);
    assert_int_equal(irq_level[4], 0);
    run_to(7 * 86805);
    assert_int_equal(u.s.rx_count, 8);
    assert_int_equal(uart_read(&u, UART_IIR) & 0x0F, 0x04);
    assert_int_equal(irq_level[4], 1);
    /* the FIFO fills to 16 and the host queue waits (no overrun) */
    run_to(40 * 86805);
    assert_int_equal(u.s.rx_count, 16);
    assert_int_equal(uart_read(&u, UART_LSR) & UART_LSR_OE, 0);
    for (int i = 0; i < 10; i++)
        assert_int_equal(uart_read(&u, UART_RBR), 'a' + i);
    /* 6 left (< 8): no RDA; more arrive from the host queue */
    run_to(100 * 86805);
    assert_int_equal(u.s.rx_count, 10);
    for (int i = 10; i < 18; i++)
        assert_int_equal(uart_read(&u, UART_RBR), 'a' + i);
    assert_int_equal(u.s.rx_count, 2);
    assert_int_equal(uart_read(&u, UART_IIR) & 0x0F, 0x01);
    /* 4 character times without activity: character timeout */
    run_to(100 * 86805 + 4 * 86805 + 10);
    assert_int_equal(uart_read(&u, UART_IIR), 0xCC);
    assert_int_equal(irq_level[4], 1);
    assert_int_equal(uart_read(&u, UART_RBR), 's');
    assert_int_equal(uart_read(&u, UART_IIR), 0xC1);
    assert_int_equal(uart_read(&u, UART_RBR), 't');
    assert_int_equal(uart_read(&u, UART_LSR) & UART_LSR_DR, 0);
    assert_int_equal(irq_level[4], 0);
}

static void test_fifo_tx(void **state)
{
    (void)state;
    uart_write(&u, UART_FCR, 0x07);
    for (int i = 0; i < 17; i++)
        uart_write(&u, UART_THR, (uint8_t)i);  /* 1 to the shift register + 16 in the FIFO */
    assert_int_equal(u.s.tx_count, 16);
    assert_int_equal(uart_read(&u, UART_LSR) & 0x60, 0);
    run_to(17 * 86805);
    assert_int_equal(u.tx_bytes, 17);
    assert_int_equal(uart_read(&u, UART_LSR) & 0x60, 0x60);
    /* FCR bit 2 clears the TX FIFO */
    for (int i = 0; i < 5; i++)
        uart_write(&u, UART_THR, (uint8_t)i);
    uart_write(&u, UART_FCR, 0x05);
    assert_int_equal(uart_read(&u, UART_LSR) & 0x20, 0x20);
}

static void test_loopback(void **state)
{
    (void)state;
    uart_write(&u, UART_MCR, UART_MCR_LOOP | UART_MCR_OUT2 | UART_MCR_DTR);
    /* modem outputs drive the inputs: DTR -> DSR, OUT2 -> DCD */
    assert_int_equal(uart_read(&u, UART_MSR) & 0xF0, UART_MSR_DSR | UART_MSR_DCD);
    uart_write(&u, UART_MCR, UART_MCR_LOOP | UART_MCR_RTS | UART_MCR_OUT1);
    assert_int_equal(uart_read(&u, UART_MSR),
                     UART_MSR_CTS | UART_MSR_RI | UART_MSR_DCTS | UART_MSR_DDSR | UART_MSR_DDCD);
    uart_write(&u, UART_MCR, UART_MCR_LOOP);
    assert_int_equal(uart_read(&u, UART_MSR), UART_MSR_DCTS | UART_MSR_TERI);
    /* transmitted bytes come back and never reach the host */
    uart_write(&u, UART_IER, UART_IER_RDI);
    uart_write(&u, UART_THR, 0x55);
    run_to(86805);
    assert_int_equal(u.tx_bytes, 0);
    assert_int_equal(uart_read(&u, UART_LSR) & 0x61, 0x61);
    assert_int_equal(uart_read(&u, UART_IIR), 0x04);
    assert_int_equal(irq_level[4], 0);                 /* OUT2 pin forced off in loopback */
    /* non-FIFO overrun: a second byte before the first is read */
    uart_write(&u, UART_THR, 0xAA);
    run_to(2 * 86805);
    assert_int_equal(uart_read(&u, UART_LSR) & 0x03, 0x03);
    assert_int_equal(uart_read(&u, UART_LSR) & 0x03, 0x01);
    assert_int_equal(uart_read(&u, UART_RBR), 0xAA);
}

static void test_save_load(void **state)
{
    struct state_writer w;
    struct uart v;
    uint8_t b = 'q';

    (void)state;
    uart_write(&u, UART_FCR, 0x41);
    uart_write(&u, UART_SCR, 0x77);
    uart_host_input(&u, &b, 1);
    run_to(86805);
    state_writer_init(&w);
    assert_int_equal(uart_save(&u, &w, "com1"), 0);
    memset(&v, 0, sizeof(v));
    assert_int_equal(uart_init(&v, NULL, NULL, NULL, UART_COM1_BASE, 4), 0);
    assert_int_equal(uart_load(&v, w.buf, w.len, "com1"), 0);
    assert_int_equal(uart_read(&v, UART_SCR), 0x77);
    assert_int_equal(uart_read(&v, UART_IIR) & 0xC0, 0xC0);
    assert_int_equal(uart_read(&v, UART_RBR), 'q');
    assert_int_equal(uart_load(&v, w.buf, w.len, "com2"), -1);
    state_writer_free(&w);
}

/* The probe sequence of Linux's 8250 driver (autoconfig, autoconfig_16550a,
 * the THRE test of serial8250_do_startup) must identify a plain 16550A
 * with no bug flags. */
static void test_linux_8250_probe(void **state)
{
    uint8_t scratch2, scratch3, status1, iir;

    (void)state;
    /* IER scratch test */
    uart_write(&u, UART_IER, 0);
    scratch2 = uart_read(&u, UART_IER) & 0x0F;
    uart_write(&u, UART_IER, 0x0F);
    scratch3 = uart_read(&u, UART_IER) & 0x0F;
    uart_write(&u, UART_IER, 0);
    assert_int_equal(scratch2, 0);
    assert_int_equal(scratch3, 0x0F);
    /* loopback: MCR = LOOP | OUT2 | RTS gives MSR = DCD | CTS */
    uart_write(&u, UART_MCR, UART_MCR_LOOP | 0x0A);
    status1 = uart_read(&u, UART_MSR) & 0xF0;
    uart_write(&u, UART_MCR, 0);
    assert_int_equal(status1, 0x90);
    /* FIFO type from IIR bits 7-6 */
    uart_write(&u, UART_FCR, UART_FCR_ENABLE);
    assert_int_equal(uart_read(&u, UART_IIR) >> 6, 3);
    /* EFR probes with LCR = 0x80 / 0xBF read a non-zero IIR: not a 16650 */
    uart_write(&u, UART_LCR, 0x80);
    assert_int_not_equal(uart_read(&u, UART_IIR), 0);
    uart_write(&u, UART_LCR, 0xBF);
    assert_int_not_equal(uart_read(&u, UART_IIR), 0);
    /* 16750 test: the 64-byte FIFO bit (FCR 5) does not stick: IIR bit 5 clear */
    uart_write(&u, UART_LCR, 0);
    uart_write(&u, UART_FCR, UART_FCR_ENABLE | 0x20);
    assert_int_equal(uart_read(&u, UART_IIR) >> 5, 6);
    uart_write(&u, UART_LCR, 0x80);
    uart_write(&u, UART_FCR, UART_FCR_ENABLE | 0x20);
    assert_int_equal(uart_read(&u, UART_IIR) >> 5, 6);
    uart_write(&u, UART_LCR, 0x03);
    /* XScale UUE bit (IER 6) does not stick */
    uart_write(&u, UART_IER, 0x40);
    assert_int_equal(uart_read(&u, UART_IER) & 0x40, 0);
    uart_write(&u, UART_IER, 0);
    /* THRE test (UART_BUG_THRE / TXEN): enabling THRI with THR empty
     * reports the interrupt */
    uart_write(&u, UART_MCR, UART_MCR_OUT2 | UART_MCR_DTR | UART_MCR_RTS);
    uart_write(&u, UART_IER, UART_IER_THRI);
    assert_int_equal(uart_read(&u, UART_LSR) & UART_LSR_TEMT, UART_LSR_TEMT);
    iir = uart_read(&u, UART_IIR);
    uart_write(&u, UART_IER, 0);
    assert_int_equal(iir & UART_IIR_NO_INT, 0);
    assert_int_equal(iir & 0x0F, UART_IIR_THRI);
    assert_int_not_equal(uart_read(&u, UART_LSR), 0xFF);
}

/* Deterministic random register traffic, host input and time: never
 * crashes, FIFO counts stay in range, the IRQ line matches IIR and OUT2. */
static void test_random_robustness(void **state)
{
    uint32_t x = 777;

    (void)state;
    u.instant_tx = false;
    for (int i = 0; i < 300000; i++) {
        x = x * 1103515245u + 12345u;
        uint8_t v = (uint8_t)(x >> 16);
        unsigned reg = (x >> 8) & 7;
        switch ((x >> 24) % 6) {
        case 0: case 1: uart_write(&u, reg, reg == UART_LCR ? (uint8_t)(v & 0x7F) : v); break;
        case 2: uart_read(&u, reg); break;
        case 3: uart_host_input(&u, &v, 1); break;
        case 4: run_to(icount + x % 500000); break;
        default:
            if (v < 2) { u.instant_tx = v; uart_reset(&u); }
            break;
        }
        assert_true(u.s.rx_count <= UART_FIFO_SIZE);
        assert_true(u.s.tx_count <= UART_FIFO_SIZE);
        assert_true(u.hq_count <= UART_HOST_QUEUE);
        assert_int_equal(irq_level[4], u.irq_level);
        if (u.irq_level)
            assert_true((u.s.mcr & UART_MCR_OUT2) && !(u.s.mcr & UART_MCR_LOOP));
    }
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test_setup(test_reset_values, setup),
        cmocka_unit_test_setup(test_tx_timing_thre_temt, setup),
        cmocka_unit_test_setup(test_iir_priorities, setup),
        cmocka_unit_test_setup(test_out2_gates_irq, setup),
        cmocka_unit_test_setup(test_fifo_trigger_and_timeout, setup),
        cmocka_unit_test_setup(test_fifo_tx, setup),
        cmocka_unit_test_setup(test_loopback, setup),
        cmocka_unit_test_setup(test_save_load, setup),
        cmocka_unit_test_setup(test_linux_8250_probe, setup),
        cmocka_unit_test_setup(test_random_robustness, setup),
    };

    return cmocka_run_group_tests(tests, NULL, NULL);
}
