#!/bin/sh
# run.sh: build the registry's libFuzzer harness with clang and run it.
#
#   tests/fuzz/run.sh [SECONDS]     (default 60)
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
    "$top/tests/fuzz/fuzz_registry.c" "$top/registry/note.c" \
    "$top/registry/event.c" "$top/common/b64.c" "$top/common/utf8.c" \
    "$top/common/sha256.c" "$top/ocr/field.c" \
    -lcrypto -lutf8proc -lpthread -o "$out/fuzz_registry"
# Seeds: a real checkpoint note and key.
printf '\000go.example/log\n5\nAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA=\n\n\342\200\224 go.example/log MlVGHImVraK4GbLO5fRzDmErifBz5jvQRv0FncG15enjtXzCXYNjTLQXWICTQxWcArt6CNi/Eiz/7Zi8KcgtdL2CkwA=\n' \
    > "$out/corpus/note"
printf '\001o\n7\n47DEQpj8HBSa+/TImW+5JCeuQeRkm5NMpJWZG3hSuFU=\next\n' \
    > "$out/corpus/checkpoint"
printf '\004go.example/log+3255461c+AYpFcr7V7ZdC0sFZ4iqYobXZ/OR/xJn7wH2XELIYqAnb' \
    > "$out/corpus/key"
cd "$out"
./fuzz_registry -max_total_time="$secs" -max_len=4096 corpus
