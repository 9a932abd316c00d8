; int15_memory.asm - (being written)
