/*
 * ata_priv.h - definitions shared by the ATA/ATAPI model's files (ata.c,
 * ata_disk.c, ata_atapi.c, ata_state.c). Not for other devices.
 */
#ifndef X86PC_ATA_PRIV_H
#define X86PC_ATA_PRIV_H

#include "ata.h"

/* Commands (ATA/ATAPI-6 clause 8). */
enum {
    CMD_NOP = 0x00, CMD_DEVICE_RESET = 0x08, CMD_RECALIBRATE = 0x10,
    CMD_READ = 0x20, CMD_READ_NR = 0x21, CMD_READ_EXT = 0x24, CMD_READ_DMA_EXT = 0x25,
    CMD_READ_MULT_EXT = 0x29, CMD_WRITE = 0x30, CMD_WRITE_NR = 0x31, CMD_WRITE_EXT = 0x34,
    CMD_WRITE_DMA_EXT = 0x35, CMD_WRITE_MULT_EXT = 0x39, CMD_VERIFY = 0x40,
    CMD_VERIFY_NR = 0x41, CMD_VERIFY_EXT = 0x42, CMD_SEEK = 0x70, CMD_DIAGNOSTIC = 0x90,
    CMD_INIT_PARAMS = 0x91, CMD_PACKET = 0xA0, CMD_IDENTIFY_PACKET = 0xA1,
    CMD_READ_MULT = 0xC4, CMD_WRITE_MULT = 0xC5, CMD_SET_MULT = 0xC6, CMD_READ_DMA = 0xC8,
    CMD_READ_DMA_NR = 0xC9, CMD_WRITE_DMA = 0xCA, CMD_WRITE_DMA_NR = 0xCB,
    CMD_STANDBY_IMM = 0xE0, CMD_IDLE_IMM = 0xE1, CMD_STANDBY = 0xE2, CMD_IDLE = 0xE3,
    CMD_CHECK_POWER = 0xE5, CMD_SLEEP = 0xE6, CMD_FLUSH = 0xE7, CMD_FLUSH_EXT = 0xEA,
    CMD_IDENTIFY = 0xEC, CMD_SET_FEATURES = 0xEF,
};

#define SECTOR 512u
#define READY (ATA_SR_DRDY | ATA_SR_DSC)

/* ata.c */
/* Mark the device's INTRQ pending (driven when selected and nIEN clear). */
void ata_set_irq(struct ata_channel *ch, struct ata_device *s);
/* The 512-byte IDENTIFY (PACKET) DEVICE data is in the buffer: start the
 * PIO data-in transfer (DRQ, INTRQ). */
void ata_identify_ready(struct ata_channel *ch, struct ata_device *s);
/* End a command: ready (and INTRQ), or ERR with `err` in the error register. */
void ata_cmd_ok(struct ata_channel *ch, struct ata_device *s);
void ata_cmd_error(struct ata_channel *ch, struct ata_device *s, uint8_t err);
/* IDENTIFY strings (two characters per word, high byte first, space
 * padded) and the word-255 checksum. */
void ata_put_string(uint16_t *words, int first, int count, const char *s);
void ata_id_checksum(uint16_t *id);

/* ata_atapi.c */
void atapi_identify(struct ata_device *s);
void atapi_packet(struct ata_channel *ch, struct ata_device *s);
void atapi_pio_next(struct ata_channel *ch, struct ata_device *s);
void atapi_dma_run(struct ata_channel *ch, struct ata_device *s);
void atapi_cmd_ok(struct ata_channel *ch, struct ata_device *s);

/* ata_disk.c */
void ata_identify_disk(struct ata_channel *ch, struct ata_device *s);
void ata_set_features(struct ata_channel *ch, struct ata_device *s);
void ata_disk_command(struct ata_channel *ch, struct ata_device *s, uint8_t cmd);
void ata_disk_dma_run(struct ata_channel *ch, struct ata_device *s);
void ata_disk_pio_next(struct ata_channel *ch, struct ata_device *s);

#endif
