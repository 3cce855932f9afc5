package storetest

import (
	"path/filepath"
	"syscall"
	"testing"
	"time"
)

// ReadOnlyView returns a folder showing dir's content through a read-only bind mount,
// unmounted at cleanup (register it before opening anything inside, so that what is
// opened is closed first). Writes through the view fail with EROFS while dir itself
// stays writable. The test is skipped, saying why, where the process may not mount
// (not root, or a container without the capability).
func ReadOnlyView(t testing.TB, dir string) string {
	t.Helper()
	view := filepath.Join(t.TempDir(), "read-only")
	if err := syscall.Mkdir(view, 0o700); err != nil {
		t.Fatalf("mkdir %s: %v", view, err)
	}
	if err := syscall.Mount(dir, view, "", syscall.MS_BIND, ""); err != nil {
		t.Skipf("a read-only bind mount needs root and CAP_SYS_ADMIN (mount: %v); the injected read-only cases cover the messages", err)
	}
	t.Cleanup(func() {
		// Work the test started in the background (a preview being laid out) may still
		// hold a file for a moment; after that, detach the mount lazily.
		for range 20 {
			if err := syscall.Unmount(view, 0); err != syscall.EBUSY {
				return
			}
			time.Sleep(50 * time.Millisecond)
		}
		if err := syscall.Unmount(view, syscall.MNT_DETACH); err != nil {
			t.Errorf("unmount %s: %v", view, err)
		}
	})
	if err := syscall.Mount("", view, "", syscall.MS_BIND|syscall.MS_REMOUNT|syscall.MS_RDONLY, ""); err != nil {
		t.Skipf("cannot remount the bind mount read-only (%v)", err)
	}
	return view
}
