#!/usr/bin/env bash
set -euo pipefail
root=/work/main
dir=/tmp/deepdisk
rm -rf "$dir"; mkdir -p "$dir"
st() { "$root/spacetime" "$@"; }
uptime | tee "$dir/load-before.txt"
dd if=/dev/zero of="$dir/dd.tmp" bs=16M count=256 oflag=direct 2> "$dir/dd-write.txt"
dd if="$dir/dd.tmp" of=/dev/null bs=16M iflag=direct 2> "$dir/dd-read.txt"
rm -f "$dir/dd.tmp"
st deep init --layers 10000000 --width 4 --weights "$dir/w10m.bin" --json > "$dir/init.json" 2> "$dir/init.err"
for i in 1 2 3 4 5; do
  cp "$dir/w10m.bin" "$dir/disk.bin"; cp "$dir/w10m.bin.head" "$dir/disk.bin.head"
  sync; echo 3 > /proc/sys/vm/drop_caches
  SPACETIME_JAVA_OPTS="-Xmx96m" st deep train --weights "$dir/disk.bin" --steps 1 --report-every 1 --checkpoint-every 1000 --json > "$dir/disk-$i.json" 2> "$dir/disk-$i.err"
  tail -1 "$dir/disk-$i.json" | python3 -c 'import json,sys; d=json.loads(sys.stdin.read()); print("run", '"$i"', d.get("step_seconds_median"), d.get("peak_rss_bytes"), d.get("bytes_read"), d.get("bytes_written"))'
done
uptime | tee "$dir/load-after.txt"
tail -1 "$dir/dd-write.txt"; tail -1 "$dir/dd-read.txt"
