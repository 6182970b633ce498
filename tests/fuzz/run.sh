#!/bin/sh
# run.sh: build the registry's libFuzzer harness with clang and run it.
#
#   tests/fuzz/run.sh [SECONDS]     (default 60)
#
# With SOGOC_FUZZ_RECEIPT=FILE and SOGOC_FUZZ_VKEY=KEY (a receipt from
# `sogoc serve` and its log's verifier key) the receipt check is fuzzed
# past the signature.
#
# Needs clang and Debian's libclang-rt-14-dev; not part of `make check`.
# A crash leaves crash-* in tests/fuzz/out/ and a non-zero exit.
set -eu
top=$(cd "$(dirname "$0")/../.." && pwd)
secs=${1:-60}
out="$top/tests/fuzz/out"
mkdir -p "$out/corpus"
: > "$out/config.h"
clang -g -O1 -fsanitize=fuzzer,address,undefined -D_GNU_SOURCE \
    -I"$out" -I"$top/common" -I"$top/ocr" -I"$top/registry" \
    -I"$top/verify" \
    "$top/tests/fuzz/fuzz_registry.c" "$top"/registry/*.c \
    "$top/verify/receipt.c" "$top"/common/*.c "$top/ocr/field.c" \
    "$top/ocr/normalize.c" "$top/ocr/header.c" \
    -lcrypto -lutf8proc -llmdb -ljansson -lcsv -lpthread -lm \
    -o "$out/fuzz_registry"
# Seeds: a real checkpoint note and key, and a receipt when one is given.
[ -n "${SOGOC_FUZZ_RECEIPT:-}" ] &&
    { printf '\005'; cat "$SOGOC_FUZZ_RECEIPT"; } > "$out/corpus/receipt"
printf '\000go.example/log\n5\nAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA=\n\n\342\200\224 go.example/log MlVGHImVraK4GbLO5fRzDmErifBz5jvQRv0FncG15enjtXzCXYNjTLQXWICTQxWcArt6CNi/Eiz/7Zi8KcgtdL2CkwA=\n' \
    > "$out/corpus/note"
printf '\001o\n7\n47DEQpj8HBSa+/TImW+5JCeuQeRkm5NMpJWZG3hSuFU=\next\n' \
    > "$out/corpus/checkpoint"
printf '\004go.example/log+3255461c+AYpFcr7V7ZdC0sFZ4iqYobXZ/OR/xJn7wH2XELIYqAnb' \
    > "$out/corpus/key"
cd "$out"
./fuzz_registry -max_total_time="$secs" -max_len=4096 corpus
