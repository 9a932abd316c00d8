/*
 * kbc8042.h - the PC/AT keyboard controller (Intel 8042 running the IBM
 * keyboard-controller firmware, as in the VIA VT82C42) at ports 0x60
 * (data) and 0x64 (status / command), with a PS/2 keyboard on its
 * keyboard port (IRQ1) and a PS/2 mouse on its auxiliary port (IRQ12).
 *
 * Sources: IBM PC AT Technical Reference, "Keyboard Controller"; IBM
 * Personal System/2 Hardware Interface Technical Reference, "Keyboard/
 * Auxiliary Device Controller" (status register, command byte, commands
 * 20-3F, 60-7F, A7-AB, AD, AE, C0, D0-D4, E0, F0-FF); VIA VT82C42 data
 * sheet (commands A4, DD/DF).
 *
 * Status (port 0x64 read): bit 0 OBF, 1 IBF (always 0: input is taken at
 * once), 2 SYS (command byte bit 2), 3 A2 (last write was a command), 4
 * keyboard not inhibited (no key lock: 1), 5 AOBF (the output buffer holds
 * auxiliary-device data), 6 timeout, 7 parity error (never set: both
 * devices are always attached and error-free).
 * Command byte: bit 0 IRQ1 on keyboard data, 1 IRQ12 on aux data, 2 SYS,
 * 4 keyboard interface disabled, 5 aux interface disabled, 6 XLAT (set-2 to
 * set-1 translation, ps2.h). At power-on 0x43 (both IRQs, translation), so
 * keys arrive translated as on a PC.
 * Output port (D0/D1): bit 0 system reset (0 = reset the CPU), bit 1 A20
 * gate (ORed with port 0x92's by the board), bits 4/5 the IRQ1/IRQ12
 * outputs (OBF from keyboard / aux), 6-7 keyboard clock/data.
 * The IRQ lines follow OBF: high while the buffer holds the byte, so each
 * new byte gives the 8259A a new rising edge.
 * Bytes from the devices are taken one at a time when the output buffer is
 * empty and that interface is enabled (keyboard first); controller
 * responses go before device data. Writing a byte to the keyboard (port
 * 0x60) or to the mouse (D4) enables that interface, as QEMU and most AT
 * controllers do.
 */
#ifndef X86PC_KBC8042_H
#define X86PC_KBC8042_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "ps2.h"

struct board;
struct isa_bus;
struct state_writer;

#define KBC_PORT_DATA 0x60
#define KBC_PORT_CMD 0x64
#define KBC_IRQ_KBD 1
#define KBC_IRQ_AUX 12

/* Status register bits. */
#define KBC_STAT_OBF 0x01u
#define KBC_STAT_IBF 0x02u
#define KBC_STAT_SYS 0x04u
#define KBC_STAT_A2 0x08u
#define KBC_STAT_UNLOCKED 0x10u
#define KBC_STAT_AOBF 0x20u
#define KBC_STAT_TIMEOUT 0x40u
#define KBC_STAT_PARITY 0x80u
/* Command byte bits. */
#define KBC_CCB_INT 0x01u
#define KBC_CCB_INT2 0x02u
#define KBC_CCB_SYS 0x04u
#define KBC_CCB_DIS_KBD 0x10u
#define KBC_CCB_DIS_AUX 0x20u
#define KBC_CCB_XLAT 0x40u
/* Output port bits. */
#define KBC_OUT_RESET 0x01u   /* 1 = CPU running, 0 = reset */
#define KBC_OUT_A20 0x02u
#define KBC_OUT_IRQ1 0x10u
#define KBC_OUT_IRQ12 0x20u

#define KBC_CQ 8   /* controller responses waiting */

/* Plain-data controller state (save/restore). */
struct kbc_state {
    uint8_t status;
    uint8_t ccb;             /* command byte (RAM byte 0) */
    uint8_t ram[32];         /* controller RAM bytes 0x00-0x1F (0 unused: ccb) */
    uint8_t outport;
    uint8_t ob;              /* output buffer */
    uint8_t pending;         /* command waiting for its data byte on 0x60; 0 if none */
    bool xlat_break;         /* translation: a set-2 F0 prefix was folded */
    uint8_t cq[KBC_CQ];      /* controller responses: value */
    uint8_t cq_aux;          /* bit i: cq[i] is to appear as aux data (D3) */
    uint8_t cq_head, cq_count;
};

/* The controller and its wiring. */
struct kbc8042 {
    struct kbc_state s;
    struct board *board;     /* reset and A20 requests; may be NULL (tests) */
    struct isa_bus *bus;     /* IRQ1/IRQ12; may be NULL */
    struct ps2_link *kbd;    /* keyboard port; may be NULL (nothing attached) */
    struct ps2_link *aux;    /* auxiliary port */
    bool irq1, irq12;        /* levels driven */
    uint64_t resets;         /* reset pulses requested (for tests and logs) */
};

/* Power-on state and ports 0x60/0x64 on board b (when not NULL). The links'
 * notify/ctrl fields are pointed at this controller. Returns 0 or -1. */
int kbc_init(struct kbc8042 *k, struct board *b, struct isa_bus *bus,
             struct ps2_link *kbd, struct ps2_link *aux);
/* System reset: power-on state (output port 0xCF: A20 on, not in reset). */
void kbc_reset(struct kbc8042 *k);

/* Port access as the CPU does it (what the port callbacks call). */
uint8_t kbc_read_data(struct kbc8042 *k);
uint8_t kbc_read_status(struct kbc8042 *k);
void kbc_write_data(struct kbc8042 *k, uint8_t v);
void kbc_write_command(struct kbc8042 *k, uint8_t v);

/* A device on either port has new bytes (the ps2_link notify callback). */
void kbc_notify(void *k);

/* Save/load record `name` (state.h, version 1); loading re-applies the
 * A20 output and the IRQ levels. Return 0, or -1 (writer error / record
 * absent or too new). */
int kbc_save(const struct kbc8042 *k, struct state_writer *w, const char *name);
int kbc_load(struct kbc8042 *k, const void *buf, size_t len, const char *name);

#endif
