#!/bin/busybox sh
# /init of the x86pc test initramfs (built by tests/linux/mkinitramfs.sh).
# The kernel runs it as PID 1 with /dev/console (the serial port with
# console=ttyS0) as stdin/stdout/stderr.
/bin/busybox --install -s
export PATH=/bin:/sbin:/usr/bin:/usr/sbin HOME=/root
mount -t proc proc /proc
mount -t sysfs sysfs /sys
mount -t devtmpfs devtmpfs /dev
mount -t tmpfs tmpfs /tmp
# x86pc-exit [N]: end the emulator with status (N << 1) | 1 by writing N to
# port 0xF4 (isa-debug-exit) through /dev/port (byte offset = port number).
cat > /bin/x86pc-exit <<'EOT'
#!/bin/sh
sync
printf "\\$(printf '%03o' "${1:-0}")" | dd of=/dev/port bs=1 seek=244 count=1 2>/dev/null
EOT
chmod 755 /bin/x86pc-exit
echo "X86PC-LINUX-UP $(uname -r) $(uname -m)"
echo "Type x86pc-exit (or poweroff -f) to end x86pc."
export PS1='x86pc:\w# '
cd /root
# A shell with the console as its controlling terminal (job control, ^C);
# when it exits, start another one rather than let init die (a panic).
while true; do
    setsid cttyhack sh
done
