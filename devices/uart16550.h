/*
 * uart16550.h - National Semiconductor / TI PC16550D UART with 16-byte FIFOs
 * (the "16550A" of PC serial ports), as COM1 (0x3F8, IRQ4) and COM2 (0x2F8,
 * IRQ3).
 *
 * Source: National Semiconductor PC16550D "Universal Asynchronous
 * Receiver/Transmitter with FIFOs" datasheet (June 1995), sections 8.1-8.10
 * (registers), Table II (register reset values), Table IV (interrupt
 * identification and priorities).
 *
 * Registers (offset from the base port; DLAB = LCR bit 7):
 *   0  RBR (read) / THR (write), or DLL when DLAB=1
 *   1  IER, or DLM when DLAB=1
 *   2  IIR (read) / FCR (write)
 *   3  LCR   4  MCR   5  LSR   6  MSR   7  SCR
 *
 * Timing: the transmitter and receiver run in virtual time (timeline.h).
 * One character takes start + data + parity + stop bits, each bit
 * 16 * divisor clocks of the 1.8432 MHz crystal: at 115200 baud (divisor 1)
 * and 8N1, 86.8 us. THRE/TEMT follow the shift register; received bytes
 * enter the RX FIFO at most one per character time. With `instant_tx` set
 * (the board's choice, as QEMU: a guest polling THRE on a 9600-baud console
 * would otherwise spend a virtual millisecond per character) or with no
 * timeline, a transmitted byte leaves at once and THRE/TEMT are set again
 * immediately; reception and the character timeout keep their timing.
 * Either way the result depends only on virtual time, never on the host
 * clock.
 *
 * Host side (the "backend"): transmitted bytes go to `out` (a FILE, or
 * nothing) and to the board's console tap (board_console_output, for
 * --until). Input is queued with uart_host_input() into a host queue from
 * which the receiver takes one byte per character time while its FIFO has
 * room (flow control towards the host, as QEMU's chardev can_receive), so
 * input is never lost and an overrun happens only in loopback mode.
 *
 * Modem inputs: with no modem, CTS, DSR and DCD read as asserted and RI as
 * inactive (a null-modem cable to the host, as QEMU does). In loopback mode
 * (MCR bit 4) they follow DTR/RTS/OUT1/OUT2 as the datasheet specifies.
 *
 * Not modelled: parity, framing and break errors (the host link is
 * error-free; LCR bit 6, set break, is only a register bit here) and the
 * DMA mode signals (FCR bit 3 is kept).
 *
 * IRQ: the INTR output reaches the ISA IRQ line only while MCR OUT2 is 1,
 * as on the IBM PC/AT serial adapter (OUT2 enables the IRQ driver); in
 * loopback mode the OUT2 pin is forced inactive, so the IRQ is off.
 */
#ifndef X86PC_UART16550_H
#define X86PC_UART16550_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>

#include "timeline.h"

struct board;
struct isa_bus;

#define UART_COM1_BASE 0x3F8
#define UART_COM1_IRQ 4
#define UART_COM2_BASE 0x2F8
#define UART_COM2_IRQ 3

#define UART_FIFO_SIZE 16
/* Host input queue (bytes waiting to be "sent" to the UART by the host). */
#define UART_HOST_QUEUE 4096
/* Crystal frequency (Hz) of a PC serial port. */
#define UART_XTAL_HZ 1843200u

/* Register offsets. */
enum {
    UART_RBR = 0, UART_THR = 0, UART_DLL = 0,
    UART_IER = 1, UART_DLM = 1,
    UART_IIR = 2, UART_FCR = 2,
    UART_LCR = 3, UART_MCR = 4, UART_LSR = 5, UART_MSR = 6, UART_SCR = 7
};

/* IER bits. */
#define UART_IER_RDI  0x01u   /* received data available (and timeout) */
#define UART_IER_THRI 0x02u   /* transmitter holding register empty */
#define UART_IER_RLSI 0x04u   /* receiver line status */
#define UART_IER_MSI  0x08u   /* modem status */
/* IIR values (bits 3-0) and FIFO bits. */
#define UART_IIR_NO_INT 0x01u
#define UART_IIR_MSI    0x00u
#define UART_IIR_THRI   0x02u
#define UART_IIR_RDI    0x04u
#define UART_IIR_RLSI   0x06u
#define UART_IIR_CTI    0x0Cu  /* character timeout */
#define UART_IIR_FIFO   0xC0u  /* FIFOs enabled */
/* FCR bits. */
#define UART_FCR_ENABLE 0x01u
#define UART_FCR_CLR_RX 0x02u
#define UART_FCR_CLR_TX 0x04u
#define UART_FCR_DMA    0x08u
/* LCR bits. */
#define UART_LCR_PARITY 0x08u
#define UART_LCR_STOP   0x04u
#define UART_LCR_BREAK  0x40u
#define UART_LCR_DLAB   0x80u
/* MCR bits. */
#define UART_MCR_DTR  0x01u
#define UART_MCR_RTS  0x02u
#define UART_MCR_OUT1 0x04u
#define UART_MCR_OUT2 0x08u
#define UART_MCR_LOOP 0x10u
/* LSR bits. */
#define UART_LSR_DR   0x01u
#define UART_LSR_OE   0x02u
#define UART_LSR_PE   0x04u
#define UART_LSR_FE   0x08u
#define UART_LSR_BI   0x10u
#define UART_LSR_THRE 0x20u
#define UART_LSR_TEMT 0x40u
#define UART_LSR_FIFOE 0x80u  /* error in RX FIFO (FIFO mode) */
/* MSR bits. */
#define UART_MSR_DCTS 0x01u
#define UART_MSR_DDSR 0x02u
#define UART_MSR_TERI 0x04u
#define UART_MSR_DDCD 0x08u
#define UART_MSR_CTS  0x10u
#define UART_MSR_DSR  0x20u
#define UART_MSR_RI   0x40u
#define UART_MSR_DCD  0x80u

/* All guest-visible state (plain data, for save/restore). */
struct uart_state {
    uint8_t ier, lcr, mcr, lsr, msr, scr;
    uint8_t fcr;                 /* last FCR value (bits 0, 3, 6-7 kept) */
    uint8_t dll, dlm;
    uint8_t rbr;                 /* non-FIFO receive buffer */
    uint8_t thr;                 /* non-FIFO holding register */
    bool thr_full;               /* non-FIFO: THR holds a byte */
    uint8_t rx_fifo[UART_FIFO_SIZE], rx_head, rx_count;
    uint8_t tx_fifo[UART_FIFO_SIZE], tx_head, tx_count;
    bool tsr_busy;               /* transmitter shift register sending */
    uint8_t tsr;                 /* byte being sent */
    bool thri_pending;           /* THRE interrupt condition (cleared by IIR read / THR write) */
    bool timeout_pending;        /* character timeout indication (FIFO mode) */
    uint8_t msr_inputs;          /* modem input pins CTS/DSR/RI/DCD (MSR bits 4-7) outside loopback */
    uint64_t tx_done;            /* virtual ns when the shift register finishes */
    uint64_t rx_next;            /* virtual ns when the next host byte may enter */
    uint64_t timeout_at;         /* virtual ns of the character-timeout check */
};

/* A UART and its wiring. */
struct uart {
    struct uart_state s;
    struct board *board;         /* for console output; may be NULL */
    struct isa_bus *bus;         /* IRQ routing; may be NULL */
    struct timeline *tl;         /* virtual time; NULL = immediate transmission */
    struct timer tx_timer, rx_timer, to_timer;
    int irq;
    uint16_t base;
    bool irq_level;              /* level currently driven on the IRQ line */
    bool instant_tx;             /* transmit without the character time (see above) */
    FILE *out;                   /* host sink for transmitted bytes; NULL drops them */
    bool out_is_tty;             /* flush after every byte */
    uint64_t tx_bytes;           /* bytes sent to the host */
    /* host input queue (ring) */
    uint8_t hq[UART_HOST_QUEUE];
    unsigned hq_head, hq_count;
};

/* Set up a UART at `base` on IRQ `irq` and register its 8 ports on board
 * `b` (when b is not NULL). bus/tl may be NULL (no IRQ / immediate timing).
 * Power-on reset state. Returns 0, or -1 when the ports are taken or the
 * timer table is full. */
int uart_init(struct uart *u, struct board *b, struct isa_bus *bus, struct timeline *tl,
              uint16_t base, int irq);
/* Master reset (datasheet Table II): IER, IIR, FCR, LCR, MCR cleared,
 * LSR = 0x60, MSR deltas cleared; divisor and SCR kept; FIFOs and queues
 * emptied (host input still queued is kept). */
void uart_reset(struct uart *u);
/* Where transmitted bytes go (NULL: nowhere; the console tap always sees them). */
void uart_set_output(struct uart *u, FILE *out, bool is_tty);

/* Register read/write by offset 0-7 (what the port callbacks do). */
uint8_t uart_read(struct uart *u, unsigned reg);
void uart_write(struct uart *u, unsigned reg, uint8_t value);

/* Host input: queue up to n bytes for the receiver. Returns how many were
 * accepted (fewer when the host queue is full). */
unsigned uart_host_input(struct uart *u, const uint8_t *buf, unsigned n);
/* Free room in the host input queue (bytes). */
unsigned uart_host_room(const struct uart *u);

struct state_writer;
/* Save all guest-visible state as record `name` (e.g. "com1"), version 1
 * (state.h). Returns 0, or -1 when the writer is in error. */
int uart_save(const struct uart *u, struct state_writer *w, const char *name);
/* Load record `name` from buf[0..len); timers are re-armed from the saved
 * deadlines. Returns 0, or -1 when the record is absent or too new. */
int uart_load(struct uart *u, const void *buf, size_t len, const char *name);

/* Virtual ns per character with the current divisor and LCR format. */
uint64_t uart_char_ns(const struct uart *u);

#endif
