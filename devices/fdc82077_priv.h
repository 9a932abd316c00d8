/*
 * fdc82077_priv.h - definitions shared by the 82077AA model's files
 * (fdc82077.c: registers, phases, command set; fdc_data.c: the data
 * transfer commands; fdc_state.c: save/restore). Not for other devices.
 * Sources: Intel 82077AA datasheet, "Command Set Descriptions" and
 * "Status Register Encoding".
 */
#ifndef X86PC_FDC82077_PRIV_H
#define X86PC_FDC82077_PRIV_H

#include "fdc82077.h"

struct floppy_format;

/* Commands (low 5 bits of the first byte). */
enum {
    CMD_READ_TRACK = 0x02, CMD_SPECIFY = 0x03, CMD_SENSE_DRIVE = 0x04, CMD_WRITE = 0x05,
    CMD_READ = 0x06, CMD_RECALIBRATE = 0x07, CMD_SENSE_INT = 0x08, CMD_READ_ID = 0x0A,
    CMD_FORMAT = 0x0D, CMD_DUMPREG = 0x0E, CMD_SEEK = 0x0F, CMD_VERSION = 0x10,
    CMD_PERPENDICULAR = 0x12, CMD_CONFIGURE = 0x13, CMD_LOCK = 0x14, CMD_VERIFY = 0x16,
};

/* Status register bits (datasheet "Status Register Encoding"). */
#define ST0_ABNORMAL 0x40u
#define ST0_INVALID 0x80u
#define ST0_POLL 0xC0u
#define ST0_SE 0x20u
#define ST0_EC 0x10u
#define ST1_EN 0x80u
#define ST1_DE 0x20u
#define ST1_ND 0x04u
#define ST1_NW 0x02u
#define ST1_MA 0x01u
#define ST2_DD 0x20u
#define ST2_WC 0x10u
#define ST3_WP 0x40u
#define ST3_RDY 0x20u
#define ST3_T0 0x10u
#define ST3_TS 0x08u
/* CONFIGURE byte 2. */
#define CFG_EIS 0x40u
#define CFG_DEFAULT 0x20u   /* EFIFO = 1 (FIFO disabled), polling on */

#define SECTOR 512u

/* fdc82077.c */
void fdc_raise_int(struct fdc82077 *f);
/* Result phase of a data command: ST0 (| head, drive), ST1, ST2 and the
 * transfer's C/H/R/N; releases DREQ; raises INT. */
void fdc_data_result(struct fdc82077 *f, uint8_t st0, uint8_t st1, uint8_t st2);
/* Media geometry in drive d, or NULL without a drive or media. */
const struct floppy_format *fdc_geom(struct fdc82077 *f, int d);
/* Head of drive d to cylinder c (clears DSKCHG when media is in). */
void fdc_step_to(struct fdc82077 *f, int d, uint8_t c);

/* fdc_data.c */
int64_t fdc_locate(struct fdc82077 *f, uint8_t *st1, uint8_t *st2);
bool fdc_next_sector(struct fdc82077 *f);
void fdc_start_exec(struct fdc82077 *f);
int fdc_write_sector(struct fdc82077 *f);
int fdc_format_sector(struct fdc82077 *f, const uint8_t *id);
uint32_t fdc_dma_transfer(void *opaque, int channel, uint32_t pos, uint32_t len);
void fdc_cmd_data(struct fdc82077 *f);
void fdc_fifo_data_write(struct fdc82077 *f, uint8_t v);
uint8_t fdc_fifo_data_read(struct fdc82077 *f);

#endif
