; int15_move.asm - (being written)
