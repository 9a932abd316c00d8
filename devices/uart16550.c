/*
 * uart16550.c - PC16550D UART (see uart16550.h for the model and sources).
 */
#include "uart16550.h"

#include <string.h>

#include "board.h"
#include "isa.h"
#include "state.h"

static const uint8_t rx_trigger[4] = { 1, 4, 8, 14 };  /* FCR bits 7-6 (datasheet 8.5) */

static bool fifo_mode(const struct uart *u) { return u->s.fcr & UART_FCR_ENABLE; }
/* Holding capacity: 16 with FIFOs, 1 (RBR/THR) without. */
static unsigned capacity(const struct uart *u) { return fifo_mode(u) ? UART_FIFO_SIZE : 1; }
static bool loopback(const struct uart *u) { return u->s.mcr & UART_MCR_LOOP; }

static uint64_t now_ns(const struct uart *u) { return u->tl ? timeline_now(u->tl) : 0; }

uint64_t uart_char_ns(const struct uart *u)
{
    unsigned wl = 5 + (u->s.lcr & 3u);
    unsigned half_bits = 2 * (1 + wl + ((u->s.lcr & UART_LCR_PARITY) ? 1 : 0));
    uint64_t div = (uint64_t)u->s.dll | ((uint64_t)u->s.dlm << 8);

    if (div == 0)
        div = 65536; /* not defined by the datasheet: take the slowest rate */
    half_bits += (u->s.lcr & UART_LCR_STOP) ? (wl == 5 ? 3 : 4) : 2;
    /* bit time = 16 * divisor / 1.8432 MHz */
    return (uint64_t)half_bits * div * 16u * 1000000000ull / (2ull * UART_XTAL_HZ);
}

/* Interrupt identification (datasheet Table IV), highest priority first. */
static uint8_t iir_id(const struct uart *u)
{
    const struct uart_state *s = &u->s;

    if ((s->ier & UART_IER_RLSI) && (s->lsr & (UART_LSR_OE | UART_LSR_PE | UART_LSR_FE | UART_LSR_BI)))
        return UART_IIR_RLSI;
    if (s->ier & UART_IER_RDI) {
        if (fifo_mode(u) ? s->rx_count >= rx_trigger[s->fcr >> 6] : s->rx_count > 0)
            return UART_IIR_RDI;
        if (fifo_mode(u) && s->timeout_pending && s->rx_count > 0)
            return UART_IIR_CTI;
    }
    if ((s->ier & UART_IER_THRI) && s->thri_pending)
        return UART_IIR_THRI;
    if ((s->ier & UART_IER_MSI) && (s->msr & 0x0Fu))
        return UART_IIR_MSI;
    return UART_IIR_NO_INT;
}

/* Drive the IRQ line: INTR gated by OUT2 (and off in loopback). */
static void update_irq(struct uart *u)
{
    bool level = iir_id(u) != UART_IIR_NO_INT && (u->s.mcr & UART_MCR_OUT2) && !loopback(u);

    if (level != u->irq_level) {
        u->irq_level = level;
        if (u->bus)
            isa_irq_set(u->bus, u->irq, level);
    }
}

/* New modem input levels (MSR bits 7-4): set the delta bits. */
static void msr_set_inputs(struct uart *u, uint8_t high)
{
    uint8_t old = u->s.msr & 0xF0u, chg = (uint8_t)(old ^ high);

    if (chg & UART_MSR_CTS) u->s.msr |= UART_MSR_DCTS;
    if (chg & UART_MSR_DSR) u->s.msr |= UART_MSR_DDSR;
    if (chg & UART_MSR_DCD) u->s.msr |= UART_MSR_DDCD;
    if ((old & UART_MSR_RI) && !(high & UART_MSR_RI)) u->s.msr |= UART_MSR_TERI;
    u->s.msr = (uint8_t)((u->s.msr & 0x0Fu) | high);
}

/* Modem inputs as seen now: loopback maps DTR->DSR, RTS->CTS, OUT1->RI, OUT2->DCD. */
static uint8_t modem_inputs(const struct uart *u)
{
    uint8_t m = u->s.mcr;

    if (!loopback(u))
        return u->s.msr_inputs;
    return (uint8_t)(((m & UART_MCR_RTS) ? UART_MSR_CTS : 0) | ((m & UART_MCR_DTR) ? UART_MSR_DSR : 0) |
                     ((m & UART_MCR_OUT1) ? UART_MSR_RI : 0) | ((m & UART_MCR_OUT2) ? UART_MSR_DCD : 0));
}

/* Restart the character-timeout measurement (FIFO mode, datasheet 8.6:
 * no character in or out of the RX FIFO for 4 character times). */
static void rx_activity(struct uart *u)
{
    u->s.timeout_pending = false;
    if (!fifo_mode(u) || u->s.rx_count == 0) {
        if (u->tl)
            timer_cancel(&u->to_timer);
        return;
    }
    if (!u->tl) {
        u->s.timeout_pending = true;
        return;
    }
    u->s.timeout_at = timeline_now(u->tl) + 4 * uart_char_ns(u);
    timer_arm(&u->to_timer, u->s.timeout_at);
}

/* A character arrives from the receive shift register. */
static void rx_char(struct uart *u, uint8_t byte)
{
    struct uart_state *s = &u->s;

    if (s->rx_count >= capacity(u)) {
        s->lsr |= UART_LSR_OE;
        if (!fifo_mode(u))               /* non-FIFO: RBR is overwritten */
            s->rx_fifo[s->rx_head] = byte;
        /* FIFO mode: the character in the shift register is lost */
    } else {
        s->rx_fifo[(s->rx_head + s->rx_count) % UART_FIFO_SIZE] = byte;
        s->rx_count++;
    }
    rx_activity(u);
}

/* Move host bytes into the receiver, one per character time. */
static void rx_pump(struct uart *u)
{
    while (u->hq_count > 0 && !loopback(u) && u->s.rx_count < capacity(u)) {
        uint64_t now = now_ns(u);
        if (u->tl && now < u->s.rx_next) {
            timer_arm(&u->rx_timer, u->s.rx_next);
            return;
        }
        rx_char(u, u->hq[u->hq_head]);
        u->hq_head = (u->hq_head + 1) % UART_HOST_QUEUE;
        u->hq_count--;
        u->s.rx_next = now + (u->tl ? uart_char_ns(u) : 0);
    }
}

/* The transmitter finished a character: it leaves the chip. */
static void tx_deliver(struct uart *u, uint8_t byte)
{
    if (loopback(u)) {
        rx_char(u, byte);
        return;
    }
    u->tx_bytes++;
    if (u->out) {
        fputc(byte, u->out);
        if (u->out_is_tty || byte == '\n')
            fflush(u->out);
    }
    if (u->board)
        board_console_output(u->board, byte);
}

/* Load the shift register from THR/TX FIFO when it is idle. */
static void tx_start(struct uart *u)
{
    struct uart_state *s = &u->s;

    while (!s->tsr_busy && s->tx_count > 0) {
        s->tsr = s->tx_fifo[s->tx_head];
        s->tx_head = (uint8_t)((s->tx_head + 1) % UART_FIFO_SIZE);
        s->tx_count--;
        if (s->tx_count == 0)
            s->thri_pending = true;        /* THR/TX FIFO became empty */
        if (u->tl && !u->instant_tx) {
            s->tsr_busy = true;
            s->tx_done = timeline_now(u->tl) + uart_char_ns(u);
            timer_arm(&u->tx_timer, s->tx_done);
        } else {
            tx_deliver(u, s->tsr);
        }
    }
}

static void tx_timer_cb(void *opaque)
{
    struct uart *u = opaque;

    if (u->s.tsr_busy) {
        u->s.tsr_busy = false;
        tx_deliver(u, u->s.tsr);
        tx_start(u);
    }
    update_irq(u);
}

static void rx_timer_cb(void *opaque)
{
    struct uart *u = opaque;

    rx_pump(u);
    update_irq(u);
}

static void to_timer_cb(void *opaque)
{
    struct uart *u = opaque;

    if (fifo_mode(u) && u->s.rx_count > 0)
        u->s.timeout_pending = true;
    update_irq(u);
}

static uint8_t lsr_value(const struct uart *u)
{
    uint8_t v = u->s.lsr & (UART_LSR_OE | UART_LSR_PE | UART_LSR_FE | UART_LSR_BI);

    if (u->s.rx_count)
        v |= UART_LSR_DR;
    if (u->s.tx_count == 0) {
        v |= UART_LSR_THRE;
        if (!u->s.tsr_busy)
            v |= UART_LSR_TEMT;
    }
    if (fifo_mode(u) && (v & (UART_LSR_PE | UART_LSR_FE | UART_LSR_BI)))
        v |= UART_LSR_FIFOE;
    return v;
}

uint8_t uart_read(struct uart *u, unsigned reg)
{
    struct uart_state *s = &u->s;
    uint8_t v = 0xFF;

    switch (reg & 7) {
    case UART_RBR:
        if (s->lcr & UART_LCR_DLAB)
            return s->dll;
        if (s->rx_count) {
            v = s->rx_fifo[s->rx_head];
            s->rx_head = (uint8_t)((s->rx_head + 1) % UART_FIFO_SIZE);
            s->rx_count--;
        } else {
            v = s->rx_fifo[(s->rx_head + UART_FIFO_SIZE - 1) % UART_FIFO_SIZE];
        }
        rx_activity(u);
        rx_pump(u);
        break;
    case UART_IER:
        return (s->lcr & UART_LCR_DLAB) ? s->dlm : s->ier;
    case UART_IIR:
        v = iir_id(u);
        if (v == UART_IIR_THRI)
            s->thri_pending = false;       /* reading IIR clears the THRE source */
        if (fifo_mode(u))
            v |= UART_IIR_FIFO;
        break;
    case UART_LCR:
        return s->lcr;
    case UART_MCR:
        return s->mcr;
    case UART_LSR:
        v = lsr_value(u);
        s->lsr &= (uint8_t)~(UART_LSR_OE | UART_LSR_PE | UART_LSR_FE | UART_LSR_BI);
        break;
    case UART_MSR:
        v = s->msr;
        s->msr &= 0xF0u;
        break;
    case UART_SCR:
        return s->scr;
    }
    update_irq(u);
    return v;
}

void uart_write(struct uart *u, unsigned reg, uint8_t value)
{
    struct uart_state *s = &u->s;

    switch (reg & 7) {
    case UART_THR:
        if (s->lcr & UART_LCR_DLAB) {
            s->dll = value;
            return;
        }
        if (s->tx_count < capacity(u)) {
            s->tx_fifo[(s->tx_head + s->tx_count) % UART_FIFO_SIZE] = value;
            s->tx_count++;
        } /* else: written to a full FIFO, the byte is lost */
        s->thri_pending = false;
        tx_start(u);
        break;
    case UART_IER:
        if (s->lcr & UART_LCR_DLAB) {
            s->dlm = value;
            return;
        }
        /* Enabling ETBEI while THR is empty raises the THRE interrupt. */
        if ((value & UART_IER_THRI) && !(s->ier & UART_IER_THRI) && s->tx_count == 0)
            s->thri_pending = true;
        s->ier = value & 0x0Fu;
        break;
    case UART_FCR:
        if ((value ^ s->fcr) & UART_FCR_ENABLE) {
            /* changing the FIFO enable clears both FIFOs */
            s->rx_count = s->tx_count = 0;
            s->rx_head = s->tx_head = 0;
        }
        if (!(value & UART_FCR_ENABLE)) {
            s->fcr = 0;  /* other bits are not programmed without bit 0 */
        } else {
            if (value & UART_FCR_CLR_RX) {
                s->rx_count = 0;
                s->rx_head = 0;
            }
            if ((value & UART_FCR_CLR_TX) && s->tx_count) {
                s->tx_count = 0;
                s->tx_head = 0;
                s->thri_pending = true;
            }
            s->fcr = value & (UART_FCR_ENABLE | UART_FCR_DMA | 0xC0u);
        }
        rx_activity(u);
        rx_pump(u);
        break;
    case UART_LCR:
        s->lcr = value;
        break;
    case UART_MCR:
        s->mcr = value & 0x1Fu;
        msr_set_inputs(u, modem_inputs(u));
        rx_pump(u);   /* leaving loopback reconnects the host input */
        break;
    case UART_LSR:
        break;    /* factory test use only (datasheet 8.7): ignored */
    case UART_MSR:
        break;    /* read-only */
    case UART_SCR:
        s->scr = value;
        return;
    }
    update_irq(u);
}

unsigned uart_host_input(struct uart *u, const uint8_t *buf, unsigned n)
{
    unsigned k = 0;

    while (k < n && u->hq_count < UART_HOST_QUEUE) {
        u->hq[(u->hq_head + u->hq_count) % UART_HOST_QUEUE] = buf[k++];
        u->hq_count++;
    }
    rx_pump(u);
    update_irq(u);
    return k;
}

unsigned uart_host_room(const struct uart *u)
{
    return UART_HOST_QUEUE - u->hq_count;
}

void uart_set_output(struct uart *u, FILE *out, bool is_tty)
{
    u->out = out;
    u->out_is_tty = is_tty;
}

void uart_reset(struct uart *u)
{
    struct uart_state *s = &u->s;
    uint8_t dll = s->dll, dlm = s->dlm, scr = s->scr, inputs = s->msr_inputs;

    memset(s, 0, sizeof(*s));
    s->dll = dll;
    s->dlm = dlm;
    s->scr = scr;
    s->msr_inputs = inputs;
    s->lsr = UART_LSR_THRE | UART_LSR_TEMT;
    s->msr = inputs;
    if (u->tl) {
        timer_cancel(&u->tx_timer);
        timer_cancel(&u->rx_timer);
        timer_cancel(&u->to_timer);
        s->rx_next = timeline_now(u->tl);
    }
    u->irq_level = false;
    if (u->bus)
        isa_irq_set(u->bus, u->irq, 0);
    rx_pump(u);
    update_irq(u);
}

static uint32_t uart_port_read(void *opaque, uint16_t port, int size)
{
    struct uart *u = opaque;

    (void)size;
    return uart_read(u, (unsigned)(port - u->base));
}

static void uart_port_write(void *opaque, uint16_t port, uint32_t value, int size)
{
    struct uart *u = opaque;

    (void)size;
    uart_write(u, (unsigned)(port - u->base), (uint8_t)value);
}

int uart_init(struct uart *u, struct board *b, struct isa_bus *bus, struct timeline *tl,
              uint16_t base, int irq)
{
    memset(u, 0, sizeof(*u));
    u->board = b;
    u->bus = bus;
    u->tl = tl;
    u->base = base;
    u->irq = irq;
    u->s.dll = 12;               /* 9600 baud until the guest programs it */
    u->s.msr_inputs = UART_MSR_CTS | UART_MSR_DSR | UART_MSR_DCD;
    if (tl && (timer_init(tl, &u->tx_timer, "uart-tx", tx_timer_cb, u) < 0 ||
               timer_init(tl, &u->rx_timer, "uart-rx", rx_timer_cb, u) < 0 ||
               timer_init(tl, &u->to_timer, "uart-timeout", to_timer_cb, u) < 0))
        return -1;
    uart_reset(u);
    if (b)
        return board_register_ports(b, base, 8, 1, uart_port_read, uart_port_write, u,
                                    base == UART_COM1_BASE ? "com1" :
                                    base == UART_COM2_BASE ? "com2" : "uart");
    return 0;
}

/* Field list shared by save and load. */
#define UART_U8_FIELDS(X) X(ier) X(lcr) X(mcr) X(lsr) X(msr) X(scr) X(fcr) X(dll) X(dlm) \
    X(rbr) X(thr) X(rx_head) X(rx_count) X(tx_head) X(tx_count) X(tsr) X(msr_inputs)
#define UART_BOOL_FIELDS(X) X(thr_full) X(tsr_busy) X(thri_pending) X(timeout_pending)
#define UART_U64_FIELDS(X) X(tx_done) X(rx_next) X(timeout_at)

int uart_save(const struct uart *u, struct state_writer *w, const char *name)
{
    const struct uart_state *s = &u->s;

    state_begin(w, name, 1);
#define X(f) state_put_u8(w, #f, s->f);
    UART_U8_FIELDS(X)
#undef X
#define X(f) state_put_bool(w, #f, s->f);
    UART_BOOL_FIELDS(X)
#undef X
#define X(f) state_put_u64(w, #f, s->f);
    UART_U64_FIELDS(X)
#undef X
    state_put_bytes(w, "rx_fifo", s->rx_fifo, sizeof(s->rx_fifo));
    state_put_bytes(w, "tx_fifo", s->tx_fifo, sizeof(s->tx_fifo));
    return state_end(w);
}

int uart_load(struct uart *u, const void *buf, size_t len, const char *name)
{
    struct uart_state *s = &u->s;
    struct state_reader r;

    if (state_open(&r, buf, len, name) < 0 || r.version > 1)
        return -1;
#define X(f) state_get_u8(&r, #f, &s->f);
    UART_U8_FIELDS(X)
#undef X
#define X(f) state_get_bool(&r, #f, &s->f);
    UART_BOOL_FIELDS(X)
#undef X
#define X(f) state_get_u64(&r, #f, &s->f);
    UART_U64_FIELDS(X)
#undef X
    state_get_bytes(&r, "rx_fifo", s->rx_fifo, sizeof(s->rx_fifo));
    state_get_bytes(&r, "tx_fifo", s->tx_fifo, sizeof(s->tx_fifo));
    /* never trust the record: keep indices in range */
    s->rx_head %= UART_FIFO_SIZE;
    s->tx_head %= UART_FIFO_SIZE;
    if (s->rx_count > UART_FIFO_SIZE) s->rx_count = UART_FIFO_SIZE;
    if (s->tx_count > UART_FIFO_SIZE) s->tx_count = UART_FIFO_SIZE;
    if (u->tl) {
        timer_cancel(&u->tx_timer);
        timer_cancel(&u->to_timer);
        timer_cancel(&u->rx_timer);
        if (s->tsr_busy)
            timer_arm(&u->tx_timer, s->tx_done);
        if (fifo_mode(u) && s->rx_count && !s->timeout_pending)
            timer_arm(&u->to_timer, s->timeout_at);
    }
    rx_pump(u);
    update_irq(u);
    return 0;
}
