/*
 * fuzz_monitor.c: a libFuzzer harness for the monitor's stored state
 * (tlog/monitor_state.c), the bytes it decides what a followed log must
 * agree with.  A state that decodes must encode back to the same bytes
 * (the decoding is strict: one state, one encoding) and give a root from
 * its edge tiles.  Build and run with tests/fuzz/run.sh monitor.
 */
#include "config.h"

#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "monitor.h"

int	LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	static struct monitor_state	 s;
	uint8_t				*enc, root[MERKLE_HASH_LEN];
	size_t				 len;
	char				 msg[256];

	if (monitor_state_decode(data, size, &s, msg, sizeof(msg)) !=
	    MONITOR_OK)
		return 0;
	if (monitor_state_encode(&s, &enc, &len) != MONITOR_OK)
		abort();
	if (len != size || memcmp(enc, data, size) != 0)
		abort();
	free(enc);
	if (monitor_state_root(&s, root) != MONITOR_OK)
		abort();
	return 0;
}
