package store

import "syscall"

// diskFullErrnos are the errors a full disk or an exhausted quota gives:
// ERROR_HANDLE_DISK_FULL, ERROR_DISK_FULL and the C runtime's ENOSPC.
var diskFullErrnos = []syscall.Errno{39, 112, syscall.ENOSPC}
