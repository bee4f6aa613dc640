#!/usr/bin/env bash
# The deep-stack benchmarks of issue 4 (results in bench/results/deep-*.md). Needs ~60 GB free disk for the 100M-layer
# run (its file + the checkpoint slot) and root for dropping the page cache. Usage:
#   bench/deep/run-deep-bench.sh DIR            (DIR: where the weight files go; default /tmp/spacetime-deep-bench)
# Every run is a plain `spacetime deep ...` command; the JSON lines land in DIR/*.json, stderr in DIR/*.err.
set -euo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)"
dir="${1:-/tmp/spacetime-deep-bench}"
mkdir -p "$dir"
st() { "$root/spacetime" "$@"; }
run() { local name="$1"; shift; echo "== $name: spacetime $*" >&2; st "$@" --json > "$dir/$name.json" 2> "$dir/$name.err"; tail -1 "$dir/$name.json"; }

uptime | tee "$dir/load-before.txt"
# sequential disk bandwidth (direct I/O, 4 GiB)
dd if=/dev/zero of="$dir/dd.tmp" bs=16M count=256 oflag=direct 2> "$dir/dd-write.txt"
dd if="$dir/dd.tmp" of=/dev/null bs=16M iflag=direct 2> "$dir/dd-read.txt"
rm -f "$dir/dd.tmp"

# 10M layers x width 4, softsign, batch 16
run init10m deep init --layers 10000000 --width 4 --weights "$dir/w10m.bin"
fresh() { cp "$dir/w10m.bin" "$dir/$1.bin"; cp "$dir/w10m.bin.head" "$dir/$1.bin.head"; }
fresh mem;   run in-memory deep train --weights "$dir/mem.bin" --steps 20 --in-memory --report-every 1 --checkpoint-every 1000
fresh store; SPACETIME_JAVA_OPTS=-Xmx10g run in-memory-stored deep train --weights "$dir/store.bin" --steps 20 --in-memory \
  --store-activations --report-every 1 --checkpoint-every 1000
fresh pc;    cat "$dir/pc.bin" > /dev/null
SPACETIME_JAVA_OPTS="-Xmx96m" run chunked-page-cache deep train --weights "$dir/pc.bin" --steps 20 \
  --report-every 1 --checkpoint-every 1000
fresh disk;  sync; echo 3 > /proc/sys/vm/drop_caches
SPACETIME_JAVA_OPTS="-Xmx96m" run chunked-from-disk deep train --weights "$dir/disk.bin" --steps 1 \
  --report-every 1 --checkpoint-every 1000

# 1000 steps, test accuracy, and the ablation next to it (depth L reused from the run)
fresh acc;   run train1000 deep train --weights "$dir/acc.bin" --steps 1000 --in-memory --report-every 50 --checkpoint-every 250
run eval1000 deep eval --weights "$dir/acc.bin"
run ablate deep ablate --layers 10000000 --width 4 --steps 1000 --weights "$dir/acc.bin"

# 100M layers x width 8 (28.8 GB, larger than this machine's 24 GiB RAM): one step, streamed
run init100m deep init --layers 100000000 --width 8 --weights "$dir/w100m.bin"
sync; echo 3 > /proc/sys/vm/drop_caches
SPACETIME_JAVA_OPTS="-Xmx1g" run train100m deep train --weights "$dir/w100m.bin" --steps 1 \
  --report-every 1 --checkpoint-every 1000
uptime | tee "$dir/load-after.txt"
