; int1a_pci.asm - (being written)
