/*
 * A stand-in for Windows' bcryptprimitives.dll, for running Backstop under Wine 8
 * in the tests only; it is never shipped. Go >= 1.24 takes its random bytes from
 * ProcessPrng in bcryptprimitives.dll, which Wine gained only in version 9; this
 * stub fills the buffer from SystemFunction036 (RtlGenRandom) of advapi32, which
 * Wine 8 has. Built by app/wine_test.go with x86_64-w64-mingw32-gcc straight into
 * the test's fresh Wine prefix (see bcryptprimitives.def for the export).
 */
#include <windows.h>

/* RtlGenRandom, exported by advapi32 under this name. */
BOOLEAN WINAPI SystemFunction036(PVOID buffer, ULONG length);

/* ProcessPrng fills data with len random bytes; like Windows' own it always succeeds. */
BOOL WINAPI ProcessPrng(PBYTE data, SIZE_T len)
{
	while (len > 0) {
		ULONG chunk = len > 0x40000000 ? 0x40000000 : (ULONG)len;
		if (!SystemFunction036(data, chunk))
			return FALSE;
		data += chunk;
		len -= chunk;
	}
	return TRUE;
}

BOOL WINAPI DllMain(HINSTANCE instance, DWORD reason, LPVOID reserved)
{
	(void)instance;
	(void)reason;
	(void)reserved;
	return TRUE;
}
