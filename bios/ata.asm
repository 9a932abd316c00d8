; ata.asm - (being written)
